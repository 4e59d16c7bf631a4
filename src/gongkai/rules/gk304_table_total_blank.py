"""## 检查内容

表格中一个“总计”单元格留空，而它的分项已经填了数。例如表三“（一）予以公开”一行的
自然人、商业企业已填，总计列却空着；或表四行政复议各项结果已填，行政复议总计空着。

留空表示“未填写”，不等于 0，所以本检查只给出警告，不把空白当作 0 去核对合计；
涉及这个总计的等式（GK303）也暂不检查，填上总计后再核对。

## 为什么重要

统一格式的每个总计都要填写。真实报告中常见整列总计留空（如某市2019年报告表三的总计列
只填了首尾几行），读者无法直接读出每类结果的件数，汇总数据时也会出错。

## 如何修改

按提示填写总计，即各分项之和；如果发现分项有误，一并改正。确实没有发生的，分项和总计
都填 0。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule
from gongkai.tables.check import addends, arithmetic, cell_name, format_number
from gongkai.tables.resolve import tables_of


@rule(
    id="GK304",
    name="table-total-blank",
    severity=Severity.warning,
    summary={
        "zh": "总计单元格留空，但分项已填",
        "en": "A total cell is blank although its parts are filled",
    },
    messages={
        "default": {
            "zh": "{cell}未填写，但{parts_zh}为 {sum}（{addends}）。请填写总计 {sum}"
            "（分项有误的一并改正）",
            "en": "{cell} is blank, but {parts_en} is {sum} ({addends}). Fill in the total "
            "{sum} (and correct the parts if they are wrong)",
        }
    },
    doc=__doc__ or "",
    needs_profile=True,
)
def table_total_blank(report: Report, ctx: Context) -> Iterator[Finding]:
    if ctx.profile is None or not ctx.profile.tables:
        return
    for table in tables_of(report, ctx.profile).tables.values():
        for blank in arithmetic(table).blank_totals:
            instance = blank.instance
            yield table_total_blank.finding(
                blank.cell.line,
                blank.cell.col,
                cell=cell_name(table, instance.left[0]),
                parts_zh=instance.identity.right_name.zh,
                parts_en=instance.identity.right_name.en,
                sum=format_number(blank.parts),
                addends=addends(table, instance.right),
            )
