"""## 检查内容

“存在的不足”部分只列举了问题，没有分析原因。督察规定要求报告的是“存在的不足**和原因**”。

本检查在“不足/存在的问题”一节（含其下各小节）中查找“原因”“由于”“因为”等分析原因的表述，
一处都没有时给出警告。

## 为什么重要

只写问题、不写原因，是法治政府建设年度报告最常见的缺项之一，第三方评估会因此扣分，
下一年度的改进安排也失去依据。

## 如何修改

在每个问题之后说明原因，例如：

    （一）部分干部法治意识有待提高。主要原因是学法培训以集中授课为主，针对性不强。

也可以把标题改为“存在的不足和原因”，并单列一段原因分析。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.outline import OutlineItem
from gongkai.model.report import Report
from gongkai.profiles.recognise import locate_contents
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK102",
    name="missing-reasons",
    severity=Severity.warning,
    summary={
        "zh": "“存在的不足”部分只列问题，没有分析原因",
        "en": "The shortcomings part names problems but no causes",
    },
    messages={
        "default": {
            "zh": "“{title}”只列举了问题，没有说明原因（要求为“存在的不足和原因”）。"
            "请在各问题后写明原因，如“主要原因是……”",
            "en": "'{title}' lists problems but gives no causes (the requirement is "
            "'shortcomings and their causes'). State the cause of each, e.g. '主要原因是……'",
        }
    },
    doc=__doc__ or "",
    needs_profile=True,
)
def missing_reasons(report: Report, ctx: Context) -> Iterator[Finding]:
    if ctx.profile is None:
        return
    for content in ctx.profile.contents:
        causes = content.cause_pattern()
        if causes is None:
            continue
        items = locate_contents(report, ctx.profile)[content.id].items
        if not items:
            continue
        if any(
            causes.search(report.text, _content_start(report, item), item.end) for item in items
        ):
            continue
        first = items[0]
        yield missing_reasons.finding(first.line, first.col, title=first.title)


def _content_start(report: Report, item: OutlineItem) -> int:
    """Where the text under an item begins.

    A heading titled 存在的不足和原因 promises causes without giving any, so its own line
    does not count; a numbered paragraph (（一）…，主要原因是…) is its own content.
    """
    if not item.is_heading:
        return item.start
    newline = report.text.find("\n", item.start)
    return item.end if newline == -1 else min(newline + 1, item.end)
