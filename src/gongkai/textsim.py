"""What two texts share, as GK406 `duplicate-content` and the site's year-on-year comparison
both judge it: only letters, Chinese characters and digits count, every run of digits is one
0 (a copy whose years and figures were updated is still a copy), sentences shorter than
MIN_SENTENCE say too little to be called copied, and a sentence in many reports is the
format's own wording (boilerplate), not copying. One module, so that the page and the
warning never disagree about what was carried over."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from itertools import chain, compress

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
