"""## 检查内容

乡镇人民政府（`issuer_level: township`）的报告在表二“规章”一行填了大于 0 的数。
根据《中华人民共和国立法法》，规章只能由国务院部门和省、自治区、直辖市及设区的市、
自治州的人民政府制定，乡镇没有制定规章的权限。

## 为什么重要

乡镇报告中的“规章”几乎总是把本级制发的规范性文件或其他文件填错了行，或者照抄了
上级政府的表格。这会让全县的汇总数据出错。

## 如何修改

把本镇制发的行政规范性文件填到“行政规范性文件”一行，“规章”一行填 0。如果
`issuer_level` 填错了（报告并非乡镇所作），改正文件开头报告信息（前置元数据）中的 `issuer_level`。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.levels import IssuerLevel
from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule
from gongkai.tables.check import cell_name, format_number
from gongkai.tables.resolve import tables_of

_LEVEL = IssuerLevel.township


@rule(
    id="GK306",
    name="township-regulation",
    severity=Severity.warning,
    summary={
        "zh": "乡镇报告在表二“规章”一行填了数（乡镇不能制定规章）",
        "en": "A township's report counts 规章, which townships cannot make",
    },
    messages={
        "default": {
            "zh": "乡镇人民政府不能制定规章，但{cell}={value}。请核对：本镇制发的文件应计入"
            "“行政规范性文件”，“{row}”一行填 0",
            "en": "Townships cannot make 规章, yet {cell} = {value}. Count the township's own "
            "documents under 行政规范性文件 and write 0 in the row '{row}'",
        }
    },
    doc=__doc__ or "",
    needs_profile=True,
)
def township_regulation(report: Report, ctx: Context) -> Iterator[Finding]:
    level = report.fields.get("issuer_level")
    if ctx.profile is None or getattr(level, "value", level) != _LEVEL:
        return
    for table in tables_of(report, ctx.profile).tables.values():
        for key, cell in table.cells.items():
            if _LEVEL in cell.row.zero_for and cell.value and cell.value > 0:
                yield township_regulation.finding(
                    cell.line,
                    cell.col,
                    cell=cell_name(table, key),
                    value=format_number(cell.value),
                    row=cell.row.label[-1] if cell.row.label else cell.row.key,
                )
