"""The index stores term frequencies and the reader computes BM25's impacts from each
document's length (format 2): the ranking is exactly the one format 1 gave, which stored
impacts quantised at build time from the same average length."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gongkai.site.search import SearchDoc, index, write_index
from gongkai.site.search.query import candidates
from gongkai.site.search.text import document_terms, query_terms

from .quality import QuerySet
from .test_search_index import DOCS, doc

WORDS = [
    "行政复议",
    "行政诉讼",
    "政府信息公开",
    "依申请公开",
    "法治政府建设",
    "重大行政决策",
    "规范性文件",
    "合法性审查",
    "法律顾问",
    "行政执法",
    "营商环境",
    "年度报告",
    "主动公开",
    "复议",
    "法治",
    "公开",
    "2024年",
    "12345",
]


def stored_impacts_ranking(docs: list[SearchDoc], query: str) -> list[tuple[int, int]]:
    """Format 1's ranking, computed from the documents: each document's impact for each of
    its terms fixed at build time, 255 × tf / (tf + k1 × (1 − b + b × length / average)),
    rounded and kept within 1–255; a score is the sum of weight × impact."""
    ordered = sorted(docs, key=lambda d: d.url)
    lengths = [len(d.title) + 1 + len(d.text) for d in ordered]
    average = sum(lengths) / len(ordered)
    counts = [document_terms(f"{d.title}\n{d.text}") for d in ordered]
    terms = query_terms(query)
    weights = [index._weight(sum(t in c for c in counts), len(ordered)) for t in terms]
    scored = []
    for doc_id, found in enumerate(counts):
        if not terms or not all(t in found for t in terms):
            continue
        norm = 1.2 * (1 - 0.75 + 0.75 * lengths[doc_id] / average)
        impacts = [max(1, min(255, round(255 * found[t] / (found[t] + norm)))) for t in terms]
        scored.append((doc_id, sum(w * i for w, i in zip(weights, impacts, strict=True))))
    return sorted(scored, key=lambda c: (-c[1], c[0]))


def generated(n: int, seed: int) -> list[SearchDoc]:
    """Documents of very different lengths and repetitions, so that the length norms and
    the frequencies (some above 255) are many."""
    rng = random.Random(seed)
    docs = []
    for number in range(n):
        size = rng.choice([1, 3, 10, 40, 200, 900])
        words = rng.choices(WORDS, k=size)
        if number % 17 == 0:
            words += ["复议"] * 300
        docs.append(doc(f"{number:04d}/", "，".join(words) + "。", year=2020 + number % 5))
    return docs


QUERIES = ["复议", "行政复议", "法治 公开", "政府信息公开 2024年", "12345", "年度报告 营商环境"]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_generated_corpus_ranks_as_with_stored_impacts(tmp_path: Path, seed: int) -> None:
    docs = generated(400, seed)
    write_index(docs, tmp_path)
    for query in QUERIES:
        expected = stored_impacts_ranking(docs, query)
        assert expected, query
        assert candidates(tmp_path, query) == expected, query


def test_the_test_documents_rank_as_with_stored_impacts(tmp_path: Path) -> None:
    write_index(DOCS, tmp_path)
    for query in ["政府", "行政复议", "法", "公开 政府", "报告"]:
        assert candidates(tmp_path, query) == stored_impacts_ranking(DOCS, query), query


def test_the_real_corpus_ranks_as_with_stored_impacts(
    corpus: list[SearchDoc], corpus_index: Path, query_set: QuerySet
) -> None:
    for query in query_set.queries:
        assert candidates(corpus_index, query) == stored_impacts_ranking(corpus, query), query
