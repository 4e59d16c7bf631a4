"""## 检查内容

表格中的数加不起来。检查国家统一格式规定或由表格结构决定的每一个等式：

- T3-A（表三，每一列）：一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理
  （表中注明的勾稽关系）；
- T3-B（表三，每一列）：（七）总计 = （一）至（六）各项办理结果之和；
- T3-C（表三，每一行）：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他；
- T4-A、T4-B、T4-C（表四）：行政复议、未经复议直接起诉、复议后起诉的“总计”分别等于
  结果维持、结果纠正、其他结果、尚未审结之和。

提示写明等式编号、涉及的单元格和数值，例如“三、（七）总计[自然人]=767，但各办理结果之和=766”。
留空的分项按 0 计算。总计留空而分项已填的，不按 0 计算，由 GK304 提示；含有不是数字的
单元格（GK302）的等式不检查。

## 为什么重要

加不起来的表格说明至少有一个数填错了。上级机关和第三方评估逐项核对这些勾稽关系，
数据失准是年度报告通报中最常见的问题之一。

## 如何修改

对照原始台账逐项核对提示列出的单元格，改正填错的数。不要只改总计去凑合计：
分项错了，总计也跟着错。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule
from gongkai.tables.check import Failure, addends, arithmetic, cell_name, column_name
from gongkai.tables.check import format_number as fmt
from gongkai.tables.resolve import Table, tables_of


@rule(
    id="GK303",
    name="table-identity",
    severity=Severity.error,
    summary={
        "zh": "表格中的数加不起来（如（七）总计不等于各办理结果之和）",
        "en": "Table values do not add up (an identity of the national format fails)",
    },
    messages={
        "total": {
            "zh": "{cell}={left}，但{parts_zh}={right}（{addends}）。请核对这些数"
            "（{identity}：{statement_zh}）",
            "en": "{cell} = {left}, but {parts_en} = {right} ({addends}). Check these "
            "numbers ({identity}: {statement_en})",
        },
        "balance": {
            "zh": "表{number}“{where}”列：{left_zh}={left}（{left_addends}），但{right_zh}={right}"
            "（{right_addends}）。请核对这些数（{identity}：{statement_zh}）",
            "en": "Table {number}, column '{where}': {left_en} = {left} ({left_addends}), but "
            "{right_en} = {right} ({right_addends}). Check these numbers ({identity}: "
            "{statement_en})",
        },
    },
    doc=__doc__ or "",
    needs_profile=True,
)
def table_identity(report: Report, ctx: Context) -> Iterator[Finding]:
    if ctx.profile is None or not ctx.profile.tables:
        return
    for table in tables_of(report, ctx.profile).tables.values():
        for failure in arithmetic(table).failures:
            yield _finding(table, failure)


def _finding(table: Table, failure: Failure) -> Finding:
    instance, identity = failure.instance, failure.instance.identity
    first = table.cells[instance.left[0]]
    common = {
        "identity": identity.id,
        "statement_zh": identity.statement.zh,
        "statement_en": identity.statement.en,
        "left": fmt(failure.left),
        "right": fmt(failure.right),
    }
    if identity.total:
        return table_identity.finding(
            first.line,
            first.col,
            "total",
            None,
            cell=cell_name(table, instance.left[0]),
            parts_zh=identity.right_name.zh,
            parts_en=identity.right_name.en,
            addends=addends(table, instance.right),
            **common,
        )
    left_name = identity.left_name or identity.right_name
    return table_identity.finding(
        first.line,
        first.col,
        "balance",
        None,
        number=table.spec.number,
        where=column_name(table, first),
        left_zh=left_name.zh,
        left_en=left_name.en,
        right_zh=identity.right_name.zh,
        right_en=identity.right_name.en,
        left_addends=addends(table, instance.left),
        right_addends=addends(table, instance.right),
        **common,
    )
