"""## 检查内容

本年度报告表三“二、上年结转政府信息公开申请数量”与同一机关上一年度报告表三
“四、结转下年度继续办理”不一致。上一年结转到下一年继续办理的申请，就是下一年的
“上年结转”，两者按列（自然人、各类法人或其他组织、总计）应当相等。

只有两份报告都在检查范围内（同一 `issuer`、同一报告类型，`year` 相差一年），且对应的
数都已填写时才核对。同一机关同一年有多份报告时不核对。

## 为什么重要

结转数对不上，说明有申请在两个年度之间“消失”或“多出”，或者其中一年的表格填错了。
这是核对年度报告时常用的跨年检查。

## 如何修改

核对两个年度的台账，改正填错的一处。如果上一年度报告公开后数据有更正，在本年度报告中
说明原因。
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from gongkai.config import Config
from gongkai.model.report import Report
from gongkai.rules.base import Context, CorpusEntry, Finding, Memo, Severity, corpus_rule
from gongkai.tables.check import cell_name, column_name
from gongkai.tables.resolve import tables_of

# The cells compared: this year's 上年结转 (r2) with last year's 结转下年度继续办理 (r4) in 表三,
# column by column; the site's year-on-year page shows the same pairs.
CARRY_TABLE, CARRIED_OVER, CARRIED_FORWARD = "t3", "r2", "r4"


def _digest(report: Report, ctx: Context) -> Any:
    """Per column: this year's 上年结转 with its position and name, and 结转下年度."""
    if ctx.profile is None or not ctx.profile.tables:
        return None
    table = tables_of(report, ctx.profile).tables.get(CARRY_TABLE)
    if table is None:
        return None
    columns: dict[str, list[Any]] = {}
    for (row, column), cell in table.cells.items():
        if row != CARRIED_OVER:
            continue
        forward = table.cells[CARRIED_FORWARD, column]
        columns[column] = [
            _int(cell.value) if cell.usable and not cell.blank else None,
            _int(forward.value) if forward.usable and not forward.blank else None,
            cell.line,
            cell.col,
            cell_name(table, (row, column)),
            column_name(table, forward),
        ]
    return columns


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


@corpus_rule(
    id="GK308",
    name="carry-over-mismatch",
    severity=Severity.warning,
    summary={
        "zh": "本年“上年结转”与上一年度报告的“结转下年度继续办理”不一致",
        "en": "This year's carried-over requests differ from those last year's report "
        "carried forward",
    },
    messages={
        "default": {
            "zh": "{cell}={value}，但本机关{year}年报告 {other} 中“结转下年度继续办理”[{column}]"
            "={previous}，两者应相等。请核对两个年度的数据；上年数据有更正的，在报告中说明",
            "en": "{cell} = {value}, but the issuer's {year} report {other} carried "
            "{previous} forward in column '{column}'; they should be equal. Check both "
            "years, and explain any correction of last year's figures",
        }
    },
    doc=__doc__ or "",
    digest=_digest,
    pure=True,
)
def carry_over_mismatch(
    entries: Sequence[CorpusEntry], config: Config, memo: Memo
) -> Iterator[tuple[str, Finding]]:
    by_year: dict[tuple[str, str, int], list[CorpusEntry]] = defaultdict(list)
    for entry in entries:
        if entry.issuer is not None and entry.year is not None and entry.type is not None:
            by_year[entry.type, entry.issuer, entry.year].append(entry)
    for (kind, issuer, year), these in sorted(by_year.items()):
        previous = by_year.get((kind, issuer, year - 1), [])
        if len(these) != 1 or len(previous) != 1:
            continue  # none to compare with, or several and no telling which one counts
        this, last = these[0], previous[0]
        if not (isinstance(this.digest, dict) and isinstance(last.digest, dict)):
            continue
        for column, cells in this.digest.items():
            try:
                value, _f, line, col, name, _c = cells
                _v, previous_value, _l, _co, _n, column_label = last.digest[column]
            except (KeyError, TypeError, ValueError):
                continue  # a digest from a foreign cache entry: skip rather than crash
            if value is None or previous_value is None or value == previous_value:
                continue
            yield (
                this.path,
                carry_over_mismatch.finding(
                    line,
                    col,
                    cell=name,
                    value=value,
                    year=year - 1,
                    other=last.path,
                    column=column_label,
                    previous=previous_value,
                ),
            )
