"""## 检查内容

报告开头没有前置元数据（两行 `---` 之间的 YAML），YAML 有语法错误，或者它不是“键: 值”的映射。

## 为什么重要

标题、年度、发布机关和公开日期都写在前置元数据里。MkDocs 遇到写错的 YAML 会悄悄丢弃，
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

常见错误：冒号后缺空格、用了中文冒号“：”、缩进不一致、同一个键写了两次。
提示中的行号和列号来自 YAML 解析器，指向它无法继续读取的位置。
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
        "zh": "缺少前置元数据、YAML 语法错误或不是映射",
        "en": "Front-matter is missing, is not valid YAML, or is not a mapping",
    },
    messages={
        "missing": {
            "zh": "缺少前置元数据：文件第一行应为“---”，随后写 title、type、year 等字段，再以“---”结束",
            "en": "No front-matter: the first line must be '---', followed by title, type, "
            "year … and a closing '---'",
        },
        "unclosed": {
            "zh": "前置元数据没有结束：请在最后一个字段之后加一行“---”",
            "en": "The front-matter is never closed: add a line '---' after the last field",
        },
        "fullwidth-colon": {
            "zh": "字段名后用了中文冒号“：”，请改为英文冒号加空格“: ”",
            "en": "A full-width colon '：' follows the key; use an ASCII colon and a space ': '",
        },
        "too-large": {
            "zh": "前置元数据超过 {detail} 个字符，远大于任何正常报告；请只保留 title、type、year 等字段",
            "en": "The front-matter is longer than {detail} characters; keep only the report's fields",
        },
        "too-deep": {
            "zh": "前置元数据嵌套超过 {detail} 层（括号或缩进过深）；报告的字段不需要嵌套",
            "en": "The front-matter nests deeper than {detail} levels; report fields need no nesting",
        },
        "too-many-nodes": {
            "zh": "前置元数据展开后超过 {detail} 个值（可能是 YAML 别名炸弹）；请删除 & 和 * 别名",
            "en": "The front-matter expands to more than {detail} values (a YAML alias bomb?); "
            "remove the & and * aliases",
        },
        "control-character": {
            "zh": "前置元数据中有不可见的控制字符 {detail}，常见于从网页或 Word 复制；请删除该字符",
            "en": "The front-matter contains the control character {detail} (often pasted from "
            "a web page or Word); delete it",
        },
        "syntax": {
            "zh": "前置元数据 YAML 语法错误：{detail}。请检查冒号后是否有空格、是否误用中文冒号、缩进是否一致",
            "en": "YAML syntax error in the front-matter: {detail}",
        },
        "empty": {
            "zh": "前置元数据为空：请在两行“---”之间填写 title、type、year 等字段",
            "en": "The front-matter is empty: fill in title, type, year … between the '---' lines",
        },
        "not-mapping": {
            "zh": "前置元数据应为“键: 值”形式的映射，每行一个字段（现在是一个单独的值或列表）",
            "en": "The front-matter must be a mapping of 'key: value' lines, not a single "
            "value or a list",
        },
        "duplicate-key": {
            "zh": "字段“{detail}”重复出现；请删除多余的一行（否则只有最后一个值生效）",
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
