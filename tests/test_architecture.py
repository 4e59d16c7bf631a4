"""No import cycle anywhere in gongkai, module by module (the layers themselves are
`lint-imports`'s, in `make lint`; see [tool.importlinter] in pyproject.toml).

Import Linter's acyclic contract works package by package; this one names the modules of a
cycle, with the imports that close it, so a failure says what to cut.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).parent.parent / "scripts/import_graph.py"


@pytest.fixture(scope="module")
def import_graph() -> ModuleType:
    pytest.importorskip("grimp", reason="needs the dev extra")
    spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_import_cycle(import_graph: ModuleType) -> None:
    edges = import_graph.module_graph()
    assert "gongkai.engine" in edges  # the graph is gongkai's, not an empty one
    cycles = [
        "\n".join(f"  {m} -> {', '.join(sorted(edges[m] & set(c)))}" for m in c)
        for c in import_graph.strongly_connected(edges)
    ]
    assert not cycles, "import cycles:\n" + "\n\n".join(cycles)


def test_cycles_are_found(import_graph: ModuleType) -> None:
    # The check above passes on any graph the search cannot see cycles in.
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": {"d"}, "f": {"f"}}
    assert import_graph.strongly_connected(edges) == [["a", "b", "c"], ["d", "e"]]
