"""The Content-Security-Policy `<meta>` every page gets."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from gongkai.site.offline.tree import site_files

_CSP_META = '<meta http-equiv="Content-Security-Policy" content="{policy}">'
_META_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The site's policy: everything from its own origin only; inline scripts only those whose
    hashes are given (`sha256-…`); inline styles allowed because Markdown tables align cells with
    `style=` attributes (without a way to load anything, a style cannot send data anywhere);
    images also from data: URLs, which the theme's CSS icons are. `frame-ancestors` cannot be
    set from a <meta>; a server that can send headers should add it."""
    hashes = " ".join(f"'{digest}'" for digest in sorted(set(script_hashes)))
    script_src = f"'self' {hashes}".rstrip()
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SCRIPT_SRC = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
_SCRIPT_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_JAVASCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})


def _theme_scripts(text: str) -> Iterator[str]:
    """The text of the inline scripts outside the page's <article>. The theme writes its own
    (storage helpers, colour palette, tab restore) around the article and page content goes
    inside it, so a script that slipped into a report is never trusted, only refused."""
    first, last = text.find("<article"), text.rfind("</article>")
    for match in _INLINE_SCRIPT.finditer(text):
        if 0 <= first <= match.start() < last:
            continue
        attributes = match.group(1)
        kind = _SCRIPT_TYPE.search(attributes)
        if _SCRIPT_SRC.search(attributes) is None and (
            (kind.group(1).lower() if kind else "") in _JAVASCRIPT_TYPES
        ):
            yield match.group(2)


def _sha256(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def with_content_security_policy(text: str) -> str:
    """The page with a CSP `<meta>` right after `<meta charset>` (so the charset stays in the
    first 1024 bytes and the policy precedes every script), allowing exactly the page's own
    theme scripts. A policy per page is enough because the site does not enable material's
    instant navigation, which would keep the first page's policy for every later page."""
    policy = content_security_policy(_sha256(script) for script in _theme_scripts(text))
    anchor = _META_CHARSET.search(text) or re.search(r"<head[^>]*>", text, re.IGNORECASE)
    at = anchor.end() if anchor else 0
    return text[:at] + _CSP_META.format(policy=policy) + text[at:]


def apply_content_security_policy(site_dir: Path, *, skip: Collection[str] = ()) -> None:
    """`with_content_security_policy` for every page of `site_dir` not in `skip` (pages that
    got their policy in memory already)."""
    for _, page in site_files(site_dir, {".html"}, skip):
        text = page.read_text(encoding="utf-8")
        page.write_text(with_content_security_policy(text), encoding="utf-8")
