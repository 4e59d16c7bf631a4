"""Word's automatic numbering: the “一、”, “（一）”, “1.” that Word draws but does not store.

A heading numbered by a Word list keeps only its words in the text (“总体情况”); the number
is computed from the list's definition (numbering.xml) as Word computes it. Without it the
headings would lose the 一、/（一） numbering that sections and tables are recognised by.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from gongkai.numerals import LIMIT, to_chinese

_CHINESE = frozenset(
    {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting"}
)
_LEVELS = 9


@dataclass
class _Level:
    format: str
    text: str
    start: int


@dataclass
class Numbering:
    """The lists of one document, counted paragraph by paragraph in document order."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # list → level → def
    lists: dict[str, str] = field(default_factory=dict)  # numId → the list it continues
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> Numbering:
        numbering = cls()
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError):  # no numbering part: no lists
            return numbering
        # A part whose content type was lost is read as plain bytes: its lists are lost too.
        root = getattr(part, "element", None)
        if root is None:
            return numbering
        for abstract in root.iter(qn("w:abstractNum")):
            key = abstract.get(qn("w:abstractNumId")) or ""
            numbering.levels[key] = {
                int(level.get(qn("w:ilvl")) or 0): _Level(
                    _value(level, "w:numFmt") or "decimal",
                    _value(level, "w:lvlText") or "",
                    int(_value(level, "w:start") or 1),
                )
                for level in abstract.iter(qn("w:lvl"))
            }
        for num in root.iter(qn("w:num")):
            numbering.lists[num.get(qn("w:numId")) or ""] = _value(num, "w:abstractNumId") or ""
        return numbering

    def label(self, paragraph: Paragraph) -> str:
        """The number Word shows before `paragraph` (“一、”), counting it; "" if none."""
        found = _num_pr(paragraph)
        if found is None:
            return ""
        num_id, depth = found
        key = self.lists.get(num_id)
        levels = self.levels.get(key or "")
        if key is None or levels is None or depth not in levels:
            return ""
        counters = self.counters.setdefault(key, [0] * _LEVELS)
        counters[depth] += 1
        # A new item on a level restarts the levels below it.
        counters[depth + 1 :] = [0] * (_LEVELS - depth - 1)
        text = levels[depth].text
        for index in range(min(depth + 1, _LEVELS)):
            level = levels.get(index)
            if level is not None:
                value = level.start + max(counters[index], 1) - 1
                text = text.replace(f"%{index + 1}", _format(level.format, value))
        return "" if levels[depth].format == "bullet" else text


def _value(element: etree._Element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """The list and level of a paragraph: its own, or those of its style (a heading style
    tied to a list)."""
    style = paragraph.style
    candidates = [paragraph._p]
    while style is not None:
        candidates.append(style.element)
        style = style.base_style
    for element in candidates:
        num_pr = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id = _value(num_pr, "w:numId")
            if num_id in (None, "0"):  # numId 0 switches a style's numbering off
                return None
            return num_id or "", int(_value(num_pr, "w:ilvl") or 0)
    return None


def _format(kind: str, value: int) -> str:
    if kind in _CHINESE:
        return to_chinese(value) if 0 <= value < LIMIT else str(value)
    if kind == "decimalEnclosedCircleChinese" or kind == "decimalEnclosedCircle":
        return chr(0x2460 + value - 1) if 1 <= value <= 20 else str(value)
    return str(value)
