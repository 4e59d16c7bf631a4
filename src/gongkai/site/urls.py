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
    target = posixpath.relpath(to_url or ".", from_url or ".")
    if target == ".":
        return "./"
    return target + "/" if to_url == "" or to_url.endswith("/") else target
