"""Rows read from a published table → a ```gongkai-table block, by tolerant label matching.

A grid row is its label cells followed by its value cells. The label that names the row is
the last label cell (“1.属于国家秘密”, not the “（三）不予公开” it is grouped under); it is
matched by its core (`gongkai.profiles.rowlabels.core`), and failing that by similarity, because
published labels carry typos (“其他法律行政止公开”). A table is mapped whole or not at all:
a block is written only when every row of one of its formats was read with the right number
of values and nothing with values is left over. Anything less is reported and kept out
(`placement`), never guessed at nor filled in part: a row left out of a block reads as
blank, and the checks count a blank part as 0 in the table's sums.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from gongkai.bilingual import Note
from gongkai.model.tableblock import INFO_STRING
from gongkai.numerals import NUMERALS
from gongkai.profiles.rowlabels import core, numbering, short
from gongkai.profiles.tablespec import Column, Layout, Row, TableSpec

Grid = list[list[str]]
Part = str | Grid  # a paragraph line or a table, in document order

# A value cell: a number (amounts may carry their unit), or a blank or dash for “none”.
_VALUE = re.compile(r"[-+]?\d+(?:\.\d+)?(?:万元|元)?|")
_BLANK = frozenset({"", "-", "—", "－", "/", "／"})
# A table with more rows that fit nowhere is not understood: naming them all helps no one.
_NOTES = 10
# Below this similarity a label is not taken to be a typo of an official one.
_SIMILAR = 0.8
# What is not the number itself in a label's numbering: brackets, dots, 、.
_DIGITS = re.compile(rf"[^0-9{NUMERALS}]")
# Characters that stop a label from being a plain YAML key.
_YAML_SPECIAL = re.compile(r"[:#,\[\]{}&*!|>'\"%@`?]|^[-\s]")


@dataclass
class Mapped:
    """A table's block (None: it was not recovered whole) and what could not be mapped."""

    block: str | None
    notes: list[Note] = field(default_factory=list)


def is_value(cell: str) -> bool:
    """Whether a cell holds a value (a number, or blank or a dash for “none”), not a label."""
    cleaned = cell.replace(",", "").replace("，", "").strip()
    return cleaned in _BLANK or _VALUE.fullmatch(cleaned) is not None


def _split(cells: list[str]) -> tuple[list[str], list[str]]:
    """A row's label cells and its trailing value cells."""
    cleaned = [cell.replace(",", "").replace("，", "").strip() for cell in cells]
    start = len(cleaned)
    while start > 0 and is_value(cleaned[start - 1]):
        start -= 1
    # A label merged across columns fills each of them: keep it once.
    labels = list(dict.fromkeys(cell for cell in cells[:start] if cell))
    return labels, ["~" if v in _BLANK else v for v in cleaned[start:]]


def _fit(values: list[str], expected: int) -> list[str]:
    """The row's values without the blank cells around them that are not its own: empty
    label cells under a merged label before them, a ragged header's empty columns after.
    Only blanks are dropped, and only from one side: anything else is the row's as read."""
    extra = len(values) - expected
    if extra <= 0 or expected == 0:
        return values
    if all(v == "~" for v in values[:extra]):
        return values[extra:]
    if all(v == "~" for v in values[expected:]):
        return values[:expected]
    return values


def _match(layout: Layout, label: str) -> Row | None:
    key = core(label)
    found = layout.row_index.get(key)
    if found is None or not found.label:
        cores = [core(row.label[-1]) for row in layout.rows if row.label]
        close = difflib.get_close_matches(key, cores, n=2, cutoff=_SIMILAR)
        # Two equally near candidates make the label ambiguous: better reported than guessed.
        if not close or (
            len(close) == 2
            and difflib.SequenceMatcher(None, key, close[0]).ratio()
            == difflib.SequenceMatcher(None, key, close[1]).ratio()
        ):
            return None
        found = layout.row_index[close[0]]
    # Short labels recur (“（九）其他” is not “（六）其他处理 / 3.其他”): where both are
    # numbered, the numbers must agree.
    mine, theirs = _number(label), _number(found.label[-1])
    return found if not (mine and theirs) or mine == theirs else None


def _number(label: str) -> str:
    return _DIGITS.sub(
        "", numbering(unicodedata.normalize("NFKC", label).replace("(", "（").replace(")", "）"))
    )


def _key(row: Row) -> str:
    label = short(row.label[-1])
    label = label[len(numbering(label)) :]
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(label, ensure_ascii=False) if _YAML_SPECIAL.search(label) else label


# Longer than any row of the national tables written out: a paragraph. (The pattern below
# is quadratic on a long line of numbers that ends in a word.)
_ROW_CHARS = 200
# A line of text that is a table row: its label, then its values, separated by spaces
# (“行政许可 97”, as PDF conversions write the rows of 表二).
_TEXT_ROW = re.compile(r"^(?P<label>\S.*?\S)(?P<values>(?:[ \t\u3000]+[-+]?\d+(?:\.\d+)?)+)$")


