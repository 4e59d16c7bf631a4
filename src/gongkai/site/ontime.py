"""The dashboard's numbers: the on-time rate per report type, year and issuer level as a chart,
and every issuer's state per year as data/dashboard.csv.

The rate is 按时公开 over all whose deadline has passed: on time, late, or not published.
Reports whose deadline is still ahead (未到期), withdrawn ones and types without a known
deadline count in neither part.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.model.levels import IssuerLevel
from gongkai.site.charts import Chart, Series
from gongkai.site.dashboard import Cell, Period, State, region_of
from gongkai.site.opendata import csv_bytes

DASHBOARD_CSV = "data/dashboard.csv"

CSV_COLUMNS = (
    "type",
    "type_name",
    "year",
    "issuer",
    "issuer_level",
    "region",
    "state",
    "state_name",
    "published",
    "deadline",
    "days_late",
    "url",
)


def rate_parts(cells: Sequence[Cell]) -> tuple[int, int]:
    """(on time, due): due counts those whose deadline has passed."""
    on_time = sum(c.state is State.on_time for c in cells)
    due = sum(c.state in (State.on_time, State.late, State.missing) for c in cells)
    return on_time, due


def rate_chart(key: str, type_name: str, periods: Sequence[Period]) -> Chart | None:
    """One type's on-time rate per year (oldest first), one line per issuer level; None when
    no year of it has anything due (a type without deadlines, or only 未到期)."""
    ordered = sorted(periods, key=lambda p: p.year)
    levels = [
        level
        for level in IssuerLevel
        if any(c.issuer.level is level for p in ordered for c in p.cells)
    ]
    series = []
    for level in levels:
        values: list[float | None] = []
        texts: list[str] = []
        for period in ordered:
            on_time, due = rate_parts([c for c in period.cells if c.issuer.level is level])
            values.append(100 * on_time / due if due else None)
            texts.append(f"{100 * on_time / due:.1f}%（{on_time}/{due}）" if due else "—")
        series.append(Series(level.zh, tuple(values), tuple(texts)))
    if all(v is None for s in series for v in s.values):
        return None
    return Chart(
        key,
        f"{type_name}按时公开率（按机关层级）",
        "%",
        tuple(f"{p.year}年" for p in ordered),
        tuple(series),
    )


def dashboard_csv(periods: Sequence[Period]) -> bytes:
    """Every cell of the dashboard, one row per report type, year and issuer."""
    rows = []
    for period in periods:
        for cell in period.cells:
            report = cell.report
            late = (
                (report.published - cell.deadline).days
                if report and cell.deadline and cell.state is State.late
                else None
            )
            rows.append(
                [
                    period.type,
                    period.type_name,
                    period.year,
                    cell.issuer.name,
                    cell.issuer.level.value,
                    region_of(cell.issuer),
                    cell.state.code,
                    cell.state.value,
                    report.published.isoformat() if report else None,
                    cell.deadline.isoformat() if cell.deadline else None,
                    late,
                    report.url if report else None,
                ]
            )
    return csv_bytes(CSV_COLUMNS, rows)
