"""## 检查内容

报告开头没有报告信息（前置元数据：文件开头两行 `---` 之间、按 YAML 格式每行写一项“字段名: 值”），
报告信息的写法有误而无法读取，或者它不是一行一项的“字段名: 值”。

## 为什么重要

标题、年度、发布机关和公开日期都写在前置元数据里。MkDocs 遇到写错的前置元数据会悄悄丢弃，
页面照样生成，但缺少这些信息，也无法判断是否按时公开。

## 如何修改

报告第一行必须是 `---`，随后每行一个“键: 值”，再以一行 `---` 结束，例如：

    ---
    title: 关于2024年法治政府建设情况的报告
    type: fazhi
    year: 2024
    issuer: 示例县示例镇人民政府
    issuer_level: township
    published: 2025-03-20
    ---

常见错误：冒号后缺空格、用了中文冒号“：”、缩进不一致、同一个键写了两次（也包括 `correction:`、`withdrawal:` 等下一级中的键，提示中写作“correction.date”）。
提示中的行号和列号指向无法继续读取的位置，错误通常就在这一处或它的上一行。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK002",
    name="invalid-front-matter",
    severity=Severity.error,
    summary={
        "zh": "文件开头的报告信息（前置元数据）缺失或写法有误",
        "en": "Front-matter is missing, is not valid YAML, or is not a mapping",
    },
    messages={
        "missing": {
            "zh": "文件开头没有报告信息（前置元数据）。请在文件第一行写“---”，随后每行写一项"
            "（title、type、year 等），再写一行“---”结束",
            "en": "No front-matter. Make the first line '---', then one field per line "
            "(title, type, year …), then a closing '---'",
        },
        "unclosed": {
            "zh": "文件开头的报告信息（前置元数据）没有结束。请在最后一项之后加一行“---”",
            "en": "The front-matter is never closed: add a line '---' after the last field",
        },
        "fullwidth-colon": {
            "zh": "字段名后用了中文冒号“：”。请改为英文冒号加空格“: ”",
            "en": "A full-width colon '：' follows the key; use an ASCII colon and a space ': '",
        },
        "too-large": {
            "zh": "文件开头的报告信息（前置元数据）超过 {detail} 个字符，远多于任何正常报告。"
            "请只保留 title、type、year 等字段，正文写在第二行“---”之后",
            "en": "The front-matter is longer than {detail} characters; keep only the report's fields",
        },
        "too-deep": {
            "zh": "文件开头的报告信息（前置元数据）中括号或缩进嵌套超过 {detail} 层。"
            "请把每项写成一行“字段名: 值”，不要嵌套",
            "en": "The front-matter nests deeper than {detail} levels; write each field as "
            "one 'key: value' line",
        },
        "too-many-nodes": {
            "zh": "文件开头的报告信息（前置元数据）展开后超过 {detail} 个值（用 & 和 * 写的引用层层展开）。"
            "请删除 & 和 * 引用，直接写出每个值",
            "en": "The front-matter expands to more than {detail} values (a YAML alias bomb?); "
            "remove the & and * aliases",
        },
        "control-character": {
            "zh": "文件开头的报告信息（前置元数据）中有不可见的控制字符 {detail}，常见于从网页或 Word 复制。"
            "请删除该字符（可删去这一行后重新输入）",
            "en": "The front-matter contains the control character {detail} (often pasted from "
            "a web page or Word); delete it",
        },
        "syntax": {
            "zh": "文件开头的报告信息（前置元数据）写法有误，无法读取（程序提示：{detail}）。"
            "请检查冒号后是否有空格、是否误用中文冒号、缩进是否一致",
            "en": "YAML syntax error in the front-matter: {detail}. Check for a space after "
            "each colon, full-width colons and uneven indentation",
        },
        "empty": {
            "zh": "文件开头的报告信息（前置元数据）是空的。请在两行“---”之间填写 title、type、year 等字段，每行一项",
            "en": "The front-matter is empty: fill in title, type, year … between the '---' lines",
        },
        "not-mapping": {
            "zh": "文件开头的报告信息（前置元数据）是一个单独的值或列表，不是“字段名: 值”。"
            "请改为每行一项，如 year: 2024",
            "en": "The front-matter is a single value or a list; write one 'key: value' line "
            "per field, e.g. year: 2024",
        },
        "duplicate-key": {
            "zh": "字段“{detail}”写了两次，只有后一次有效。请删除多余的一行",
            "en": "The key '{detail}' appears twice; remove one (only the last would count)",
        },
    },
    doc=__doc__ or "",
)
def invalid_front_matter(report: Report, ctx: Context) -> Iterator[Finding]:
    front_matter = report.front_matter
    if front_matter is None or front_matter.error is None:
        return
    error = front_matter.error
    yield invalid_front_matter.finding(error.line, error.col, error.kind, detail=error.detail)
