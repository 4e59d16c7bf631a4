"""Process pools whose workers cannot outlive the process that started them.

A worker of `concurrent.futures` lives on when its parent is killed with SIGKILL: nothing
runs in the parent to stop it, and a check of 10,000 reports keeps two cores busy for
nobody. On Linux each worker asks the kernel for SIGKILL when its parent dies
(PR_SET_PDEATHSIG); elsewhere a thread in each worker watches the parent's pid.

`Aside` is one forked child for one computation, for a step of a few tenths of a second.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1
# How often the fallback watcher looks at its parent: the issue allows "a few seconds".
_WATCH_SECONDS = 0.5


def process_pool(
    workers: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor of `workers` processes that exit when this process dies."""
    return ProcessPoolExecutor(
        workers, initializer=_start_worker, initargs=(os.getpid(), initializer, initargs)
    )


def _start_worker(
    parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    if not _ask_kernel():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    # The parent may have died between the fork and the request above: the kernel then
    # never sends the signal, and the worker has already been handed to init.
    if os.getppid() != parent:
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)


def _ask_kernel() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)


class Aside(Generic[T]):
    """`work(*args)` computed in a forked child while this process goes on with something
    else, for a step that would otherwise leave the second core idle: the child inherits
    every input (copy-on-write), so only its result crosses, pickled through a pipe.
    `result()` waits for it; where there is no fork, other threads run, or the child
    failed, it is computed here then. Use it as a context manager: leaving it ends a child
    never waited for. A child whose parent was killed stops at the latest when it writes
    to the closed pipe."""

    def __init__(self, work: Callable[..., T], *args: Any, fork: bool = True) -> None:
        self._work, self._args = work, args
        self._child: tuple[int, int] | None = None
        # A child forked while another thread runs could wait forever on a lock that
        # thread held (a server's, a writer's): then this process computes it.
        if fork and hasattr(os, "fork") and threading.active_count() == 1:
            self._child = _fork_for(work, args)

    def result(self) -> T:
        if self._child is not None:
            pid, read = self._child
            self._child = None
            try:
                with open(read, "rb") as pipe:
                    data = pipe.read()
            finally:
                # Reaped in any case; a child still writing stops at the closed pipe.
                status = os.waitpid(pid, 0)[1]
            if status == 0:
                answer: T = pickle.loads(data)
                return answer
        return self._work(*self._args)

    def __enter__(self) -> Aside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._child is not None:
            pid, read = self._child
            self._child = None
            os.close(read)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _fork_for(work: Callable[..., Any], args: tuple[Any, ...]) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    # The child: whatever happens, it leaves by os._exit, never returning into the
    # parent's code, its atexit handlers or its buffered output.
    status = 1
    try:
        os.close(read)
        with open(write, "wb") as pipe:
            pickle.dump(work(*args), pipe, pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)
