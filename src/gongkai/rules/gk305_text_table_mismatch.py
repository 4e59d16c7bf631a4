"""## 检查内容

正文中引用的件数与表格不一致。报告常在“总体情况”中复述表格里的数，例如
“共受理政府信息公开申请859件”“答复……805件（含上年度结转申请18件，另有72件……顺延到
下年度答复）”“信息公开类行政复议7件，诉讼9件”。本检查找出这类说法，与表格核对：

| 正文说法 | 对应的表格数 |
| --- | --- |
| 新收/收到……申请 N 件 | 表三 一、本年新收[总计] |
| 受理……申请 N 件 | 表三 一、本年新收[总计]，或它加上 二、上年结转[总计]（全年办理量） |
| 上年结转申请 N 件 | 表三 二、上年结转[总计] |
| 办结/答复……申请 N 件 | 表三 三、（七）总计[总计] |
| N 件……结转/顺延到下年度 | 表三 四、结转下年度继续办理[总计] |
| 行政复议 N 件 | 表四 行政复议/总计 |
| 行政诉讼 N 件 | 表四 未经复议直接起诉和复议后起诉的总计之和 |

表格中对应的数留空或不是数字时不核对。

## 为什么重要

正文和表格说法不一，读者不知道该信哪个；往往是改了表格忘了改正文，或者反过来。

## 如何修改

核对原始台账，改正正文或表格中错的一处。
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.model.tables import table_blocks
from gongkai.rules.base import Context, Finding, Severity, rule
from gongkai.tables.check import cell_name, format_number
from gongkai.tables.resolve import Number, Table, tables_of

_COUNT = re.compile(r"\d\s*件")


@rule(
    id="GK305",
    name="text-table-mismatch",
    severity=Severity.warning,
    summary={
        "zh": "正文引用的件数与表格不一致",
        "en": "A count quoted in the text disagrees with the table",
    },
    messages={
        "default": {
            "zh": "正文“{quote}”写的是 {said} 件，但表{number}中{name_zh}为 {value}（{cells}）。"
            "请核对正文或表格",
            "en": "The text '{quote}' says {said}, but table {number} gives {name_en} as "
            "{value} ({cells}). Correct the text or the table",
        }
    },
    doc=__doc__ or "",
    needs_profile=True,
)
def text_table_mismatch(report: Report, ctx: Context) -> Iterator[Finding]:
    profile, source = ctx.profile, report.source
    if profile is None or not profile.tables or source is None:
        return
    found = tables_of(report, profile)
    if not found.tables:
        return
    text = report.text
    # The blocks themselves are data, not prose.
    blocks = [(block.start, block.end) for block in table_blocks(report)]
    # Every count quoted is “N件”: only the few lines with one need the patterns.
    lines = list(_lines_with(text, report.body_offset))
    for table in found.tables.values():
        for pattern, quote in table.spec.compiled_quotes:
            keys = [tuple(cell.split(".", 1)) for cell in quote.cells]
            value = _sum(table, quote.cells)
            if value is None:
                continue
            alternatives = (_sum(table, sum_) for sum_ in quote.also)
            fitting = {value, *(other for other in alternatives if other is not None)}
            for match in (m for a, b in lines for m in pattern.finditer(text, a, b)):
                said = int(match.group("n"))
                if said in fitting or any(a <= match.start() < b for a, b in blocks):
                    continue
                line, col = source.position(match.start("n"))
                yield text_table_mismatch.finding(
                    line,
                    col,
                    quote=match.group(0),
                    said=said,
                    number=table.spec.number,
                    name_zh=quote.name.zh,
                    name_en=quote.name.en,
                    value=format_number(value),
                    cells="+".join(cell_name(table, (k[0], k[1])) for k in keys),
                )


def _sum(table: Table, names: list[str]) -> Number | None:
    """The sum of the named cells, or None when one is blank or not a number."""
    cells = [table.cells[row, column] for row, column in (n.split(".", 1) for n in names)]
    if any(cell.blank or not cell.usable for cell in cells):
        return None
    return sum((cell.value or 0 for cell in cells), 0)


def _lines_with(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line from `start` on that has a count “N件” in it."""
    end = start
    for found in _COUNT.finditer(text, start):
        if found.start() < end:
            continue  # a second count on a line already given
        begin = max(text.rfind("\n", start, found.start()) + 1, start)
        end = text.find("\n", found.end())
        end = len(text) if end == -1 else end
        yield begin, end
