"""URLs an HTML (or SVG) page fetches without the reader doing anything: fetching attributes,
`<meta http-equiv=refresh>`, and the stylesheets and scripts written into the page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from gongkai.site.offline.collector import Collector, Positions
from gongkai.site.offline.css_urls import scan_css
from gongkai.site.offline.html_fragments import fragments
from gongkai.site.offline.js_literals import scan_js

# Attributes whose URL the browser fetches without the reader doing anything, per element.
_FETCH_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "script": ("src", "href", "xlink:href"),  # href: SVG <script>
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),  # <input type=image>
    "image": ("href", "xlink:href"),  # SVG
    "use": ("href", "xlink:href"),  # SVG; an external sprite sheet is fetched
    "feimage": ("href", "xlink:href"),  # SVG
    # Every relative URL on the page resolves against <base href>.
    "base": ("href",),
}
_SRCSET = frozenset({"srcset", "imagesrcset"})
# <link rel> values that fetch (or connect to the host: preconnect, dns-prefetch). Alternate
# stylesheets are downloaded too; canonical, alternate feeds, next/prev are only metadata.
_FETCHING_RELS = frozenset(
    {
        "stylesheet",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "apple-touch-icon-precomposed",
        "mask-icon",
        "manifest",
        "preload",
        "prefetch",
        "modulepreload",
        "prerender",
        "preconnect",
        "dns-prefetch",
    }
)
# Script types whose text the page uses: JavaScript, JSON configuration read by scripts (e.g.
# material's __config), import maps and speculation rules (which prefetch). JSON-LD only names
# things and is never fetched from.
_SCANNED_SCRIPT_TYPES = frozenset(
    {
        "",
        "text/javascript",
        "application/javascript",
        "module",
        "application/json",
        "importmap",
        "speculationrules",
    }
)
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s/>"'=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?"""
)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?", re.IGNORECASE)


def _srcset_urls(value: str) -> Iterator[tuple[int, str]]:
    """(offset, URL) of each candidate in a srcset: "a.png 1x, b.png 2x". A URL may itself
    contain commas; trailing ones end the candidate (the HTML spec's parsing rules, simplified:
    descriptors run to the next comma)."""
    i, n = 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", i)
            i = n if comma < 0 else comma + 1
        if url:
            yield start, url


def _raw_attributes(tag_text: str) -> dict[str, tuple[str, int]]:
    """name → (raw value, offset of the value within the tag text). First occurrence wins,
    as in browsers."""
    found: dict[str, tuple[str, int]] = {}
    name_end = re.match(r"<[^\s/>]+", tag_text)
    for match in _ATTRIBUTE.finditer(tag_text, name_end.end() if name_end else 0):
        name = match.group("name").lower()
        group = next((g for g in ("dq", "sq", "bare") if match.group(g) is not None), None)
        if name not in found and group is not None:
            found[name] = (match.group(group), match.start(group))
    return found


class _HtmlScanner(HTMLParser):
    """Reports the fetches in one fragment of a page (a tag, or a whole <script>/<style>
    element) that starts at offset `base` of the file."""

    def __init__(self, fragment: str, base: int, collector: Collector) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.local = Positions(fragment)
        self.collector = collector
        # Raw text of the <script>/<style> element being read, and where it starts.
        self._raw_kind: str | None = None
        self._raw_start = 0
        self._raw_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag_text = self.get_starttag_text() or ""
        tag_start = self.base + self.local.offset(*self.getpos())
        raw = _raw_attributes(tag_text)
        # The first of repeated attributes wins, as in browsers.
        values = {name: value or "" for name, value in reversed(attrs)}
        for name in _FETCH_ATTRIBUTES.get(tag, ()):
            if name in raw:
                self._attribute(tag, name, raw[name], tag_start)
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & _FETCHING_RELS:
                for name in ("href", "imagesrcset"):
                    if name in raw:
                        self._attribute(f"link rel={values['rel']}", name, raw[name], tag_start)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh" and "content" in raw:
            value, at = raw["content"]
            match = _REFRESH_URL.search(value)
            if match:
                url = html.unescape(value[match.end() :]).rstrip("'\" ")
                self.collector.url(url, tag_start + at + match.end(), "<meta http-equiv=refresh>")
        if "style" in raw:
            value, at = raw["style"]
            scan_css(value, tag_start + at, self.collector)
        if tag == "style" or (
            tag == "script"
            and "src" not in values
            and values.get("type", "").strip().lower() in _SCANNED_SCRIPT_TYPES
        ):
            self._raw_kind = tag
            self._raw_start = tag_start + len(tag_text)
            self._raw_parts = []

    def _attribute(self, element: str, name: str, raw: tuple[str, int], tag_start: int) -> None:
        value, at = raw
        what = f"<{element} {name}>"
        if name in _SRCSET:
            for offset, url in _srcset_urls(value):
                self.collector.url(html.unescape(url), tag_start + at + offset, what)
        else:
            start = tag_start + at + len(value) - len(value.lstrip())
            self.collector.url(html.unescape(value), start, what)

    def handle_data(self, data: str) -> None:
        if self._raw_kind is not None:
            self._raw_parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._raw_kind is not None and tag == self._raw_kind:
            text = "".join(self._raw_parts)
            if tag == "style":
                scan_css(text, self._raw_start, self.collector)
            else:
                scan_js(text, self._raw_start, self.collector)
            self._raw_kind = None


def scan_html(text: str, collector: Collector) -> None:
    for start, end in fragments(text):
        scanner = _HtmlScanner(text[start:end], start, collector)
        scanner.feed(text[start:end])
        scanner.close()
