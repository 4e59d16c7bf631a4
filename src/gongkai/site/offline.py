"""Keep the built site from making the browser fetch anything from another host.

Government intranets and mainland networks cannot reach Google Fonts, CDNs or analytics, and a
page that waits for them loads slowly or breaks. After `mkdocs build` the hook calls, in order:

1. `neutralise_theme_bundle(site_dir)`: mkdocs-material's JavaScript bundle names a few
   third-party URLs (see `_THEME_URLS`); the built copy gets inert values in their place.
2. `apply_content_security_policy(site_dir)`: every page gets a CSP `<meta>` that lets it load
   only from its own origin and run only the theme's own inline scripts.
3. `find_external_fetches(site_dir)`: every place in a page, stylesheet or script that would
   make the browser fetch from another host; the build fails if there is any.

Links the reader clicks (`<a href>`, `<form action>`) are not fetches and are not reported.
The check reads files, so it cannot see a URL a script assembles at run time, and it does not
try to see through deliberate disguises (CSS escapes, URLs split across strings): the CSP stops
those in the browser. The check is what keeps the theme, the configuration and plugins from
adding a third-party resource by accident, with a file:line:col to fix.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

__all__ = [
    "ExternalFetch",
    "apply_content_security_policy",
    "content_security_policy",
    "find_external_fetches",
    "neutralise_theme_bundle",
]


@dataclass(frozen=True, order=True)
class ExternalFetch:
    """A URL on another host that the browser would fetch. `line` and `col` are 1-based and
    count code points, like every other gongkai position."""

    file: str
    line: int
    col: int
    url: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.what} {self.url}"


# --- where URLs count as external ---------------------------------------------------------

# XML namespace names look like URLs but are identifiers: nothing ever fetches them.
_NAMESPACES = frozenset(
    {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xhtml",
        "http://www.w3.org/1999/xlink",
        "http://www.w3.org/2000/xmlns/",
        "http://www.w3.org/XML/1998/namespace",
        "http://www.w3.org/1998/Math/MathML",
    }
)
# Browsers drop tabs and newlines anywhere in a URL and read "\" as "/" in http(s) URLs, so
# "/\cdn.example" is protocol-relative; normalise the same way before deciding.
_URL_NOISE = re.compile(r"[\t\n\r]")


def _origin(url: str) -> str | None:
    """`scheme://host[:port]` of a URL that names a host, else None (relative, data:, …)."""
    cleaned = _URL_NOISE.sub("", url.strip()).replace("\\", "/")
    if cleaned.startswith("//"):
        cleaned = "http:" + cleaned
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # e.g. "//[1]/": not a valid URL, so the browser fetches nothing
        return None
    if parts.scheme.lower() not in {"http", "https", "ws", "wss", "ftp"} or not parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class _Positions:
    """Offset → (line, col), both 1-based, col in code points. The line index is built on first
    use: most files have nothing to report."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_starts: list[int] | None = None

    @property
    def _starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self._text))]
        return self._line_starts

    def offset(self, line: int, col0: int) -> int:
        return self._starts[line - 1] + col0

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class _Collector:
    def __init__(self, rel: str, text: str, site_origin: str | None) -> None:
        self.rel = rel
        self.positions = _Positions(text)
        self.site_origin = site_origin
        self.found: list[ExternalFetch] = []

    def url(self, url: str, offset: int, what: str) -> None:
        origin = _origin(url)
        if origin is not None and origin != self.site_origin and url.strip() not in _NAMESPACES:
            line, col = self.positions.at(offset)
            self.found.append(ExternalFetch(self.rel, line, col, url.strip(), what))


# --- JavaScript: string and template literals ------------------------------------------

