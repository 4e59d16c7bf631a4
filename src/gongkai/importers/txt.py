"""Text as copied from a published page: paragraphs one a line, tables as `| a | b |` lines."""

from __future__ import annotations

from gongkai.importers.tables import Grid, Part


def read_txt(text: str) -> list[Part]:
    """The paragraphs and tables of the text, in order; a run of `|` lines is one table."""
    parts: list[Part] = []
    grid: Grid | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if grid is None:
                grid = []
                parts.append(grid)
            grid.append([cell.strip() for cell in line.strip("|").split("|")])
        else:
            grid = None
            if line:
                parts.append(line)
    return parts
