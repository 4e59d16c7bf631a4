"""An issuer's record over the years: its reports by year with whether each came on time, and
for 政府信息公开工作年度报告 small charts of the key table figures.

The figures come from `Collection.cells` (report URL → stable cell key → value, see
gongkai.tables.export). A blank cell, a value that is not a number and a year without a
report are all gaps: none of them is 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from gongkai.site.charts import Chart, Series, charts_of
from gongkai.site.html import esc, link, table
from gongkai.site.labels import status_badge, time_tag
from gongkai.site.records import PublishedReport, Timeliness
from gongkai.site.urls import relative
from gongkai.tables.export import Value, number_of

TREND_TYPE = "xxgk"
Cells = Mapping[str, Mapping[str, Value]]  # report URL → cell key → value


def intro(issuer: str, reports: Sequence[PublishedReport], cells: Cells) -> str:
    """The one sentence that opens the issuer page: what it shows, where the numbers are from."""
    sentence = (
        f"本页按年度列出{issuer}公开的报告及是否在法定期限内公开（期限按报告类型和机关层级确定）"
    )
    if trend_charts(reports, cells):
        sentence += (
            "，并把其政府信息公开工作年度报告的主要数字绘成逐年变化图：数字取自各年度报告所附的"
            "统计表格，表格空白或缺少报告的年度在图中留空，不按 0 计"
        )
    return f"<p>{esc(sentence)}。</p>"


def _number(value: Value) -> float | None:
    number = number_of(value)
    return None if number is None else float(number)


def _sum(*values: float | None) -> float | None:
    """A total only when every part is known: a blank part makes the total unknown."""
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _share(part: float | None, whole: float | None) -> float | None:
    return None if part is None or not whole else 100 * part / whole


@dataclass(frozen=True)
class _Figure:
    key: str
    title: str
    unit: str
    series: tuple[tuple[str, Callable[[Callable[[str], float | None]], float | None]], ...]
    bars: bool = False


# Cell keys are the open-data column names (tables/export.py): t3 row r1 is 一、本年新收,
# r3_1 三（一）予以公开, r3_7 三（七）总计; t4 has one row, `cases`; t2 rows `licensing` and
# `penalty` have the column `decisions` (本年处理决定数量) in both formats.
_FIGURES: tuple[_Figure, ...] = (
    _Figure(
        "gk-requests",
        "本年新收政府信息公开申请",
        "件",
        (("本年新收申请", lambda c: c("t3.r1.total")),),
        bars=True,
    ),
    _Figure(
        "gk-granted",
        "予以公开占办理结果总计的比例",
        "%",
        (("予以公开", lambda c: _share(c("t3.r3_1.total"), c("t3.r3_7.total"))),),
        bars=True,
    ),
    _Figure(
        "gk-review",
        "政府信息公开行政复议",
        "件",
        (
            ("复议总计", lambda c: c("t4.cases.review_total")),
            ("结果纠正", lambda c: c("t4.cases.review_corrected")),
        ),
    ),
    _Figure(
        "gk-litigation",
        "政府信息公开行政诉讼（直接起诉与复议后起诉合计）",
        "件",
        (
            (
                "诉讼总计",
                lambda c: _sum(c("t4.cases.direct_total"), c("t4.cases.after_review_total")),
            ),
            (
                "结果纠正",
                lambda c: _sum(
                    c("t4.cases.direct_corrected"), c("t4.cases.after_review_corrected")
                ),
            ),
        ),
    ),
    _Figure(
        "gk-decisions",
        "行政许可和行政处罚决定",
        "件",
        (
            ("行政许可", lambda c: c("t2.licensing.decisions")),
            ("行政处罚", lambda c: c("t2.penalty.decisions")),
        ),
    ),
)


def trend_charts(reports: Sequence[PublishedReport], cells: Cells) -> list[Chart]:
    """The key figures of the issuer's xxgk reports, one chart each, every year from its
    first report to its last (a year in between without a report is a gap). Withdrawn
    reports are left out: their numbers are no longer vouched for."""
    by_year = {
        r.year: cells[r.url]
        for r in reports
        if r.type == TREND_TYPE and r.status != "withdrawn" and r.url in cells
    }
    if not by_year:
        return []
    years = range(min(by_year), max(by_year) + 1)

    def getter(year: int) -> Callable[[str], float | None]:
        row = by_year.get(year, {})
        return lambda key: _number(row.get(key))

    charts = []
    for fig in _FIGURES:
        series = tuple(
            Series(name, tuple(value(getter(year)) for year in years)) for name, value in fig.series
        )
        if all(v is None for s in series for v in s.values):
            continue  # nothing to draw: the table never filled these in
        charts.append(
            Chart(
                fig.key,
                fig.title,
                fig.unit,
                tuple(f"{year}年" for year in years),
                series,
                bars=fig.bars,
            )
        )
    return charts


_ON_TIME = {
    Timeliness.on_time: "按时",
    Timeliness.late: "逾期",
    Timeliness.unknown: "无法判断",
}


def record_table(here: str, issuer: str, reports: Sequence[PublishedReport]) -> str:
    """Every report by year, newest first, with its deadline and whether it came on time."""
    ordered = sorted(reports, key=lambda r: (-r.year, r.type, r.url))
    rows = [
        [
            f"{r.year}年",
            esc(r.type_name),
            link(relative(here, r.url), r.title),
            time_tag(r.published),
            time_tag(r.deadline) if r.deadline else "未规定",
            esc(_timeliness_text(r)),
            status_badge(r) if r.status != "published" else "",
        ]
        for r in ordered
    ]
    counts = Counter(r.timeliness for r in reports)
    summary = "，".join(f"{_ON_TIME[t]} {counts[t]} 篇" for t in Timeliness if counts[t])
    return (
        f'<p>按时公开情况：{esc(summary)}。</p><div class="gk-scroll">'
        + table(
            f"{issuer}各年度报告",
            ["年度", "类型", "报告", "公开日期", "公开期限", "是否按时", "状态"],
            rows,
        )
        + "</div>"
    )


def _timeliness_text(report: PublishedReport) -> str:
    if report.timeliness is Timeliness.late and report.deadline:
        return f"逾期 {(report.published - report.deadline).days} 天"
    return _ON_TIME[report.timeliness]


def issuer_trends(here: str, issuer: str, reports: Sequence[PublishedReport], cells: Cells) -> str:
    """The issuer page's body below its facts: the record by year and the charts."""
    if not reports:
        return "<p>尚无报告。</p>"
    parts = [
        '<h2 id="gk-by-year">各年度报告和按时公开情况</h2>',
        record_table(here, issuer, reports),
    ]
    charts = trend_charts(reports, cells)
    if charts:
        parts += [
            '<h2 id="gk-trends">政府信息公开工作年度报告主要数字</h2>',
            "<p>每张图下附数据表。</p>",
            charts_of(charts),
        ]
    return "".join(parts)
