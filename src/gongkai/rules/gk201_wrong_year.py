"""## 检查内容

报告中的年份与文件开头的报告信息（前置元数据）中的 `year`（报告所述年度）对不上：

- 标题（前置元数据的 `title` 或正文的一级标题）中的年份不等于 `year`；
- 前置元数据的 `title` 中没有年份（警告）：标题应写明报告年度，没有年份就说不清是哪一年的报告；
- 其他标题中的年份既不是 `year`，也不是计划年度 `year + 1`（如“2025年工作安排”）；
  说上一年问题整改的标题可以写上一年（如 2025 年报告中的“2024年工作中存在问题的改进情况”）；
- “统计期限”等说明统计期间的句子中的年份不等于 `year`；
- 公开日期早于报告年度结束（警告）：一年的工作报告不可能在当年结束前定稿。

书名号《》内的年份（如《法治政府建设实施纲要（2021—2025年）》）、年份区间和发文字号
〔2025〕中的年份不在检查之列。

## 为什么重要

沿用上一年的报告改写时漏改年份，是最常见、也最容易被公众发现的错误之一。

## 如何修改

把提示指出的年份改为正确的年度；如果是 `year` 写错了，改正前置元数据。标题没有年份
时，按原文核对后在标题中写明年度。
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from gongkai.model.headings import document_title
from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule, title_position

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")
# Spans whose years are citations, not the period reported on.
_IGNORED = re.compile(
    r"《[^》\n]*》|\d{4}\s*年?\s*[-—–~～至到一]\s*\d{4}|〔\d{4}〕|\[\d{4}\]|［\d{4}］"
)
# 政府信息公开年报 part 五 reports how last year's problems were corrected: a heading of
# that part rightly names the year before the report year.
_LOOKING_BACK = re.compile(r"问题|整改|改进")
_PERIOD = re.compile(r"统计(?:期限|期间|时限|时段|区间|周期)[^。\n]{0,60}")


def years_in(text: str) -> Iterator[tuple[int, int]]:
    """(year, index) for each reported-on year written in the text."""
    if "年" not in text:  # every year _YEAR finds is followed by 年; most headings have none
        return
    blanked = _IGNORED.sub(lambda m: " " * len(m.group(0)), text)
    for match in _YEAR.finditer(blanked):
        yield int(match.group(1)), match.start()


@rule(
    id="GK201",
    name="wrong-year",
    severity=Severity.error,
    summary={
        "zh": "标题、小标题或统计期限中的年份与报告年度不符",
        "en": "A year in the title, a heading or the statistics period does not fit the report year",
    },
    messages={
        "title": {
            "zh": "标题中的年份 {found} 与报告年度 year: {year} 不一致。"
            "请把标题中的年份改为 {year}；如果是 year 填错了，请改正 year",
            "en": "The title says {found} but the report is for year {year}; correct the "
            "title, or year if that is the wrong one",
        },
        "title-without-year": {
            "zh": "标题“{title}”没有写明报告年度 {year}，说不清是哪一年的报告。"
            "请按原文核对后在标题中写明年度，如“{year}年……年度报告”",
            "en": "The title '{title}' does not state the report year {year}, so it does not "
            "say which year's report it is; check the original and add the year",
        },
        "heading": {
            "zh": "标题“{title}”中的年份 {found} 既不是报告年度 {year}，也不是计划年度 {next}，"
            "可能沿用了往年的报告。请改为 {year} 或 {next}",
            "en": "The heading '{title}' says {found}, which is neither the report year {year} "
            "nor the planning year {next} (copied from an earlier report?); use {year} or "
            "{next}",
        },
        "period": {
            "zh": "统计期限中的年份 {found} 与报告年度 {year} 不一致。"
            "请改为{year}年1月1日至{year}年12月31日",
            "en": "The statistics period says {found} but the report is for year {year}; it "
            "runs from 1 January to 31 December {year}",
        },
        "published-early": {
            "zh": "公开日期 {published} 早于报告年度 {year} 结束；请核对 year 或 published",
            "en": "Published on {published}, before the end of the report year {year}; "
            "check year and published",
        },
    },
    doc=__doc__ or "",
)
def wrong_year(report: Report, ctx: Context) -> Iterator[Finding]:
    year = report.fields.get("year")
    if not isinstance(year, int) or report.source is None:
        return
    yield from _title(report, year)
    yield from _headings(report, year)
    yield from _period(report, year)
    published = report.fields.get("published")
    if isinstance(published, dt.date) and published < dt.date(year + 1, 1, 1):
        position = report.front_matter.keys["published"] if report.front_matter else None
        line, col = (position.value_line, position.value_col) if position else (1, 1)
        yield wrong_year.finding(
            line,
            col,
            "published-early",
            Severity.warning,
            published=published.isoformat(),
            year=year,
        )


def _title(report: Report, year: int) -> Iterator[Finding]:
    title = report.fields.get("title")
    place = title_position(report, 0)
    if isinstance(title, str) and place is not None:
        line, start = place
        first = next(years_in(title), None)
        if first is None:
            yield wrong_year.finding(
                line, start, "title-without-year", Severity.warning, title=title, year=year
            )
        elif first[0] != year:  # only the first year in a title names the report year
            yield wrong_year.finding(line, start + first[1], "title", found=first[0], year=year)


def _headings(report: Report, year: int) -> Iterator[Finding]:
    title = document_title(report.headings)
    for heading in report.headings:
        if heading is title:
            allowed = {year}
        elif _LOOKING_BACK.search(heading.title):
            allowed = {year - 1, year, year + 1}
        else:
            allowed = {year, year + 1}
        for found, index in years_in(heading.title):
            if found in allowed:
                continue
            message = "title" if allowed == {year} else "heading"
            yield wrong_year.finding(
                heading.line,
                heading.col + index,
                message,
                found=found,
                year=year,
                next=year + 1,
                title=heading.title,
            )


def _period(report: Report, year: int) -> Iterator[Finding]:
    assert report.source is not None
    for match in _PERIOD.finditer(report.text, report.body_offset):
        for found, index in years_in(match.group(0)):
            if found != year:
                line, col = report.source.position(match.start() + index)
                yield wrong_year.finding(line, col, "period", found=found, year=year)