def text_row(line: str) -> list[str] | None:
    """The cells of a line of text written as a table row, None for any other line."""
    if len(line) > _ROW_CHARS:
        return None
    found = _TEXT_ROW.match(line.strip())
    if found is None or is_value(found["label"]):
        return None
    return [found["label"], *found["values"].split()]


def map_table(spec: TableSpec, year: int | None, material: list[Part]) -> Mapped:
    """The block for table `spec` from what its section holds of it, in order: grids, and
    lines of text (captions, rows written as text). A block is written only when every row
    of a format was found with the right number of values and no row with values is left
    over: a table recovered in part would read its missing rows as blank, which the checks
    count as 0 in sums, and a row that fits nowhere means the table was not understood.
    The format of the report's year is tried first, then the others, because some reports
    keep the previous format (2019's single （六）其他处理 row in a 2023 report)."""
    preferred = spec.layout_for_year(year)
    layouts = [preferred, *(layout for layout in spec.formats if layout is not preferred)]
    first: Mapped | None = None
    for layout in layouts:
        mapped = map_layout(spec, layout, material)
        if mapped.block is not None:
            return mapped
        first = first or mapped
    assert first is not None  # a spec has at least one format
    return first


def map_layout(spec: TableSpec, layout: Layout, material: list[Part]) -> Mapped:
    """The block for table `spec` in format `layout` (see `map_table`)."""
    name = f"表{spec.number}"
    if len(layout.rows) == 1 and not layout.rows[0].label:
        return _one_row(spec, layout, material)
    mapped = Mapped(None)
    found: dict[str, list[str]] = {}
    doubtful = False  # a row with values that fits nowhere: the table is not understood
    for grid_row in _rows(material):
        if len(mapped.notes) >= _NOTES:
            mapped.notes.append(
                Note(
                    f"{name}：还有更多无法识别的行，未一一列出",
                    f"table {spec.number}: more rows not recognised, not all listed",
                )
            )
            return mapped
        labels, values = _split(grid_row)
        if not labels:
            if any(v != "~" for v in values):
                row_values = " | ".join(values)
                mapped.notes.append(
                    Note(
                        f"{name}：一行数值没有行名「{row_values}」",
                        f"table {spec.number}: a row of values without a label “{row_values}”",
                    )
                )
                doubtful = True
            continue
        row = _match(layout, labels[-1])
        expected = len(layout.group_of[row.key].columns) if row else 0
        values = _fit(values, expected)
        blank = all(v == "~" for v in values)
        if not values or (blank and (row is None or len(values) != expected)):
            continue  # a header row: labels, and perhaps empty cells, no values
        if row is None:
            row_labels = " | ".join(labels)
            mapped.notes.append(
                Note(
                    f"{name}：未能识别的行「{row_labels}」，未写入表格块",
                    f"table {spec.number}: row “{row_labels}” not recognised, "
                    "not written into the table block",
                )
            )
            doubtful = True
        elif len(values) != expected:
            mapped.notes.append(
                Note(
                    f"{name}：「{labels[-1]}」有 {len(values)} 个数值，应为 {expected} 个，"
                    "未写入表格块",
                    f"table {spec.number}: “{labels[-1]}” has {len(values)} values where "
                    f"{expected} belong; not written into the table block",
                )
            )
            doubtful = True
        elif row.key not in found:
            found[row.key] = values
        elif found[row.key] != values:
            mapped.notes.append(
                Note(
                    f"{name}：「{labels[-1]}」出现两次，数值不同",
                    f"table {spec.number}: “{labels[-1]}” appears twice with different values",
                )
            )
            doubtful = True
    missing = [short(row.label[-1]) for row in layout.rows if row.key not in found]
    if missing:
        mapped.notes.append(
            Note(
                f"{name}：原文中未找到这些行，请手工补录：{'、'.join(missing)}",
                f"table {spec.number}: rows not found in the source, to be entered by hand: "
                + ", ".join(missing),
            )
        )
    if missing or doubtful:
        return mapped
    lines = [f"```{INFO_STRING}", f"table: {spec.number}", f"format: {layout.version}", "rows:"]
    lines += [f"  {_key(row)}: [{', '.join(found[row.key])}]" for row in layout.rows]
    lines.append("```")
    mapped.block = "\n".join(lines)
    return mapped


def _rows(material: list[Part]) -> list[list[str]]:
    """The table rows in `material`: each grid's, and each line of text written as a row."""
    rows: list[list[str]] = []
    for part in material:
        if isinstance(part, list):
            rows += part
        elif (cells := text_row(part)) is not None:
            rows.append(cells)
    return rows


