"""A report's table blocks read against its report type's table specs.

`tables_of(report, profile)` is what rules and the site use: for each table the report
carries, every cell of its format with the value as a number, or blank, or why it is not a
valid value; and every problem in how the block names its table, format, rows or columns.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from gongkai.memo import memo
from gongkai.model.report import Report
from gongkai.model.tableblock import BlockProblem, RawRow, Scalar, TableBlock
from gongkai.model.tables import table_blocks
from gongkai.profiles import Profile
from gongkai.profiles.recognise import locate_contents
from gongkai.profiles.rowlabels import core, short
from gongkai.profiles.tablespec import Column, Layout, Row, TableSpec

Number = int | Decimal
CellProblem = Literal["negative", "fraction", "not-number", "unit-missing", "unit-mismatch"]
IssueKind = Literal[
    "unknown-table",
    "duplicate-table",
    "unknown-format",
    "format-not-in-force",
    "wrong-section",
    "cells-not-one-row",
    "unknown-row",
    "duplicate-row",
    "unknown-column",
    "ambiguous-column",
    "duplicate-column",
    "wrong-count",
]

_COUNT = re.compile(r"\d+")
_CHANGE = re.compile(r"[+-]?\d+")
_AMOUNT = re.compile(r"(?P<number>\d+(?:\.\d+)?) *(?P<unit>万元|元)?")
_NUMBER_WITH_WORDS = re.compile(r"-?\d+(?:\.\d+)?")
_PER_WAN = Decimal(10_000)


class Cell(NamedTuple):  # a tuple: a report has about 250 cells, and tuples are cheap
    """One cell of a table: blank (nothing written), a number, or a problem.

    `unread` cells belong to a row that could not be read (wrong number of values, an
    unknown column): the block finding says why, and no sum is checked over them.
    """

    row: Row
    column: Column
    raw: Scalar | None
    line: int
    col: int
    value: Number | None = None
    problem: CellProblem | None = None
    unread: bool = False

    @property
    def blank(self) -> bool:
        return not self.unread and (self.raw is None or self.raw.blank)

    @property
    def usable(self) -> bool:
        """Whether the cell takes part in sums: a number, or blank (counted as 0)."""
        return not self.unread and self.problem is None


@dataclass(frozen=True)
class TableIssue:
    """A problem in how a block names its table, format, rows or columns."""

    kind: IssueKind
    line: int
    col: int
    args: dict[str, str | int] = field(default_factory=dict)


@dataclass
class Table:
    spec: TableSpec
    layout: Layout
    block: TableBlock
    cells: dict[tuple[str, str], Cell]  # by (row key, column key); layout.cell_list orders them
    # Views derived once and shared by several rules (the arithmetic): see gongkai.memo.
    memo_store: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[row, column]

    def number(self, row: str, column: str) -> Number:
        """The cell's value for arithmetic: blank counts as 0."""
        return self.cells[row, column].value or 0


@dataclass
class ReportTables:
    tables: dict[str, Table] = field(default_factory=dict)  # by spec id
    # Spec ids some block is, or may be, for: a block whose YAML cannot be read counts for
    # the table of the section it is in, so its table is not also reported missing.
    claimed: set[str] = field(default_factory=set)
    problems: list[tuple[TableBlock, BlockProblem]] = field(default_factory=list)
    issues: list[TableIssue] = field(default_factory=list)


def tables_of(report: Report, profile: Profile) -> ReportTables:
    """The report's tables read against the profile's specs (computed once, then cached)."""
    return memo(report, _resolve, profile)


def _resolve(report: Report, profile: Profile) -> ReportTables:
    result = ReportTables()
    blocks = table_blocks(report)
    if not blocks:
        return result
    by_name = {name: spec for spec in profile.tables for name in _names(spec)}
    year = report.fields.get("year")
    for block in blocks:
        result.problems.extend((block, problem) for problem in block.problems)
        if block.table is None:
            result.claimed.update(
                spec.id for spec in profile.tables if _inside(report, profile, spec, block)
            )
            continue
        spec = by_name.get(core(block.table.text))
        if spec is None:
            known = "、".join(table.number for table in profile.tables) or "—"
            result.issues.append(
                _issue("unknown-table", block.table, table=block.table.text, known=known)
            )
            continue
        result.claimed.add(spec.id)
        if spec.id in result.tables:
            first = result.tables[spec.id].block.line
            result.issues.append(
                _issue("duplicate-table", block.table, number=spec.number, first=first)
            )
            continue
        layout = _layout(spec, block, year if isinstance(year, int) else None, result)
        if layout is None:
            continue
        misplaced = _misplaced(report, profile, spec, block)
        if misplaced:
            result.issues.append(
                _issue("wrong-section", block.table, number=spec.number, section=misplaced)
            )
        result.tables[spec.id] = _read(spec, layout, block, result.issues)
    return result


