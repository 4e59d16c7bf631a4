"""## 检查内容

`type` 字段写的报告类型不在本工具支持的类型之内。

## 为什么重要

报告类型决定了报告必须包含哪些内容、何时必须公开。类型不对，这些检查都无法进行，
报告也会被归到错误的栏目。

## 如何修改

把 `type` 改成支持的类型标识。目前支持：

- `fazhi`：法治政府建设年度报告
- `xxgk`：政府信息公开工作年度报告

运行 `gongkai rules` 可以看到全部检查规则。
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK006",
    name="unknown-report-type",
    severity=Severity.error,
    summary={"zh": "报告类型未知", "en": "The report type is unknown"},
    messages={
        "default": {
            "zh": "未知的报告类型“{type}”。请把 type 改为支持的类型之一：{known}",
            "en": "Unknown report type '{type}'. Set type to one of: {known}",
        },
        "suggest": {
            "zh": "未知的报告类型“{type}”，可能是“{suggestion}”写错了。"
            "请把 type 改为“{suggestion}”（支持的类型：{known}）",
            "en": "Unknown report type '{type}', probably a misspelt '{suggestion}'; set type "
            "to '{suggestion}' (supported: {known})",
        },
    },
    doc=__doc__ or "",
)
def unknown_report_type(report: Report, ctx: Context) -> Iterator[Finding]:
    report_type = report.fields.get("type")
    if report_type is None or ctx.profile is not None or report.front_matter is None:
        return
    position = report.front_matter.keys["type"]
    known = list(ctx.known_types)
    close = difflib.get_close_matches(report_type, known, n=1, cutoff=0.5)
    if close:
        yield unknown_report_type.finding(
            position.value_line,
            position.value_col,
            "suggest",
            type=report_type,
            suggestion=close[0],
            known=", ".join(known),
        )
    else:
        yield unknown_report_type.finding(
            position.value_line, position.value_col, type=report_type, known=", ".join(known)
        )
