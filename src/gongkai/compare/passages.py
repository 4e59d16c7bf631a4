"""Marking this year's sentences as carried over word for word, carried over with only the
numbers changed, or new, the way GK406 `duplicate-content` judges a copy (`gongkai.textsim`):
letters, Chinese characters and digits only, a run of digits as one 0 for the numbers-only
test, sentences under MIN_SENTENCE and the format's boilerplate left unjudged.

A sentence counts as carried over when the previous report has it anywhere, not only in the
same section: a paragraph moved from 举措 to 安排 is still last year's paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from gongkai.compare.sections import ReportText
from gongkai.textsim import MIN_SENTENCE, boilerplate, loose, sentence_hash, words

# A sentence runs to its end mark (kept with it) or to the end of its line.
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]+|[^。！？；!?;]+")
# What Markdown leaves at the start of a line in prose: heading marks, list bullets, quotes.
_LINE_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*)")
_HEADING = re.compile(r"^\s*#{1,6}\s")


class Kind(StrEnum):
    same = "same"  # word for word in last year's report
    numbers = "numbers"  # the same but for its numbers
    new = "new"
    short = "short"  # under MIN_SENTENCE characters: too short to judge
    common = "common"  # in many reports: the format's own wording, not copying
    heading = "heading"  # a section title: the format prescribes it


CARRIED = frozenset({Kind.same, Kind.numbers})
_JUDGED = frozenset({Kind.same, Kind.numbers, Kind.new})


@dataclass(frozen=True)
class Piece:
    text: str  # as written
    kind: Kind
    chars: int  # characters that count: letters, Chinese characters, a run of digits as one


@dataclass(frozen=True)
class Paragraph:
    pieces: tuple[Piece, ...]
    heading: bool = False


@dataclass(frozen=True)
class Rate:
    """重复率: the share of this year's characters carried over from last year. Headings are
    not counted (the format prescribes them); short sentences and boilerplate are counted
    but never carried over, as in GK406."""

    chars: int
    same: int
    numbers: int
    judged: int = 0  # characters in sentences long enough and not boilerplate

    @property
    def carried(self) -> int:
        return self.same + self.numbers

    @property
    def value(self) -> float | None:
        # Nothing judged (a heading and a table, say): no rate rather than a false 0%.
        return self.carried / self.chars if self.judged else None


@dataclass(frozen=True)
class Keys:
    """A report's judged sentences, word for word and numbers-only."""

    exact: frozenset[str]
    loose: frozenset[str]


def sentences(text: str) -> Iterable[str]:
    for line in text.split("\n"):
        yield from _SENTENCE.findall(_LINE_MARKUP.sub("", line))


def keys(text: str) -> Keys:
    judged = [s for s in sentences(text) if len(loose(s)) >= MIN_SENTENCE]
    return Keys(frozenset(map(words, judged)), frozenset(map(loose, judged)))


def sentence_hashes(text: ReportText) -> set[int]:
    """The hashes `common_sentences` counts, as GK406 hashes a sentence."""
    return {
        sentence_hash(key) for s in sentences(text.body) if len(key := loose(s)) >= MIN_SENTENCE
    }


def common_sentences(texts: Iterable[ReportText]) -> set[int]:
    """The boilerplate among these reports (all reports of one type, for the site)."""
    return boilerplate([sentence_hashes(text) for text in texts])


def mark(text: str, other: Keys, common: set[int]) -> tuple[list[Paragraph], Rate]:
    """`text` in paragraphs of marked pieces, and its 重复率 against the report `other`."""
    paragraphs: list[Paragraph] = []
    pieces: list[Piece] = []
    heading = False
    chars = same = numbers = judged = 0
    for line in text.split("\n"):
        if not line.strip() or _HEADING.match(line):
            if pieces:
                paragraphs.append(Paragraph(tuple(pieces), heading))
            pieces, heading = [], bool(line.strip())
        for sentence in _SENTENCE.findall(_LINE_MARKUP.sub("", line).replace("**", "")):
            piece = Piece(sentence, Kind.heading, 0) if heading else _piece(sentence, other, common)
            chars += piece.chars
            judged += piece.chars if piece.kind in _JUDGED else 0
            same += piece.chars if piece.kind is Kind.same else 0
            numbers += piece.chars if piece.kind is Kind.numbers else 0
            if sentence.strip():
                pieces.append(piece)
        if heading and pieces:
            paragraphs.append(Paragraph(tuple(pieces), heading))
            pieces, heading = [], False
    if pieces:
        paragraphs.append(Paragraph(tuple(pieces), heading))
    return paragraphs, Rate(chars, same, numbers, judged)


def _piece(sentence: str, other: Keys, common: set[int]) -> Piece:
    key = loose(sentence)
    if len(key) < MIN_SENTENCE:
        kind = Kind.short
    elif sentence_hash(key) in common:
        kind = Kind.common
    elif words(sentence) in other.exact:
        kind = Kind.same
    elif key in other.loose:
        kind = Kind.numbers
    else:
        kind = Kind.new
    return Piece(sentence, kind, len(key))
