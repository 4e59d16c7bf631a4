"""Text as copied from a published page: paragraphs one a line, tables as `| a | b |` lines,
or one cell a line (`tables.cell_streams`).

Some texts were saved from a Markdown rendering and keep its `#` heading marks: those lines
are headings at their marked level, whatever their numbering says.
"""

from __future__ import annotations

import re

from gongkai.importers.blocks import Block, Heading
from gongkai.importers.plaintext import recover_lines
from gongkai.importers.tables import Grid, cell_streams

_MARKED_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")


def read_txt(text: str) -> list[Block]:
    """The paragraphs and tables of the text, in order; a run of `|` lines is one table."""
    parts: list[Block] = []
    grid: Grid | None = None
    # Line breaks first: a table's `|` lines must stand alone to be read as its rows.
    lines = recover_lines(text.splitlines())
    streams = cell_streams(lines)
    skip_to = 0
    for number, raw in enumerate(lines):
        if number < skip_to:
            continue
        if number in streams:
            skip_to, stream = streams[number]
            parts.append(stream)
            grid = None
            continue
        line = raw.strip()
        if line.startswith("|"):
            if grid is None:
                grid = []
                parts.append(grid)
            grid.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        grid = None
        marked = _MARKED_HEADING.match(line)
        if marked:
            # Heading levels count as Word's do: `#` is the title, `##` a 一、 heading.
            parts.append(Heading(marked[2], max(len(marked[1]) - 1, 1)))
        elif line:
            parts.append(line)
    return parts
