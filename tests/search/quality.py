"""The search-quality measure shared by the Python, index-level and real-site tests: the query
set, and relevance judged by exact phrase."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from gongkai.site.search import SearchDoc

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "corpus" / "real"


@dataclass(frozen=True)
class QuerySet:
    queries: list[str]
    absent: list[str]


def load_query_set() -> QuerySet:
    data = yaml.safe_load((HERE / "queries.yml").read_text(encoding="utf-8"))
    return QuerySet([str(q) for q in data["queries"]], [str(q) for q in data["absent"]])


def relevant(docs: list[SearchDoc], query: str) -> set[str]:
    """URLs of the documents whose text contains `query` verbatim, both NFKC-normalised."""
    phrase = unicodedata.normalize("NFKC", query)
    return {d.url for d in docs if phrase in unicodedata.normalize("NFKC", d.text)}


@dataclass(frozen=True)
class Quality:
    mrr: float
    recall: float


def quality(docs: list[SearchDoc], ranked: dict[str, list[str]]) -> Quality:
    """MRR and recall@10 of ranked URL lists per query; every query must have relevant pages."""
    reciprocal: list[float] = []
    recall: list[float] = []
    for query, urls in ranked.items():
        wanted = relevant(docs, query)
        assert wanted, f"no page contains {query!r}: move it to `absent` in queries.yml"
        top = urls[:10]
        first = next((rank for rank, url in enumerate(top, 1) if url in wanted), None)
        reciprocal.append(1 / first if first else 0.0)
        recall.append(len(wanted & set(top)) / min(10, len(wanted)))
    return Quality(sum(reciprocal) / len(reciprocal), sum(recall) / len(recall))