_JS_URL = re.compile(
    # An absolute or protocol-relative URL anywhere in a literal ("\/" is JSON's escaped "/");
    # the host may be a template expression (`https://${host}/api`).
    r"(?<![\w.+\-])(?:(?:https?|wss?):)?(?:\\?/){2}(?:[A-Za-z0-9\[]|\$\{)(?:\\/|[^\s\"'`<>()\\])*",
    re.IGNORECASE,
)
# After these words a "/" starts a regular expression, not a division.
_KEYWORDS_BEFORE_EXPRESSION = frozenset(
    [
        "return",
        "typeof",
        "instanceof",
        "in",
        "of",
        "new",
        "delete",
        "void",
        "throw",
        "case",
        "do",
        "else",
        "yield",
        "await",
    ]
)


@dataclass(frozen=True)
class _Literal:
    start: int  # offset of the opening quote or backtick
    end: int  # offset just past the closing one


# Where the scanner has to look: everything else is skipped at C speed.
_JS_STOP = re.compile(r"""["'`/{}]""")
_JS_STRING = {quote: re.compile(rf"{quote}(?:[^{quote}\\\n]|\\[\s\S])*{quote}?") for quote in "'\""}
# A template literal's text up to its end or its next `${`.
_JS_TEMPLATE_TEXT = re.compile(r"(?:[^`\\$]|\\[\s\S]|\$(?!\{))*")
_JS_WORD_CHAR = re.compile(r"[\w$\u0080-\uffff]")


def _match_end(pattern: re.Pattern[str], text: str, at: int) -> int:
    """End of `pattern`'s match at `at`; the patterns used here match there by construction."""
    match = pattern.match(text, at)
    return match.end() if match else at + 1


