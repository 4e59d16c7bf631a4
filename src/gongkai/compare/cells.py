"""This year's table cells beside last year's, matched by their stable key
(`<table>.<row>.<column>`, see gongkai.tables.export), so that the 2019 and 2021 formats line
up wherever they share a row and show the rows only one of them has as such.

A blank cell is not 0: a blank beside a number has no change. A change is given for two
numbers; a percentage only where last year's number is not 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from gongkai.profiles import Profile
from gongkai.profiles.tablespec import Layout, Row, TableSpec
from gongkai.rules.gk308_carry_over_mismatch import CARRIED_FORWARD, CARRIED_OVER, CARRY_TABLE
from gongkai.tables.export import Value, number_of

Cells = Mapping[str, Value]


@dataclass(frozen=True)
class CellDelta:
    key: str
    previous: Value
    current: Value
    # Whether each year's table format has this cell at all (a blank cell it has is None).
    in_previous: bool = True
    in_current: bool = True

    @property
    def delta(self) -> int | float | None:
        a, b = number_of(self.previous), number_of(self.current)
        if a is None or b is None:
            return None
        change = b - a
        return round(change, 4) if isinstance(change, float) else change

    @property
    def percent(self) -> float | None:
        a, change = number_of(self.previous), self.delta
        if a is None or change is None or a == 0:
            return None
        return round(change / abs(a) * 100, 1)


@dataclass(frozen=True)
class RowDelta:
    key: str
    label: str
    cells: tuple[CellDelta, ...]
    only: str | None = None  # "previous" or "current": the other year's format lacks the row


@dataclass(frozen=True)
class GroupDelta:
    caption: str | None
    corner: str
    columns: tuple[tuple[str, str], ...]  # (key, name)
    rows: tuple[RowDelta, ...]
    only: str | None = None  # "previous" or "current": cells only that year's format has


@dataclass(frozen=True)
class TableDelta:
    id: str
    number: str  # 二, 三, 四
    title: str
    previous_format: str | None  # None: that year's report has no such table
    current_format: str | None
    groups: tuple[GroupDelta, ...]

    def cells(self) -> list[CellDelta]:
        return [cell for group in self.groups for row in group.rows for cell in row.cells]


class Agreement(StrEnum):
    agree = "agree"
    disagree = "disagree"
    unknown = "unknown"  # a blank, a missing table or an unreadable value: nothing to check


@dataclass(frozen=True)
class CarryOver:
    """Last year's 结转下年度继续办理 beside this year's 上年结转 for one column (GK308's pair)."""

    column: str
    forward: CellDelta  # previous: last year's r4; current: this year's r2

    @property
    def agreement(self) -> Agreement:
        a, b = number_of(self.forward.previous), number_of(self.forward.current)
        if a is None or b is None:
            return Agreement.unknown
        return Agreement.agree if a == b else Agreement.disagree


def _layout(spec: TableSpec, cells: Cells) -> Layout | None:
    version = cells.get(f"{spec.id}.format")
    return spec.layout(version) if isinstance(version, str) else None


def compare_tables(profile: Profile, previous: Cells, current: Cells) -> list[TableDelta]:
    """Every table either year has, cell by cell; `previous` is empty when there is no
    report for last year (every change is then absent, none is 0)."""
    tables = []
    for spec in profile.tables:
        before, now = _layout(spec, previous), _layout(spec, current)
        base = now or before
        if base is None:
            continue
        groups = []
        for index, group in enumerate(base.groups):
            columns = tuple(
                (column.key, base.column_names[index, column.key]) for column in group.columns
            )
            rows = []
            for row, only in _rows(base, before, now, index):
                rows.append(
                    RowDelta(
                        row.key,
                        " / ".join(row.label),
                        tuple(
                            _delta(spec.id, row.key, key, before, now, previous, current)
                            for key, _name in columns
                        ),
                        only,
                    )
                )
            groups.append(GroupDelta(group.caption, group.corner, columns, tuple(rows)))
        shown = {cell.key for g in groups for row in g.rows for cell in row.cells}
        other = before if base is now else now
        if other is not None:
            only = "previous" if base is now else "current"
            groups += _leftover(spec.id, other, shown, only, (before, now, previous, current))
        tables.append(
            TableDelta(
                spec.id,
                spec.number,
                spec.title.zh,
                before.version if before else None,
                now.version if now else None,
                tuple(groups),
            )
        )
    return tables


def _rows(
    base: Layout, before: Layout | None, now: Layout | None, index: int
) -> list[tuple[Row, str | None]]:
    """The rows of `base`'s group `index`, each with the year it alone has (or None), and
    the rows only the other format has placed after the row they follow there."""
    other = before if base is now else now
    only_here = "current" if base is now else "previous"
    only_there = "previous" if base is now else "current"
    other_keys = {row.key for row in other.rows} if other else set()
    rows: list[tuple[Row, str | None]] = [
        (row, None if other is None or row.key in other_keys else only_here)
        for row in base.groups[index].rows
    ]
    if other is None:
        return rows
    base_keys = {row.key for row in base.rows}
    anchor: str | None = None  # the last shared row seen: other-only rows follow it
    for row in other.rows:
        if row.key in base_keys:
            anchor = row.key
            continue
        if (base.position_of[anchor] if anchor else 0) != index:
            continue
        at = next((i for i, (r, _o) in enumerate(rows) if r.key == anchor), -1)
        # After the anchor and the other-only rows already placed after it.
        while at + 1 < len(rows) and rows[at + 1][1] == only_there:
            at += 1
        rows.insert(at + 1, (row, only_there))
    return rows


def _leftover(
    table: str,
    other: Layout,
    shown: set[str],
    only: str,
    years: tuple[Layout | None, Layout | None, Cells, Cells],
) -> list[GroupDelta]:
    """The cells of the other year's format that the first's rows and columns leave out
    (表二's 2019 上年项数/本年增减 columns, say), as groups of their own."""
    groups = []
    for index, group in enumerate(other.groups):
        missing = [
            (row, column)
            for row in group.rows
            for column in group.columns
            if f"{table}.{row.key}.{column.key}" not in shown
        ]
        if not missing:
            continue
        columns = [c for c in group.columns if any(c is m for _r, m in missing)]
        rows = [r for r in group.rows if any(r is m for m, _c in missing)]
        groups.append(
            GroupDelta(
                group.caption,
                group.corner,
                tuple((c.key, other.column_names[index, c.key]) for c in columns),
                tuple(
                    RowDelta(
                        row.key,
                        " / ".join(row.label),
                        tuple(_delta(table, row.key, c.key, *years) for c in columns),
                    )
                    for row in rows
                ),
                only,
            )
        )
    return groups


def _delta(
    table: str,
    row: str,
    column: str,
    before: Layout | None,
    now: Layout | None,
    previous: Cells,
    current: Cells,
) -> CellDelta:
    key = f"{table}.{row}.{column}"
    return CellDelta(
        key,
        previous.get(key),
        current.get(key),
        in_previous=_has(before, row, column),
        in_current=_has(now, row, column),
    )


def _has(layout: Layout | None, row: str, column: str) -> bool:
    if layout is None or row not in layout.group_of:
        return False
    return any(c.key == column for c in layout.group_of[row].columns)


def carry_overs(profile: Profile, previous: Cells, current: Cells) -> list[CarryOver]:
    """Per column of 表三, the pair GK308 checks: last year's r4 and this year's r2."""
    spec = next((s for s in profile.tables if s.id == CARRY_TABLE), None)
    if spec is None:
        return []
    before, now = _layout(spec, previous), _layout(spec, current)
    base = now or before
    if base is None or CARRIED_OVER not in base.group_of:
        return []
    index = base.position_of[CARRIED_OVER]
    pairs = []
    for column in base.group_of[CARRIED_OVER].columns:
        forward = f"{CARRY_TABLE}.{CARRIED_FORWARD}.{column.key}"
        over = f"{CARRY_TABLE}.{CARRIED_OVER}.{column.key}"
        cell = CellDelta(
            f"{forward}→{over}",
            previous.get(forward),
            current.get(over),
            in_previous=_has(before, CARRIED_FORWARD, column.key),
            in_current=_has(now, CARRIED_OVER, column.key),
        )
        pairs.append(CarryOver(base.column_names[index, column.key], cell))
    return pairs
