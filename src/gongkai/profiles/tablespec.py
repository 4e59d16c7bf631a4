"""What a report type's tables look like: data from the profile YAML, validated on load.

A table (表二/表三/表四 of the 政府信息公开 report) has one layout per format version of the
national format (2019 trial, 2021). A layout is a list of groups, each with its own columns
and rows; 表二 has four (第二十条第（一）（五）（六）（八）项), 表三 and 表四 one each. Every row and
column has a stable key, so a cell's key `<table>.<row>.<column>` (e.g.
`t3.r3_7.natural_person`) never changes while the printed labels may.

Identities (T3-A …) are stated once per table over row and column keys; `*` patterns let one
statement fit both formats (`r3_6*` is the single 2019 row or the three 2021 sub-rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fnmatch import fnmatchcase
from functools import cached_property
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gongkai.model.levels import IssuerLevel
from gongkai.profiles.rowlabels import core, short

_KEY = r"^[a-z][a-z0-9_]*$"


class Names(BaseModel):
    """A name in both languages of the tool."""

    # defer_build: validators are built at the first validation, not at import; a check
    # answered from the cache validates none of these.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    zh: str
    en: str


class Column(BaseModel):
    """A data column; `label` is its header path, top level first."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    key: str = Field(pattern=_KEY)
    label: list[str] = Field(min_length=1)
    # count: integer ≥ 0; change: integer of either sign (本年增/减); amount: decimal ≥ 0.
    kind: Literal["count", "change", "amount"] = "count"
    # The unit amounts are kept in; when the header does not state it, each cell must.
    unit: Literal["元", "万元"] | None = None
    unit_in_cell: bool = False

    @model_validator(mode="after")
    def _unit_for_amounts(self) -> Column:
        if (self.kind == "amount") != (self.unit is not None):
            raise ValueError(f"column {self.key}: an amount column, and only one, needs a unit")
        if self.unit_in_cell and self.kind != "amount":
            raise ValueError(f"column {self.key}: unit_in_cell is for amount columns")
        return self


class Row(BaseModel):
    """A data row; `label` is its header path, outermost group first ([] for none)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    key: str = Field(pattern=_KEY)
    label: list[str] = Field(default_factory=list)
    # Issuer levels that cannot have anything in this row (乡镇 make no 规章).
    zero_for: list[IssuerLevel] = Field(default_factory=list)


class Group(BaseModel):
    """Rows sharing one set of columns, under an optional caption row."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    caption: str | None = None
    # Text of the top-left header cell: 表二's “信息内容”, 表三's note on its identity.
    corner: str = ""
    columns: list[Column] = Field(min_length=1)
    rows: list[Row] = Field(min_length=1)


class Layout(BaseModel):
    """One format version of a table."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    version: str = Field(pattern=r"^\d{4}$")
    since: int  # first report year this version is used for
    groups: list[Group] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> Layout:
        rows = [row.key for group in self.groups for row in group.rows]
        if len(set(rows)) != len(rows):
            raise ValueError(f"format {self.version}: row keys repeat")
        for group in self.groups:
            columns = [column.key for column in group.columns]
            if len(set(columns)) != len(columns):
                raise ValueError(f"format {self.version}: column keys repeat in a group")
        return self

    def cells(self) -> Iterator[tuple[Group, Row, Column]]:
        for group in self.groups:
            for row in group.rows:
                for column in group.columns:
                    yield group, row, column

    @cached_property
    def group_of(self) -> dict[str, Group]:
        return {row.key: group for group in self.groups for row in group.rows}

    @cached_property
    def position_of(self) -> dict[str, int]:
        """A row's group, by its position in `groups`."""
        return {row.key: index for index, group in enumerate(self.groups) for row in group.rows}

    @cached_property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @cached_property
    def cell_list(self) -> list[tuple[tuple[str, str], Row, Column]]:
        """Every cell's (row key, column key), row and column, in the official order."""
        return [((row.key, column.key), row, column) for _g, row, column in self.cells()]

    @cached_property
    def row_index(self) -> dict[str, Row]:
        """A row by its key or its label's core; a label core names one row (checked on load)."""
        index = {row.key: row for group in self.groups for row in group.rows}
        for group in self.groups:
            for row in group.rows:
                if row.label:
                    index.setdefault(core(row.label[-1]), row)
        return index

    @cached_property
    def column_names(self) -> dict[tuple[int, str], str]:
        """(group position, column key) → the shortest tail of the column's header path
        that names it alone in its group: “自然人”, but “行政复议/总计” in 表四."""
        names: dict[tuple[int, str], str] = {}
        for position, group in enumerate(self.groups):
            index = self.column_index[position]
            for column in group.columns:
                label = column.label
                start = next(
                    (
                        s
                        for s in range(len(label) - 1, -1, -1)
                        if index.get("/".join(core(part) for part in label[s:])) is column
                    ),
                    0,
                )
                names[position, column.key] = "/".join(map(short, label[start:]))
        return names

    @cached_property
    def column_index(self) -> dict[int, dict[str, Column | None]]:
        """Per group (by position): a column by its key, or by any tail of its label path
        (“总计”, “行政复议/总计”); None marks a tail that fits several columns."""
        result: dict[int, dict[str, Column | None]] = {}
        for position, group in enumerate(self.groups):
            index: dict[str, Column | None] = {}
            for column in group.columns:
                cores = [core(part) for part in column.label]
                for start in range(len(cores)):
                    tail = "/".join(cores[start:])
                    index[tail] = None if tail in index else column
            for column in group.columns:
                index[column.key] = column
            result[position] = index
        return result