def _one_row(spec: TableSpec, layout: Layout, material: list[Part]) -> Mapped:
    """表四: one row of numbers under its headers, without a label. Some conversions print
    it as sub-tables, one per group of columns (行政复议, 未经复议直接起诉, 复议后起诉), each
    under a caption naming its group: those are joined in the order the format gives. As
    for the other tables, a row of values left over means the table was not understood."""
    name = f"表{spec.number}"
    columns = layout.groups[0].columns
    # The sub-tables' names: the header path of their columns above the last level.
    groups: dict[str, list[Column]] = {}
    for column in columns:
        groups.setdefault(column.label[-2] if len(column.label) > 1 else "", []).append(column)
    caption = ""
    whole: list[list[str]] = []
    pieces: dict[str, list[list[str]]] = {}
    stray = False
    for part in material:
        if not isinstance(part, list):
            caption = unicodedata.normalize("NFKC", part)
            continue
        for grid_row in part:
            labels, values = _split(grid_row)
            named = [group for group in groups if group and group in caption]
            if len(values) == len(columns):
                whole.append(values)  # header labels may run into it, written one cell a line
            elif labels or not values or all(v == "~" for v in values):
                continue  # a header row
            elif len(named) == 1 and len(values) == len(groups[named[0]]):
                pieces.setdefault(named[0], []).append(values)
            else:
                stray = True
    joined = [v for group in groups for v in pieces[group][0]] if set(pieces) == set(groups) else []
    found = [*whole, *([joined] if joined else [])]
    one = all(len(rows) == 1 for rows in pieces.values())
    if not stray and found and one and all(row == found[0] for row in found):
        return Mapped(_cells_block(spec, layout, found[0]))
    return Mapped(
        None,
        [
            Note(
                f"{name}：未能确定与表头对应的那一行数值",
                f"table {spec.number}: the row of values under the headers could not be told",
            )
        ],
    )


def _cells_block(spec: TableSpec, layout: Layout, cells: list[str]) -> str:
    return "\n".join(
        [
            f"```{INFO_STRING}",
            f"table: {spec.number}",
            f"format: {layout.version}",
            f"cells: [{', '.join(cells)}]",
            "```",
        ]
    )


# Web text that writes a table one cell a line, each cell ended by “ |”, and the empty cells
# of merged or blank positions as runs of bare “|” (“|||”); a cell's text may also stand on
# a line of its own, its “|” on the next. Row ends are not written. Other pages write a row
# a line, each cell ended by “|” (“规章 | 0 | 0 | 0 |”, “第二十条第(一)项 | |||”).
_CELL_LINE = re.compile(r"^[^|].*\|$")
_PIPES = re.compile(r"^\|+$")
# Fewer cell lines than this are a stray “|”, not a table.
_STREAM_MIN = 4


def cell_streams(lines: list[str]) -> dict[int, tuple[int, Grid]]:
    """The tables written one cell a line: start index → (end index, the table)."""
    found: dict[int, tuple[int, Grid]] = {}
    index = 0
    while index < len(lines):
        end, cells = index, 0
        while end < len(lines):
            line = lines[end].strip()
            following = lines[end + 1].strip() if end + 1 < len(lines) else ""
            if _CELL_LINE.match(line) or (line and "|" not in line and _PIPES.match(following)):
                cells += 1
            elif not _PIPES.match(line):
                break
            end += 1
        if cells >= _STREAM_MIN:
            found[index] = (end, _stream_grid(lines[index:end]))
        # A run too short to be a table is skipped whole: any later start in it would give
        # a part of it (and scanning each part again is quadratic on a page of bare “|”).
        index = max(end, index + 1)
    return found


def _stream_grid(lines: list[str]) -> Grid:
    """The rows of a table written one row a line (each line a row), or one cell a line.
    Where the page padded every row of the latter to the table's width with empty cells,
    the first row (a caption and its padding) gives that width, and every row then starts
    with a label. Otherwise a row is its label cells and then its value cells, as the
    official tables are laid out: it ends where the next label begins."""
    stripped = [line.strip() for line in lines]
    if any("|" in line[:-1] and not _PIPES.match(line) for line in stripped):
        # A row a line: bare “|” lines are padding, a line without “|” a cell of its own.
        return [
            [cell.strip() for cell in line.removesuffix("|").split("|")]
            for line in stripped
            if not _PIPES.match(line)
        ]
    cells = [cell.strip() for cell in "".join(stripped).split("|")[:-1]]
    grid: Grid = []
    values = False  # whether the row being read has reached its values
    for cell in cells:
        value = is_value(cell)
        if not grid or (values and not value):
            grid.append([])
            values = False
        grid[-1].append(cell)
        values = values or value
    width = len(grid[0]) if grid else 0
    rows = [cells[start : start + width] for start in range(0, len(cells), width or 1)]
    if width > 1 and all(not is_value(row[0]) for row in rows):
        return rows
    return grid


def grid_text(grid: Grid) -> str:
    """A table that could not be mapped, as a Markdown table: its first row is the header."""
    width = max((len(row) for row in grid), default=0)
    if width == 0:
        return ""
    rows = [[cell.replace("|", "\\|") for cell in row] + [""] * (width - len(row)) for row in grid]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)
