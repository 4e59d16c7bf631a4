"""The compliance dashboard's model: for each report type and year, who published on time,
late, or not at all, against the issuers the registry says owe that report. The page is
site/dashboard_page.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from gongkai.config import Config
from gongkai.deadlines import due_date
from gongkai.model.levels import IssuerLevel
from gongkai.profiles import load_profile, profile_ids
from gongkai.registry import Issuer, Registry
from gongkai.site.records import PublishedReport

_LEVEL_ORDER = {level: index for index, level in enumerate(IssuerLevel)}


class State(StrEnum):
    on_time = "按时公开"
    late = "逾期公开"
    missing = "未公开"
    pending = "未到期"
    withdrawn = "已撤回"
    published = "已公开"  # the report type has no known deadline

    @property
    def code(self) -> str:
        """A stable ASCII name for CSV values and CSS classes: the Chinese names may be
        reworded, these never are."""
        return self.name.replace("_", "-")


@dataclass(frozen=True)
class Cell:
    issuer: Issuer
    state: State
    deadline: dt.date | None
    report: PublishedReport | None = None


@dataclass(frozen=True)
class Period:
    type: str
    type_name: str
    year: int
    cells: tuple[Cell, ...]

    def counts(self) -> Counter[State]:
        return Counter(cell.state for cell in self.cells)


def compliance(
    reports: Sequence[PublishedReport], registry: Registry, config: Config, today: dt.date
) -> list[Period]:
    """Every (type, year) some registered issuer owes, newest year first. A year is listed
    from the first year anyone reported on up to last year, whose deadline may still be
    ahead (then the missing ones are 未到期, not 未公开)."""
    found = {(r.type, r.year, r.issuer): r for r in reports}
    owed = sorted({t for issuer in registry.issuers for t in issuer.owes})
    periods = []
    for report_type in owed:
        profile = load_profile(report_type) if report_type in profile_ids() else None
        type_name = profile.name.zh if profile else report_type
        reported = [r.year for r in reports if r.type == report_type]
        first, last = min(reported, default=today.year - 1), max(reported, default=0)
        for year in range(max(last, today.year - 1), first - 1, -1):
            cells = []
            for issuer in sorted(
                (i for i in registry.issuers if report_type in i.owes),
                key=lambda i: (_LEVEL_ORDER[i.level], i.name),
            ):
                deadline = due_date(profile, config, year, issuer.level)[0] if profile else None
                report = found.get((report_type, year, issuer.name))
                cells.append(Cell(issuer, _state(report, deadline, today), deadline, report))
            periods.append(Period(report_type, type_name, year, tuple(cells)))
    return periods


def _state(report: PublishedReport | None, deadline: dt.date | None, today: dt.date) -> State:
    if report is None:
        return State.pending if deadline and today <= deadline else State.missing
    if report.status == "withdrawn":
        return State.withdrawn
    if deadline is None:
        return State.published
    return State.on_time if report.published <= deadline else State.late


def region_of(issuer: Issuer) -> str:
    """The region an issuer is counted under: its registry parent, else its administrative
    division code, else 其他 (as on the issuers index)."""
    return issuer.parent or issuer.region_code or "其他"
