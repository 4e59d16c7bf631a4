"""## 检查内容

正文不符合党政机关公文的排版习惯（GB/T 9704 及《标点符号用法》GB/T 15834 的通行做法）：

- 汉字和数字之间加了空格，如“2023 年”“受理 859 件”（公文中应写作“2023年”“受理859件”）；
- 中文句子里用了半角标点，如“,”“;”“:”“?”“!”和半角括号“(以下简称《条例》)”；
- 中文句子里用了英文直引号 `"…"`，应为“…”；
- 全角数字，如“２０２４年”，应为半角“2024年”；
- 年份之间用汉字“一”代替连接号，如“2021一2025年”“2021年一2025年”，应为“2021—2025年”；
- 重复的标点，如“，，”“。。”；
- 一段之中括号、书名号或引号不成对，如“(以下简称《条例》有关要求”。

数字和数字之间（如“1,234”“9:30”）、英文之间、网址和代码中的标点不在检查之列。时间、
日期与前后文字之间的空格（“11:04 来源”“2024-03-28 发布”）和网页栏目行（GK403 提示删除的
整行）中的空格是分隔栏目的，也不检查，`--fix` 不会把它们连在一起。
与技术文档的排版习惯不同，本检查**不会**在汉字和数字之间加空格。

## 为什么重要

公文排版有统一的规范，半角标点、多余的空格多半是从网页、PDF 复制或用英文输入法输入
留下的，公开后显得不严谨。

## 如何修改

`gongkai check --fix` 会自动改正前六类问题（删去空格、换成全角标点或中文引号、换成
半角数字或连接号、删去重复的标点），不改动其他任何内容；`--diff` 只显示将要做的修改。括号或
引号不成对需要人工补全。
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Generator, Iterator
from functools import cache
from typing import NamedTuple

from gongkai.memo import memo
from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs
from gongkai.prose import prose
from gongkai.residue import furniture_lines
from gongkai.rules.base import Context, Finding, Fix, Severity, rule

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Closing punctuation a half-width mark may follow in Chinese text: 年份”, 。
_HAN_OR_CLOSE = rf"[{_HAN}”’》）」』】]"
# Spaces between a Chinese character and a digit, either way round. A number that opens its
# line ("1 总体情况") is a list label, not prose; ASCII, no-break and ideographic spaces.
# Candidates are found by their own character and their neighbours checked after: a
# lookbehind-led pattern would be tried at every character of the report.
# Only runs with a Chinese character or a digit on each side (which is which is checked
# after): a run between others, as in a table row's "| 12 |", is passed over at C speed.
# The lookbehind follows the first space, so that the pattern starts with it.
_NEIGHBOUR = rf"[{_HAN}0-9]"
_SPACE = rf"[ \u00a0\u3000](?<={_NEIGHBOUR}.)[ \u00a0\u3000]*(?={_NEIGHBOUR})"
# The same runs in a text without the other two spaces (most reports), led by a literal,
# which the regex engine skips to, where a character class is tried at every character.
_ASCII_SPACE = rf" (?<={_NEIGHBOUR} ) *(?={_NEIGHBOUR})"
_NUMBER_AT_LINE_START = re.compile(r"[ \t>#*+-]*[0-9]{1,2}$")  # used with match(pos, endpos)
# A time or a date is a field of its own on a page's metadata line ("10:09 微信",
# "2024-03-28 来源"): the space after or before it separates fields, and joining them
# would run a timestamp into the next label.
# A year range (2021-2025 年) is no field: its space goes like any other.
_STAMP = r"(?:[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?|[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2})"
_STAMP_BEFORE = re.compile(rf"{_STAMP}$")  # used with search(pos, endpos)
_STAMP_AFTER = re.compile(_STAMP)
_PUNCT = re.compile(r"[,;:?!]")
_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PARENS = rf"[(（](?=[^()（）\n]*[{_HAN}])([^()（）\n]*)[)）]"
_STRAIGHT_QUOTES = rf'"([^"\n]*[{_HAN}][^"\n]*)"'
_WIDE_DIGITS = re.compile(r"[０-９]+")
# 2021一2025年: the numeral 一 typed for a dash between two years.
# Also with 年 and blanks: 2021年一2025年, 2021 一 2025.
_NUMERAL_DASH = re.compile(r"一(?=[ \t]?\d{4}(?!\d))")  # the year before: checked after
_FOUR_DIGITS = re.compile(r"(?<!\d)(?:19|20)\d{2}年?[ \t]?$")
_REPEATED = re.compile(r"([，。、；：])\1+")
# A paragraph is complete when it ends (trailing whitespace aside) with one of these.
_COMPLETE_ENDS = "。！？；”）》"
_PAIRS = (("（", "）"), ("《", "》"), ("“", "”"), ("【", "】"))
_PAIR_MARKS = "（）()《》“”【】"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# What each pass below needs in the text to find anything (see gongkai.model.scan).
_ASCII_PUNCT = literals(*",;:?!")
_ASCII_PARENS = literals("(", ")")
_STRAIGHT_QUOTE = literals('"')
_WIDE_DIGIT = literals(*"０１２３４５６７８９")
_WIDE_SPACES = literals("\u00a0", "\u3000")
_DOUBLED = literals("，，", "。。", "、、", "；；", "：：")


class _Patterns(NamedTuple):
    space: re.Pattern[str]
    ascii_space: re.Pattern[str]
    han_char: re.Pattern[str]
    han_or_close_char: re.Pattern[str]
    punct_next: re.Pattern[str]
    parens: re.Pattern[str]
    straight_quotes: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """The patterns with a class of every Chinese character, compiled on the first report
    rather than at import: some 9 ms, which a check answered from the cache (nothing to
    analyse) would pay for nothing."""
    return _Patterns(
        re.compile(_SPACE),
        re.compile(_ASCII_SPACE),
        re.compile(rf"[{_HAN}]"),
        re.compile(_HAN_OR_CLOSE),
        re.compile(rf"[{_HAN}“《（]"),
        re.compile(_PARENS),
        re.compile(_STRAIGHT_QUOTES),
    )


class Problem(NamedTuple):
    kind: str
    start: int
    end: int
    replacement: str | None  # None: no meaning-preserving repair


def problems(report: Report) -> list[Problem]:
    return list(memo(report, _find))


def _find(report: Report) -> list[Problem]:
    # Before anything else, so that the first report compiles them: a check of many files
    # checks that one before its workers fork, and they inherit them.
    patterns = _patterns()
    if report.source is None:
        return []
    text = prose(report)
    start = report.body_offset
    found: list[Problem] = []
    # On a line of page furniture a space separates fields ("104757 公开方式"): GK403
    # reports the line, and joining its fields would only garble it.
    furniture: list[tuple[int, int]] | None = None  # found at the first space to judge
    spaces = patterns.space if occurs(report, _WIDE_SPACES) else patterns.ascii_space
    for match in spaces.finditer(text, start):
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        han_digit = patterns.han_char.match(before) and after.isascii() and after.isdigit()
        digit_han = before.isascii() and before.isdigit() and patterns.han_char.match(after)
        if not (han_digit or digit_han):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        if _NUMBER_AT_LINE_START.match(text, line_start, match.start()):
            continue
        if furniture is None:
            furniture = furniture_lines(report, text)
        if _inside(furniture, match.start()):
            continue
        if (
            digit_han
            and _STAMP_BEFORE.search(text, max(match.start() - 20, line_start), match.start())
        ) or (han_digit and _STAMP_AFTER.match(text, match.end())):
            continue
        found.append(Problem("space", match.start(), match.end(), ""))
    # Each pass below is skipped when the text lacks the characters it needs (most
    # reports lack all of them): a substring test costs a fraction of a regex pass.
    for match in _PUNCT.finditer(text, start) if occurs(report, _ASCII_PUNCT) else ():
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        if patterns.han_or_close_char.match(before) or patterns.punct_next.match(after):
            found.append(
                Problem("punctuation", match.start(), match.end(), _FULLWIDTH[match.group()])
            )
    for match in patterns.parens.finditer(text, start) if occurs(report, _ASCII_PARENS) else ():
        opening, closing = match.start(), match.end() - 1
        if text[opening] == "(":
            found.append(Problem("punctuation", opening, opening + 1, "（"))
        if text[closing] == ")":
            found.append(Problem("punctuation", closing, closing + 1, "）"))
    quotes = patterns.straight_quotes
    for match in quotes.finditer(text, start) if occurs(report, _STRAIGHT_QUOTE) else ():
        found.append(Problem("quotes", match.start(), match.start() + 1, "“"))
        found.append(Problem("quotes", match.end() - 1, match.end(), "”"))
    for match in _WIDE_DIGITS.finditer(text, start) if occurs(report, _WIDE_DIGIT) else ():
        ascii_digits = "".join(chr(ord(c) - 0xFEE0) for c in match.group())
        found.append(Problem("digits", match.start(), match.end(), ascii_digits))
    for match in _NUMERAL_DASH.finditer(text, start):
        if _FOUR_DIGITS.search(text, max(match.start() - 7, 0), match.start()):
            found.append(Problem("dash", match.start(), match.end(), "—"))
    for match in _REPEATED.finditer(text, start) if occurs(report, _DOUBLED) else ():
        found.append(Problem("repeated", match.start() + 1, match.end(), ""))
    found.extend(_unpaired(text, start))
    found.sort(key=lambda p: (p.start, p.end))
    return found


def _inside(lines: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` is on one of `lines`, (start, end) pairs in order."""
    at = bisect.bisect_right(lines, (offset, offset)) - 1
    return at >= 0 and lines[at][0] <= offset <= lines[at][1]


