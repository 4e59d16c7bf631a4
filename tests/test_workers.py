"""Workers die with the process that started them, even when it is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from gongkai import workers
from gongkai.workers import Aside, process_pool

_PARENT = textwrap.dedent(
    """
    import os, sys, time
    from gongkai.workers import process_pool

    def pid_then_sleep(_):
        sys.stdout.write(f"{os.getpid()}\\n"); sys.stdout.flush()
        time.sleep(600)

    if __name__ == "__main__":
        with process_pool(2) as pool:
            list(pool.map(pid_then_sleep, range(2)))
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0) until its new parent reaps it.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _square(n: int) -> int:
    return n * n


def test_pool_runs_work_and_initializer() -> None:
    with process_pool(2) as pool:
        assert list(pool.map(_square, range(5))) == [0, 1, 4, 9, 16]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(_PARENT, encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        pids = [int(parent.stdout.readline()) for _ in range(2)]
        assert all(_alive(pid) for pid in pids)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in pids if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _only_here(parent: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("fails in the child")
    return 7


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if no other thread ran: earlier tests may leave some behind."""
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)


@pytest.mark.usefixtures("alone")
@pytest.mark.parametrize("fork", [True, False])
def test_aside_computes_in_a_child_or_here(fork: bool) -> None:
    with Aside(_pid_and, 21, fork=fork) as aside:
        pid, value = aside.result()
    assert value == 42
    assert (pid != os.getpid()) == (fork and hasattr(os, "fork"))


def test_aside_does_not_fork_beside_other_threads() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with Aside(_pid_and, 1) as aside:
            assert aside.result()[0] == os.getpid()
    finally:
        stop.set()
        other.join()


@pytest.mark.usefixtures("alone")
def test_aside_computes_here_what_its_child_failed_to() -> None:
    with Aside(_only_here, os.getpid()) as aside:
        assert aside.result() == 7


@pytest.mark.usefixtures("alone")
@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_aside_left_unasked_ends_and_reaps_its_child() -> None:
    with Aside(time.sleep, 600) as aside:
        child = aside._child
        assert child is not None
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(child[0], os.WNOHANG)
