"""Decoding a report file and mapping offsets back to the original lines and columns."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = {b"\xff\xfe": "UTF-16LE", b"\xfe\xff": "UTF-16BE"}


@dataclass(frozen=True)
class DecodeFailure:
    """Where the bytes stopped being UTF-8, and what they look like instead."""

    line: int
    col: int
    guess: str | None


@dataclass(frozen=True)
class Oversize:
    """Where a file exceeds a configured limit: its size (at 1:1), or one line's length."""

    kind: Literal["file", "line"]
    line: int
    limit: int


@dataclass
class SourceText:
    """The decoded text of one file with CRLF/CR folded to LF and the BOM removed.

    Line and column numbers are 1-based and count characters, so they match what an
    editor shows for Chinese text (a byte offset would be three times too far).
    """

    text: str
    had_bom: bool = False
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        # Line n (from 0) starts after the n lines before it and their n line breaks; the
        # sums are made by C iterators, not a Python expression per line.
        lengths = map(len, self.text.split("\n")[:-1])
        self._starts = [0, *map(operator.add, itertools.accumulate(lengths), itertools.count(1))]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, col) of a character offset."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def line_offset(self, line: int) -> int:
        return self._starts[line - 1]

    def first_line_longer_than(self, limit: int) -> int | None:
        """The number of the first line with more than `limit` characters, if any."""
        if len(self.text) <= limit:
            return None
        ends = [*self._starts[1:], len(self.text) + 1]
        for number, (start, end) in enumerate(zip(self._starts, ends, strict=True), 1):
            if end - start - 1 > limit:
                return number
        return None

    def line_text(self, line: int) -> str:
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return self.text[start:end]


class LinePattern:
    """A pattern that must match a whole line, found fast.

    `^` with re.MULTILINE makes the regex engine try every character of the text; a
    pattern that starts with a literal newline is found by a fast scan instead. Matches
    expose the line as the group `line`.
    """

    def __init__(self, body: str) -> None:
        line = rf"(?P<line>{body})(?=\n|\Z)"
        self._first = re.compile(line)
        self._rest = re.compile(r"\n" + line)

    def finditer(self, text: str, start: int = 0) -> Iterator[re.Match[str]]:
        if start == 0 or text[start - 1] == "\n":
            first = self._first.match(text, start)
            if first:
                yield first
        yield from self._rest.finditer(text, start)


def decode(data: bytes) -> SourceText | DecodeFailure:
    """Decode UTF-8 (with or without BOM); anything else is a located failure."""
    for bom, name in _UTF16_BOMS.items():
        if data.startswith(bom):
            return DecodeFailure(1, 1, name)
    had_bom = data.startswith(UTF8_BOM)
    if had_bom:
        data = data[len(UTF8_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _failure(data, exc.start)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    source = SourceText(text, had_bom=had_bom)
    nul = text.find("\x00")
    if nul != -1:
        # Valid UTF-8, but no text file holds NUL: UTF-16 without a BOM (every other byte
        # NUL) or a binary document renamed .md. Unreported, it reached the page unseen.
        guess = guess_encoding(data)
        return DecodeFailure(*source.position(nul), None if guess in {"UTF-8", "ASCII"} else guess)
    return source


def _failure(data: bytes, bad: int) -> DecodeFailure:
    # Count lines the way a decoded file would: CRLF, CR and LF each end one line.
    head = _lf(data[:bad])
    line = head.count(b"\n") + 1
    last_line = head[head.rfind(b"\n") + 1 :]
    col = len(last_line.decode("utf-8", errors="replace")) + 1
    return DecodeFailure(line, col, guess_encoding(data))


def _lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def guess_encoding(data: bytes) -> str | None:
    """Name the encoding the bytes most likely use, in the spelling iconv understands."""
    from charset_normalizer import from_bytes  # only paid for on the failure path

    # Line ends are not evidence of an encoding; without this the same text can be named
    # differently in its CRLF and LF versions.
    sample = _lf(data[:65536])
    # Reports are Chinese: ask first whether the bytes read as GB18030 or Big5, which a
    # general detector confuses with Korean or Japanese code pages on short files.
    best = from_bytes(sample, cp_isolation=["gb18030", "big5"]).best()
    best = best or from_bytes(sample).best()
    if best is None:
        return None
    name = best.encoding.lower().replace("_", "")
    # GBK and GB2312 files are valid GB18030, and GB18030 is the name iconv and WPS both accept.
    if name in {"gb2312", "gbk", "gb18030", "hz"}:
        return "GB18030"
    aliases = {"big5": "BIG5", "big5hkscs": "BIG5-HKSCS", "utf16": "UTF-16", "utf32": "UTF-32"}
    return aliases.get(name, best.encoding.upper().replace("_", "-"))
