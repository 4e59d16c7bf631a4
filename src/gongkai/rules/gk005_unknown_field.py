"""## 检查内容

文件开头的报告信息（前置元数据）中出现了本工具不认识的字段，例如把 `year` 拼成了 `yaer`。

## 为什么重要

拼错的字段不会报错，却会被悄悄忽略：写了 `yaer: 2024` 的报告等于没有填写年度。

## 如何修改

改成提示中建议的字段名；如果确实不需要，删除这一行。可用字段见
`gongkai schema` 输出的 JSON Schema 和写作指南。
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from gongkai.model.metadata import FIELD_NAMES
from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK005",
    name="unknown-field",
    severity=Severity.error,
    summary={
        "zh": "报告信息（前置元数据）中有未知字段",
        "en": "The front-matter has an unknown key",
    },
    messages={
        "default": {
            "zh": "未知字段“{field}”。请删除这一行，或改为可用的字段：{fields}",
            "en": "Unknown field '{field}'. Remove the line or use a known field: {fields}",
        },
        "suggest": {
            "zh": "未知字段“{field}”，可能是“{suggestion}”写错了。请改为“{suggestion}”",
            "en": "Unknown field '{field}', probably a misspelt '{suggestion}'; "
            "write '{suggestion}'",
        },
    },
    doc=__doc__ or "",
)
def unknown_field(report: Report, ctx: Context) -> Iterator[Finding]:
    present = set(report.front_matter.keys) if report.front_matter else set()
    for issue in report.field_issues:
        if issue.kind != "unknown":
            continue
        # Suggest only a field the editor has not written already.
        candidates = [name for name in FIELD_NAMES if name not in present]
        close = difflib.get_close_matches(issue.field, candidates, n=1, cutoff=0.6)
        if close:
            yield unknown_field.finding(
                issue.line, issue.col, "suggest", field=issue.field, suggestion=close[0]
            )
        else:
            yield unknown_field.finding(
                issue.line, issue.col, field=issue.field, fields=", ".join(FIELD_NAMES)
            )
