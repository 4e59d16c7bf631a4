"""gongkai.textsim's counting shortcuts give exactly what counting everything gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.textsim import document_frequency, frequent, frequent_among

# Few distinct values, so that many are shared by many documents, and blocks of a few
# documents, so that the pigeonhole bound is at work across many of them.
_DOCUMENTS = st.lists(st.frozensets(st.integers(0, 40), max_size=30), max_size=60)


@settings(max_examples=200, deadline=None)
@given(documents=_DOCUMENTS, few=st.integers(0, 12), block=st.integers(1, 9))
def test_frequent_among_counted_by_blocks_is_exact(
    documents: list[frozenset[int]], few: int, block: int
) -> None:
    expected = frequent(document_frequency(documents), len(documents), few)
    assert frequent_among(documents, few, block) == expected


def test_frequent_among_a_thousand_documents_per_block() -> None:
    # 2,500 documents, three blocks: -1 is in 26 of them (more than 25, N/100), -2 in 25.
    documents = [{i, -1} if i < 26 else {i, -2} if i < 51 else {i} for i in range(2500)]
    assert frequent_among(documents) == {-1}
    assert frequent_among(documents) == frequent(document_frequency(documents), 2500, 5)
