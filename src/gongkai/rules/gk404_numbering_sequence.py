"""## 检查内容

各级序号没有按顺序排列：

- 跳号，如“三、”之后是“五、”，“（一）”之后是“（三）”；
- 重号，如两个“（二）”；
- 该接着编的地方重新从头编起，如“六、”之后又出现“一、”；
- 一级序号不从“一”开始，如某一节里的小标题从“（二）”开始；
- 序号缺少左括号，如“一)纵深推进……”，应为“（一）”。

检查的序号有“一、”“（一）”“一是”“1.”“（1）”五种，只看写在行首的序号（包括 Markdown
标题和普通段落）。上一级序号变化后，下一级重新从头编号是正确的；没有编号的 Markdown
标题同样会让它下面的各级序号重新开始。

## 为什么重要

序号错乱多半是删改段落后没有重新编号，或从别的报告拼接内容留下的，读者会怀疑漏掉了
内容。

## 如何修改

按提示把序号改为连续的编号；如果确实删去了一项，后面的序号依次提前。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from gongkai.model.report import Report
from gongkai.numerals import NUMERALS, from_chinese, to_chinese
from gongkai.prose import prose
from gongkai.rules.base import Context, Finding, Severity, rule

_CN = rf"[{NUMERALS}]{{1,3}}"
# Line-start numbering, after optional Markdown heading hashes, quote marks or emphasis.
# "1." needs a following non-digit so that "2024.3" is not a number 2024.
# Matched at the start of each line (after optional Markdown heading hashes, quote marks
# or emphasis). "1." needs a following non-digit so that "2024.3" is not a number 2024.
# Possessive blanks: with backtracking among them a line of a million blanks (a blanked
# code span) took hours.
_MARKER = re.compile(
    rf"[ \t]*+(?:#{{1,6}}[ \t]*+)?(?:>[ \t]*+)?(?:\*\*|__)?[ \t]*+"
    rf"(?:(?P<dun>{_CN})、|[（(](?P<paren>{_CN})[）)]|(?P<half>{_CN})[）)]|(?P<shi>{_CN})是(?![非否])"
    rf"|(?P<dot>\d{{1,2}})[.．、](?![0-9])|[（(](?P<arabic>\d{{1,2}})[）)])"
)
_HEADING = re.compile(r"#{1,6}(?=[^#]|$)")
# Lines after which numbering legitimately starts again: a new part, a table of contents,
# an attachment, the notes under a table; and table rows, which carry numbering of their
# own (一、本年新收… 1.属于国家秘密) that the text around them may continue.
_PART = re.compile(
    rf"[ \t]*+(?:#{{1,6}}[ \t]*+)?(?:第[{NUMERALS}\d]{{1,3}}(?:部分|章|篇)|目[ \t]*录"
    rf"|附[ \t]*件[ \t]*\d*|附表[ \t]*\d*|表[{NUMERALS}\d]{{1,3}}|(?:填表)?说明|备注|附注|注)"
    r"(?=[ \t:：]|$)"
)
_TABLE_ROW = re.compile(r"[ \t]*\|")
# The characters any of the four patterns above can match first (a decimal digit aside):
# a line opening with another, most of a report's prose, is none of them without a regex.
_STARTS = frozenset(" \t#>*_（(|第目附表填说备注" + NUMERALS)
_STYLES = {"dun": "{}、", "paren": "（{}）", "shi": "{}是", "dot": "{}.", "arabic": "（{}）"}


# Where a numbering style sits in official documents when it first appears: 一、 above
# （一） above the rest. Styles of equal rank nest in the order a report uses them.
_RANK = {"dun": 1, "paren": 2, "shi": 3, "dot": 3, "arabic": 3}


class Mark(NamedTuple):
    style: str  # a key of _STYLES, or "h" for an unnumbered Markdown heading
    value: int
    line: int
    col: int
    heading: int  # the Markdown heading level of its line, 0 for a paragraph
    malformed: str = ""  # the marker as written when it lacks its opening bracket: 一)


def _label(style: str, value: int) -> str:
    if style in {"dot", "arabic"}:
        return _STYLES[style].format(value)
    return _STYLES[style].format(to_chinese(value))


def marks(report: Report) -> list[Mark]:
    """Numbering, unnumbered headings and boundaries, line by line: a line-anchored regex
    run over the whole text would be tried at every character."""
    if report.source is None:
        return []
    text = prose(report)
    found: list[Mark] = []
    line_number = report.source.position(report.body_offset)[0]
    for line in text[report.body_offset :].split("\n"):
        # Most lines of a report are the blank ones between paragraphs, and prose.
        if not line or (line[0] not in _STARTS and not line[0].isdecimal()):
            line_number += 1
            continue
        heading = _HEADING.match(line) if line[0] == "#" else None
        level = len(heading.group()) if heading else 0
        marker = _MARKER.match(line)
        value = None
        if marker:
            style = marker.lastgroup or ""
            raw = marker.group(style)
            value = int(raw) if style in {"dot", "arabic"} else from_chinese(raw)
        if marker and value is not None:
            style = marker.lastgroup or ""
            col = marker.start(style) + 1
            if style == "half":
                # 一) is （一） with its opening bracket lost: it numbers that level.
                written = line[marker.start(style) : marker.end()]
                found.append(Mark("paren", value, line_number, col, level, written))
            else:
                found.append(Mark(style, value, line_number, col, level))
        elif _TABLE_ROW.match(line):
            found.append(Mark("table", 0, line_number, 1, 1))
        elif _PART.match(line):
            found.append(Mark("part", 0, line_number, 1, 1))
        elif level:
            found.append(Mark("h", 0, line_number, 1, level))
        line_number += 1
    return found


@rule(
    id="GK404",
    name="numbering-sequence",
    severity=Severity.warning,
    summary={
        "zh": "序号（一、（一）一是 1.）跳号、重号或中途重新开始",
        "en": "Numbering (一、（一）一是 1.) skips, repeats or restarts",
    },
    messages={
        "skip": {
            "zh": "序号“{found}”前面应是“{expected}”：“{previous}”之后跳过了 {missing}。"
            "请补上缺少的部分，或把序号改为“{expected}”",
            "en": "'{found}' should be '{expected}': after '{previous}' the numbering skips "
            "{missing}; add what is missing or renumber",
        },
        "repeat": {
            "zh": "序号“{found}”重复了，前面已有“{previous}”。请改为“{expected}”",
            "en": "'{found}' repeats the previous '{previous}'; renumber it '{expected}'",
        },
        "restart": {
            "zh": "序号“{found}”重新从头开始，但前面的“{previous}”属于同一级。请改为“{expected}”",
            "en": "'{found}' starts the numbering again although '{previous}' is on the "
            "same level; renumber it '{expected}'",
        },
        "malformed": {
            "zh": "序号“{found}”缺少左括号，请改为“{expected}”",
            "en": "The number '{found}' lacks its opening bracket; write '{expected}'",
        },
        "start": {
            "zh": "这一级序号从“{found}”开始，缺少“{expected}”。请从“{expected}”开始编号",
            "en": "This level of numbering starts at '{found}'; '{expected}' is missing. "
            "Start the numbering at '{expected}'",
        },
    },
    doc=__doc__ or "",
)
def numbering_sequence(report: Report, ctx: Context) -> Iterator[Finding]:
    # A stack of the numbering styles open at this point, outermost first, each with its
    # last value. Meeting a style already open closes every deeper one, so they start again
    # at 1 -- or continue from where they were closed, as some reports number 1., 2. under
    # （一） and 3., 4. under （二）. `closed` remembers that value; None accepts any.
    stack: list[Mark] = []
    closed: dict[str, int | None] = {}

    def close(keep: int, any_value: bool = False) -> None:
        for mark in stack[keep:]:
            closed[mark.style] = None if any_value else mark.value
        del stack[keep:]

    for mark in marks(report):
        if mark.malformed:
            yield numbering_sequence.finding(
                mark.line,
                mark.col,
                "malformed",
                found=mark.malformed,
                expected=_label(mark.style, mark.value),
                previous="",
                missing="",
            )
        if mark.style == "part":
            close(0)
            continue
        if mark.style == "table":
            # The outermost numbered level goes on after the table; deeper ones may be in it.
            outer = next((i for i, m in enumerate(stack) if m.style != "h"), len(stack))
            close(min(len(stack), outer + 1), any_value=True)
            closed.update({style: None for style in _STYLES if style not in closed})
            continue
        if mark.style == "h":
            # An unnumbered heading closes what was opened below the nearest higher heading.
            keep = len(stack)
            while keep and not 0 < stack[keep - 1].heading < mark.heading:
                keep -= 1
            close(keep)
            stack.append(mark)
            continue
        depth = _depth(stack, mark.style)
        if depth is None:
            keep = len(stack)
            while (
                keep
                and stack[keep - 1].style != "h"
                and (_RANK[stack[keep - 1].style] > _RANK[mark.style])
            ):
                keep -= 1
            close(keep)
            stack.append(mark)
            resumed = closed.pop(mark.style, 0)
            if mark.value != 1 and resumed is not None and mark.value != resumed + 1:
                yield _finding(mark, "start", None)
            continue
        previous = stack[depth]
        close(depth + 1)
        stack[depth] = mark
        if mark.value == previous.value + 1:
            continue
        if mark.value == previous.value:
            yield _finding(mark, "repeat", previous)
        elif mark.value > previous.value:
            yield _finding(mark, "skip", previous)
        else:
            yield _finding(mark, "restart", previous)


def _depth(stack: list[Mark], style: str) -> int | None:
    """Where `style` is open in the stack, if it is."""
    for depth, open_ in enumerate(stack):
        if open_.style == style:
            return depth
    return None


def _finding(mark: Mark, kind: str, previous: Mark | None) -> Finding:
    expected = 1 if previous is None else previous.value + 1
    missing = ""
    if previous is not None and mark.value > expected:
        missing = "、".join(_label(mark.style, n) for n in range(expected, mark.value))
    return numbering_sequence.finding(
        mark.line,
        mark.col,
        kind,
        found=_label(mark.style, mark.value),
        expected=_label(mark.style, expected),
        previous=_label(mark.style, previous.value) if previous else "",
        missing=missing,
    )
