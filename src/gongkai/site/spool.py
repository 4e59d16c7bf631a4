"""Writing a build's files in background threads while the build goes on.

Creating a file or a directory is the kernel's work in the calling thread, with the GIL
released: written from the build's own thread, the thousands of pages and search shards of
a cold build wait for it one by one while the second core idles (the page pool is done by
then). The build hands each file's bytes to `Spool.write` and goes on; `THREADS` threads
make each directory once (one `mkdir`, where MkDocs calls `os.makedirs` for every page)
and write the files. At most `PENDING` files wait in memory: `write` blocks beyond that.

Every file goes into the build's staging directory, which is published whole or not at
all (gongkai.site.publish): `finish` waits for every write and raises `WriteFailed`
naming each file that could not be written, so the build fails before anything is
published; `close` drops what is still queued and waits for the threads, so that no
thread writes into a staging directory while a failed build deletes it.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from pathlib import Path

from gongkai.errors import GongkaiError
from gongkai.writes import reason

# Two threads keep both cores busy beside the build's own thread on a two-core machine;
# more only queue in the kernel.
THREADS = 2
# About 20 KB a page: a few megabytes at most wait to be written.
PENDING = 256


class WriteFailed(GongkaiError):
    """Some files of the build could not be written; the message names each one."""


class Spool:
    def __init__(self, root: Path, shown: str, *, threads: int = THREADS) -> None:
        """`root`: the directory every file goes under (made already); `shown`: how the
        messages name it (the site directory the staging directory stands for)."""
        self.root = str(root)
        self.shown = shown
        self._threads = threads
        self._queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(PENDING)
        self._workers: list[threading.Thread] = []
        self._made = {self.root}
        self._making = threading.Lock()
        self._queued: set[str] = set()
        self._failed: list[tuple[str, str]] = []  # path, why
        self._dropping = False
        self._closed = False

    def write(self, path: str, data: bytes) -> None:
        """Write `data` to the file `path` under the root, making its directories."""
        if self._closed:
            raise RuntimeError("the spool is finished")
        if path in self._queued:
            # Written again: the earlier write must not land after this one.
            self._queue.join()
            self._queued.clear()
        self._queued.add(path)
        if not self._workers:
            self._start()
        self._queue.put((path, data))

    def finish(self) -> None:
        """Wait for every write; WriteFailed if any failed."""
        self._stop()
        if self._failed:
            lines = [f"{self._name(path)}：{why}" for path, why in sorted(self._failed)]
            raise WriteFailed(f"无法写出 {len(lines)} 个文件：\n" + "\n".join(lines))

    def close(self) -> None:
        """Drop the writes still queued and wait for the ones under way."""
        self._dropping = True
        self._stop()

    def _start(self) -> None:
        for number in range(self._threads):
            worker = threading.Thread(target=self._run, name=f"gongkai-spool-{number}")
            # A build that dies does not wait for its writes: its staging directory is
            # discarded, by it or by the next build.
            worker.daemon = True
            worker.start()
            self._workers.append(worker)

    def _stop(self) -> None:
        if self._closed:
            return
        self._closed = True
        for _ in self._workers:
            self._queue.put(None)
        for worker in self._workers:
            worker.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                if not self._dropping:
                    self._write(*item)
            finally:
                self._queue.task_done()

    def _write(self, path: str, data: bytes) -> None:
        try:
            self._make(os.path.dirname(path))
            with open(path, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            self._failed.append((path, reason(exc)))
        except Exception as exc:  # a thread that died would leave the build waiting
            self._failed.append((path, repr(exc)))

    def _make(self, directory: str) -> None:
        """Make `directory` and any parent not made yet; one `mkdir` each."""
        if directory in self._made:
            return
        # One thread at a time, or two would both try the same new directory.
        with self._making:
            self._make_locked(directory)

    def _make_locked(self, directory: str) -> None:
        if directory in self._made:
            return
        parent = os.path.dirname(directory)
        if parent == directory:
            raise FileNotFoundError(f"{directory} is outside {self.root}")
        self._make_locked(parent)
        # There before the build only if something else wrote it (a file there fails the
        # write that follows, with its own path).
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory)
        self._made.add(directory)

    def _name(self, path: str) -> str:
        relative = os.path.relpath(path, self.root)
        return f"{self.shown}/{Path(relative).as_posix()}"
