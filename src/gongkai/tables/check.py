"""The arithmetic of a table: which identities fail, which totals were left blank.

Blank is not 0: a blank cell means “not filled”. In sums a blank part counts as 0, but a
blank total whose parts are filled is not a wrong total, it is a missing one (上海 2019 left
the 总计 column of every result row blank). Such a total gets a table-total-blank warning,
and no identity that involves it is checked: its value is unknown, not 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.memo import memo
from gongkai.profiles.rowlabels import numbering, short
from gongkai.profiles.tablespec import Instance
from gongkai.tables.resolve import Cell, Number, Table


@dataclass(frozen=True)
class Failure:
    """An identity that does not hold: Σ left ≠ Σ right."""

    instance: Instance
    left: Number
    right: Number


@dataclass(frozen=True)
class BlankTotal:
    """A total left blank although some of its parts are filled."""

    cell: Cell
    instance: Instance
    parts: Number


@dataclass(frozen=True)
class Arithmetic:
    failures: tuple[Failure, ...]
    blank_totals: tuple[BlankTotal, ...]


def arithmetic(table: Table) -> Arithmetic:
    return memo(table, _arithmetic)


def _arithmetic(table: Table) -> Arithmetic:
    cells = table.cells
    instances = table.spec.instances[table.layout.version]
    # Plain dicts and sets, read many times below: a table has ~40 sums over ~200 cells.
    values: dict[tuple[str, str], Number] = {}
    blank: set[tuple[str, str]] = set()
    skip: set[tuple[str, str]] = set()
    for key, cell in cells.items():
        values[key] = cell.value or 0
        if cell.raw is None or cell.raw.blank:
            (skip if cell.unread else blank).add(key)
        elif cell.problem is not None:
            skip.add(key)
    blank_totals: dict[tuple[str, str], BlankTotal] = {}
    for instance in instances:
        if not instance.identity.total:
            continue
        total = instance.left[0]
        if total not in blank or total in blank_totals or not skip.isdisjoint(instance.right):
            continue
        if not blank.issuperset(instance.right):
            parts = sum(map(values.__getitem__, instance.right))
            blank_totals[total] = BlankTotal(cells[total], instance, parts)
    skip.update(blank_totals)
    failures = []
    for instance in instances:
        if skip and not skip.isdisjoint((*instance.left, *instance.right)):
            continue
        left = sum(map(values.__getitem__, instance.left))
        right = sum(map(values.__getitem__, instance.right))
        if left != right:
            failures.append(Failure(instance, left, right))
    return Arithmetic(tuple(failures), tuple(blank_totals.values()))


def cell_name(table: Table, key: tuple[str, str]) -> str:
    """How a message names a cell, as the printed table would: “三、（七）总计[自然人]”,
    “行政复议/总计” (表四 has no row labels)."""
    cell = table.cells[key]
    label = cell.row.label
    row = "".join(numbering(part) for part in label[:-1]) + short(label[-1]) if label else ""
    column = column_name(table, cell)
    return f"{row}[{column}]" if row else column


def column_name(table: Table, cell: Cell) -> str:
    layout = table.layout
    return layout.column_names[layout.groups.index(layout.group_of[cell.row.key]), cell.column.key]


def addends(table: Table, keys: tuple[tuple[str, str], ...]) -> str:
    """The filled values of a sum as written out: “258+3+14”; “0” when all are blank."""
    values = [format_number(table.cells[key].value) for key in keys if not table.cells[key].blank]
    return "+".join(v for v in values if v) or "0"


def format_number(value: Number | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else f"{value.normalize():f}"
