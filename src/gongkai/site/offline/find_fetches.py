"""The other-host check over a built site directory, or one page still in memory."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from gongkai.site.offline.collector import Collector, ExternalFetch, origin_of
from gongkai.site.offline.css_urls import scan_css
from gongkai.site.offline.html_urls import scan_html
from gongkai.site.offline.js_literals import scan_js
from gongkai.site.offline.tree import site_files

_SCANNERS = {
    ".html": "html",
    ".htm": "html",
    ".svg": "html",
    ".css": "css",
    ".js": "js",
    ".mjs": "js",
    ".webmanifest": "js",
}


def find_external_fetches(
    site_dir: Path, *, site_url: str | None = None, skip: Collection[str] = ()
) -> list[ExternalFetch]:
    """Every URL on another host that a page, stylesheet or script in `site_dir` would make the
    browser fetch, sorted by file and position. URLs on `site_url`'s own origin (the site's
    public address, if it is given) are not external. Files in `skip` (site-relative paths)
    were scanned already, from memory, by `scan_page`."""
    site_origin = origin_of(site_url) if site_url else None
    found: list[ExternalFetch] = []
    for rel, path in site_files(site_dir, _SCANNERS, skip):
        kind = _SCANNERS[path.suffix.lower()]
        text = path.read_text(encoding="utf-8", errors="replace")
        collector = Collector(rel, text, site_origin)
        if kind == "html":
            scan_html(text, collector)
        elif kind == "css":
            scan_css(text, 0, collector)
        else:
            scan_js(text, 0, collector)
        found.extend(collector.found)
    return sorted(found)


def scan_page(rel: str, text: str, *, site_url: str | None = None) -> list[ExternalFetch]:
    """`find_external_fetches` for one HTML page still in memory (`rel`: its site path)."""
    collector = Collector(rel, text, origin_of(site_url) if site_url else None)
    scan_html(text, collector)
    return collector.found
