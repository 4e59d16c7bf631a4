"""Regional roll-ups: per region, report type and year, the sum of each table cell over the
reports of the issuers registered under the region.

A region is an issuer of the registry that has others under it (`parent:`), and it covers
itself and everyone below it, at any depth: a county government with its townships and
departments. The registry's parent tree, not `region_code`, decides who is in: the code is
optional and in practice given only to governments (a county's departments share its code,
its townships often have none), so grouping by code would leave bodies out without a word.
A city that has counties under it is a region too, and includes their reports.

Only numbers are summed. A blank cell, a value that is not a number (GK302 reports it) and a
table the report lacks are not 0: they are counted as `blank`, so a reader can tell a sum of
three reports from a sum of ten. A report in another table format (2019 against 2021) is
neither summed nor blank for a cell its format does not have. Withdrawn reports are left out,
as in the per-year table CSV; an issuer that owes the type and published none is `missing`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from gongkai.layout import slug
from gongkai.profiles import load_profile
from gongkai.profiles.rowlabels import short
from gongkai.registry import Issuer, Registry
from gongkai.site.opendata import csv_bytes
from gongkai.site.records import PublishedReport
from gongkai.site.tablecsv import table_groups
from gongkai.tables.export import Value, number_of
from gongkai.writes import write_atomically

REGIONS_CSV = "data/regions.csv"
REGIONS_URL = "regions/"

# Each column of data/regions.csv with its meaning, in the published order.
REGION_COLUMNS: dict[str, str] = {
    "region": "地区：名录中下设其他机关的机关全称 / the region's issuer",
    "region_code": "该机关的六位行政区划代码，名录未填写时为空 / its division code",
    "region_level": "该机关的层级 / its level",
    "type": "报告类型标识，如 xxgk / report-type id",
    "year": "报告年度 / year reported on",
    "cell": "单元格的稳定列名，与年度表格 CSV 相同 / stable cell key",
    "label": "单元格所在表格、行和列 / the cell's table, row and column",
    "sum": "各报告该单元格数字之和；没有报告填写数字时为空 / sum of the numbers",
    "reported": "填写了数字、计入合计的报告份数 / reports whose number is in the sum",
    "blank": "该单元格空白或不是数字、未计入合计的报告份数 / reports with no number here",
    "reports": "该地区本年度纳入汇总的报告份数 / reports of the region in this year",
    "expected": "名录中该地区应公开此类报告的机关数 / issuers that owe this type",
    "missing": "其中本年度未公开此类报告的机关数 / of them, how many published none",
    "missing_issuers": "未公开的机关，以 ; 分隔 / those issuers, ';'-separated",
}
REGION_FIELDS: tuple[str, ...] = tuple(REGION_COLUMNS)

Number = int | Decimal


@dataclass(frozen=True)
class CellSum:
    key: str  # the stable cell key, e.g. t3.r1.natural_person
    label: str  # 表三 / 一、本年新收政府信息公开申请数量 / 自然人
    total: Number | None  # None when no report gave a number
    reported: int
    blank: int


@dataclass(frozen=True)
class RegionYear:
    region: Issuer
    type: str
    type_name: str
    year: int
    reports: tuple[PublishedReport, ...]
    expected: tuple[str, ...]  # issuers of the region that owe this type
    missing: tuple[str, ...]  # of them, those without a report for this year
    cells: tuple[CellSum, ...]


def region_url(name: str) -> str:
    return f"{REGIONS_URL}{slug(name)}/"


def regions(registry: Registry | None) -> dict[str, tuple[Issuer, ...]]:
    """Every region by name, with the issuers it covers (itself first, then registry order)."""
    if registry is None:
        return {}
    children: dict[str, list[str]] = defaultdict(list)
    for issuer in registry.issuers:
        if issuer.parent:
            children[issuer.parent].append(issuer.name)
    result: dict[str, tuple[Issuer, ...]] = {}
    for issuer in registry.issuers:
        if not children.get(issuer.name):
            continue
        covered: set[str] = set()
        stack = [issuer.name]
        while stack:  # `covered` also stops a parent loop the registry does not forbid
            name = stack.pop()
            if name not in covered:
                covered.add(name)
                stack.extend(children.get(name, ()))
        result[issuer.name] = tuple(i for i in registry.issuers if i.name in covered)
    return result


def roll_ups(
    reports: Sequence[PublishedReport],
    cells: Mapping[str, Mapping[str, Value]],
    registry: Registry | None,
) -> list[RegionYear]:
    """Every region's sums, per type with tables and year in which it has a report; ordered
    by region (registry order), type, then year."""
    result: list[RegionYear] = []
    groups = table_groups(reports, cells)
    covered = regions(registry)
    for members in covered.values():
        names = {m.name for m in members}
        for (report_type, year), group in groups.items():
            mine = tuple(sorted((r for r in group if r.issuer in names), key=lambda r: r.issuer))
            if not mine:
                continue
            published = {r.issuer for r in mine}
            expected = tuple(m.name for m in members if report_type in m.owes)
            result.append(
                RegionYear(
                    region=members[0],
                    type=report_type,
                    type_name=mine[0].type_name,
                    year=year,
                    reports=mine,
                    expected=expected,
                    missing=tuple(n for n in expected if n not in published),
                    cells=tuple(sum_cells(report_type, [cells[r.url] for r in mine])),
                )
            )
    order = {name: index for index, name in enumerate(covered)}
    return sorted(result, key=lambda r: (order[r.region.name], r.type, r.year))


def sum_cells(report_type: str, rows: Sequence[Mapping[str, Value]]) -> list[CellSum]:
    """Per cell of any format some report uses, in the profile's column order: the sum of
    the numbers, how many reports gave one and how many have the cell but no number."""
    shapes = _shapes(report_type)
    keys_of = [_cell_keys(row, shapes) for row in rows]
    used: set[str] = set().union(*(keys for keys, _known in keys_of)) if rows else set()
    sums: list[CellSum] = []
    for key, label in _labels(report_type).items():
        if key not in used:
            continue
        numbers: list[Number] = []
        blank = 0
        for row, (keys, known) in zip(rows, keys_of, strict=True):
            table = key.split(".", 1)[0]
            if key not in keys and table in known:
                continue  # another format: this cell is not in its table
            number = _number(row.get(key))
            if number is None:
                blank += 1
            else:
                numbers.append(number)
        total = sum(numbers, start=0) if numbers else None
        sums.append(CellSum(key, label, total, len(numbers), blank))
    return sums


def _number(value: Value) -> Number | None:
    number = number_of(value)
    # Amounts are decimals written in the report; summing them as floats would print
    # 0.30000000000000004 where the reports say 0.1 + 0.2.
    return Decimal(repr(number)) if isinstance(number, float) else number


def format_number(value: Number | None) -> str:
    """A sum as the CSV and the page print it: no exponent, no trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


