"""The compliance dashboard: for each report type and year, who published on time, late, or not
at all, against the issuers the registry says owe that report."""

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
from gongkai.site.html import HtmlPage, esc, link, page, table
from gongkai.site.labels import date_zh, time_tag
from gongkai.site.records import PublishedReport
from gongkai.site.urls import issuer_url, relative

HERE = "dashboard/"
_LEVEL_ORDER = {level: index for index, level in enumerate(IssuerLevel)}


class State(StrEnum):
    on_time = "按时公开"
    late = "逾期公开"
    missing = "未公开"
    pending = "未到期"
    withdrawn = "已撤回"
    published = "已公开"  # the report type has no known deadline


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


_CSS = {
    State.on_time: "gk-on-time",
    State.late: "gk-late",
    State.missing: "gk-missing",
    State.pending: "gk-pending",
    State.withdrawn: "gk-withdrawn",
    State.published: "gk-published",
}


def dashboard_page(periods: Sequence[Period], today: dt.date, has_registry: bool) -> HtmlPage:
    if not has_registry:
        return page(
            "公开情况一览",
            "<p>本站没有配置发布机关名录（registry.yml），无法统计哪些机关应当公开而尚未公开。"
            "配置方法见写作指南。</p>",
        )
    intro = (
        f"<p>统计截至{date_zh(today)}。“未到期”表示公开期限尚未届满；期限按报告类型和机关层级"
        "确定（见各报告类型的法定依据）。</p>"
    )
    sections = []
    for period in periods:
        counts = period.counts()
        summary = "　".join(f"{state.value} {counts[state]}" for state in State if counts[state])
        rows = [
            [
                link(relative(HERE, issuer_url(cell.issuer.name)), cell.issuer.name),
                esc(cell.issuer.level.zh),
                _badge(cell),
                link(relative(HERE, cell.report.url), date_zh(cell.report.published))
                if cell.report
                else "",
                time_tag(cell.deadline) if cell.deadline else "",
            ]
            for cell in period.cells
        ]
        title = f"{period.year}年{period.type_name}公开情况"
        sections.append(
            f'<h2 id="{esc(period.type)}-{period.year}">{esc(title)}</h2>'
            + table(summary, ["发布机关", "层级", "状态", "公开日期", "公开期限"], rows)
        )
    return page("公开情况一览", intro, *sections)


def _badge(cell: Cell) -> str:
    text = cell.state.value
    if cell.state is State.late and cell.report and cell.deadline:
        text = f"逾期 {(cell.report.published - cell.deadline).days} 天"
    return f'<span class="gk-badge {_CSS[cell.state]}">{esc(text)}</span>'
