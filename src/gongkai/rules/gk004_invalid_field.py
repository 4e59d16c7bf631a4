"""## 检查内容

文件开头的报告信息（前置元数据）中某个字段的值不合规：类型不对（年度写成了文字）、不在可选值之内
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

文字字段中不能有不可见的字符（零宽空格 U+200B、从右到左覆盖 U+202E 等双向控制字符）：
它们让页面上显示的发布机关名称与文件中实际写的不同，可被用来伪装成另一个机关。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.levels import IssuerLevel
from gongkai.model.metadata import FIELD_LABELS, Status
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
    "invisible_character": "invisible",
}
_PATTERNS = {"type": "type-pattern", "doc_number": "doc-number", "region_code": "region-code"}


@rule(
    id="GK004",
    name="invalid-field",
    severity=Severity.error,
    summary={
        "zh": "报告信息（前置元数据）中某项的值不正确（类型、可选值、日期或格式）",
        "en": "A front-matter value has the wrong type, choice, date or format",
    },
    messages={
        "integer": {
            "zh": "“{field}”（{label_zh}）写的是“{value}”，不是整数年份。"
            "请改为不加引号的四位年份，如 {field}: 2024",
            "en": "'{field}' ({label_en}) is '{value}', not a whole year; write an unquoted "
            "year such as {field}: 2024",
        },
        "range": {
            "zh": "“{field}”（{label_zh}）的值 {value} 不在 2000 到 2100 之间。"
            "请改为报告所述的年度，如 2024",
            "en": "'{field}' ({label_en}) is {value}, outside 2000-2100; write the year the "
            "report is about, e.g. 2024",
        },
        "enum": {
            "zh": "“{field}”（{label_zh}）的值“{value}”无效。请改为以下之一：{choices}",
            "en": "'{field}' ({label_en}) is '{value}'; use one of: {choices}",
        },
        "date": {
            "zh": "“{field}”（{label_zh}）的值“{value}”不是有效日期。"
            "请写成“年-月-日”，如 2025-03-20",
            "en": "'{field}' ({label_en}) is '{value}', not a real date; write it as "
            "YYYY-MM-DD, e.g. 2025-03-20",
        },
        "text": {
            "zh": "“{field}”（{label_zh}）写的是“{value}”，不是文字。"
            '请直接写文字；全是数字的，请加英文引号，如 "2025"',
            "en": "'{field}' ({label_en}) is '{value}', not text; write text, and put a "
            "number in quotes",
        },
        "empty": {
            "zh": "“{field}”（{label_zh}）是空的或太短。请填写完整",
            "en": "'{field}' ({label_en}) is empty or too short; fill it in",
        },
        "type-pattern": {
            "zh": "报告类型“type”写的是“{value}”，不是报告类型编号。"
            "请改为小写英文编号，如 fazhi（法治政府建设年度报告）",
            "en": "'type' is '{value}', not a report-type id; use a lower-case id such as fazhi",
        },
        "doc-number": {
            "zh": "发文字号“{value}”格式不对。请写成“示镇政〔2025〕3号”的形式（年份用六角括号〔〕）",
            "en": "Document number '{value}' is malformed; write it like 示镇政〔2025〕3号 "
            "(year in 〔〕 brackets)",
        },
        "region-code": {
            "zh": "行政区划代码“{value}”不对。请写 6 位数字（GB/T 2260）并加英文引号，"
            '如 region_code: "411303"',
            "en": "Division code '{value}' is wrong; write 6 digits in quotes (GB/T 2260), "
            'e.g. region_code: "411303"',
        },
        "invisible": {
            "zh": "“{field}”（{label_zh}）中有不可见的字符 {value}（零宽空格、从右到左覆盖等），"
            "会让显示的名称与实际不同；请删除该字符后重新输入",
            "en": "'{field}' ({label_en}) contains the invisible character {value} (a "
            "zero-width space, a right-to-left override …), which makes what is shown differ "
            "from what is there; delete it and type the text again",
        },
        "other": {
            "zh": "“{field}”（{label_zh}）的值“{value}”无效。请按本规则说明中的写法改正",
            "en": "'{field}' ({label_en}) has an invalid value '{value}'; correct it as this "
            "rule's page describes",
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
