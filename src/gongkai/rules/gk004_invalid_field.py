"""## 检查内容

前置元数据中某个字段的值不合规：类型不对（年度写成了文字）、不在可选值之内
（`issuer_level` 只能是 province、city、county、township、department）、日期不存在或
格式不是 `YYYY-MM-DD`、发文字号或行政区划代码格式不对。

## 为什么重要

这些值决定报告归入哪一年、哪一级机关，以及是否按时公开。写错的值会让报告出现在错误的
位置，或让逾期判断失效。

## 如何修改

按提示改正该字段。常见写法：

    year: 2024
    issuer_level: township
    published: 2025-03-20
    doc_number: 卧陆政〔2025〕3号
    region_code: "411303"

日期必须真实存在（没有 2025-02-30），发文字号的年份用六角括号〔〕。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.metadata import FIELD_LABELS, IssuerLevel, Status
from gongkai.model.report import FieldIssue, Report
from gongkai.rules.base import Context, Finding, Severity, rule

_CHOICES = {
    "issuer_level": ", ".join(level.value for level in IssuerLevel),
    "status": ", ".join(status.value for status in Status),
}

# Which message explains a schema error; keys are pydantic error types.
_PROBLEMS = {
    "int_parsing": "integer",
    "int_type": "integer",
    "int_from_float": "integer",
    "greater_than_equal": "range",
    "less_than_equal": "range",
    "enum": "enum",
    "date_parsing": "date",
    "date_type": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
    "string_type": "text",
    "string_too_short": "empty",
}
_PATTERNS = {"type": "type-pattern", "doc_number": "doc-number", "region_code": "region-code"}


@rule(
    id="GK004",
    name="invalid-field",
    severity=Severity.error,
    summary={
        "zh": "前置元数据字段的值类型、可选值、日期或格式不正确",
        "en": "A front-matter value has the wrong type, choice, date or format",
    },
    messages={
        "integer": {
            "zh": "“{field}”（{label_zh}）应为不加引号的整数年份，如 2024，而不是“{value}”",
            "en": "'{field}' ({label_en}) must be an unquoted whole year such as 2024, "
            "not '{value}'",
        },
        "range": {
            "zh": "“{field}”（{label_zh}）的值 {value} 不在 2000 到 2100 之间",
            "en": "'{field}' ({label_en}) is {value}, outside 2000-2100",
        },
        "enum": {
            "zh": "“{field}”（{label_zh}）的值“{value}”无效，可选值为：{choices}",
            "en": "'{field}' ({label_en}) is '{value}'; allowed values: {choices}",
        },
        "date": {
            "zh": "“{field}”（{label_zh}）的值“{value}”不是有效日期，应写成 YYYY-MM-DD，如 2025-03-20",
            "en": "'{field}' ({label_en}) is '{value}', not a real date in the form YYYY-MM-DD",
        },
        "text": {
            "zh": "“{field}”（{label_zh}）应为文字，而不是“{value}”",
            "en": "'{field}' ({label_en}) must be text, not '{value}'",
        },
        "empty": {
            "zh": "“{field}”（{label_zh}）不能为空或过短",
            "en": "'{field}' ({label_en}) must not be empty",
        },
        "type-pattern": {
            "zh": "报告类型“type”应为小写英文标识，如 fazhi，而不是“{value}”",
            "en": "'type' must be a lower-case identifier such as fazhi, not '{value}'",
        },
        "doc-number": {
            "zh": "发文字号“{value}”格式不对，应形如“示镇政〔2025〕3号”（年份用六角括号〔〕）",
            "en": "Document number '{value}' should look like 示镇政〔2025〕3号 "
            "(year in 〔〕 brackets)",
        },
        "region-code": {
            "zh": '行政区划代码“{value}”应为加引号的 6 位数字（GB/T 2260），如 region_code: "411303"',
            "en": "Division code '{value}' must be 6 digits in quotes (GB/T 2260), "
            'e.g. region_code: "411303"',
        },
        "other": {
            "zh": "“{field}”（{label_zh}）的值“{value}”无效",
            "en": "'{field}' ({label_en}) has an invalid value '{value}'",
        },
    },
    doc=__doc__ or "",
)
def invalid_field(report: Report, ctx: Context) -> Iterator[Finding]:
    for issue in report.field_issues:
        if issue.kind == "invalid":
            yield _finding(issue)


def _finding(issue: FieldIssue) -> Finding:
    message = _PROBLEMS.get(issue.problem, "other")
    if issue.problem == "string_pattern_mismatch" or (
        issue.field == "region_code" and issue.problem == "string_type"
    ):
        message = _PATTERNS.get(issue.field, "other")
    if issue.value is None or issue.value == "":
        message = "empty"
    labels = FIELD_LABELS.get(issue.field, {"zh": issue.field, "en": issue.field})
    return invalid_field.finding(
        issue.line,
        issue.col,
        message,
        field=issue.field,
        label_zh=labels["zh"],
        label_en=labels["en"],
        value=_show(issue.value),
        choices=_CHOICES.get(issue.field, ""),
    )


def _show(value: object) -> str:
    # Never str() a container: a nested or aliased value can be huge or deeply recursive.
    if isinstance(value, list):
        return "[…]"
    if isinstance(value, dict):
        return "{…}"
    text = str(value)
    return f"{text[:40]}…" if len(text) > 40 else text