def _names(spec: TableSpec) -> tuple[str, ...]:
    return (spec.number, f"表{spec.number}", spec.id)


def _issue(kind: IssueKind, at: Scalar, **args: str | int) -> TableIssue:
    return TableIssue(kind, at.line, at.col, args)


def _layout(
    spec: TableSpec, block: TableBlock, year: int | None, result: ReportTables
) -> Layout | None:
    if block.format is None or block.format.blank:
        return spec.layout_for_year(year)
    layout = spec.layout(unicodedata.normalize("NFKC", block.format.text).strip())
    if layout is None:
        known = "、".join(version.version for version in spec.formats)
        result.issues.append(
            _issue("unknown-format", block.format, format=block.format.text, known=known)
        )
        return None
    in_force = spec.layout_for_year(year) if year is not None else layout
    if year is not None and layout is not in_force:
        # Read as written (its rows are the older format's), but the report used the wrong
        # form: the 2019 trial format after the 2021 one replaced it, or the other way round.
        result.issues.append(
            _issue(
                "format-not-in-force",
                block.format,
                format=layout.version,
                year=year,
                expected=in_force.version,
            )
        )
    return layout


def _misplaced(report: Report, profile: Profile, spec: TableSpec, block: TableBlock) -> str:
    """The title of the section the block should be in, if that section is found and the
    block is not inside it; '' otherwise (a missing section is GK101's to report)."""
    items = locate_contents(report, profile)[spec.section].items
    if not items or _inside(report, profile, spec, block):
        return ""
    return items[0].title


def _inside(report: Report, profile: Profile, spec: TableSpec, block: TableBlock) -> bool:
    items = locate_contents(report, profile)[spec.section].items
    return any(item.start <= block.start < item.end for item in items)


def _read(spec: TableSpec, layout: Layout, block: TableBlock, issues: list[TableIssue]) -> Table:
    assert block.table is not None  # blocks without `table:` are not read
    anchor = block.table
    given: dict[tuple[str, str], Cell] = {}
    seen_rows: set[str] = set()
    for raw in block.rows:
        row = _row(raw, layout, anchor, issues)
        if row is None:
            continue
        if row.key in seen_rows:
            issues.append(_issue("duplicate-row", raw.label or anchor, **_row_names(spec, row)))
            continue
        seen_rows.add(row.key)
        given.update(_cells(spec, raw, row, layout, raw.label or anchor, issues))
    if len(given) < len(layout.cell_list):  # cells of rows left out: blank, at the block
        for key, row, column in layout.cell_list:
            if key not in given:
                given[key] = Cell(row=row, column=column, raw=None, line=block.line, col=block.col)
    return Table(spec, layout, block, given)


def _row(raw: RawRow, layout: Layout, anchor: Scalar, issues: list[TableIssue]) -> Row | None:
    rows = layout.rows
    if raw.label is None:
        if len(rows) == 1:
            return rows[0]
        issues.append(_issue("cells-not-one-row", anchor))
        return None
    row = layout.row_index.get(raw.label.text) or layout.row_index.get(core(raw.label.text))
    if row is None:
        labels = [core(r.label[-1]) for r in rows if r.label]
        close = difflib.get_close_matches(core(raw.label.text), labels, n=1, cutoff=0.5)
        suggestion = close[0] if close else ""
        issues.append(_issue("unknown-row", raw.label, label=raw.label.text, suggestion=suggestion))
    return row


def _row_names(spec: TableSpec, row: Row) -> dict[str, str | int]:
    """How block findings name a row: “（一）予以公开”一行, or the table for 表四's one row."""
    if not row.label:
        return {"row_zh": f"表{spec.number}", "row_en": f"table {spec.number}"}
    label = short(row.label[-1])
    return {"row_zh": f"“{label}”一行", "row_en": f"the row '{label}'"}