def _unpaired(text: str, start: int) -> Iterator[Problem]:
    """Brackets and quotes that do not pair up within a complete paragraph.

    A paragraph that stops mid-sentence was cut by a hard line wrap or a truncation: a
    pair it opens may close in the next paragraph, and the broken paragraph, not the pair,
    is the problem. So neither half of such a pair is reported.
    """
    # Only the pair marks are counted, found in one pass: most paragraphs have none, and
    # with nothing carried over there is then nothing to find in them, so only the
    # paragraphs holding a mark are visited (and those after a cut, until one ends).
    found = sorted(_pair_marks(text, start))
    if not found:
        return
    positions = [at for at, _mark in found]
    starts, ends = _paragraphs(text, start)
    carried: set[str] = set()  # marks opened in a cut paragraph, closed in a later one
    first = 0  # the first mark at or after the paragraph
    # A mark is never in a paragraph break: the paragraph holding one is the first to end
    # after it.
    index = bisect.bisect_right(ends, positions[0])
    while index < len(ends):
        offset, end = starts[index], ends[index]
        last = bisect.bisect_left(positions, end, first)
        marks = "".join(mark for _at, mark in found[first:last])
        marks = marks.replace("(", "（").replace(")", "）")
        first = last
        # Half-width parentheses count with their full-width forms: "(…）" pairs.
        unbalanced = [
            (opening, closing)
            for opening, closing in _PAIRS
            if marks.count(opening) != marks.count(closing) and opening not in carried
        ]
        if unbalanced or carried:
            carried = yield from _judge(text, offset, end, marks, unbalanced, carried)
        # Without a cut carried over, the next paragraph to look at is the next mark's.
        if carried:
            index += 1
        elif first < len(found):
            index = bisect.bisect_right(ends, positions[first], index + 1)
        else:
            break