class _JsScanner:
    """Finds string and template literals in JavaScript (or JSON), skipping comments and regular
    expressions, so a URL in a licence comment is not mistaken for one the code fetches. Good
    enough for minified bundles; it is a tokenizer, not a parser."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.literals: list[_Literal] = []

    def scan(self, i: int = 0, *, nested: bool = False) -> int:
        """Scan code from `i`; when `nested` (inside a template's `${…}`), stop after the
        unmatched "}" and return the offset past it. Literals inside a template are not
        recorded separately: the template as a whole is."""
        text, n = self.text, len(self.text)
        depth = 0
        while (stop := _JS_STOP.search(text, i)) is not None:
            i = stop.start()
            c = text[i]
            if text.startswith("//", i):
                newline = text.find("\n", i)
                i = n if newline < 0 else newline
            elif text.startswith("/*", i):
                close = text.find("*/", i + 2)
                i = n if close < 0 else close + 2
            elif c == "/":
                i = self._skip_regex(i) if self._regex_may_start(i) else i + 1
            elif c in "'\"`":
                end = self._skip_template(i) if c == "`" else _match_end(_JS_STRING[c], text, i)
                if not nested:
                    self.literals.append(_Literal(i, end))
                i = end
            elif c == "{":
                depth += 1
                i += 1
            else:  # "}"
                if nested and depth == 0:
                    return i + 1
                depth -= 1
                i += 1
        return n

    def _regex_may_start(self, i: int) -> bool:
        """Whether a "/" at `i` starts a regular expression rather than being a division,
        judged by what precedes it: a value (name, number, literal, closing bracket) means
        division, unless the name is a keyword like `return`."""
        text, j = self.text, i - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        if j < 0:
            return True
        if text[j] in ")]}'\"`":
            return False
        if not _JS_WORD_CHAR.match(text[j]):
            return True
        start = j
        while start > 0 and _JS_WORD_CHAR.match(text[start - 1]):
            start -= 1
        return text[start : j + 1] in _KEYWORDS_BEFORE_EXPRESSION

    def _skip_template(self, i: int) -> int:
        text, j = self.text, i + 1
        while True:
            j = _match_end(_JS_TEMPLATE_TEXT, text, j)
            if text.startswith("${", j):
                j = self.scan(j + 2, nested=True)
            else:
                return min(j + 1, len(text))  # past the closing backtick

    def _skip_regex(self, i: int) -> int:
        text, j, in_class = self.text, i + 1, False
        while j < len(text) and text[j] != "\n":
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c == "[":
                in_class = True
            elif c == "]":
                in_class = False
            elif c == "/" and not in_class:
                j += 1
                while j < len(text) and text[j].isalpha():
                    j += 1
                return j
            j += 1
        return j


# A URL is used as one when it starts the literal or follows "=", a quote or "(", as in
# `src="https://…"` or `url(https://…)` in markup or CSS built as a string. After a space it is
# prose, like the "see https://…" of an error message, which nothing fetches.
_URL_CONTEXT = frozenset("=\"'(")


def _js_urls(text: str) -> Iterator[tuple[_Literal, re.Match[str]]]:
    scanner = _JsScanner(text)
    scanner.scan()
    for literal in scanner.literals:
        for match in _JS_URL.finditer(text, literal.start + 1, literal.end - 1):
            if match.start() == literal.start + 1 or text[match.start() - 1] in _URL_CONTEXT:
                yield literal, match


def _scan_js(text: str, base: int, collector: _Collector) -> None:
    for _literal, match in _js_urls(text):
        url = match.group().replace("\\/", "/")
        collector.url(url, base + match.start(), "JS string")


# --- CSS --------------------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_IMPORT = re.compile(
    r"""@import\s+(?:url\(\s*)?(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^"'\s);]+))""",
    re.IGNORECASE,
)
_CSS_URL = re.compile(
    r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^"'\s)]*))""", re.IGNORECASE
)


def _value_group(match: re.Match[str]) -> str:
    return next(g for g in ("dq", "sq", "bare") if match.group(g) is not None)


def _scan_css(text: str, base: int, collector: _Collector) -> None:
    # Blank comments out with spaces so that offsets stay those of the file.
    code = _CSS_COMMENT.sub(lambda m: " " * len(m.group()), text)
    imported: set[int] = set()
    for what, pattern in (("@import", _CSS_IMPORT), ("CSS url()", _CSS_URL)):
        for match in pattern.finditer(code):
            group = _value_group(match)
            if match.start(group) not in imported:  # `@import url(…)` is reported once
                imported.add(match.start(group))
                collector.url(match.group(group), base + match.start(group), what)


# --- HTML (and SVG) -----------------------------------------------------------------------

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

    def __init__(self, fragment: str, base: int, collector: _Collector) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.local = _Positions(fragment)
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
            _scan_css(value, tag_start + at, self.collector)
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
                _scan_css(text, self._raw_start, self.collector)
            else:
                _scan_js(text, self._raw_start, self.collector)
            self._raw_kind = None


# What can start the host part of a URL, as `_origin` and a browser read it: two slashes, "/"
# or "\\" in any mix (browsers read "\\" as "/" in http URLs), each possibly written as an entity
# (attribute values are unescaped), with only tabs and newlines between them, which browsers
# drop, raw or as entities. A fetch from another host needs one. A namespace name after
# "http:" in quotes (every inline SVG icon has one) is passed over.
_SLASH = r"(?:[/\\]|&(?:#0*(?:47|92);?|#[xX]0*(?:2[fF]|5[cC]);?|sol;|bsol;))"
_GAP = r"(?:[\t\n\r]|&(?:#0*(?:9|10|13);?|#[xX]0*[9aAdD];?|Tab;|NewLine;))*"
_HOST_MARK = re.compile(_SLASH + _GAP + _SLASH)
_NAMESPACE_MARK = re.compile(
    r"(?<=http:)//(?:"
    + "|".join(re.escape(name.removeprefix("http://")) for name in sorted(_NAMESPACES))
    + ")[\"']"
)
# Every match of _HOST_MARK starts with one of these: a raw slash followed by a slash, a gap
# character or an entity, or an entity slash. Looking for them with str.find and only then
# matching _HOST_MARK there is ten times faster than _HOST_MARK.finditer over the page.
_MARK_STARTS = (
    *("//", "/\\", "/\t", "/\n", "/\r", "/&"),
    *("\\/", "\\\\", "\\\t", "\\\n", "\\\r", "\\&"),
    *("&#", "&sol;", "&bsol;"),
)


def _host_marks(text: str) -> list[int]:
    marks = set()
    for needle in _MARK_STARTS:
        at = text.find(needle)
        while at >= 0:
            if _HOST_MARK.match(text, at) and not _NAMESPACE_MARK.match(text, at):
                marks.add(at)
            at = text.find(needle, at + 1)
    return sorted(marks)


# Comments, and <script>/<style> elements, whose text is not markup.
_OPAQUE = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


# A page whose every "<" starts a plain comment, doctype, end tag, start tag whose quoted
# values hold no "<" or ">", or a <script>/<style> (or raw-text) element with no "</" or "<!"
# inside: html.parser (of any Python version) splits it into exactly these tokens, so the
# nearest "<" before a mark starts its tag, and a ">" between them ends it. MkDocs and the
# theme write such pages; anything else is parsed whole. Possessive quantifiers keep the match
# linear.
_WS = r"[ \t\n\r\f]"
_TAG_NAME = r"[a-zA-Z][a-zA-Z0-9-]*+"
_TAG_ATTRIBUTES = (
    rf"""(?:{_WS}++[^\s"'<>/=`]++(?:{_WS}*+={_WS}*+(?:"[^"<>]*+"|'[^'<>]*+'|[^\s"'<>=`]++))?+)*+"""
    rf"{_WS}*+"
)
_RAW_TEXT = ("title", "textarea", "xmp", "noscript", "iframe", "noembed", "noframes")
_SIMPLE_PAGE = re.compile(
    "(?:"
    + "|".join(
        [
            r"[^<]++",
            r"<!--(?:[^<>-]|-(?!-))*+-->",
            rf"<!doctype{_WS}++html{_WS}*+>",
            rf"</{_TAG_NAME}{_WS}*+>",
            rf"<script{_TAG_ATTRIBUTES}>(?:[^<]|<(?![/!]))*+</script>",
            rf"<style{_TAG_ATTRIBUTES}>[^<]*+</style>",
            *(rf"<{name}{_TAG_ATTRIBUTES}>[^<]*+</{name}>" for name in _RAW_TEXT),
            rf"<(?!(?:script|style|plaintext|{'|'.join(_RAW_TEXT)})[ \t\n\r\f/>]){_TAG_NAME}"
            rf"{_TAG_ATTRIBUTES}/?>",
        ]
    )
    + ")*+",
    re.IGNORECASE,
)


def _fragments(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the page that could make a fetch from another host: each tag around a
    host mark, and each <script>/<style> element with one. Parsing only these keeps the check
    fast: html.parser over every whole page took 19 s per 1,000 report pages, more than
    stock MkDocs takes to build them; this takes well under a second. Marks in text content and
    comments are links or prose, not fetches."""
    marks = _host_marks(text)
    if not marks:
        return
    if not _SIMPLE_PAGE.fullmatch(text):
        # Where a quoted attribute value holds "<" or ">", or a comment or script is unusual,
        # the nearest "<" need not start the tag around a mark: parse the whole page.
        yield 0, len(text)
        return
    opaque = [(m.start(), m.end(), m.group(1)) for m in _OPAQUE.finditer(text)]
    starts = [start for start, _, _ in opaque]
    spans: set[tuple[int, int]] = set()
    for mark in marks:
        k = bisect.bisect_right(starts, mark) - 1
        if k >= 0 and mark < opaque[k][1]:
            start, end, element = opaque[k]
            if element is not None:  # None: a comment
                spans.add((start, end))
            continue
        lt = text.rfind("<", 0, mark)
        if lt < 0 or text.find(">", lt, mark) >= 0:
            continue  # text content, not inside a tag
        gt = text.find(">", mark)
        spans.add((lt, len(text) if gt < 0 else gt + 1))
    yield from sorted(spans)


def _scan_html(text: str, collector: _Collector) -> None:
    for start, end in _fragments(text):
        scanner = _HtmlScanner(text[start:end], start, collector)
        scanner.feed(text[start:end])
        scanner.close()


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
    site_origin = _origin(site_url) if site_url else None
    found: list[ExternalFetch] = []
    for path in sorted(site_dir.rglob("*")):
        kind = _SCANNERS.get(path.suffix.lower())
        if kind is None or not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        if rel in skip:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        collector = _Collector(rel, text, site_origin)
        if kind == "html":
            _scan_html(text, collector)
        elif kind == "css":
            _scan_css(text, 0, collector)
        else:
            _scan_js(text, 0, collector)
        found.extend(collector.found)
    return sorted(found)


def scan_page(rel: str, text: str, *, site_url: str | None = None) -> list[ExternalFetch]:
    """`find_external_fetches` for one HTML page still in memory (`rel`: its site path)."""
    collector = _Collector(rel, text, _origin(site_url) if site_url else None)
    _scan_html(text, collector)
    return collector.found


# --- mkdocs-material's bundle ----------------------------------------------------------

# Every third-party URL in mkdocs-material 9.8.1's assets/javascripts/bundle.*.min.js (the
# search worker and the lunr files name URLs only in licence comments), what fetches it, and
# the inert literal that replaces it in the built copy:
#
# - resize-observer-polyfill: loaded as a <script> only where `ResizeObserver` is undefined
#   (Chrome < 64, Firefox < 69, Safari < 13.1, all from 2020 or before). An empty src fails at
#   once without a request; those browsers lose the theme's size-driven behaviour (header title
#   swap, sidebar height, tab scrolling), as they would on an intranet after a timeout anyway.
# - mermaid: loaded as a <script> only on a page with a `.mermaid` diagram and no global
#   `mermaid`. Reports are sanitised HTML and the site configures no mermaid fence, so no page
#   has one; if one ever did, the diagram would stay as its source text. A site that wants
#   diagrams should ship mermaid itself (extra_javascript defines the global, and then the
#   bundle loads nothing).
# - GitHub / GitLab APIs: fetched only when `repo_url` points at github.com or a GitLab host, to
#   show stars, forks and the latest release next to the repository link. "data:," never leaves
#   the browser (and the site's CSP refuses it); the facts are then left out, as on a network
#   that cannot reach the API.
_THEME_URLS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"https://unpkg\.com/resize-observer-polyfill\b"), '""'),
    (re.compile(r"https://unpkg\.com/mermaid@"), '""'),
    (re.compile(r"https://api\.github\.com/"), '"data:,"'),
    (re.compile(r"https://\$\{\w+\}/api/v4/"), '"data:,"'),
)
_THEME_BUNDLE = "assets/javascripts/bundle.*.min.js"


def neutralise_theme_bundle(site_dir: Path) -> list[str]:
    """Replace the third-party URLs in the built copy of mkdocs-material's bundle with inert
    literals (see `_THEME_URLS`) and return one line per replacement. Each new literal is
    padded with spaces to the old one's length, so the bundle's source map stays accurate.
    A URL not in the table is left alone for `find_external_fetches` to report."""
    changes: list[str] = []
    for path in sorted(site_dir.glob(_THEME_BUNDLE)):
        text = path.read_text(encoding="utf-8")
        pieces: list[str] = []
        done = 0
        for literal, match in _js_urls(text):
            if literal.start < done:  # a second URL in a literal already replaced
                continue
            replacement = next(
                (new for rule, new in _THEME_URLS if rule.match(match.group())), None
            )
            if replacement is None:
                continue
            old = text[literal.start : literal.end]
            pieces += [text[done : literal.start], replacement.ljust(len(old))]
            done = literal.end
            changes.append(f"{path.relative_to(site_dir).as_posix()}: {old} -> {replacement}")
        if pieces:
            path.write_text("".join([*pieces, text[done:]]), encoding="utf-8")
    return changes


# --- Content Security Policy ------------------------------------------------------------

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
    for page in sorted(site_dir.rglob("*.html")):
        if page.relative_to(site_dir).as_posix() not in skip:
            text = page.read_text(encoding="utf-8")
            page.write_text(with_content_security_policy(text), encoding="utf-8")
