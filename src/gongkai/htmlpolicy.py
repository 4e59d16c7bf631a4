"""What HTML a published report page may hold: the allow-list the site's sanitiser applies
(gongkai.site.sanitize, with nh3) and GK409 warns about beforehand.

Plain data and two URL helpers, with no dependency: `gongkai check` runs on the core
install, where the site's sanitiser library is absent.
"""

from __future__ import annotations

import re

# What Markdown, its extensions (tables, admonitions, toc permalinks) and our own page
# parts produce, plus the harmless structure editors paste from Word.
# fmt: off
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
})
# fmt: on
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers", "align", "style"},
    "th": {"colspan", "rowspan", "headers", "scope", "align", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "details": {"open"},
}
# data: and javascript: are absent on purpose; relative URLs are allowed separately.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# What browsers remove from a URL before reading its scheme (the URL Standard): C0 controls
# and spaces at either end, and tabs and newlines anywhere ("jav&#x09;ascript:").
_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# The values of the one CSS property that survives (see _keep_attribute).
ALIGNMENTS = frozenset({"left", "right", "center", "justify", "start", "end"})
# Elements removed together with everything inside them, not just their tags.
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "template",
        "svg",
        "math",
        "noscript",
        "textarea",
        "select",
        "title",
    }
)


def url_scheme(url: str) -> str | None:
    """The scheme, lower-cased, that a browser reads from a URL whose character references
    are already decoded; None for a relative URL."""
    match = _SCHEME.match(_URL_NOISE.sub("", _URL_EDGES.sub("", url)))
    return match.group(1).lower() if match else None


def allowed_url(url: str) -> bool:
    """Whether `sanitise` keeps `url` in an href or src: relative, or a listed scheme."""
    scheme = url_scheme(url)
    return scheme is None or scheme in URL_SCHEMES
