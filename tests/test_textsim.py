"""GK406's shortcuts (gongkai.textsim's counting by blocks, the signature's one walk) give
exactly what the plain way gives."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.gk406_duplicate_content import BINS, signature
from gongkai.textsim import frequent, frequent_among, single_zeros


# Few distinct values, so that many are shared by many documents, and blocks of a few
# documents, so that the pigeonhole bound is at work across many of them.
def _document_frequency(documents: Iterable[Iterable[int]]) -> Counter[int]:
    """In how many of the documents each hash is: the plain way."""
    return Counter(chain.from_iterable(map(set, documents)))


_DOCUMENTS = st.lists(st.frozensets(st.integers(0, 40), max_size=30), max_size=60)


@settings(max_examples=200, deadline=None)
@given(documents=_DOCUMENTS, few=st.integers(0, 12), block=st.integers(1, 9))
def test_frequent_among_counted_by_blocks_is_exact(
    documents: list[frozenset[int]], few: int, block: int
) -> None:
    expected = frequent(_document_frequency(documents), len(documents), few)
    assert frequent_among(documents, few, block) == expected


def test_frequent_among_a_thousand_documents_per_block() -> None:
    # 2,500 documents, three blocks: -1 is in 26 of them (more than 25, N/100), -2 in 25.
    documents = [{i, -1} if i < 26 else {i, -2} if i < 51 else {i} for i in range(2500)]
    assert frequent_among(documents) == {-1}
    assert frequent_among(documents) == frequent(_document_frequency(documents), 2500, 5)


def test_signature_of_a_short_text_borrows_each_empty_bin_from_the_next_filled() -> None:
    # Two shingles: bins 3 (quotient 5) and 10 (quotient 7, the smaller of two there).
    hashes = sorted([BINS * 5 + 3, BINS * 7 + 10, BINS * 9 + 10], reverse=True)
    expected = [(5 << 6) | (3 - i) for i in range(3)]
    expected += [5] + [(7 << 6) | (10 - i) for i in range(4, 10)] + [7]
    expected += [(5 << 6) | (BINS + 3 - i) for i in range(11, BINS)]
    assert signature(hashes) == expected
    assert signature([]) == [-1] * BINS
    assert signature(list(range(BINS - 1, -1, -1))) == [0] * BINS


@given(text=st.text(alphabet="0a中\n", max_size=40))
def test_single_zeros_makes_each_run_of_zeros_one(text: str) -> None:
    assert single_zeros(text) == re.sub("0+", "0", text)
