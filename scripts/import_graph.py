"""Print gongkai's import graph: the cycles between modules, and who imports whom.

    .venv/bin/python scripts/import_graph.py            # cycles, then the top-level graph
    .venv/bin/python scripts/import_graph.py --cycles   # cycles only (exit 1 if any)

Imports inside functions and under TYPE_CHECKING count: a deferred import still ties the two
modules together, and moving it to the top must never be what turns a clean graph into a cycle.
The top-level graph squashes each subpackage (gongkai.rules.*, gongkai.site.*, ...) into one
node, which is the granularity of the layers contract in pyproject.toml.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping

import grimp

ROOT = "gongkai"


def module_graph() -> dict[str, set[str]]:
    """Every gongkai module and the gongkai modules it imports."""
    graph = grimp.build_graph(ROOT)
    return {m: graph.find_modules_directly_imported_by(m) for m in sorted(graph.modules)}


def strongly_connected(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's components with more than one member (iterative: the graph is deep enough)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found, key=lambda c: (-len(c), c))


def top_level(edges: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """The graph squashed to gongkai's direct children."""

    def head(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[:2])

    squashed: dict[str, set[str]] = {}
    for module, targets in edges.items():
        if module == ROOT:
            continue
        source = head(module)
        squashed.setdefault(source, set())
        squashed[source].update(head(t) for t in targets if head(t) not in (source, ROOT))
    return squashed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", action="store_true", help="print only the module cycles")
    args = parser.parse_args()
    edges = module_graph()
    cycles = strongly_connected(edges)
    print(f"{len(edges)} modules, {len(cycles)} import cycle(s)")
    for component in cycles:
        print(f"\ncycle of {len(component)} modules:")
        for module in component:
            inside = sorted(t for t in edges[module] if t in component)
            print(f"  {module} -> {', '.join(inside)}")
    if not args.cycles:
        squashed = top_level(edges)
        # Packages that import each other without any module cycle (profiles ↔ tables) show
        # here: the layers contract allows that only for siblings joined by `:`.
        tangles = [" ↔ ".join(c) for c in strongly_connected(squashed)]
        print(f"\ntop-level graph (mutual imports: {'; '.join(tangles) or 'none'}):")
        for source in sorted(squashed):
            print(f"  {source.removeprefix(ROOT + '.')} -> ", end="")
            print(", ".join(sorted(t.removeprefix(ROOT + ".") for t in squashed[source])) or "-")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
