"""What two texts share, as GK406 `duplicate-content` and the site's year-on-year comparison
both judge it: only letters, Chinese characters and digits count, every run of digits is one
0 (a copy whose years and figures were updated is still a copy), sentences shorter than
MIN_SENTENCE say too little to be called copied, and a sentence in many reports is the
format's own wording (boilerplate), not copying. One module, so that the page and the
warning never disagree about what was carried over."""

from __future__ import annotations

import os
import re
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from functools import cache
from itertools import chain, compress
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MIN_SENTENCE = 12

# Only letters, Chinese characters and digits take part, besides clause and sentence marks
# and line breaks (a sentence never runs on past its line). \x01 and \x02 stand for the
# sentence and clause ends in the normalised text, so they are kept where they occur.
NOT_TEXT = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\n\x01\x02。！？；!?;，、：,:]+")
# The marks are replaced with str.replace, one call each: a regex pass over Chinese text,
# or str.translate with a dict, costs ten times as much.
SENTENCE_ENDS = "。！？；!?;"
CLAUSE_ENDS = "，、：,:"
# Table rows are compared by the table rules; blanking them keeps the line numbers.
TABLE_ROW = re.compile(r"^[^\S\n]*\|[^\n]*", re.MULTILINE)


def normalise(body: str) -> str:
    r"""The body as letters, Chinese characters and zeros, sentence ends as \x01 and clause
    ends as \x02, line breaks kept."""
    if len(body) >= TABLE_FROM and _TABLE:
        return _normalise_by_table(body)
    text = NOT_TEXT.sub("", body)
    for mark in SENTENCE_ENDS:
        text = text.replace(mark, "\x01")
    for mark in CLAUSE_ENDS:
        text = text.replace(mark, "\x02")
    # Every run of digits becomes one 0 (digits brought together by the removal above
    # included): each digit a 0, then each run of 0s one.
    for digit in "123456789":
        text = text.replace(digit, "0")
    return single_zeros(text) if "00" in text else text


# After `use_table()`, a text of this many characters or more is normalised by looking every
# character up in a table at once (numpy): 15 µs rather than 35 for a report's body. Below
# it numpy's cost per call outweighs that (the site's comparison normalises sentence by
# sentence), and loading numpy (45 ms) pays off only over thousands of texts.
TABLE_FROM = 1000
_ZERO = ord("0")
_TABLE: list[NDArray[np.uint32]] = []


def use_table() -> None:
    """Normalise long texts through the code-point table from now on, in this process and
    in those it forks: for a check of many reports."""
    if not _TABLE:
        _TABLE.append(_table())


def _normalise_by_table(body: str) -> str:
    """`normalise`, through `_table`: each code point mapped (0 where dropped), the dropped
    ones left out, then each run of 0s one."""
    np = load_numpy()
    points = _TABLE[0][np.minimum(np.frombuffer(_utf32(body), np.uint32), 0x10000)]
    points = points[points != 0]
    zeros = points == _ZERO
    if zeros.any():
        points = points[np.concatenate(([True], ~(zeros[1:] & zeros[:-1])))]
    text: str = points.tobytes().decode("utf-32-le")
    return text


def _utf32(text: str) -> bytes:
    # A lone surrogate (text decoded with surrogateescape) is passed, to be dropped.
    return text.encode("utf-32-le", "surrogatepass")


def _table() -> NDArray[np.uint32]:
    """What `normalise` makes of each code point of the Basic Multilingual Plane, 0 for
    dropped (as is index 0x10000, for every one beyond): taken from NOT_TEXT itself."""
    numeric = load_numpy()
    every = "".join(map(chr, range(0x10000)))
    kept = numeric.frombuffer(_utf32(NOT_TEXT.sub("", every)), numeric.uint32)
    table: NDArray[np.uint32] = numeric.zeros(0x10001, numeric.uint32)
    table[kept] = kept
    for marks, mark in ((SENTENCE_ENDS, 1), (CLAUSE_ENDS, 2), ("0123456789", _ZERO)):
        table[numeric.frombuffer(_utf32(marks), numeric.uint32)] = mark
    return table


@cache
def load_numpy() -> ModuleType:
    """numpy, imported when first needed rather than by every `gongkai` command (40 ms).
    gongkai does no linear algebra: OpenBLAS's threads would only double the import's CPU
    time, and stay in a check that forks its workers after its first file."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import numpy

    return numpy


def single_zeros(text: str) -> str:
    """`text` with every run of 0s as one 0: split at the 0s and joined again without the
    empty pieces, a third of the cost of halving the runs with str.replace until single."""
    pieces = text.split("0")
    inner = "0".join(filter(None, pieces))
    if not inner:
        return "0" if pieces != [""] else ""
    return ("" if pieces[0] else "0") + inner + ("" if pieces[-1] else "0")


def words(sentence: str) -> str:
    """One sentence as its letters, Chinese characters and digits: equal for a copy word for
    word, whatever its punctuation and spacing."""
    return "".join(ch for ch in NOT_TEXT.sub("", sentence) if ch not in _MARKS)


def loose(sentence: str) -> str:
    """One sentence as GK406 compares it: `words` with every run of digits as one 0."""
    return normalise(sentence).replace("\x01", "").replace("\x02", "").replace("\n", "")


def sentence_hash(key: str) -> int:
    """crc32, fixed unlike Python's salted hash, so hashes agree between runs and processes."""
    return zlib.crc32(key.encode())


def boilerplate(documents: Collection[Iterable[int]]) -> set[int]:
    """The sentence hashes found in more than a few of the documents (each an iterable of
    its sentences' hashes): the format's own wording."""
    return frequent_among([set(document) for document in documents])


# Documents counted at a time by frequent_among: the counts of a thousand reports' hashes
# stay in the processor's cache, those of ten thousand do not.
BLOCK = 1000


def frequent_among(
    documents: Sequence[Collection[int]], few: int = 5, block: int = BLOCK
) -> set[int]:
    """The hashes in more than max(few, N/100) of the N documents, each a collection of
    distinct hashes: counted a block of documents at a time, at less than half the cost of
    one count of all their hashes over ten thousand documents."""
    if not documents:
        return set()
    common = max(few, len(documents) // 100)
    blocks = [
        Counter(chain.from_iterable(documents[start : start + block]))
        for start in range(0, len(documents), block)
    ]
    # A hash in more than `common` documents is in at least `least` of some block's
    # (pigeonhole); only those few are then counted over every block.
    least = -(-(common + 1) // len(blocks))
    candidates: set[int] = set()
    for counts in blocks:
        candidates.update(compress(counts.keys(), map(least.__le__, counts.values())))
    return {
        value for value in candidates if sum(counts.get(value, 0) for counts in blocks) > common
    }


_MARKS = frozenset(SENTENCE_ENDS + CLAUSE_ENDS + "\n\x01\x02")