def _judge(
    text: str,
    offset: int,
    end: int,
    marks: str,
    unbalanced: list[tuple[str, str]],
    carried: set[str],
) -> Generator[Problem, None, set[str]]:
    """The unpaired marks of one paragraph, `text[offset:end]`; returns what stays carried."""
    paragraph = text[offset:end]
    trimmed = paragraph.rstrip()
    if not trimmed:
        return carried
    complete = trimmed[-1] in _COMPLETE_ENDS
    still_open = set()
    for opening, closing in unbalanced:
        if not complete and marks.count(opening) > marks.count(closing):
            still_open.add(opening)
        elif complete:
            normal = paragraph.replace("(", "（").replace(")", "）")
            at = _first_unpaired(normal, opening, closing)
            yield Problem("unpaired", offset + at, offset + at + 1, None)
    # A cut goes on until a paragraph ends its sentence.
    return set() if complete else carried | still_open


def _pair_marks(text: str, start: int) -> Iterator[tuple[int, str]]:
    """Each pair mark from `start` on, with its offset. A character class is tried at every
    character of the text by the regex engine; a search for each mark skips to the next."""
    for mark in _PAIR_MARKS:
        at = text.find(mark, start)
        while at != -1:
            yield at, mark
            at = text.find(mark, at + 1)


