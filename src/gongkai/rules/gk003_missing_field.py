"""## 检查内容

文件开头的报告信息（前置元数据）缺少必填字段：`title`、`type`、`year`、`issuer`、`issuer_level`，以及
`published`（状态为 `draft` 草稿时可以不填）。

## 为什么重要

网站按这些字段生成报告的网址、按年度和机关归类，并判断是否按时公开。缺少任何一项，
报告就无法正确发布。

## 如何修改

在前置元数据的结束行 `---` 之前补上提示中给出的那一行，例如 `published: 2025-03-20`。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.metadata import FIELD_EXAMPLES, FIELD_LABELS
from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK003",
    name="missing-field",
    severity=Severity.error,
    summary={
        "zh": "报告信息（前置元数据）缺少必填字段",
        "en": "A required front-matter field is missing",
    },
    messages={
        "default": {
            "zh": "缺少必填字段“{field}”（{label_zh}）。请在文件开头的报告信息（前置元数据）中加一行：{example}",
            "en": "Missing required field '{field}' ({label_en}). Add a line such as: {example}",
        },
        "published": {
            "zh": "缺少公开日期“published”。已公开的报告请加一行公开日期，如 published: "
            "2025-03-20；尚未公开的请写 status: draft",
            "en": "Missing 'published'. A published report needs it, e.g. published: 2025-03-20; "
            "mark an unpublished one with status: draft",
        },
    },
    doc=__doc__ or "",
)
def missing_field(report: Report, ctx: Context) -> Iterator[Finding]:
    for issue in report.field_issues:
        if issue.kind != "missing":
            continue
        if issue.field == "published":
            yield missing_field.finding(issue.line, issue.col, "published")
            continue
        labels = FIELD_LABELS.get(issue.field, {"zh": issue.field, "en": issue.field})
        yield missing_field.finding(
            issue.line,
            issue.col,
            field=issue.field,
            label_zh=labels["zh"],
            label_en=labels["en"],
            example=FIELD_EXAMPLES.get(issue.field, f"{issue.field}: …"),
        )
