"""`gongkai check` and the site build, killed with SIGKILL mid-run, leave no worker behind.

tests/test_workers.py kills the parent of a bare pool; these kill the real commands while
their pools are working, over a tree large enough that the check uses a pool
(engine._PARALLEL_THRESHOLD), and look for any process they started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from gongkai import engine
from sitebuild import ROOT, make_project

sys.path.insert(0, str(ROOT / "scripts"))  # the benchmarks' synthetic reports
import _synthetic

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]
MKDOCS = Path(sys.executable).with_name("mkdocs")
needs_mkdocs = pytest.mark.skipif(
    not MKDOCS.exists(), reason="mkdocs is not installed (install '.[site]')"
)
# `mkdocs build` whose search index is built by a pool even for a small site, each worker
# sleeping first, so the pool is surely at work when the build is killed.
_SLOW_INDEX_BUILD = """
import time
from gongkai.site.search import index
index.PARALLEL_DOCS = 1
counted = index._index_part
def _index_part(*args):
    time.sleep(60)
    return counted(*args)
index._index_part = _index_part
from mkdocs.__main__ import cli
cli()
"""


def _parents() -> dict[int, int]:
    """Every live process (zombies left out: they have exited) → its parent."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited while we looked
        if fields[0] != "Z":
            found[int(entry.name)] = int(fields[1])
    return found


def descendants(pid: int) -> set[int]:
    parents = _parents()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def kill_when_workers_run(command: list[str], cwd: Path, seconds: float) -> None:
    """Start `command`, SIGKILL it once it has two children (its pool's workers), then
    find none of them left after a few seconds."""
    with subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as process:
        started = wait_for(
            lambda: process.poll() is not None or len(descendants(process.pid)) >= 2, seconds
        )
        assert started and process.poll() is None, "finished before its workers were seen"
        workers = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
    gone = wait_for(lambda: not workers & _parents().keys(), 10)
    left = workers & _parents().keys()
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert gone, f"workers left after their parent was killed: {sorted(left)}"


def synthetic(n: int) -> dict[str, str]:
    return {r.relpath: r.text for r in _synthetic.corpus(n, seed=5, shared=None)}


def test_check_killed_leaves_no_worker(tmp_path: Path) -> None:
    # Big enough that the workers are still busy when they are seen: each takes a share.
    for relpath, text in synthetic(engine._PARALLEL_THRESHOLD * 3).items():
        path = tmp_path / "reports" / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    command = ["-m", "gongkai", "check", "--no-cache", "--jobs", "2", "reports"]
    kill_when_workers_run([sys.executable, *command], tmp_path, seconds=60)


@pytest.mark.site
@needs_mkdocs
def test_site_build_killed_in_its_check_leaves_no_worker(tmp_path: Path) -> None:
    project = make_project(tmp_path, synthetic(engine._PARALLEL_THRESHOLD * 2))
    kill_when_workers_run([str(MKDOCS), "build"], project, seconds=300)


@pytest.mark.site
@needs_mkdocs
def test_site_build_killed_in_its_search_index_leaves_no_worker(tmp_path: Path) -> None:
    # Too few reports for the check's pool: the workers seen are the search index's.
    project = make_project(tmp_path, synthetic(20))
    command = [sys.executable, "-c", _SLOW_INDEX_BUILD, "build"]
    kill_when_workers_run(command, project, seconds=300)
