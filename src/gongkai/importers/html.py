"""A report published as a web page: its paragraphs and its tables, merged cells spread out.

Official tables merge header and label cells (rowspan/colspan). Each merged label is copied
into every grid position it covers, so a row of the grid carries its whole label path
(“三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 14 …”) as the text version does; a
merged value stays one value, the positions it also covers left empty.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement

from gongkai.importers.tables import Grid, Part, is_value

_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote"})
_INLINE = frozenset(
    {"a", "span", "font", "b", "strong", "em", "i", "u", "s", "sub", "sup", "small", "big"}
    | {"label", "abbr", "code", "mark", "q", "cite", "br", "img", "ins", "del", "strike"}
)
_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})
_SPACE = re.compile(r"\s+")
# A span beyond any real report's table is a broken or hostile page, not a layout.
_MAX_SPAN = 64


def read_html(text: str) -> list[Part]:
    """The paragraphs and tables of the page, in document order."""
    # An XML declaration makes lxml refuse an already-decoded string.
    root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    parts: list[Part] = []
    _walk(root, parts)
    return parts


def _lines(text: str | None, parts: list[Part]) -> None:
    for line in (text or "").split("\n"):
        cleaned = _clean(line)
        if cleaned:
            parts.append(cleaned)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _walk(element: HtmlElement, parts: list[Part]) -> None:
    _lines(element.text, parts)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag:
            pass  # a comment or processing instruction: only its tail is text
        elif tag == "table":
            parts.append(_grid(child))
        elif (tag in _BLOCKS and child.find(".//table") is None) or _inline_only(child):
            _lines(child.text_content(), parts)
        elif tag not in _SKIP:
            _walk(child, parts)
        _lines(child.tail, parts)


def _inline_only(element: HtmlElement) -> bool:
    """Whether an element holds only text and inline markup: one line of the page (“当前位置：
    <a>首页</a> > <a>政务公开</a>”), not as many lines as it has links."""
    return element.tag not in _SKIP and all(
        isinstance(d.tag, str) and d.tag in _INLINE for d in element.iterdescendants()
    )


def _span(cell: HtmlElement, name: str) -> int:
    value = (cell.get(name) or "1").strip()
    return min(int(value), _MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


def _grid(table: HtmlElement) -> Grid:
    # Rows of this table only: a table nested in a cell is read as that cell's text.
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table")) is table]
    taken: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            text = _clean(cell.text_content())
            width = _span(cell, "colspan")
            # A merged label names every position it covers; a merged value is one value
            # (“0” over three columns of 表二's one-column groups), not one per position.
            spread = "" if is_value(text) else text
            for dr in range(min(_span(cell, "rowspan"), len(rows) - r)):
                for dc in range(width):
                    taken[r + dr, c + dc] = text if dr == dc == 0 else spread
            c += width
    grid: Grid = []
    for r in range(len(rows)):
        columns = [c for (row, c) in taken if row == r]
        grid.append([taken.get((r, c), "") for c in range(max(columns, default=-1) + 1)])
    return grid
