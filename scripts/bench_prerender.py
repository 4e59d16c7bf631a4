"""Where a cold build's page pool spends its time: one worker's steps, and one pool or two.

    .venv/bin/python scripts/bench_prerender.py PROJECT [--pages 500] [--runs 2] [--profile]

PROJECT is a gongkai site project, e.g. the one `bench_site.py --keep DIR` leaves in
DIR/n2000/gongkai. Its reports are checked and its pages generated as `mkdocs build` does;
the pages the pool renders (`prerender`) are then measured in three ways:

1. In this process, CPU per page of each step a worker takes: MkDocs' `Page.render`
   (Python-Markdown and its extensions), the sanitiser, `html_to_text`, counting the search
   terms (`search.counted`); and what a worker sends back (pickled sizes, unpickling).
2. With --profile, cProfile's top functions over those pages, by own time.
3. The pool over every page and the search index after it, from empty caches, `--runs`
   times each: the terms counted in the page pool (what the build does) or left to the
   index, which counts them in a pool of its own. Wall and CPU, this process and its
   workers (they are waited for, so their CPU is counted).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pickle
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config import load_config

from gongkai.config import find_config
from gongkai.engine import load_checked_config
from gongkai.site.buildcache import BuildCache
from gongkai.site.collect import collect
from gongkai.site.html import HtmlPage
from gongkai.site.pages import site_pages
from gongkai.site.prerender import Counting, Rendered, fingerprint, prerender, render
from gongkai.site.sanitize import sanitise
from gongkai.site.search import SearchDoc, counted, html_to_text, write_index

STAMP = "bench"


def cpu() -> float:
    """CPU seconds of this process and of the children it waited for."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pages(project: Path) -> tuple[dict[str, str], dict[str, SearchDoc]]:
    """The sources the pool renders, and each report page's search document without text."""
    config = load_checked_config(find_config(project), root=project)
    generated = site_pages(collect(project, config), config, dt.datetime.now(dt.UTC).date())
    sources = {k: v for k, v in generated.pages.items() if not isinstance(v, HtmlPage)}
    heads = {
        src_uri: SearchDoc(
            report.url,
            report.title,
            report.issuer,
            report.issuer_level,
            report.year,
            report.type,
            report.type_name,
            report.published.isoformat(),
            "",
        )
        for src_uri, report in generated.reports.items()
        if src_uri in sources and report.status != "withdrawn"
    }
    return sources, heads


def opened(project: Path) -> tuple[Any, dict[str, str], dict[str, SearchDoc]]:
    """The configuration of the gongkai site project `project` and its pages, as `pages`
    gives them, with the project as the working directory (mkdocs.yml names its directories
    relative to itself); exits when `project` is not one."""
    project = project.resolve()
    if not (project / "mkdocs.yml").is_file():
        sys.exit(f"{project} has no mkdocs.yml: give a gongkai site project")
    os.chdir(project)
    sources, heads = pages(project)
    return load_config(str(project / "mkdocs.yml")), sources, heads


def per_page(label: str, items: list[Any], step: Callable[[Any], object]) -> list[Any]:
    start = time.process_time()
    results = [step(item) for item in items]
    print(f"  {label:34s} {(time.process_time() - start) / len(items) * 1e3:6.2f} ms")
    return results


def steps(config: Any, jobs: list[tuple[str, str]], heads: dict[str, SearchDoc]) -> None:
    print(f"one worker's steps, CPU per page over {len(jobs)} pages:")
    rendered: list[Rendered | None] = per_page(
        "render (all of the below)", jobs, lambda j: render(config, *j)
    )
    done = [(job, r) for job, r in zip(jobs, rendered, strict=True) if r is not None]
    per_page("  sanitise", [r for _, r in done], lambda r: sanitise(r.html))
    per_page("  html_to_text", [r for _, r in done], lambda r: html_to_text(r.clean))
    searched = [(heads[src_uri], r) for (src_uri, _), r in done if src_uri in heads]
    entries = per_page(
        "search terms (search.counted)",
        searched,
        lambda p: counted(STAMP, replace(p[0], text=p[1].text)),
    )
    sent = [pickle.dumps(r, pickle.HIGHEST_PROTOCOL) for _, r in done]
    sent_terms = [pickle.dumps(e, pickle.HIGHEST_PROTOCOL) for e in entries]
    print(
        f"  sent back per page: Rendered {sum(map(len, sent)) / len(sent) / 1e3:.1f} KB "
        f"(html {_kb(done, 'html')}, clean {_kb(done, 'clean')}, text {_kb(done, 'text')}), "
        f"search terms {sum(map(len, sent_terms)) / max(1, len(sent_terms)) / 1e3:.1f} KB"
    )
    per_page("unpickling, per object sent", sent + sent_terms, pickle.loads)


def _kb(done: list[tuple[Any, Rendered]], field: str) -> str:
    size = sum(len(getattr(r, field).encode("utf-8", "surrogatepass")) for _, r in done)
    return f"{size / len(done) / 1e3:.1f} KB"


def pools(config: Any, sources: dict[str, str], heads: dict[str, SearchDoc], runs: int) -> None:
    print(f"the pool over {len(sources)} pages, then the search index, from empty caches:")
    stamp = fingerprint(config)
    for _ in range(runs):
        for mode in ("counted by the index", "counted in the page pool"):
            with tempfile.TemporaryDirectory() as tmp:
                terms = BuildCache.open(Path(tmp), "publish", "search-terms")
                counting = Counting(heads, terms, STAMP) if mode.endswith("pool") else None
                wall, used = time.perf_counter(), cpu()
                cache = BuildCache.open(Path(tmp), "publish", "render")
                ready = prerender(config, sources, cache, stamp, counting)
                rendered_wall, rendered_cpu = time.perf_counter(), cpu()
                docs = [replace(heads[k], text=r.text) for k, r in ready.items() if k in heads]
                write_index(docs, Path(tmp) / "index", terms, STAMP)
                end_wall, end_cpu = time.perf_counter(), cpu()
            print(
                f"  {mode:25s} pages {rendered_wall - wall:5.2f} s wall {rendered_cpu - used:5.2f} s CPU;"
                f" index {end_wall - rendered_wall:5.2f} s wall {end_cpu - rendered_cpu:5.2f} s CPU;"
                f" both {end_wall - wall:5.2f} s wall {end_cpu - used:5.2f} s CPU"
                f" (load {os.getloadavg()[0]:.1f})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--pages", type=int, default=500, help="pages for the per-step figures")
    parser.add_argument("--runs", type=int, default=2, help="runs of each pool variant")
    parser.add_argument("--profile", action="store_true", help="cProfile one worker's pages")
    args = parser.parse_args()
    config, sources, heads = opened(args.project)
    jobs = list(sources.items())[: args.pages]
    render(config, *jobs[0])  # imports and the first Markdown instance, not measured
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    steps(config, jobs, heads)
    if args.profile:
        profile = cProfile.Profile(time.process_time)
        profile.runcall(lambda: [render(config, *job) for job in jobs])
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    pools(config, sources, heads, args.runs)


if __name__ == "__main__":
    main()
