"""## 检查内容

表格中的一个数不是该列要求的形式：

- 件数、数量只能是 0 或正整数，不能是小数、负数，也不能带单位或文字（“12件”“约10”）；
  2019年格式表二的“本年增/减”可以是负数；
- 金额写数字，单位以表头为准：表头写明“单位：万元”的，填 `2.02`，不要填“20200元”；
- 表头没有单位的金额（2019年格式表二的“采购总金额”），必须写明单位，如 `251000元`。

留空（`~`）表示“未填写”，与 0 不同，不在本检查之列（见 GK304）。

## 为什么重要

表格数据会被汇总、比较和导出为开放数据。“12件”“1.5”这样的值无法参与合计，单位不一的
金额会让汇总差上万倍。

## 如何修改

按提示改为阿拉伯数字。没有发生的事项填 `0`，确实没有统计的留空写 `~`。金额按表头单位换算，
例如表头为万元时，“251000元”应填 `25.1`。
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule
from gongkai.tables.check import cell_name, format_number
from gongkai.tables.resolve import Cell, tables_of

_AMOUNT_IN_YUAN = Decimal(10_000)


@rule(
    id="GK302",
    name="table-cell-invalid",
    severity=Severity.error,
    summary={
        "zh": "表格中的数不是非负整数，或金额的单位不对",
        "en": "A table value is not a non-negative integer, or an amount has the wrong unit",
    },
    messages={
        "negative": {
            "zh": "{cell}填的是“{value}”，件数不能为负数。请填写 0 或正整数",
            "en": "{cell} is '{value}'; a count cannot be negative. Write 0 or a positive "
            "whole number",
        },
        "fraction": {
            "zh": "{cell}填的是“{value}”，件数只能是整数。请改为整数；没有发生的填 0",
            "en": "{cell} is '{value}'; a count must be a whole number. Write a whole number, "
            "or 0 if there were none",
        },
        "not-number": {
            "zh": "{cell}填的是“{value}”，不是数字。请只填阿拉伯数字（如 12），不带单位和文字；"
            "没有发生的填 0，未统计的留空（~）",
            "en": "{cell} is '{value}', not a number. Write digits only (e.g. 12), without "
            "units or words; 0 if there were none, ~ if not counted",
        },
        "not-amount": {
            "zh": "{cell}填的是“{value}”，不是金额。请填写以{unit}为单位的数字，如 2.02",
            "en": "{cell} is '{value}', not an amount. Write a number in {unit}, e.g. 2.02",
        },
        "unit-missing": {
            "zh": "{cell}填的是“{value}”，没有单位。表头没有给出单位，请写明，如“{value}元”"
            "或“{value}万元”",
            "en": "{cell} is '{value}' without a unit. The header states none, so write it, "
            "e.g. '{value}元' or '{value}万元'",
        },
        "unit-mismatch": {
            "zh": "{cell}填的是“{value}”，但本列以{unit}为单位。请换算后只填数字：{converted}",
            "en": "{cell} is '{value}', but the column is in {unit}. Convert it and write "
            "the number only: {converted}",
        },
    },
    doc=__doc__ or "",
    needs_profile=True,
)
def table_cell_invalid(report: Report, ctx: Context) -> Iterator[Finding]:
    if ctx.profile is None or not ctx.profile.tables:
        return
    for table in tables_of(report, ctx.profile).tables.values():
        for key, cell in table.cells.items():
            if cell.problem is None or cell.raw is None:
                continue
            message: str = cell.problem
            if message == "not-number" and cell.column.kind == "amount":
                message = "not-amount"
            yield table_cell_invalid.finding(
                cell.line,
                cell.col,
                message,
                cell=cell_name(table, key),
                value=cell.raw.text,
                unit=cell.column.unit or "",
                converted=_converted(cell),
            )


def _converted(cell: Cell) -> str:
    """The value in the column's unit, for a cell written in the other one."""
    assert cell.raw is not None
    text = cell.raw.text.strip()
    for unit, factor in (("万元", _AMOUNT_IN_YUAN), ("元", 1 / _AMOUNT_IN_YUAN)):
        if text.endswith(unit):
            try:
                number = Decimal(text[: -len(unit)].strip())
            except ArithmeticError:
                return ""
            return format_number(number * factor)
    return ""
