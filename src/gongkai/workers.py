"""Process pools whose workers cannot outlive the process that started them.

A worker of `concurrent.futures` lives on when its parent is killed with SIGKILL: nothing
runs in the parent to stop it, and a check of 10,000 reports keeps two cores busy for
nobody. On Linux each worker asks the kernel for SIGKILL when its parent dies
(PR_SET_PDEATHSIG); elsewhere a thread in each worker watches the parent's pid.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

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
