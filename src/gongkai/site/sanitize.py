"""The allow-list every report page passes through after Markdown: an editor's paste from a
web page must never become a script on a government site.

Reports may hold raw HTML (tables pasted from Word, a <sup>), so Markdown keeps it and the
rendered page is cleaned here, with ammonia (nh3): only the listed tags and attributes
survive, URLs only with the listed schemes or relative, and script, style and similar
elements are dropped together with their content.
"""

from __future__ import annotations

import nh3

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

_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes=ATTRIBUTES,
    url_schemes=set(URL_SCHEMES),
    # No target="_blank" survives, so rel="noopener" would guard nothing.
    link_rel=None,
    # Markdown tables align cells with style="text-align: …"; nothing else of CSS survives.
    filter_style_properties={"text-align"},
    strip_comments=True,
)


def sanitise(html: str) -> str:
    return _cleaner.clean(html)
