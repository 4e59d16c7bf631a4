"""Text for search: normalisation, terms, snippets, and the plain text of a rendered page.

Everything here has a twin in `static/search.js`, and the two must agree character for
character: the index is built here and queried there. `tests/search/test_search_js.py`
runs both on the same strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache
from itertools import chain
from operator import add

from lxml import etree

# Zero-width and soft-hyphen characters: copied from web pages they split words invisibly,
# and mkdocs-material's own snippets carry them. They are neither indexed nor shown.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(f"([{_HAN}]+)|([a-z0-9]+)")
_HAN_RUN = re.compile(f"[{_HAN}]+")
_ASCII_RUN = re.compile("[a-z0-9]+")
# An explicit set, because Python's \s and JavaScript's \s differ at the edges.
_SPACE = re.compile("[ \t\n\r\f\v\u00a0\u3000]+")

SNIPPET_BEFORE = 40
SNIPPET_LENGTH = 160


def normalise(text: str) -> str:
    """NFKC, lower case, invisible characters dropped: what both sides index and match."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).lower())


def strip_invisible(text: str) -> str:
    """The text without zero-width characters, otherwise unchanged (for display)."""
    return _INVISIBLE.sub("", text)


def _runs(normalised: str) -> Iterator[tuple[str, bool]]:
    for match in _TOKEN.finditer(normalised):
        han = match.group(1)
        yield (han, True) if han else (match.group(2), False)


def document_terms(text: str) -> Counter[str]:
    """Every term of a document with its frequency: for each run of Han characters its
    characters and adjacent pairs, and each run of ASCII letters and digits as one term."""
    normalised = normalise(text)
    # One Counter pass over all runs joined by a separator, whose pairs are then dropped: a
    # per-run loop costs more in calls than the counting itself.
    joined = "\0".join(_HAN_RUN.findall(normalised))
    counts = Counter(chain(joined, map(add, joined, joined[1:])))
    for term in [t for t in counts if "\0" in t]:
        counts.pop(term)  # dict's own pop: Counter's __delitem__ is Python code
    counts.update(_ASCII_RUN.findall(normalised))
    return counts


def query_terms(query: str) -> list[str]:
    """The distinct terms a document must contain to match `query`, in order.

    A Han run of two or more characters needs only its pairs: pairs overlap, so every
    character, the last one included, is covered. A lone Han character is its own term.
    """
    terms: list[str] = []
    for run, han in _runs(normalise(query)):
        parts = list(map(add, run, run[1:])) if han and len(run) > 1 else [run]
        terms.extend(t for t in parts if t not in terms)
    return terms


def query_phrases(query: str) -> list[str]:
    """The whitespace-separated parts of `query`, normalised: each must occur verbatim in a
    document for it to be an exact match."""
    phrases: list[str] = []
    for part in _SPACE.split(normalise(query)):
        if part and part not in phrases:
            phrases.append(part)
    return phrases


def contains_phrases(normalised_text: str, phrases: list[str]) -> bool:
    """Whether every phrase occurs in the (already normalised) text."""
    return bool(phrases) and all(p in normalised_text for p in phrases)


Snippet = tuple[tuple[str, bool], ...]


def snippet(text: str, phrases: list[str]) -> Snippet:
    """A short excerpt of `text` around the first phrase found, as (text, marked) pieces.

    Matching happens on a character-by-character normalisation so that every position maps
    back to the original text, which is what readers see (full-width punctuation intact).
    """
    chars = list(text)
    norm_parts = [_fold(c) for c in chars]
    origin: list[int] = []
    for i, part in enumerate(norm_parts):
        origin.extend([i] * len(part))
    norm = "".join(norm_parts)
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        start = norm.find(phrase)
        while start >= 0:
            spans.append((origin[start], origin[start + len(phrase) - 1] + 1))
            start = norm.find(phrase, start + len(phrase))
    anchor = min((s for s, _ in spans), default=0)
    begin = max(0, anchor - SNIPPET_BEFORE)
    end = min(len(chars), begin + SNIPPET_LENGTH)
    pieces: list[tuple[str, bool]] = []
    cursor = begin
    for s, e in _merge(spans):
        if e <= begin or s >= end:
            continue
        s, e = max(s, begin), min(e, end)
        if s > cursor:
            pieces.append((_display(chars[cursor:s]), False))
        pieces.append((_display(chars[s:e]), True))
        cursor = e
    if cursor < end:
        pieces.append((_display(chars[cursor:end]), False))
    if begin > 0:
        pieces.insert(0, ("…", False))
    if end < len(chars):
        pieces.append(("…", False))
    return tuple(pieces)


@cache
def _fold(char: str) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", char).lower())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _display(chars: list[str]) -> str:
    return _SPACE.sub(" ", strip_invisible("".join(chars)))


# Elements after which the reader sees a break, so text on either side must not run together
# into one searchable phrase (a table cell next to the next cell, a heading and its paragraph).
_BLOCKS = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
]
_NOT_TEXT = ("script", "style", "template", "noscript")
_BLANK_LINES = re.compile(r"\n{3,}")
# Control characters (a PDF's page break, \f, pasted into a report) are no text anyone
# searches, and lxml refuses to set them as an element's tail, which the text needs.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def html_to_text(html: str) -> str:
    """The plain text of a rendered page body: tags dropped, entities resolved, one line per
    block, paragraphs separated by a blank line, zero-width characters removed."""
    if not html.strip():
        return ""
    # Plain etree, not lxml.html: its per-element Python class lookup triples the time.
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True)
    root = etree.fromstring(f"<div>{_CONTROL.sub('', html)}</div>", parser)
    doomed = [*root.iter(*_NOT_TEXT)]
    # mkdocs' permalink after each heading (¶) is not text of the report.
    doomed += [a for a in root.iter("a") if "headerlink" in (a.get("class") or "").split()]
    for node in doomed:
        _remove_keeping_tail(node)
    for node in root.iter("p"):
        node.tail = "\n\n" + (node.tail or "")
    for node in root.iter(*_BLOCKS):
        node.tail = "\n" + (node.tail or "")
    text = etree.tostring(root, method="text", encoding="unicode")
    lines = (line.strip() for line in strip_invisible(text).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _remove_keeping_tail(node: etree._Element) -> None:
    parent, previous = node.getparent(), node.getprevious()
    if parent is None:
        return
    if node.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
