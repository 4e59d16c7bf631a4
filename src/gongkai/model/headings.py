"""A Markdown heading scanner that keeps positions from the original file.

Python-Markdown cannot report line numbers, so the report model scans headings itself:
ATX (`## 一、…`) and setext (text underlined with === or ---), skipping fenced code.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from gongkai.model.source import LinePattern, SourceText

# One pass finds every line that can open or close a fence, be an ATX heading, or be a
# setext underline; everything else is skipped at C speed.
# ATX headings follow Python-Markdown, which renders the site: they start in column 1 and
# need no space after the hashes (`##一、总体` is a heading there, so it is one here).
_CANDIDATE = LinePattern(
    r" {0,3}(?P<fence>`{3,}|~{3,})[^\n]*"
    r"|(?P<hashes>#{1,6})(?P<rest>[^\n]*)"
    r"| {0,3}(?P<under>=+|-+)[ \t]*"
)
_VISIBLE = re.compile(r"\S")  # what str.strip() keeps: not Unicode whitespace
_NOT_PARAGRAPH = re.compile(r"^ {0,3}(?:[#>|]|[-*+][ \t]|\d+[.)][ \t]|`{3}|~{3}|<!--)|^\s*$")


class Heading(NamedTuple):  # a tuple: reports have many, and tuples are cheap to build
    level: int
    title: str
    line: int
    col: int
    start: int  # offset of the heading's first line
    content_start: int  # offset just after the heading (its own text excluded)
    content_end: int  # offset of the next heading of any level
    section_end: int  # offset of the next heading of the same or a higher level


def scan_headings(source: SourceText, start: int = 0) -> list[Heading]:
    text = source.text
    raw: list[tuple[int, str, int, int, int]] = []  # level, title, title offset, start, end
    fence: str | None = None
    for match in _CANDIDATE.finditer(text, start):
        marker = match.group("fence")
        if fence is not None:
            closes = marker and marker[0] == fence[0] and len(marker) >= len(fence)
            if closes and match.group("line").strip() == marker:
                fence = None
            continue
        if marker:
            fence = marker
            continue
        if match.group("hashes"):
            # As Python-Markdown: trailing hashes go only when they end the line, then any
            # whitespace (the ideographic space included) is stripped.
            rest = match.group("rest").rstrip("#")
            title = rest.strip()
            title_at = match.start("rest") + (len(rest) - len(rest.lstrip()) if title else 0)
            begin = match.start("line")
            raw.append((len(match.group("hashes")), title, title_at, begin, match.end()))
            continue
        heading = _setext(text, start, match, raw)
        if heading:
            raw.append(heading)
    return _with_extents(source, raw)


def _setext(
    text: str, floor: int, match: re.Match[str], raw: list[tuple[int, str, int, int, int]]
) -> tuple[int, str, int, int, int] | None:
    line_start = match.start("line")
    if line_start <= floor:
        return None
    prev_start = text.rfind("\n", floor, line_start - 1) + 1
    prev_start = max(prev_start, floor)
    previous = text[prev_start : line_start - 1]
    if _NOT_PARAGRAPH.match(previous) or (raw and raw[-1][3] == prev_start):
        return None
    level = 1 if match.group("under")[0] == "=" else 2
    indent = len(previous) - len(previous.lstrip())
    return level, previous.strip(), prev_start + indent, prev_start, match.end()


def _with_extents(source: SourceText, raw: list[tuple[int, str, int, int, int]]) -> list[Heading]:
    size = len(source.text)
    ends = section_ends([(level, begin) for level, _t, _a, begin, _e in raw], size)
    headings: list[Heading] = []
    for index, (level, title, title_at, begin, end) in enumerate(raw):
        content_end = raw[index + 1][3] if index + 1 < len(raw) else size
        line, col = source.position(title_at)
        content_start = min(end + 1, size)
        headings.append(
            Heading(level, title, line, col, begin, content_start, content_end, ends[index])
        )
    return headings


def section_ends(items: list[tuple[int, int]], size: int) -> list[int]:
    """For (level, start) items in file order, where each one's section ends.

    A section ends at the next item of the same or a higher level; walking backwards with a
    stack of nearer items keeps this linear even for 10,000 headings.
    """
    ends: list[int] = []
    stack: list[tuple[int, int]] = []
    for level, start in reversed(items):
        while stack and stack[-1][0] > level:
            stack.pop()
        ends.append(stack[-1][1] if stack else size)
        stack.append((level, start))
    ends.reverse()
    return ends


def document_title(headings: list[Heading]) -> Heading | None:
    """The heading that titles the whole report: a lone level-1 heading at the top."""
    if headings and headings[0].level == 1 and sum(h.level == 1 for h in headings) == 1:
        return headings[0]
    return None


def has_content(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether a stretch of Markdown, `text[start:end]`, holds anything a reader would see."""
    end = len(text) if end is None else end
    if text.find("<!--", start, end) == -1:
        # Nothing to take out: the first visible character decides, and nothing is copied.
        return _VISIBLE.search(text, start, end) is not None
    return bool(_without_comments(text[start:end]).strip())


def _without_comments(text: str) -> str:
    # One pass with find(): a regex retried at every unclosed `<!--` rescans to the end each
    # time (a line of openers was quadratic). A comment does not nest, and an unclosed
    # `<!--` is text, as Python-Markdown shows it.
    kept: list[str] = []
    start = 0
    while (opened := text.find("<!--", start)) >= 0:
        closed = text.find("-->", opened + 4)
        if closed < 0:
            break
        kept.append(text[start:opened])
        start = closed + 3
    kept.append(text[start:])
    return "".join(kept)