def _cells(
    spec: TableSpec, raw: RawRow, row: Row, layout: Layout, at: Scalar, issues: list[TableIssue]
) -> dict[tuple[str, str], Cell]:
    position = layout.position_of[row.key]
    columns = layout.groups[position].columns

    def problem(kind: IssueKind, where: Scalar, **args: str | int) -> None:
        names = "、".join(layout.column_names[position, c.key] for c in columns)
        issues.append(_issue(kind, where, columns=names, **args, **_row_names(spec, row)))

    key = row.key
    if raw.by_position and len(raw.cells) == len(columns):  # the usual row, made quickly
        return {
            (key, column.key): _cell(row, column, value)
            if column.kind == "amount" or not (value.text.isdigit() and value.text.isascii())
            else Cell(
                row=row,
                column=column,
                raw=value,
                line=value.line,
                col=value.col,
                value=int(value.text),
            )
            for column, (_n, value) in zip(columns, raw.cells, strict=True)
        }
    pairs: list[tuple[Column, Scalar]] = []
    readable = True
    if raw.by_position:
        if len(raw.cells) != len(columns):
            problem("wrong-count", at, expected=len(columns), given=len(raw.cells))
            readable = False
        pairs = [(column, value) for column, (_n, value) in zip(columns, raw.cells, strict=False)]
    else:
        index = layout.column_index[position]
        for name, value in raw.cells:
            assert name is not None  # a mapping row names every value
            column, ambiguous = _column(name.text, index)
            if column is None:
                problem(
                    "ambiguous-column" if ambiguous else "unknown-column", name, label=name.text
                )
                readable = False
            elif any(column is seen for seen, _v in pairs):
                problem("duplicate-column", name, label=name.text)
                readable = False
            else:
                pairs.append((column, value))
    if not readable:
        return {
            (key, column.key): Cell(
                row=row, column=column, raw=None, line=at.line, col=at.col, unread=True
            )
            for column in columns
        }
    cells = {(key, column.key): _cell(row, column, value) for column, value in pairs}
    if len(cells) < len(columns):  # columns a mapping row leaves out: blank, at the row
        for column in columns:
            cells.setdefault(
                (key, column.key),
                Cell(row=row, column=column, raw=None, line=at.line, col=at.col),
            )
    return cells


def _column(text: str, index: dict[str, Column | None]) -> tuple[Column | None, bool]:
    """The column a label names, and whether it fits several (“总计” in 表四)."""
    path = "/".join(core(part) for part in text.split("/"))
    for candidate in (text, core(text), path):
        if candidate in index:
            column = index[candidate]
            return column, column is None
    return None, False


def _cell(row: Row, column: Column, raw: Scalar) -> Cell:
    text = raw.text
    if raw.blank:
        return Cell(row=row, column=column, raw=raw, line=raw.line, col=raw.col)
    text = unicodedata.normalize("NFKC", raw.text).strip()
    value: Number | None = None
    problem: CellProblem | None = None
    if column.kind == "count":
        if _COUNT.fullmatch(text):
            value = int(text)
        else:
            problem = _number_problem(text)
    elif column.kind == "change":
        if _CHANGE.fullmatch(text):
            value = int(text)
        else:
            problem = "fraction" if _NUMBER_WITH_WORDS.fullmatch(text) else "not-number"
    else:
        value, problem = _amount(text, column)
    return Cell(
        row=row, column=column, raw=raw, line=raw.line, col=raw.col, value=value, problem=problem
    )


def _number_problem(text: str) -> CellProblem:
    found = _NUMBER_WITH_WORDS.fullmatch(text)
    if found and text.startswith("-"):
        return "negative"
    if found:
        return "fraction"
    return "not-number"


def _amount(text: str, column: Column) -> tuple[Number | None, CellProblem | None]:
    found = _AMOUNT.fullmatch(text)
    if found is None:
        return None, "negative" if text.startswith("-") else "not-number"
    number, unit = Decimal(found.group("number")), found.group("unit")
    if unit is None:
        return (None, "unit-missing") if column.unit_in_cell else (number, None)
    if unit != column.unit and not column.unit_in_cell:
        return None, "unit-mismatch"
    if unit == "元" and column.unit == "万元":
        number /= _PER_WAN
    return number, None
