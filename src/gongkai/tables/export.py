"""A table's numbers as plain data, for JSON and CSV.

Every cell has a stable key `<table>.<row>.<column>` (`t3.r3_7.natural_person`) and every
table a `<table>.format` column; these keys are the column names of the open-data CSV, so
they are never renamed or reused. Values: an int (counts), a float (amounts, in the unit of
the column's header: 万元), None for a blank cell, and the text as written for a value that
is not valid (GK302 reports it).
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.profiles import Profile
from gongkai.tables.resolve import Cell, ReportTables, Table

Value = int | float | str | None


def number_of(value: Value) -> int | float | None:
    """The exported value as a number, or None: a blank, or text that is not a valid number
    (bool is an int to Python, but never a table value)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def cell_value(cell: Cell) -> Value:
    if cell.value is not None:
        return float(cell.value) if isinstance(cell.value, Decimal) else cell.value
    if cell.raw is None or cell.raw.blank or cell.unread:
        return None
    return cell.raw.text


def table_rows(table: Table) -> list[dict[str, Value]]:
    """One mapping per row in the official order: `row` (its key), `label` (its label path
    joined with “ / ”), then each of the row's column keys with its value."""
    rows: list[dict[str, Value]] = []
    for group in table.layout.groups:
        for row in group.rows:
            entry: dict[str, Value] = {"row": row.key, "label": " / ".join(row.label)}
            for column in group.columns:
                entry[column.key] = cell_value(table.cells[row.key, column.key])
            rows.append(entry)
    return rows


def flat_cells(table: Table) -> dict[str, Value]:
    """`{"t3.format": "2021", "t3.r1.natural_person": 86, …}` in the official order."""
    spec = table.spec
    flat: dict[str, Value] = {f"{spec.id}.format": table.layout.version}
    for (row, column), _row, _column in table.layout.cell_list:
        flat[f"{spec.id}.{row}.{column}"] = cell_value(table.cells[row, column])
    return flat


def export_columns(profile: Profile) -> list[str]:
    """Every key a report of this type can have, each once: the header of a CSV with one
    row per report. Tables in profile order; in each, the keys of its formats in the
    order the profile lists them (a new format is listed last, so old columns keep their
    place)."""
    columns: dict[str, None] = {}
    for spec in profile.tables:
        columns[f"{spec.id}.format"] = None
        for layout in spec.formats:
            for _group, row, column in layout.cells():
                columns[f"{spec.id}.{row.key}.{column.key}"] = None
    return list(columns)


def export_row(tables: ReportTables, profile: Profile) -> dict[str, Value]:
    """One report's values under every key of `export_columns(profile)`; None where the
    report has no such table, or its format has no such cell."""
    row: dict[str, Value] = dict.fromkeys(export_columns(profile))
    for table in tables.tables.values():
        row.update(flat_cells(table))
    return row
