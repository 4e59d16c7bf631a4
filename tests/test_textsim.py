"""gongkai.textsim's shortcuts (counting by blocks, single zeros, normalising a long text by
a table) give exactly what the plain way gives."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import textsim
from gongkai.textsim import TABLE_FROM, frequent_among, normalise, single_zeros

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


# Few distinct values, so that many are shared by many documents, and blocks of a few
# documents, so that the pigeonhole bound is at work across many of them.
def _frequent(documents: Sequence[Iterable[int]], few: int = 5) -> set[int]:
    """The hashes in more than max(few, N/100) of the N documents: the plain way."""
    frequency = Counter(chain.from_iterable(map(set, documents)))
    common = max(few, len(documents) // 100)
    return {value for value, count in frequency.items() if count > common}


_DOCUMENTS = st.lists(st.frozensets(st.integers(0, 40), max_size=30), max_size=60)


@settings(max_examples=200, deadline=None)
@given(documents=_DOCUMENTS, few=st.integers(0, 12), block=st.integers(1, 9))
def test_frequent_among_counted_by_blocks_is_exact(
    documents: list[frozenset[int]], few: int, block: int
) -> None:
    assert frequent_among(documents, few, block) == _frequent(documents, few)


def test_frequent_among_a_thousand_documents_per_block() -> None:
    # 2,500 documents, three blocks: -1 is in 26 of them (more than 25, N/100), -2 in 25.
    documents = [{i, -1} if i < 26 else {i, -2} if i < 51 else {i} for i in range(2500)]
    assert frequent_among(documents) == {-1}
    assert frequent_among(documents) == _frequent(documents)


@given(text=st.text(alphabet="0a中\n", max_size=40))
def test_single_zeros_makes_each_run_of_zeros_one(text: str) -> None:
    assert single_zeros(text) == re.sub("0+", "0", text)


# Every kind of character normalise tells apart: kept (letters, both CJK blocks, digits),
# marks, line breaks, the stand-ins \x01 and \x02, and dropped ones (spaces, full-width
# digits, Latin-1, punctuation it ignores, beyond the Basic Multilingual Plane).
_CHARACTERS = st.sampled_from(
    [*"aZ0159中国㐀䶿一鿿\n\x01\x02。！？；!?;，、：,: \t０é（）【】|", "\U00020000", "😀"]
)


def _long(characters: list[str]) -> str:
    """The characters, repeated to at least TABLE_FROM of them."""
    return "".join(characters) * -(-TABLE_FROM // len(characters))


def _both_ways(text: str) -> tuple[str, str]:
    """`text` normalised through the code-point table, and the regex way."""
    with patch.object(textsim, "_TABLE", [textsim._table()]):
        by_table = normalise(text)
    with patch.object(textsim, "_TABLE", []):
        return by_table, normalise(text)


@settings(max_examples=200, deadline=None)
@given(text=st.lists(_CHARACTERS, min_size=1, max_size=80).map(_long))
def test_normalise_by_table_is_the_regex_way(text: str) -> None:
    by_table, by_regex = _both_ways(text)
    assert by_table == by_regex


def test_normalise_by_table_drops_a_lone_surrogate() -> None:
    text = "第1条，规定\ud800；" * TABLE_FROM
    assert _both_ways(text) == ("第0条\x02规定\x01" * TABLE_FROM,) * 2


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"real-report corpus not found at {CORPUS}")
def test_normalise_by_table_on_the_corpus() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.rglob("*.txt"))]
    for text in texts:
        by_table, by_regex = _both_ways(text)
        assert by_table == by_regex
    assert sum(len(text) >= TABLE_FROM for text in texts) >= 10
