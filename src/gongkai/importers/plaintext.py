"""Plain text as published on a government site → Markdown with front-matter.

The published text has no Markdown: its structure is the 一、/（一） numbering. Lines that
carry such a number and read as a heading (short, no sentence end) become headings; a
numbered line that runs on into its paragraph stays a paragraph, as in the original.

Crawlers and some portals store a report with its line breaks lost, the whole body on one
line; `recover_lines` puts them back from the same numbering (see the note above it). A
table's labels are never headings, whatever their numbering.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import yaml

from gongkai.numerals import NUMERALS, from_chinese
from gongkai.profiles import load_profile, profile_ids
from gongkai.profiles.rowlabels import core, numbering
from gongkai.profiles.tablespec import Group

_SECTION = re.compile(rf"^[{NUMERALS}]{{1,3}}、")
_SUBSECTION = re.compile(rf"^[（(][{NUMERALS}]{{1,3}}[）)]")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_HEADING_LIMIT = 40
# Labels this short (“其他”, “总计”) may be a section's whole title.
_SHORT_LABEL = 2


def heading_like(line: str) -> bool:
    """Whether a line is short enough and without a sentence end to be a heading."""
    return len(line) <= _HEADING_LIMIT and not _SENTENCE_END.search(line)


def heading_level(line: str) -> int | None:
    """2 for a 一、 heading, 3 for a （一） heading, None for a paragraph (see the module note)."""
    if not heading_like(line) or is_table_label(line):
        return None
    if _SECTION.match(line):
        return 2
    return 3 if _SUBSECTION.match(line) else None


def body_to_markdown(text: str) -> str:
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        level = heading_level(line)
        if level:
            lines.append(f"\n{'#' * level} {line}\n")
        elif line:
            lines.append(f"{line}\n")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def to_markdown(text: str, fields: dict[str, Any]) -> str:
    """A report in our format: the given front-matter fields, then the converted body."""
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front}---\n\n{body_to_markdown(text)}"


# Recovering the lines of a text whose line breaks were lost (a crawler's one-line body).
# A new line starts at a number of the outline in sequence (一、 after nothing, 二、 after
# 一、, （一） after a section or a sentence end) and at a table's label, where what comes
# before ends a sentence or a heading: never inside a number, a 《title》 or a quotation.
_SECTION_AT = re.compile(rf"(?<![{NUMERALS}])([{NUMERALS}]{{1,3}})、")
_SUBSECTION_AT = re.compile(rf"[（(]([{NUMERALS}]{{1,3}})[）)]")
# 表二 …, and the captions of 表二's groups as its rows run on: “第二十条第（一）项信息内容”.
_TABLE_LABEL_AT = re.compile(
    rf"表[{NUMERALS}]{{1,2}}(?=[\s:：、．.]|[\u4e00-\u9fff]{{2}})"
    rf"|第二十条第[（(][{NUMERALS}]{{1,2}}[）)]项(?=[\s|｜]*信息内容)"
)
# A numbered paragraph, “2.推进…”: not a decimal (10.5), a date (2024.1.1) or a table's run
# of digits (“00000042.其他”).
_ITEM_AT = re.compile(r"(?<![\d.．])(\d{1,2})[.．、](?!\d)")
_CANDIDATES = re.compile(
    f"(?P<section>{_SECTION_AT.pattern})|(?P<sub>{_SUBSECTION_AT.pattern})"
    f"|(?P<label>{_TABLE_LABEL_AT.pattern})|(?P<item>{_ITEM_AT.pattern})"
)
# The group of each kind of number that holds its value.
_VALUE_GROUP = {"section": 2, "sub": 4, "item": 7}
_ENDS = frozenset("。；;！!？?：:")
# Spans a line never breaks in; longer ones are unbalanced marks, not spans.
_PROTECTED = re.compile(r"《[^《》\n]{0,100}》|“[^“”\n]{0,100}”|〔[^〔〕\n]{0,10}〕")
# Where a run-on heading ends: a space the crawler joined lines with, its first sub-number
# or 一是, the year its text opens with, a table's group caption or first cell.
_HEADING_STOP = re.compile(
    rf"\s+|[（(][{NUMERALS}]{{1,3}}[）)]|一是|20\d{{2}}\s*年|第二十条第[（(]|[|｜]|[。；;！!？?]"
)
_MARKED = ("#", "|", "｜")
# A whole report on one line: recovered even without a section number in it.
_WHOLE_TEXT = 2000


@dataclass
class _Numbers:
    """Where the outline is: the last number of each level."""

    section: int = 0
    sub: int = 0
    item: int = 0

    def follows(self, kind: str, value: int) -> bool:
        """Whether a number comes next: one more than the last of its level, or a new list."""
        return value in (1, getattr(self, kind) + 1)

    def move(self, kind: str, value: int) -> None:
        self.item = value if kind == "item" else 0
        if kind != "item":
            self.sub = value if kind == "sub" else 0
        if kind == "section":
            self.section = value


def recover_lines(lines: Iterable[str]) -> list[str]:
    """The lines with the line breaks a text lost put back (see above); other lines as given."""
    numbers = _Numbers()
    result: list[str] = []
    for raw in lines:
        line = raw.strip()
        before = replace(numbers)
        # A line marked up as a heading or a table's row keeps the breaks it has.
        marked = line.startswith(_MARKED)
        cuts, sections = (set(), 0) if marked else _cuts(line, numbers)
        if not (sections or (cuts and len(line) >= _WHOLE_TEXT)):
            numbers = before
            _follow(line.lstrip("#").strip(), numbers)
            result.append(raw)
            continue
        edges = [0, *sorted(cuts), len(line)]
        result += [piece for a, b in itertools.pairwise(edges) if (piece := line[a:b].strip())]
    return result


def _follow(line: str, numbers: _Numbers) -> None:
    """Count a line that stays whole: a line starting with a number moves the sequence on."""
    found = _CANDIDATES.match(line)
    value = _value(found) if found else None
    if found and value:
        numbers.move(found.lastgroup or "", value)


def _value(found: re.Match[str]) -> int | None:
    kind = found.lastgroup or ""
    if kind not in _VALUE_GROUP:
        return None
    text = found[_VALUE_GROUP[kind]]
    return int(text) if kind == "item" else from_chinese(text)


def _cuts(line: str, numbers: _Numbers) -> tuple[set[int], int]:
    """Where the line breaks, and how many of the breaks start a section."""
    spans = [m.span() for m in _PROTECTED.finditer(line)]
    starts = [start for start, _end in spans]
    cuts: set[int] = set()
    sections = 0
    for found in _CANDIDATES.finditer(line):
        at, kind, value = found.start(), found.lastgroup or "", _value(found)
        previous = line[at - 1] if at else "\n"
        boundary = previous in _ENDS or previous.isspace() or at in cuts  # after a heading
        if kind == "label":
            # A flattened table ends in its numbers: a label or the next section follows a digit.
            accepted = boundary or previous.isdigit()
        elif kind == "section":
            accepted = (boundary or previous.isdigit()) and bool(value)
        else:
            accepted = boundary and bool(value)
        if value and not numbers.follows(kind, value):
            accepted = False
        if not accepted or _inside(spans, starts, at) or _is_row_label(line, found.end()):
            continue
        cuts.add(at)
        if value:
            numbers.move(kind, value)
        sections += kind == "section" and at > 0
        if kind in ("section", "sub"):
            cuts.update(_heading_end(line, found.end()))
    return cuts, sections


def _inside(spans: list[tuple[int, int]], starts: list[int], at: int) -> bool:
    """Whether `at` is inside one of the spans (in order, apart): found by bisection, as a
    one-line report of 1 MB has thousands of both."""
    index = bisect.bisect_left(starts, at) - 1
    return index >= 0 and at < spans[index][1]


def _heading_end(line: str, start: int) -> list[int]:
    """Where a numbered heading that runs on into its text ends, if it reads as a heading."""
    stop = _HEADING_STOP.search(line, start, start + _HEADING_LIMIT + 1)
    if stop is None or stop.group()[0] in _ENDS or stop.start() == start:
        return []
    return [stop.end() if stop.group().isspace() else stop.start()]


def is_table_label(line: str) -> bool:
    """Whether a line is a label of a statistical table (a row, a column, a group's caption):
    “（二）部分公开（区分处理的，…）”, “第二十条第（五）项”, “申请人情况（自然人）”. Such a line
    is never a heading; “（六）其他” is a label, but “六、其他” may be a section."""
    key = core(line)
    return key in _label_cores() and (len(key) > _SHORT_LABEL or not _SECTION.match(line))


@cache
def _label_cores() -> frozenset[str]:
    labels = [
        label
        for group in _table_groups()
        for label in (
            group.caption or "",
            group.corner,
            *(part for column in group.columns for part in column.label),
            *(part for row in group.rows for part in row.label),
        )
    ]
    return frozenset(key for label in labels if (key := core(label)))


def _table_groups() -> Iterator[Group]:
    """The groups of rows of every table of every report type, in every format."""
    for profile_id in profile_ids():
        for spec in load_profile(profile_id).tables:
            for layout in spec.formats:
                yield from layout.groups


def _is_row_label(line: str, end: int) -> bool:
    """Whether a table row's label starts at `end`, followed by its values, not by words:
    “（六）其他处理” is no row where “六、其他需要报告的事项” follows."""
    return _row_label().match(line, end) is not None


@cache
def _row_label() -> re.Pattern[str]:
    """The labels of the statistical tables' rows, without their numbers: “四、结转下年度继
    续办理” in a flattened 表三 is a row, not section 四."""
    labels = {
        label[len(numbering(label)) :]
        for group in _table_groups()
        for row in group.rows
        for label in row.label
    }
    words = "|".join(sorted(re.escape(label) for label in labels if len(label) >= _SHORT_LABEL))
    return re.compile(f"(?:{words})(?![\u4e00-\u9fff])")
