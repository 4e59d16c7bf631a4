"""A report published as PDF: its text lines and its tables, in reading order.

pdfplumber finds tables by their ruling lines. Many reports draw a frame round every page,
which pdfplumber also reads as a table holding the running text: a table row with one cell
of its own (the others merged into it) is therefore read as a line of text, and only rows of
several cells as table rows. PDF text is wrapped at the page width, so lines that do not end a
sentence are joined to the next, as they were written.
"""

from __future__ import annotations

import io
import re

import pdfplumber

from gongkai.importers.plaintext import heading_level
from gongkai.importers.tables import Grid, Part

# A line that ends a sentence, or a title (“…年度报告”), is not continued by the next.
_LINE_END = re.compile(r"(?:[。；！？：:;!?]|报告)$")
_SPACE = re.compile(r"\s+")
# Layout spaces PDF text carries between Chinese and digits (“2024 年”): not in the text.
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_PAGE_NUMBER = re.compile(r"^[-—－\s]*\d+[-—－\s]*$")


def read_pdf(data: bytes) -> list[Part]:
    """The lines and tables of the PDF, page by page, each page top to bottom."""
    items: list[str | list[str]] = []  # a line of text, or the cells of a table row
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            placed: list[tuple[float, str | list[str]]] = []  # by distance from the top
            tables = page.find_tables()
            boxes = [table.bbox for table in tables]
            for line in page.extract_text_lines():
                middle = (line["top"] + line["bottom"]) / 2
                if not any(top <= middle <= bottom for _x0, top, _x1, bottom in boxes):
                    placed.append((line["top"], _CJK_SPACE.sub("", line["text"])))
            for table in tables:
                for row, cells in zip(table.rows, table.extract(), strict=True):
                    # None marks a position covered by a merged cell: no cell of its own.
                    own = [cell for cell in cells if cell is not None]
                    if len(own) > 1:
                        placed.append((row.bbox[1], [_SPACE.sub("", cell) for cell in own]))
                    elif own:
                        placed.append((row.bbox[1], _CJK_SPACE.sub("", own[0].replace("\n", ""))))
            placed.sort(key=lambda item: item[0])
            items += [value for _top, value in placed]
    return _parts(items)


def _parts(items: list[str | list[str]]) -> list[Part]:
    parts: list[Part] = []
    grid: Grid | None = None
    open_line = False  # the last text line ended mid-sentence
    for value in items:
        if isinstance(value, list):
            if grid is None:
                grid = []
                parts.append(grid)
            grid.append(value)
            open_line = False
            continue
        line = value.strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        grid = None
        level = heading_level(line)
        if open_line and level is None and isinstance(parts[-1], str):
            parts[-1] += line
        else:
            parts.append(line)
        open_line = level is None and not _LINE_END.search(line)
    return parts