class Identity(BaseModel):
    """Σ left = Σ right, for every column (`per: column`) or every row (`per: row`).

    With `per: column` the lists name rows, with `per: row` columns. `total: true` says
    the single left cell is the total of the right ones: a blank total then means “not
    filled”, not 0 (see table-total-blank).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    id: str = Field(pattern=r"^T\d-[A-Z]$")
    per: Literal["column", "row"]
    left: list[str] = Field(min_length=1)
    right: list[str] = Field(min_length=1)
    total: bool = False
    # How the finding names each side: “各办理结果之和”.
    left_name: Names | None = None
    right_name: Names
    statement: Names

    @model_validator(mode="after")
    def _one_total(self) -> Identity:
        if self.total and len(self.left) != 1:
            raise ValueError(f"{self.id}: a total identity has exactly one left cell")
        return self


class Quote(BaseModel):
    """A count an editor typically repeats in the prose, and the cells it must equal."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    pattern: str  # a regular expression with a group named n: the number
    cells: list[str] = Field(min_length=1)  # "<row>.<column>" keys, summed
    # Other sums the same words may rightly mean; the message names `cells`.
    also: list[list[str]] = Field(default_factory=list)
    name: Names

    @model_validator(mode="after")
    def _compiles(self) -> Quote:
        try:
            compiled = re.compile(self.pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {self.pattern!r}: {exc}") from exc
        if "n" not in compiled.groupindex:
            raise ValueError(f"{self.pattern!r} has no group named n")
        return self


class TableSpec(BaseModel):
    """One table a report type must carry, in each of its format versions."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    id: str = Field(pattern=_KEY)
    number: str  # how the report names it: 二, 三, 四
    section: str  # the id of the profile content (section) it belongs in
    title: Names
    formats: list[Layout] = Field(min_length=1)
    identities: list[Identity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> TableSpec:
        for layout in self.formats:
            for identity in self.identities:
                if not any(_applies(identity, group) for group in layout.groups):
                    raise ValueError(
                        f"{identity.id}: its keys fit no group of format {layout.version}"
                    )
            labels = [core(r.label[-1]) for g in layout.groups for r in g.rows if r.label]
            if len(set(labels)) != len(labels):
                raise ValueError(f"format {layout.version}: two rows have the same label")
            known = {f"{row.key}.{column.key}" for _g, row, column in layout.cells()}
            for quote in self.quotes:
                named = [*quote.cells, *(cell for sum_ in quote.also for cell in sum_)]
                missing = [cell for cell in named if cell not in known]
                if missing:
                    raise ValueError(f"quote cells {missing} not in format {layout.version}")
        return self

    @cached_property
    def instances(self) -> dict[str, list[Instance]]:
        """Per format version, every identity applied to each column or row it covers."""
        result: dict[str, list[Instance]] = {}
        for layout in self.formats:
            found = result[layout.version] = []
            for identity in self.identities:
                for group in layout.groups:
                    if _applies(identity, group):
                        found.extend(_instances(identity, group))
        return result

    def layout(self, version: str) -> Layout | None:
        return next((layout for layout in self.formats if layout.version == version), None)

    def layout_for_year(self, year: int | None) -> Layout:
        """The version in force for a report year: the latest that began on or before it."""
        usable = [layout for layout in self.formats if year is None or layout.since <= year]
        return max(usable or self.formats, key=lambda layout: layout.since)

    @cached_property
    def compiled_quotes(self) -> list[tuple[re.Pattern[str], Quote]]:
        return [(re.compile(quote.pattern), quote) for quote in self.quotes]


class Instance(NamedTuple):
    """An identity applied to one column (or row): the (row, column) keys of each side."""

    identity: Identity
    over: str  # the column key (per: column) or row key (per: row)
    left: tuple[tuple[str, str], ...]
    right: tuple[tuple[str, str], ...]


def _matching(patterns: list[str], keys: list[str]) -> list[str] | None:
    """The keys any pattern matches, in table order; None if some pattern matches none."""
    if not all(any(fnmatchcase(key, p) for key in keys) for p in patterns):
        return None
    return [key for key in keys if any(fnmatchcase(key, p) for p in patterns)]


def _applies(identity: Identity, group: Group) -> bool:
    items = group.rows if identity.per == "column" else group.columns
    keys = [item.key for item in items]
    return (
        _matching(identity.left, keys) is not None and _matching(identity.right, keys) is not None
    )


def _instances(identity: Identity, group: Group) -> Iterator[Instance]:
    if identity.per == "column":
        rows = [row.key for row in group.rows]
        left, right = _matching(identity.left, rows) or [], _matching(identity.right, rows) or []
        for column in group.columns:
            c = column.key
            yield Instance(identity, c, tuple((r, c) for r in left), tuple((r, c) for r in right))
    else:
        columns = [column.key for column in group.columns]
        left = _matching(identity.left, columns) or []
        right = _matching(identity.right, columns) or []
        for row in group.rows:
            r = row.key
            yield Instance(identity, r, tuple((r, c) for c in left), tuple((r, c) for c in right))
