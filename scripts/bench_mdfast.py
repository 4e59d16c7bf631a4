"""A report page's rendering in the page pool: MkDocs' own `Page.render` against
`gongkai.site.mdfast.render`, CPU per page, and where Python-Markdown spends it.

    .venv/bin/python scripts/bench_mdfast.py PROJECT [--pages 500] [--rounds 3]

PROJECT is a gongkai site project, e.g. the one `bench_site.py --keep DIR` leaves in
DIR/n2000/gongkai. The pages the pool renders are generated as `mkdocs build` does, then, in
this process:

1. `prerender.render` of each page (Markdown, sanitiser, search text), with MkDocs'
   `Page.render` ("stock") and with `mdfast.render` ("mdfast"), alternating `--rounds`
   times, CPU per page of each round, and whether both give the same result for every page;
2. for each, the CPU per page of each of Python-Markdown's steps (block parser, every
   pre-, tree- and postprocessor, the serialiser), by own time: a step that calls another
   (the table of contents serialises each heading) is not charged for it.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown import Markdown
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from gongkai.site import mdfast, prerender
from gongkai.site.html import split_head

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_prerender import opened

Render = Callable[[Page, Any, Files], None]


def stock(page: Page, config: Any, files: Files) -> None:
    page.render(config, files)


RENDERS: dict[str, Render] = {"stock": stock, "mdfast": mdfast.render}


def rendered(config: Any, jobs: list[tuple[str, str]], render: Render) -> list[Any]:
    mdfast.render = render  # what `prerender.render` calls
    try:
        return [prerender.render(config, *job) for job in jobs]
    finally:
        mdfast.render = RENDERS["mdfast"]


def rounds(config: Any, jobs: list[tuple[str, str]], count: int) -> None:
    print(f"prerender.render, CPU per page over {len(jobs)} pages, alternating:")
    results = {name: rendered(config, jobs[:1], r) for name, r in RENDERS.items()}  # warm
    times: dict[str, list[float]] = {name: [] for name in RENDERS}
    for _ in range(count):
        for name, render in RENDERS.items():
            start = time.process_time()
            results[name] = rendered(config, jobs, render)
            times[name].append((time.process_time() - start) / len(jobs) * 1e3)
    for name, values in times.items():
        each = " ".join(f"{v:.3f}" for v in values)
        print(f"  {name:7s} {each} ms (best {min(values):.3f})")
    print(f"  best mdfast / best stock: {min(times['mdfast']) / min(times['stock']):.2f}")
    same = sum(a == b for a, b in zip(results["stock"], results["mdfast"], strict=True))
    print(f"  the same result for {same} of {len(jobs)} pages")


class Steps:
    """Own CPU time of each of a Markdown instance's steps, over every convert it makes."""

    def __init__(self) -> None:
        self.times: collections.Counter[str] = collections.Counter()
        self.stack: list[float] = []

    def wrap(self, name: str, owner: Any, attribute: str) -> None:
        inner = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            self.stack.append(0.0)
            try:
                return inner(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                self.times[name] += spent - self.stack.pop()
                if self.stack:
                    self.stack[-1] += spent

        setattr(owner, attribute, timed)

    def watch(self, md: Markdown) -> None:
        for kind, registry in (
            ("pre", md.preprocessors),
            ("tree", md.treeprocessors),
            ("post", md.postprocessors),
        ):
            for name in [item.name for item in registry._priority]:
                self.wrap(f"{kind}:{name}", registry[name], "run")
        self.wrap("block parser", md.parser, "parseDocument")
        self.wrap("serialiser", md, "serializer")


def steps(config: Any, bodies: list[str]) -> None:
    print(f"Python-Markdown's steps, own CPU per page over {len(bodies)} pages:")
    extensions = config["markdown_extensions"]
    made = {
        "stock": lambda: Markdown(extensions=extensions, extension_configs=config["mdx_configs"]),
        "mdfast": lambda: Markdown(
            extensions=[*extensions, mdfast.QuickExtension()],
            extension_configs=config["mdx_configs"],
        ),
    }
    for name, make in made.items():
        md, measured = make(), Steps()
        measured.watch(md)
        start = time.process_time()
        for body in bodies:
            md.reset()
            md.convert(body)
        total = time.process_time() - start
        print(f"  {name}: {total / len(bodies) * 1e3:.3f} ms per page (one instance, reset)")
        for step, spent in measured.times.most_common(8):
            print(f"    {step:28s} {spent / len(bodies) * 1e3:.3f} ms {spent / total:5.1%}")
    start = time.process_time()
    for _ in bodies:
        made["stock"]()
    print(
        f"  a new instance, as Page.render makes: {(time.process_time() - start) / len(bodies) * 1e3:.3f} ms"
    )


def body(source: str) -> str:
    """What `prerender.render` gives Python-Markdown: the page without its head."""
    markdown, _meta = get_data(source)
    head, rest = split_head(markdown)
    return prerender._HEAD_MARK + rest if head else markdown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--pages", type=int, default=500, help="pages to render (500)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each (3)")
    args = parser.parse_args()
    config, sources, _heads = opened(args.project)
    jobs = list(sources.items())[: args.pages]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    rounds(config, jobs, args.rounds)
    bodies = [body(source) for _, source in jobs]
    steps(config, bodies)


if __name__ == "__main__":
    main()
