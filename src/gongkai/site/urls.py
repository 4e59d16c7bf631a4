"""Stable site URLs, derived from what a report is (year, type, issuer), never from its file name.

Every URL is site-relative and ends in "/" (MkDocs directory URLs); a page's source name in
the generated MkDocs files is its URL plus "index.md".
"""

from __future__ import annotations

import posixpath

from gongkai.layout import slug


def report_url(year: int, report_type: str, issuer: str) -> str:
    return f"{year}/{report_type}/{slug(issuer)}/"


def compare_url(year: int, report_type: str, issuer: str) -> str:
    """The report beside the same issuer's report of the same type for the year before."""
    return f"{report_url(year, report_type, issuer)}compare/"


def year_url(year: int) -> str:
    return f"{year}/"


def year_type_url(year: int, report_type: str) -> str:
    return f"{year}/{report_type}/"


def type_url(report_type: str) -> str:
    return f"types/{report_type}/"


def issuer_url(issuer: str) -> str:
    return f"issuers/{slug(issuer)}/"


def source_name(url: str) -> str:
    """The generated Markdown file that MkDocs turns into the page at `url`."""
    return f"{url}index.md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` that works under any site prefix."""
    target = _relpath(to_url, from_url)
    if target == ".":
        return "./"
    return target + "/" if to_url == "" or to_url.endswith("/") else target


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath(path or ".", start or ".")` for site URLs. A site has tens of
    thousands of links, and relpath makes both paths absolute against the working directory
    first: that was a fifth of a second per build."""
    if path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path or ".", start or ".")
    to = [part for part in path.split("/") if part not in _SAME]
    here = [part for part in start.split("/") if part not in _SAME]
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


_SAME = ("", ".")  # path parts that name the directory they are in
