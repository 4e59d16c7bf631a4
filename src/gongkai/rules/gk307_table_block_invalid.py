"""## 检查内容

表格数据块（```gongkai-table）写得不对，无法读成统一格式的表格：

- 写法有误而无法读取（数据块按 YAML 格式书写），如括号不配对、缩进不齐、冒号后缺空格；
- 缺少 `table:`，或写的表号不是本类报告的表（二、三、四）；同一张表写了两次；
- `format:` 不是 2019 或 2021；或者所写的版本不是报告年度适用的版本（2019、2020年度报告用
  2019年版试行格式，2021年度起用2021年版，国办公开办函〔2021〕30号）——这一项是警告：表格仍按
  所写的版本读取和核对，但报告用错了格式；
- 行名、列名不是统一格式中的名称（编号、括号、全角半角不影响识别，“予以公开”“（一）予以公开”
  都可以），或一行的数的个数与该行的列数不符；
- 表格不在它所属的一节中（如表三放在“二、主动公开政府信息情况”之下）。

一行读不出来时，这一行的数不参与合计检查。

## 为什么重要

读不出来的数据块既不能显示为表格，也不能核对和导出。只检查读得出来的部分，会让其余
问题悄悄漏过。

## 如何修改

按提示改正。每行的写法是 `行名: [第1列, 第2列, …]`（按统一格式的列顺序），或
`行名: {列名: 数, …}`；未填写的留空写 `~`。表二各项的列数不同：第（一）项3列，第（五）（六）
（八）项各1列（2021年格式）。行名写错时，提示会给出最接近的正确名称。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.model.tables import table_blocks
from gongkai.rules.base import Context, Finding, Severity, rule
from gongkai.tables.resolve import tables_of

_MESSAGES = {
    "syntax": {
        "zh": "表格数据块写法有误，无法读取（程序提示：{detail}）。请检查括号是否配对、冒号后是否有空格、"
        "缩进是否对齐",
        "en": "The table block is not valid YAML: {detail}. Check brackets, the space after "
        "each colon and the indentation",
    },
    "not-mapping": {
        "zh": "表格数据块这里的写法不对。请写成每行一个“名称: 值”，如 `rows:` 下每行一个"
        " `行名: [数, 数, …]`",
        "en": "A list of 'name: value' lines belongs here, e.g. one 'label: [n, n, …]' per "
        "row under 'rows:'",
    },
    "not-a-value": {
        "zh": "这一格里又套了一组数或名称，但一格只能填一个数。请改为一个数，未填写的写 ~",
        "en": "A nested list or mapping is given where one value belongs; write a single "
        "number, or ~",
    },
    "unknown-key": {
        "zh": "表格数据块不认识“{detail}”。请删去它，或改为 table（表号）、format（格式版本）、"
        "rows（各行）、cells（只有一行的表）之一",
        "en": "Unknown key '{detail}' in a table block. Remove it or use table, format, rows, "
        "or cells (for a one-row table)",
    },
    "duplicate-key": {
        "zh": "“{detail}”写了两次。请删去重复的一个",
        "en": "'{detail}' is given twice; remove one",
    },
    "no-table": {
        "zh": "表格数据块缺少表号。请在第一行写明，如 `table: 三`",
        "en": "The table block does not say which table it is; add e.g. 'table: 三'",
    },
    "no-rows": {
        "zh": "表格数据块没有数据。请在 `rows:` 下逐行填写",
        "en": "The table block has no values; add its rows under 'rows:'",
    },
    "unclosed": {
        "zh": "表格数据块没有结束，之后的正文都被当成了表格。请在表格数据后加一行 ```",
        "en": "The table block is never closed, so the rest of the report is read as table "
        "data. Close it with a line ```",
    },
    "too-large": {
        "zh": "表格数据块超过 {detail} 个字符，不像一张统一格式的表。请检查是否漏写了结束的 ```",
        "en": "The table block is longer than {detail} characters; is its closing ``` missing?",
    },
    "unknown-table": {
        "zh": "不认识表号“{table}”。请改为本类报告的表号之一：{known}",
        "en": "Unknown table '{table}'. Use one of this report type's tables: {known}",
    },
    "no-tables": {
        "zh": "本类报告没有规定表格，表格数据块（table: {table}）无法识别。请改为普通文字或 Markdown 表格",
        "en": "This report type has no tables, so the table block (table: {table}) cannot be "
        "read. Write it as text or a Markdown table",
    },
    "duplicate-table": {
        "zh": "表{number}已在第 {first} 行填写过，这里重复。请删去一个",
        "en": "Table {number} is already given at line {first}; remove one of them",
    },
    "format-not-in-force": {
        "zh": "这张表按 {format} 年版统一格式填写，但 {year} 年度报告应使用 {expected} 年版"
        "（2019、2020年度报告用2019年版，其后用2021年版）。请按 {expected} 年版的行名和列重新填写，"
        "并把 format 改为 {expected}",
        "en": "This table follows the {format} national format, but a report on {year} uses the "
        "{expected} format (2019 for reports on 2019 and 2020, 2021 from then on). Fill it in "
        "with the {expected} format's rows and columns and set format: {expected}",
    },
    "unknown-format": {
        "zh": "不认识格式版本“{format}”。请改为可用的版本：{known}（2019、2020年度报告用2019，"
        "其后用2021），或删去 format 这一行，按报告年度选择",
        "en": "Unknown format version '{format}'. Use one of {known}, or leave it out to "
        "choose by the report year",
    },
    "wrong-section": {
        "zh": "表{number}应放在“{section}”一节中。请把这个数据块移到该节",
        "en": "Table {number} belongs in the section '{section}'; move the block there",
    },
    "cells-not-one-row": {
        "zh": "`cells:` 只用于只有一行的表（表四）。这张表请在 `rows:` 下逐行填写",
        "en": "'cells:' is for a one-row table (table 四); give this table's rows under 'rows:'",
    },
    "unknown-row": {
        "zh": "统一格式中没有“{label}”这一行。请按统一格式改正行名（见本规则说明）",
        "en": "The national format has no row '{label}'. Correct the label to the national "
        "format's (see this rule's page)",
    },
    "unknown-row-suggest": {
        "zh": "统一格式中没有“{label}”这一行，可能是“{suggestion}”写错了。请改为“{suggestion}”",
        "en": "The national format has no row '{label}', probably a misspelt "
        "'{suggestion}'; write '{suggestion}'",
    },
    "duplicate-row": {
        "zh": "{row_zh}填了两次。请删去重复的一行",
        "en": "Given twice: {row_en}; remove one",
    },
    "unknown-column": {
        "zh": "{row_zh}没有“{label}”这一列。请改为可用的列之一：{columns}",
        "en": "No column '{label}' in {row_en}. Use one of its columns: {columns}",
    },
    "ambiguous-column": {
        "zh": "“{label}”可以指{row_zh}的多列，请写完整，如“行政复议/总计”。可用的列：{columns}",
        "en": "'{label}' fits several columns of {row_en}; write more of its header, e.g. "
        "行政复议/总计. Its columns: {columns}",
    },
    "duplicate-column": {
        "zh": "{row_zh}的“{label}”列填了两次。请删去一个",
        "en": "The column '{label}' of {row_en} is given twice; remove one",
    },
    "wrong-count": {
        "zh": "{row_zh}应有 {expected} 个数（{columns}），这里写了 {given} 个。"
        "请补齐或删去多余的数，未填写的也要用 ~ 占位",
        "en": "Wrong number of values in {row_en}: {expected} needed ({columns}), {given} "
        "given; mark values not filled in with ~",
    },
}


@rule(
    id="GK307",
    name="table-block-invalid",
    severity=Severity.error,
    summary={
        "zh": "表格数据块写得不对，无法读成统一格式的表格",
        "en": "A table block cannot be read as a table of the national format",
    },
    messages=_MESSAGES,
    doc=__doc__ or "",
    needs_profile=True,
)
def table_block_invalid(report: Report, ctx: Context) -> Iterator[Finding]:
    profile = ctx.profile
    if profile is None or not table_blocks(report):
        return
    found = tables_of(report, profile)
    for _block, problem in found.problems:
        yield table_block_invalid.finding(
            problem.line, problem.col, problem.kind, detail=problem.detail
        )
    for issue in found.issues:
        message: str = issue.kind
        if issue.kind == "unknown-table" and not profile.tables:
            message = "no-tables"
        elif issue.kind == "unknown-row" and issue.args.get("suggestion"):
            message = "unknown-row-suggest"
        # The table is read and checked as written: only the choice of form is wrong.
        severity = Severity.warning if issue.kind == "format-not-in-force" else None
        yield table_block_invalid.finding(issue.line, issue.col, message, severity, **issue.args)
