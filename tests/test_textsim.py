"""gongkai.textsim's shortcuts (counting by blocks, single zeros) give exactly what the plain
way gives."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.textsim import frequent_among, single_zeros


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
