"""The allow-list every report page passes through after Markdown: an editor's paste from a
web page must never become a script on a government site.

Reports may hold raw HTML (tables pasted from Word, a <sup>), so Markdown keeps it and the
rendered page is cleaned here, with ammonia (nh3): only the listed tags and attributes
survive, URLs only with the listed schemes or relative, and script, style and similar
elements are dropped together with their content.
"""

from __future__ import annotations

import nh3

from gongkai.htmlpolicy import ALIGNMENTS, ATTRIBUTES, DROP_WITH_CONTENT, TAGS, URL_SCHEMES


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """Markdown tables align cells with style="text-align: …", and nothing else of CSS may
    survive. nh3's own style filter keeps a property whatever its value (`url(…)`,
    `expression(…)`), so the style is rewritten here to one alignment keyword or dropped."""
    if attribute != "style":
        return value
    alignments = [
        keyword
        for name, _, raw in (declaration.partition(":") for declaration in value.split(";"))
        if name.strip().lower() == "text-align" and (keyword := raw.strip().lower()) in ALIGNMENTS
    ]
    # As in CSS, the last declaration wins.
    return f"text-align:{alignments[-1]}" if alignments else None


_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes=ATTRIBUTES,
    attribute_filter=_keep_attribute,
    url_schemes=set(URL_SCHEMES),
    # No target="_blank" survives, so rel="noopener" would guard nothing.
    link_rel=None,
    strip_comments=True,
)


def sanitise(html: str) -> str:
    return _cleaner.clean(html)