# table id → (format version → the keys of that format's cells)
_Shapes = dict[str, dict[str, frozenset[str]]]


@cache
def _shapes(report_type: str) -> _Shapes:
    return {
        spec.id: {
            layout.version: frozenset(
                f"{spec.id}.{row}.{column}" for (row, column), _r, _c in layout.cell_list
            )
            for layout in spec.formats
        }
        for spec in load_profile(report_type).tables
    }


def _cell_keys(row: Mapping[str, Value], shapes: _Shapes) -> tuple[frozenset[str], set[str]]:
    """The cells of the formats this report's tables are in, and the ids of those tables.
    A table the report lacks has no format: each of its cells counts as blank."""
    keys: set[str] = set()
    known: set[str] = set()
    for table, formats in shapes.items():
        version = row.get(f"{table}.format")
        if isinstance(version, str) and version in formats:
            keys |= formats[version]
            known.add(table)
    return frozenset(keys), known


@cache
def _labels(report_type: str) -> dict[str, str]:
    """Each cell key of the profile, in its column order, with a label a reader recognises;
    a key two formats share keeps the label of the newer one."""
    labels: dict[str, str] = {}
    for spec in load_profile(report_type).tables:
        for layout in spec.formats:
            names = layout.column_names
            for position, group in enumerate(layout.groups):
                for row in group.rows:
                    for column in group.columns:
                        parts = [f"表{spec.number}", *map(short, row.label)]
                        parts.append(names[position, column.key])
                        labels[f"{spec.id}.{row.key}.{column.key}"] = " / ".join(parts)
    return labels


def regions_csv_rows(roll: Iterable[RegionYear]) -> list[list[object]]:
    """data/regions.csv's rows, one per region, type, year and cell (REGION_FIELDS order)."""
    rows: list[list[object]] = []
    for item in roll:
        for cell in item.cells:
            rows.append(
                [
                    item.region.name,
                    item.region.region_code,
                    item.region.level.value,
                    item.type,
                    item.year,
                    cell.key,
                    cell.label,
                    format_number(cell.total),
                    cell.reported,
                    cell.blank,
                    len(item.reports),
                    len(item.expected),
                    len(item.missing),
                    ";".join(item.missing),
                ]
            )
    return rows


def write_regions_csv(roll: Iterable[RegionYear], site_dir: Path) -> str:
    """Write data/regions.csv (a header only when no region has a report); its site path."""
    write_atomically(
        site_dir / REGIONS_CSV, csv_bytes(REGION_FIELDS, regions_csv_rows(roll)), durable=False
    )
    return REGIONS_CSV
