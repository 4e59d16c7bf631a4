"""The outline of a report: Markdown headings plus numbered lines that act as headings.

Many reports are pasted from Word with their 一、/（一）/一是 numbering as plain text rather
than Markdown headings. Recognising contents only from Markdown headings would then claim a
required content is missing when it is plainly there, so numbered lines count as well.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple

from gongkai.memo import memo
from gongkai.model.headings import document_title, section_ends
from gongkai.model.report import Report
from gongkai.model.source import LinePattern
from gongkai.numerals import NUMERALS

_NUMBERED = LinePattern(
    rf"[ \t]*(?:(?P<l1>[{NUMERALS}]{{1,3}}、)|(?P<l2>[（(][{NUMERALS}]{{1,3}}[）)])"
    rf"|(?P<l3>[{NUMERALS}]{{1,3}}是))[^\n]*"
)
_CLAUSE_END = re.compile(r"[。；;：:！!？?]")
# Numbered lines nest below every Markdown heading level (1–6).
_NUMBERED_LEVEL = {"l1": 7, "l2": 8, "l3": 9}
_TITLE_LIMIT = 60


class OutlineItem(NamedTuple):
    level: int
    title: str
    line: int
    col: int
    start: int
    end: int  # where the item's section ends: the next item of the same or a higher level
    is_heading: bool


def outline(report: Report) -> list[OutlineItem]:
    """Headings and numbered lines in file order, without the document's title heading."""
    return memo(report, _build)


def _build(report: Report) -> list[OutlineItem]:
    source = report.source
    if source is None:
        return []
    headings = report.headings
    if document_title(headings):
        headings = headings[1:]
    # (level, title, start, line, col, is_heading): a heading is located already.
    items = [(h.level, h.title, h.start, h.line, h.col, True) for h in headings]
    heading_starts = {h.start for h in report.headings}
    for match in _NUMBERED.finditer(source.text, report.body_offset):
        begin = match.start("line")
        if begin in heading_starts:
            continue
        kind = "l1" if match.start("l1") >= 0 else "l2" if match.start("l2") >= 0 else "l3"
        line_text = match.group("line").strip()
        clause = _CLAUSE_END.search(line_text)
        title = line_text[: clause.start()] if clause else line_text
        line, col = source.position(match.start(kind))
        items.append((_NUMBERED_LEVEL[kind], title[:_TITLE_LIMIT], begin, line, col, False))
    items.sort(key=itemgetter(2))
    ends = section_ends([(item[0], item[2]) for item in items], len(source.text))
    return [
        OutlineItem(level, title, line, col, start, end, is_heading)
        for (level, title, start, line, col, is_heading), end in zip(items, ends, strict=True)
    ]


def top_level(items: list[OutlineItem]) -> int | None:
    return min((item.level for item in items), default=None)
