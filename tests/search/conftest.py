"""Fixtures for the search tests: the real-report corpus as search documents, its index and
the query set (relevance itself is in quality.py)."""

from __future__ import annotations

import csv

import pytest

from gongkai.site.search import SearchDoc

from .quality import CORPUS, QuerySet, load_query_set


@pytest.fixture(scope="session")
def query_set() -> QuerySet:
    return load_query_set()


TYPE_NAMES = {
    "fazhi": "法治政府建设年度报告",
    "xxgk": "政府信息公开工作年度报告",
    "other": "其他年度报告",
}


def corpus_docs() -> list[SearchDoc]:
    """One search document per text in ../shared/corpus/real, as the site would make it:
    the first line is the title (so it is also in the text relevance is judged on)."""
    if not (CORPUS / "INDEX.tsv").is_file():
        pytest.skip(f"the real-report corpus is not at {CORPUS}")
    docs = []
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8") as index:
        for row in csv.DictReader(index, delimiter="\t"):
            text = (CORPUS / row["path"]).read_text(encoding="utf-8")
            kind = row["type"].split("(")[0]
            docs.append(
                SearchDoc(
                    url=row["path"].removesuffix(".txt") + "/",
                    title=next(line.strip() for line in text.splitlines() if line.strip()),
                    issuer=row["issuing_body"],
                    issuer_level="",
                    year=int(row["year_covered"]),
                    type=kind,
                    type_name=TYPE_NAMES[kind],
                    published="",
                    text=text,
                )
            )
    return docs
