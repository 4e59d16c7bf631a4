"""Resolving report paths with each directory resolved once per run (engine._realpath)
gives what os.path.realpath gives, or fails as it fails."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from gongkai import engine

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="symbolic links and the per-directory memo are POSIX"
)


def _outcome(resolve: Callable[[str], str], path: str) -> tuple[str, object]:
    try:
        return "resolved", resolve(path)
    except OSError as exc:
        return "failed", (type(exc), exc.errno)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.md").write_text("x", encoding="utf-8")
    reports = tmp_path / "reports"
    (reports / "2024").mkdir(parents=True)
    (reports / "2024" / "a.md").write_text("x", encoding="utf-8")
    (reports / "2024" / "sub").mkdir()
    (reports / "linked").symlink_to(outside, target_is_directory=True)
    (reports / "2024" / "to-a.md").symlink_to("a.md")
    (reports / "2024" / "to-far.md").symlink_to(outside / "far.md")
    (reports / "2024" / "dangling.md").symlink_to("nowhere.md")
    (reports / "2024" / "loop.md").symlink_to("loop.md")
    (reports / "2024" / "up.md").symlink_to("../2024/a.md")
    os.mkfifo(reports / "2024" / "fifo.md")
    monkeypatch.chdir(tmp_path)
    return [
        "reports/2024/a.md",
        "reports/2024/to-a.md",
        "reports/2024/to-far.md",
        "reports/2024/dangling.md",
        "reports/2024/loop.md",
        "reports/2024/up.md",
        "reports/2024/fifo.md",
        "reports/2024/missing.md",
        "reports/2024/sub",
        "reports/linked/far.md",
        "reports/linked/../2024/a.md",
        "reports/nowhere/a.md",
        str(reports / "2024" / "a.md"),
        "a.md",
        "reports/2024/..",
    ]


def test_each_path_resolves_as_realpath_resolves_it(tree: list[str]) -> None:
    real_dirs: dict[str, str] = {}
    for _pass in range(2):  # the second pass answers from the directories remembered
        for path in tree:
            expected = _outcome(lambda p: os.path.realpath(p, strict=True), path)
            assert _outcome(lambda p: engine._realpath(p, real_dirs), path) == expected, path
    assert real_dirs  # the directories were remembered, not resolved again


@pytest.mark.parametrize(
    "given",
    ["reports", "reports/", "./reports", "reports//2024", "reports/./2024/", "reports/../reports"],
)
def test_listed_paths_are_joined_and_normalised_as_normpath_would(
    tree: list[str], given: str
) -> None:
    # find_reports normalises each directory once, not each path: the same paths result.
    expected = []
    for directory, subdirs, files in os.walk(given):
        subdirs[:] = sorted(d for d in subdirs if not os.path.islink(os.path.join(directory, d)))
        links = [d for d in os.listdir(directory) if os.path.islink(os.path.join(directory, d))]
        names = sorted(
            [n for n in files if n.endswith(".md")] + [d for d in links if d not in files]
        )
        expected += [os.path.normpath(os.path.join(directory, n)) for n in names]
    assert [path for path, _root in engine.find_reports([given])] == expected
    assert {root for _path, root in engine.find_reports([given])} == {given}


def test_listed_paths_from_inside_the_directory(tree: list[str]) -> None:
    os.chdir("reports/2024")
    listed = [path for path, _root in engine.find_reports(["."])]
    assert listed == sorted(n for n in os.listdir(".") if n.endswith(".md"))
    # A file named first keeps its place (and no root); its listing is not repeated.
    rest = [(name, ".") for name in listed if name != "a.md"]
    assert engine.find_reports(["./a.md", "."]) == [("a.md", None), *rest]
