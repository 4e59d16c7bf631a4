"""The dashboard page (公开情况一览): the on-time rate per year and issuer level as a chart,
filters, and for each report type and year every issuer's state; plus its data files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gongkai.site.charts import charts_of
from gongkai.site.dashboard import Cell, Period, State
from gongkai.site.filters import (
    BOX,
    FILTERS_CSS,
    Filters,
    controls,
    filters_of,
    row_attrs,
    section_attrs,
    style_sheet,
    type_token,
)
from gongkai.site.html import HtmlPage, esc, link, page
from gongkai.site.labels import date_zh, time_tag
from gongkai.site.ontime import DASHBOARD_CSV, dashboard_csv, rate_chart
from gongkai.site.urls import issuer_url, relative

HERE = "dashboard/"


def dashboard_files(periods: Sequence[Period]) -> dict[str, bytes]:
    """What the dashboard needs besides its page: its CSV and its filters' style sheet."""
    return {
        DASHBOARD_CSV: dashboard_csv(periods),
        FILTERS_CSS: style_sheet(filters_of(periods)),
    }


def dashboard_page(periods: Sequence[Period], today: dt.date, has_registry: bool) -> HtmlPage:
    if not has_registry:
        return page(
            "公开情况一览",
            "<p>本站没有配置发布机关名录（registry.yml），无法统计哪些机关应当公开而尚未公开。"
            "配置方法见写作指南。</p>",
        )
    intro = (
        "<p>本页按报告类型和年度列出发布机关名录（registry.yml）中每个机关是否在法定期限内公开了"
        f"年度报告，并按机关层级绘出按时公开率；统计截至{date_zh(today)}，公开日期取自各报告。</p>"
        "<p>“未到期”表示公开期限尚未届满；期限按报告类型和机关层级确定（见各报告类型的法定依据）。"
        "按时公开率 = 按时公开 ÷（按时公开 + 逾期公开 + 未公开），未到期和已撤回的不计入。</p>"
        f"<p>{link(relative(HERE, DASHBOARD_CSV), '下载本页数据（CSV）')}：每个机关每年一行，"
        "可用 Excel 或 WPS 表格直接打开。</p>"
    )
    filters = filters_of(periods)
    sheet = f'<link rel="stylesheet" href="{esc(relative(HERE, FILTERS_CSS))}">'
    body = [controls(filters), *_rates(filters, periods), *_periods(filters, periods)]
    return page("公开情况一览", intro, sheet, f'<div class="{BOX}">{"".join(body)}</div>')


def _rates(filters: Filters, periods: Sequence[Period]) -> list[str]:
    by_type: dict[str, list[Period]] = {}
    for period in periods:
        by_type.setdefault(period.type, []).append(period)
    charts = []
    for index, (_, items) in enumerate(sorted(by_type.items())):
        chart = rate_chart(f"gk-rate-{index}", items[0].type_name, items)
        if chart is not None:
            charts.append(
                f"<section {_type_attr(filters, items[0])}>{charts_of([chart])}</section>"
            )
    if not charts:
        return []
    return ['<h2 id="gk-rates">按时公开率</h2>', *charts]


def _type_attr(filters: Filters, period: Period) -> str:
    return f'data-f-type="{type_token(filters, period)}"'


def _periods(filters: Filters, periods: Sequence[Period]) -> list[str]:
    sections = []
    for period in periods:
        counts = period.counts()
        summary = "　".join(f"{state.value} {counts[state]}" for state in State if counts[state])
        rows = "".join(
            f"<tr {row_attrs(filters, cell)}>"
            f'<th scope="row">{link(relative(HERE, issuer_url(cell.issuer.name)), cell.issuer.name)}</th>'
            f"<td>{esc(cell.issuer.level.zh)}</td><td>{_badge(cell)}</td>"
            f"<td>{link(relative(HERE, cell.report.url), date_zh(cell.report.published)) if cell.report else ''}</td>"
            f"<td>{time_tag(cell.deadline) if cell.deadline else ''}</td></tr>"
            for cell in period.cells
        )
        head = "".join(
            f'<th scope="col">{h}</th>'
            for h in ("发布机关", "层级", "状态", "公开日期", "公开期限")
        )
        title = f"{period.year}年{period.type_name}公开情况"
        sections.append(
            f"<section {section_attrs(filters, period)}>"
            f'<h2 id="{esc(period.type)}-{period.year}">{esc(title)}</h2>'
            f'<div class="gk-scroll"><table><caption>{esc(summary)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div></section>"
        )
    return sections


def _badge(cell: Cell) -> str:
    text = cell.state.value
    if cell.state is State.late and cell.report and cell.deadline:
        text = f"逾期 {(cell.report.published - cell.deadline).days} 天"
    return f'<span class="gk-badge gk-{cell.state.code}">{esc(text)}</span>'