def _paragraphs(text: str, start: int) -> tuple[list[int], list[int]]:
    """The starts and the ends of the paragraphs from `start` on, blank lines between them."""
    starts, ends = [start], []
    for match in _PARAGRAPH_BREAK.finditer(text, start):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    return starts, ends


def _first_unpaired(text: str, opening: str, closing: str) -> int:
    depth, last_open = 0, []
    for index, char in enumerate(text):
        if char == opening:
            last_open.append(index)
            depth += 1
        elif char == closing:
            if depth == 0:
                return index
            depth -= 1
            last_open.pop()
    return last_open[0] if last_open else 0


def _fixes(report: Report, ctx: Context) -> Iterator[Fix]:
    if report.source is None:
        return
    for problem in problems(report):
        if problem.replacement is not None:
            line, _col = report.source.position(problem.start)
            yield Fix(line, problem.start, problem.end, problem.replacement)


@rule(
    id="GK407",
    name="typography",
    severity=Severity.warning,
    summary={
        "zh": "不符合公文排版习惯：汉字与数字间有空格、半角标点、直引号、括号不成对",
        "en": "Not in official-document typography: spaces around numbers, half-width "
        "punctuation, straight quotes, unpaired brackets",
    },
    messages={
        "space": {
            "zh": "“{text}”中汉字和数字之间有空格，公文中应连写。请删除空格（共 {count} 处，可用 --fix 自动改正）",
            "en": "'{text}' has a space between Chinese and a number, which official documents "
            "do not use ({count} on this line; --fix removes them)",
        },
        "punctuation": {
            "zh": "“{text}”在中文中使用了半角标点。请改用全角标点（共 {count} 处，可用 --fix 自动改正）",
            "en": "'{text}' uses half-width punctuation in Chinese text; use the full-width "
            "forms ({count} on this line; --fix replaces them)",
        },
        "quotes": {
            "zh": "“{text}”在中文中使用了英文直引号。请改用中文引号“”（共 {count} 处，可用 --fix 自动改正）",
            "en": "'{text}' uses straight quotes in Chinese text; use “ and ” ({count} on "
            "this line; --fix replaces them)",
        },
        "digits": {
            "zh": "“{text}”使用了全角数字。请改用半角数字（共 {count} 处，可用 --fix 自动改正）",
            "en": "'{text}' uses full-width digits; use ASCII digits ({count} on this line; "
            "--fix replaces them)",
        },
        "dash": {
            "zh": "“{text}”中年份之间的“一”是汉字。请改为连接号“—”（共 {count} 处，可用 --fix 自动改正）",
            "en": "'{text}' joins two years with the numeral 一 instead of a dash —; ({count} "
            "on this line; --fix replaces them)",
        },
        "repeated": {
            "zh": "“{text}”中标点重复。请删除多余的标点（共 {count} 处，可用 --fix 自动改正）",
            "en": "'{text}' repeats a punctuation mark ({count} on this line; --fix removes "
            "the extra ones)",
        },
        "unpaired": {
            "zh": "“{text}”所在的段落中“{mark}”没有成对出现，请补全或删除多余的一半",
            "en": "In the paragraph at '{text}', '{mark}' is not paired; complete the pair "
            "or remove the stray half",
        },
    },
    doc=__doc__ or "",
    fix=_fixes,
)
def typography(report: Report, ctx: Context) -> Iterator[Finding]:
    if report.source is None:
        return
    # One finding per kind and line, at the first occurrence: a pasted paragraph with forty
    # half-width commas is one thing to fix, not forty.
    grouped: dict[tuple[int, str], list[Problem]] = {}
    for problem in problems(report):
        line, _col = report.source.position(problem.start)
        grouped.setdefault((line, problem.kind), []).append(problem)
    for (line, kind), items in grouped.items():
        first = items[0]
        _line, col = report.source.position(first.start)
        yield typography.finding(
            line,
            col,
            kind,
            text=_excerpt(report.text, first.start, first.end),
            count=len(items) if kind != "quotes" else len(items) // 2 or 1,
            mark=report.text[first.start : first.end],
        )


def _excerpt(text: str, start: int, end: int, around: int = 4) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    return text[max(line_start, start - around) : min(line_end, end + around)].strip()
