"""The note `gongkai import` leaves where it could not recover a table.

`<!-- 表三未能识别，请手工补录 -->`, followed by the source's rows as text: the table is in the
source but not in the draft, and an editor must enter it by hand. The check then reports the
note (GK301), not the table as absent from the report, and does no arithmetic on rows that
were never read (there is no block to do it on).
"""

from __future__ import annotations

import re

from gongkai.memo import memo
from gongkai.model.report import Report
from gongkai.prose import without_fences

_NOTE = "<!-- 表{number}未能识别，请手工补录 -->"
# The note as written, or with other spaces inside its comment: group 1 is the number.
NOTE_PATTERN = re.compile(r"<!--\s*表([一二三四五六七八九十]{1,3})未能识别，请手工补录\s*-->")


def kept_out_note(number: str) -> str:
    """The note for table `number` (二, 三, 四), exactly as the importer writes it."""
    return _NOTE.format(number=number)


def kept_out_notes(report: Report) -> dict[str, tuple[int, int]]:
    """Table number → (line, column) of its first note in the body; none in code blocks."""
    return memo(report, _notes)


def _notes(report: Report) -> dict[str, tuple[int, int]]:
    text, source = report.text, report.source
    if source is None or "未能识别" not in text:
        return {}
    start = report.body_offset
    body = without_fences(text[start:])
    found: dict[str, tuple[int, int]] = {}
    for match in NOTE_PATTERN.finditer(body):
        found.setdefault(match[1], source.position(start + match.start()))
    return found
