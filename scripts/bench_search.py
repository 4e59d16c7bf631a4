"""Benchmark the site search at scale: build time, index size, and what a cold query downloads.

    .venv/bin/python scripts/bench_search.py [--reports 10000] [--seed 42] [--keep DIR]

The reports come from the generator the anchors were measured with
(../shared/bench/gen_reports.py: mkdocs-material + jieba, Pagefind), rendered by
Python-Markdown as the site renders them and turned back into text with `html_to_text`.
Every query of tests/search/queries.yml is then answered by the reference implementation,
which records each file a browser with an empty cache would download (manifest, shards,
postings, filters, documents). The target is at most 0.5 MB per cold query at 10,000 reports.
Then one document is edited and the index rebuilt as the site does, patching the last one.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import markdown  # type: ignore[import-untyped]  # no stubs; only this script uses it
import yaml

from gongkai.site.buildcache import BuildCache
from gongkai.site.publish import content_hash
from gongkai.site.search import Previous, SearchDoc, html_to_text, write_index
from gongkai.site.search.query import run

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_reports.py"
QUERIES = ROOT / "tests" / "search" / "queries.yml"
TYPES = {
    "政府信息公开工作年度报告": "xxgk",
    "法治政府建设年度报告": "fazhi",
    "政务公开工作年度报告": "zwgk",
    "依申请公开工作情况报告": "ysq",
}
LIMIT_BYTES = 500_000


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_reports", GENERATOR)
    if spec is None or spec.loader is None or not GENERATOR.is_file():
        sys.exit(f"the anchors' report generator is not at {GENERATOR}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reports(n: int, seed: int) -> list[tuple[dict[str, object], str]]:
    """(front-matter, Markdown body) of n synthetic reports, as the anchors generated them."""
    generator = load_generator()
    rng = random.Random(seed)
    out = []
    for i in range(n):
        _, front, body = generator.report(i, rng).split("---\n", 2)
        out.append((yaml.safe_load(front), body))
    return out


def to_docs(generated: list[tuple[dict[str, object], str]]) -> tuple[list[SearchDoc], float]:
    """Search documents and the seconds html_to_text took (the site's share of the work)."""
    md = markdown.Markdown(extensions=["tables"])
    docs = []
    seconds = 0.0
    for front, body in generated:
        html = md.reset().convert(body)
        start = time.perf_counter()
        text = html_to_text(html)
        seconds += time.perf_counter() - start
        year = int(str(front["year"]))
        kind = TYPES[str(front["type"])]
        docs.append(
            SearchDoc(
                url=f"{year}/{kind}/{front['id']}/",
                title=str(front["title"]),
                issuer=str(front["organization"]),
                issuer_level="department",
                year=year,
                type=kind,
                type_name=str(front["type"]),
                published=str(front["date"]),
                text=text,
            )
        )
    return docs, seconds


def one_edited(docs: list[SearchDoc], tmp: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) of the rebuild after a paragraph is added to one document, which
    patches the index before it as the site build does: the documents counted before come
    from the build cache, and the files the last index holds are read back and kept, as
    the shadow tree's are (`Shadow.keep`)."""
    cache = BuildCache.open(tmp, "publish", "search-terms")
    last = tmp / "last"
    write_index(docs, last, cache, "bench")

    def keeps(path: str, digest: str) -> bool:
        return content_hash((last / path).read_bytes()) == digest

    middle = len(docs) // 2
    edited = [*docs[:middle], replace(docs[middle], text=docs[middle].text + "\n新增的段落。")]
    edited += docs[middle + 1 :]
    start, cpu = time.perf_counter(), time.process_time()
    stats = write_index(edited, tmp / "patched", cache, "bench", previous=Previous(last, keeps))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if stats.patched != 1:
        sys.exit("the rebuild after one edit did not patch the index")
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", type=Path, help="write the index here and keep it")
    args = parser.parse_args()
    queries = [str(q) for q in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]]

    docs, text_seconds = to_docs(reports(args.reports, args.seed))
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "search"
        start, cpu = time.perf_counter(), time.process_time()
        stats = write_index(docs, out)
        build, cpu = time.perf_counter() - start, time.process_time() - cpu
        sizes = [p.stat().st_size for p in out.rglob("*") if p.is_file()]

        print(f"reports              {stats.docs:>12,}")
        print(f"html_to_text         {text_seconds:>12.2f} s")
        print(f"index build          {build:>12.2f} s  ({cpu:.2f} s CPU)")
        print(f"index files          {stats.files:>12,}  ({stats.shards:,} shards)")
        print(
            f"index size           {stats.bytes / 1e6:>12.1f} MB  (largest file {max(sizes) / 1e3:.0f} kB)"
        )
        patch, patch_cpu = one_edited(docs, Path(tmp))
        print(f"one edited, patched  {patch:>12.2f} s  ({patch_cpu:.2f} s CPU)")
        print()
        print(f"{'query':<16}{'hits':>7}{'files':>7}{'cold kB':>9}")
        cold = []
        for query in [*queries, "行政复议 2023年"]:
            result = run(out, query)
            size = sum((out / rel).stat().st_size for rel in result.fetched)
            cold.append(size)
            print(f"{query[:14]:<16}{result.total:>7}{len(result.fetched):>7}{size / 1e3:>9.1f}")
        filtered = run(out, "政府信息公开", {"year": "2020", "type": "xxgk"})
        filtered_size = sum((out / rel).stat().st_size for rel in filtered.fetched)
        print(
            f"{'(+year, type)':<16}{filtered.total:>7}{len(filtered.fetched):>7}{filtered_size / 1e3:>9.1f}"
        )
        print()
        median, worst = statistics.median(cold), max(cold)
        print(f"cold query           median {median / 1e3:.1f} kB, max {worst / 1e3:.1f} kB")
        verdict = "within" if worst <= LIMIT_BYTES else "OVER"
        print(f"target               {LIMIT_BYTES / 1e3:.0f} kB per cold query: {verdict}")


if __name__ == "__main__":
    main()
