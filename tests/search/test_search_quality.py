"""Search quality over the real reports with the Python reference query: MRR and recall@10 of
at least 0.95, relevance being the exact phrase. The same queries typed into the search box in
headless Chromium: tests/browser/test_search_page.py and test_search_site.py."""

from __future__ import annotations

from pathlib import Path

from gongkai.site.search import SearchDoc
from gongkai.site.search.query import search

from .quality import QuerySet, quality

TARGET = 0.95


def test_python_quality(corpus: list[SearchDoc], corpus_index: Path, query_set: QuerySet) -> None:
    ranked = {q: [h.url for h in search(corpus_index, q)] for q in query_set.queries}
    measured = quality(corpus, ranked)
    assert measured.mrr >= TARGET, measured
    assert measured.recall >= TARGET, measured
    for query in query_set.absent:
        assert search(corpus_index, query) == [], query
