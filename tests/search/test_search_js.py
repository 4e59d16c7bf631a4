"""The browser's code (static/search.js, run under node) agrees with the Python reference:
same normalisation, terms, hashes and snippets, and the same hits, scores and downloads."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from gongkai.site.search import SearchDoc, codec, index, write_index
from gongkai.site.search.query import Hit, impact, length_norm, run
from gongkai.site.search.text import normalise, query_phrases, query_terms, snippet

from .quality import QuerySet
from .test_search_index import doc
from .test_search_scoring import QUERIES, generated

NODE = shutil.which("node")
HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parents[1] / "src" / "gongkai" / "site" / "static" / "search.js"

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

STRINGS = [
    "法治政府建设年度报告",
    "枫桥经验",
    "行政复议 行政诉讼\u3000信息公开",
    "ＡＢＣ１２３，（一）①㈠",
    "法\u200b治\u200c政\u200d府\u2060建\ufeff设\u00ad",
    "⾏政复议⼀⼆",  # Kangxi radicals
    "𠀀𠀁𪚥字",  # characters beyond the BMP
    "二〇二四年",
    "GB/T 7714—2015 ISO9001 e\u0301cole ﬁle İstanbul ΟΔΟΣ",
    "한국어 日本語のテキスト 😀 emoji",
    "2024年1月1日至12月31日",
    "“政府信息公开”、《条例》；",
    "",
    "  \t\n ",
    "a",
    "法",
]

SNIPPETS = [
    ("前言。" + "甲" * 100 + "办理ＡＢＣ行政复议案件３件，" + "乙" * 200, "abc行政复议"),
    ("复议复议，再复议。", "复议 议复"),
    ("行政\u200b复议\n\n依法\u3000办理", "行政复议"),
    ("𠀀𠀁" * 60 + "枫桥经验" + "𠀀" * 200, "枫桥经验"),
    ("ﬁle ﬁle file", "file"),
    ("法治政府建设年度报告", "枫桥"),
    ("", "法治"),
]


def node(request: dict[str, Any]) -> Any:
    assert NODE is not None
    result = subprocess.run(
        [NODE, str(HERE / "node_harness.js")],
        input=json.dumps({"script": str(SCRIPT), **request}),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_text_functions_agree() -> None:
    answer = node({"texts": STRINGS, "snippets": SNIPPETS})
    expected = [
        {
            "normalised": normalise(s),
            "terms": query_terms(s),
            "phrases": query_phrases(s),
            "hash": codec.fnv1a(s),
        }
        for s in STRINGS
    ]
    assert answer["texts"] == expected
    snippets = [[list(p) for p in snippet(text, query_phrases(q))] for text, q in SNIPPETS]
    assert answer["snippets"] == snippets


def test_impacts_agree_with_pythons_rounding() -> None:
    # 255 × 1 / (1 + 101) = 2.5 and 255 × 1 / (1 + 1) = 127.5: halves go to the even integer.
    pairs: list[tuple[int, float]] = [(1, 101.0), (1, 1.0), (3, 3.0), (1, 0.0), (1 << 32, 0.3)]
    rng = random.Random(7)
    for _ in range(2_000):
        norm = length_norm(rng.randint(1, 200_000), rng.uniform(10, 20_000))
        pairs.append((rng.choice([1, 2, 3, rng.randint(1, 100_000)]), norm))
    answer = node({"impacts": pairs})["impacts"]
    assert answer[:2] == [2, 128]
    assert answer == [impact(tf, norm) for tf, norm in pairs]


def as_js(hit: Hit) -> dict[str, Any]:
    return {
        "url": hit.url,
        "title": hit.title,
        "issuer": hit.issuer,
        "year": hit.year,
        "typeName": hit.type_name,
        "published": hit.published,
        "score": hit.score,
        "exact": hit.exact,
        "snippet": [list(piece) for piece in hit.snippet],
    }


def assert_engines_agree(
    index_dir: Path, queries: list[tuple[str, Mapping[str, str], int]]
) -> None:
    request = [{"query": q, "filters": dict(f), "limit": n} for q, f, n in queries]
    answer = node({"index": str(index_dir), "queries": request})["results"]
    for (query, filters, limit), js in zip(queries, answer, strict=True):
        python = run(index_dir, query, filters, limit)
        assert js["total"] == python.total, query
        assert sorted(js["fetched"]) == sorted(python.fetched), query
        assert js["hits"] == [as_js(h) for h in python.hits], query


@pytest.mark.slow  # every query of the quality set, twice, in node and in Python
def test_queries_over_the_corpus_agree(corpus_index: Path, query_set: QuerySet) -> None:
    queries: list[tuple[str, Mapping[str, str], int]] = []
    for q in [*query_set.queries, *query_set.absent]:
        queries += [(q, {}, 10), (q, {}, 25)]
    queries += [
        ("行政复议", {"year": "2024"}, 10),
        ("公开", {"type": "xxgk", "issuer": "上海"}, 10),
        ("法治 建设", {}, 10),
        ("", {}, 10),
    ]
    assert_engines_agree(corpus_index, queries)


def test_queries_agree_with_many_shards_and_separate_postings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: list[SearchDoc]
) -> None:
    monkeypatch.setattr(index, "SHARD_BYTES", 512)
    monkeypatch.setattr(index, "EXTERNAL_BYTES", 64)
    docs = [*corpus, *(doc(f"x/{n}/", "行政复议" * n, year=2000 + n % 3) for n in range(1, 300))]
    docs += [doc(f"y/{n}/", "法治。治法。" * n) for n in range(1, 80)]
    stats = write_index(docs, tmp_path)
    assert stats.shards >= 64
    assert list(tmp_path.glob("p/*.bin"))
    assert_engines_agree(
        tmp_path,
        [
            ("行政复议", {}, 10),
            ("行政复议", {"year": "2001"}, 10),
            ("政府信息公开", {}, 30),
            ("法", {"issuer": "人民政府"}, 10),
            ("法治法治法", {}, 10),  # stops checking for the phrase after 50 pages
            ("法治法治法", {}, 20),
        ],
    )


def test_queries_agree_on_a_generated_corpus(tmp_path: Path) -> None:
    # Frequencies above 127 take more than one varint byte.
    write_index(generated(300, 3), tmp_path)
    assert_engines_agree(tmp_path, [(q, {}, 10) for q in QUERIES])
