"""The few spans of a page that can make a fetch from another host, so that only those are
parsed as HTML."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ahocorasick_rs import AhoCorasick, Implementation

from gongkai.site.offline.collector import NAMESPACES

# What can start the host part of a URL, as `origin_of` and a browser read it: two slashes, "/"
# or "\\" in any mix (browsers read "\\" as "/" in http URLs), each possibly written as an entity
# (attribute values are unescaped), with only tabs and newlines between them, which browsers
# drop, raw or as entities. A fetch from another host needs one. A namespace name after
# "http:" in quotes (every inline SVG icon has one) is passed over.
SLASH = r"(?:[/\\]|&(?:#0*(?:47|92);?|#[xX]0*(?:2[fF]|5[cC]);?|sol;|bsol;))"
GAP = r"(?:[\t\n\r]|&(?:#0*(?:9|10|13);?|#[xX]0*[9aAdD];?|Tab;|NewLine;))*"
HOST_MARK = re.compile(SLASH + GAP + SLASH)
NAMESPACE_MARK = re.compile(
    r"(?<=http:)//(?:"
    + "|".join(re.escape(name.removeprefix("http://")) for name in sorted(NAMESPACES))
    + ")[\"']"
)
# Every match of HOST_MARK starts with one of these: a raw slash followed by a slash, a gap
# character or an entity, or an entity slash. Finding them all in one pass of an Aho–Corasick
# automaton (overlapping: "///" holds two) and only then matching HOST_MARK there is ten times
# faster than fifteen str.find passes over a page of Chinese text, which were half the check.
_MARK_STARTS = (
    *("//", "/\\", "/\t", "/\n", "/\r", "/&"),
    *("\\/", "\\\\", "\\\t", "\\\n", "\\\r", "\\&"),
    *("&#", "&sol;", "&bsol;"),
)
_STARTS = AhoCorasick(_MARK_STARTS, implementation=Implementation.DFA)


def _host_marks(text: str) -> list[int]:
    marks = {
        at
        for _needle, at, _end in _STARTS.find_matches_as_indexes(text, overlapping=True)
        if HOST_MARK.match(text, at) and not NAMESPACE_MARK.match(text, at)
    }
    return sorted(marks)


# Comments, and <script>/<style> elements, whose text is not markup.
_OPAQUE = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


# A page whose every "<" starts a plain comment, doctype, end tag, start tag whose quoted
# values hold no "<" or ">", or a <script>/<style> (or raw-text) element with no "</" or "<!"
# inside: html.parser (of any Python version) splits it into exactly these tokens, so the
# nearest "<" before a mark starts its tag, and a ">" between them ends it. MkDocs and the
# theme write such pages; anything else is parsed whole. Possessive quantifiers keep the match
# linear. Each token is one of the parts below; SIMPLE_PAGE is any run of them.

# HTML's whitespace, which is narrower than Python's \s (no vertical tab): html.parser splits
# tags on these only.
WS = r"[ \t\n\r\f]"
# A tag name must start with a letter; "<1" or "< a" is text, not a tag.
TAG_NAME = r"[a-zA-Z][a-zA-Z0-9-]*+"
# Attributes whose quoted values hold no "<" or ">": a ">" in a value would end the tag for a
# scan that looks for the next ">", and a "<" would be taken for the start of one.
TAG_ATTRIBUTES = (
    rf"""(?:{WS}++[^\s"'<>/=`]++(?:{WS}*+={WS}*+(?:"[^"<>]*+"|'[^'<>]*+'|[^\s"'<>=`]++))?+)*+"""
    rf"{WS}*+"
)
# Elements whose content html.parser reads as text up to their end tag, not as markup.
RAW_TEXT = ("title", "textarea", "xmp", "noscript", "iframe", "noembed", "noframes")
# Text between tags: anything up to the next "<", which must then start one of the tokens.
TEXT = r"[^<]++"
# A comment with no "<", ">" or "--" inside, which every html.parser version ends at the same
# "-->" (versions differ on "--!>", "<!-->" and the like).
PLAIN_COMMENT = r"<!--(?:[^<>-]|-(?!-))*+-->"
# The one declaration MkDocs writes; other "<!" markup is parsed differently across versions.
DOCTYPE = rf"<!doctype{WS}++html{WS}*+>"
# An end tag carries no attributes, so it cannot hold a URL or a stray ">".
END_TAG = rf"</{TAG_NAME}{WS}*+>"
# Script text with no "</" (which could end it early) or "<!" (after "<!--" a parser may look
# past the first "</script>"): then the element ends where every parser ends it.
SCRIPT_ELEMENT = rf"<script{TAG_ATTRIBUTES}>(?:[^<]|<(?![/!]))*+</script>"
# Style text with no "<" at all, so that nothing inside it could be taken for a tag.
STYLE_ELEMENT = rf"<style{TAG_ATTRIBUTES}>[^<]*+</style>"
# The same for the other raw-text elements, each closed by its own end tag.
RAW_TEXT_ELEMENTS = tuple(rf"<{name}{TAG_ATTRIBUTES}>[^<]*+</{name}>" for name in RAW_TEXT)
# Any other start tag. The elements above are left out because their text must be checked
# with them, and <plaintext> because everything after it is text to the end of the page.
START_TAG = (
    rf"<(?!(?:script|style|plaintext|{'|'.join(RAW_TEXT)})[ \t\n\r\f/>]){TAG_NAME}"
    rf"{TAG_ATTRIBUTES}/?>"
)
SIMPLE_PAGE = re.compile(
    "(?:"
    + "|".join(
        [
            TEXT,
            PLAIN_COMMENT,
            DOCTYPE,
            END_TAG,
            SCRIPT_ELEMENT,
            STYLE_ELEMENT,
            *RAW_TEXT_ELEMENTS,
            START_TAG,
        ]
    )
    + ")*+",
    re.IGNORECASE,
)


def fragments(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the page that could make a fetch from another host: each tag around a
    host mark, and each <script>/<style> element with one. Parsing only these keeps the check
    fast: html.parser over every whole page took 19 s per 1,000 report pages, more than
    stock MkDocs takes to build them; this takes well under a second. Marks in text content and
    comments are links or prose, not fetches."""
    marks = _host_marks(text)
    if not marks:
        return
    if not SIMPLE_PAGE.fullmatch(text):
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
