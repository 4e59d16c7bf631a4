"""Structured table blocks in a report: where they are and what they say, cell by cell.

A table is written as data, not drawn: a fenced block with the info string `gongkai-table`
holding YAML, placed in the section the table belongs to.

    ```gongkai-table
    table: 三
    format: 2021
    rows:
      本年新收政府信息公开申请数量: [821, 35, ~, ~, 2, 1, 859]
      予以公开: {自然人: 258, 商业企业: 12, 总计: 271}
    ```

This module only reads the block: every key and value with its line and column, and every
problem in the YAML, located. What the labels mean (which row, which column, which format)
is decided against the report type's table specs in `gongkai.tables`.
"""

from __future__ import annotations

from gongkai.memo import memo
from gongkai.model.report import Report
from gongkai.model.source import LinePattern
from gongkai.model.tableblock import INFO_STRING, BlockProblem, TableBlock
from gongkai.model.tableparse import parse_block

_FENCE = LinePattern(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)")


def table_blocks(report: Report) -> list[TableBlock]:
    """Every table block of the report, in file order (parsed once, then cached)."""
    return memo(report, _scan)


def _scan(report: Report) -> list[TableBlock]:
    source = report.source
    if source is None or INFO_STRING not in source.text:
        return []
    text = source.text
    blocks: list[TableBlock] = []
    fence: str | None = None
    block: TableBlock | None = None
    content_start = 0
    for match in _FENCE.finditer(text, report.body_offset):
        marker, info = match.group("fence"), match.group("info").strip()
        if fence is None:
            fence = marker
            if info == INFO_STRING:
                line, col = source.position(match.start("fence"))
                block = TableBlock(line, col, match.start("line"), len(text))
                content_start = min(match.end() + 1, len(text))
            continue
        # As CommonMark: only a bare fence of the same character, at least as long, closes.
        if marker[0] != fence[0] or len(marker) < len(fence) or info:
            continue
        if block is not None:
            block.end = match.end()
            parse_block(source, content_start, match.start("line"), block, report.limits)
            blocks.append(block)
        fence, block = None, None
    if block is not None:
        block.problems.append(BlockProblem("unclosed", block.line, block.col))
        parse_block(source, content_start, len(text), block, report.limits)
        blocks.append(block)
    return blocks
