"""## 检查内容

报告缺少其报告类型要求的内容。法治政府建设年度报告（`type: fazhi`）必须包含五项内容
（《法治政府建设与责任落实督察工作规定》第四章）：

1. 上一年度推进法治政府建设的主要举措和成效；
2. 上一年度推进法治政府建设存在的不足和原因；
3. 上一年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况；
4. 下一年度推进法治政府建设的主要安排；
5. 其他需要报告的情况（实践中常被省略，缺少时只给出警告）。

本检查识别的是“内容”，不是固定的标题：顺序不限，标题措辞可以不同（如“存在的问题”
“下一步工作计划”），以“一、”“（一）”编号的普通段落也算。第一责任人的内容常写在第一部分
的段落里，只要正文出现“第一责任人”即视为已包含。

## 为什么重要

五项内容是法定要求，第三方评估和督察会逐项核对。缺项的报告会被认定为内容不全。

## 如何修改

在提示指出的位置增加一节，标题可参考提示中的写法，例如：

    ## 二、存在的不足和原因

    （一）……主要原因是……
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.profiles.recognise import Located, locate_contents
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK101",
    name="missing-required-section",
    severity=Severity.error,
    summary={
        "zh": "缺少报告类型要求的内容（如“存在的不足和原因”）",
        "en": "A content the report type requires is absent",
    },
    messages={
        "after": {
            "zh": "缺少必需内容“{name_zh}”（{requirement_zh}）。请在“{anchor}”一节之后增加一节，"
            "标题如“{heading}”",
            "en": "Missing required content '{name_en}' ({requirement_en}). Add it after "
            "the section '{anchor}', e.g. as '{heading}'",
        },
        "before": {
            "zh": "缺少必需内容“{name_zh}”（{requirement_zh}）。请在“{anchor}”之前增加一节，"
            "标题如“{heading}”",
            "en": "Missing required content '{name_en}' ({requirement_en}). Add it before "
            "'{anchor}', e.g. as '{heading}'",
        },
        "body": {
            "zh": "缺少必需内容“{name_zh}”（{requirement_zh}）。请在正文中增加一节，标题如“{heading}”",
            "en": "Missing required content '{name_en}' ({requirement_en}). Add a section "
            "such as '{heading}'",
        },
    },
    doc=__doc__ or "",
    needs_profile=True,
)
def missing_required_section(report: Report, ctx: Context) -> Iterator[Finding]:
    profile = ctx.profile
    if profile is None or report.source is None:
        return
    located = locate_contents(report, profile)
    order = [located[content.id] for content in profile.contents]
    level = report.fields.get("issuer_level")
    for index, entry in enumerate(order):
        if entry.present or not entry.content.applies_to(level):
            continue
        content = entry.content
        line, where, anchor = _expected_place(report, order, index)
        yield missing_required_section.finding(
            line,
            1,
            where,
            Severity(content.severity),
            name_zh=content.name.zh,
            name_en=content.name.en,
            requirement_zh=content.requirement.zh,
            requirement_en=content.requirement.en,
            heading=content.suggested_heading.zh,
            anchor=anchor,
        )


def _expected_place(report: Report, order: list[Located], index: int) -> tuple[int, str, str]:
    """The line where the content belongs, judged from its neighbours in the profile order."""
    assert report.source is not None
    source = report.source
    for previous in reversed(order[:index]):
        if previous.items:
            last = max(previous.items, key=lambda item: item.end)
            # The section's end is the next section's first line, or the last line of the file.
            end = min(last.end, max(len(source.text) - 1, 0))
            return source.position(end)[0], "after", last.title
    for following in order[index + 1 :]:
        if following.items:
            first = following.items[0]
            return first.line, "before", first.title
    # Nothing to place it by: point at the report's first heading, or its first text.
    if report.headings:
        return report.headings[0].line, "body", ""
    text_at = len(report.text) - len(report.text[report.body_offset :].lstrip())
    return source.position(min(text_at, max(len(source.text) - 1, 0)))[0], "body", ""
