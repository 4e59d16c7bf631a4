"""The year-on-year comparison as open data: data/compare.csv (one row per report and the
report of the year before: 重复率 whole and per required content) and data/compare-cells.csv
(one row per table cell of each such pair: both values and the change).

Columns are a public contract, like catalog.csv's: add columns, never rename them. Rates are
fractions from 0 to 1 with four decimals; a value that does not apply is blank.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from gongkai.compare.passages import Rate
from gongkai.profiles import load_profile, profile_ids
from gongkai.site.comparisons import YearPair
from gongkai.site.opendata import csv_bytes
from gongkai.writes import write_atomically

COMPARE_CSV = "data/compare.csv"
COMPARE_CELLS_CSV = "data/compare-cells.csv"
# How the data page lists them: (file, name, what it holds).
COMPARE_DATA: tuple[tuple[str, str, str], ...] = (
    (
        COMPARE_CSV,
        "与上年对比：重复率（CSV）",
        "每对相邻年度的报告一行：全文和各部分的重复率（沿用上年的文字所占比例）",
    ),
    (
        COMPARE_CELLS_CSV,
        "与上年对比：表格变化（CSV）",
        "每对相邻年度的报告、每个表格单元格一行：上年数、本年数和变化",
    ),
)
PAIR_COLUMNS = ("year", "type", "issuer", "previous_url", "url")
# The text outside every required content (the opening paragraph, mostly).
UNASSIGNED = "unassigned"


def rate_columns() -> list[str]:
    """`repeat_rate.<content id>` for every content of every report type, each once (the
    types share some ids: `other` is 其他需要报告的事项 in both), then the unassigned text."""
    ids = dict.fromkeys(c.id for t in profile_ids() for c in load_profile(t).contents)
    return [f"repeat_rate.{i}" for i in (*ids, UNASSIGNED)]


def compare_rows(pairs: Sequence[YearPair]) -> tuple[list[str], list[list[object]]]:
    sections = rate_columns()
    header = [*PAIR_COLUMNS, "chars", "same_chars", "numbers_chars", "repeat_rate", *sections]
    rows = []
    for pair in pairs:
        rates = {
            f"repeat_rate.{s.id or UNASSIGNED}": _rate(s.rate)
            for s in pair.comparison.sections
            if s.rate is not None
        }
        whole = pair.comparison.rate
        rows.append(
            [
                *_lead(pair),
                whole.chars,
                whole.same,
                whole.numbers,
                _rate(whole),
                *(rates.get(column) for column in sections),
            ]
        )
    return header, rows


def cell_rows(pairs: Sequence[YearPair]) -> tuple[list[str], list[list[object]]]:
    header = [*PAIR_COLUMNS, "cell", "previous", "current", "delta", "percent", "only"]
    return header, list(_cells(pairs))


def _cells(pairs: Sequence[YearPair]) -> Iterator[list[object]]:
    for pair in pairs:
        for table in pair.comparison.tables:
            for cell in table.cells():
                only = (
                    ""
                    if cell.in_previous == cell.in_current
                    else ("previous" if cell.in_previous else "current")
                )
                yield [
                    *_lead(pair),
                    cell.key,
                    cell.previous,
                    cell.current,
                    cell.delta,
                    cell.percent,
                    only,
                ]


def _lead(pair: YearPair) -> list[object]:
    now = pair.current
    return [now.year, now.type, now.issuer, pair.previous.url, now.url]


def _rate(rate: Rate | None) -> float | None:
    value = rate.value if rate else None
    return None if value is None else round(value, 4)


def write_compare_csvs(pairs: Sequence[YearPair], site_dir: Path) -> list[str]:
    """Both files, with their header even when no report has one of the year before."""
    written = []
    for name, (header, rows) in (
        (COMPARE_CSV, compare_rows(pairs)),
        (COMPARE_CELLS_CSV, cell_rows(pairs)),
    ):
        write_atomically(site_dir / name, csv_bytes(header, rows), durable=False)
        written.append(name)
    return written
