"""Writing a build's files in a second process while the build goes on.

Creating a file or a directory is the kernel's work in the calling thread: written from the
build's own thread, the thousands of pages and search shards of a cold build wait for it one
by one while the second core idles (the page pool is done by then). The build hands each
file's bytes to `Spool.write` and goes on; a writer process makes each directory once (one
`mkdir`, where MkDocs calls `os.makedirs` for every page) and writes the files, in the order
given. A process, not threads: a thread in the build's process needs the GIL back after
each system call, and with the build's thread running Python it waited for it, the build's
thread in turn for the writer (profiled: hashing, compressing and MkDocs' own writes to the
sink several times slower). The pipe to it bounds the memory: `write` blocks while the
writer is `PIPE_BYTES` behind. The first `INLINE` files are written in the build's thread:
a rebuild under `mkdocs serve` writes a few files, and starts no process; nor does a
machine with one core, where the writer would only take turns with the build.

Every file goes into the build's staging directory, which is published whole or not at
all (gongkai.site.publish): `finish` waits for every write and raises `WriteFailed`
naming each file that could not be written, so the build fails before anything is
published; `close` stops the writer where it is, so that nothing writes into a staging
directory while a failed build deletes it. A writer whose build died stops before its next
file.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import struct
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

import gongkai
from gongkai.errors import GongkaiError
from gongkai.writes import reason

# Files written in the build's thread before the writer process starts.
INLINE = 100
# Bytes the build may be ahead of the writer (a few dozen pages).
PIPE_BYTES = 1 << 20
# Each file: the lengths of its path (UTF-8, surrogate escapes kept) and of its data.
_HEAD = struct.Struct(">IQ")
_END = _HEAD.pack(0, 0)  # what a finishing build sends last
# Threads of the writer process: the kernel's work of creating files runs in parallel (two
# threads did it in about half the time on two cores), and they share the GIL only with
# each other, holding it for a few lines per file.
WRITER_THREADS = 2
_IN_FLIGHT = 64  # files read from the pipe and not yet written


class WriteFailed(GongkaiError):
    """Some files of the build could not be written; the message names each one."""


class Spool:
    def __init__(self, root: Path, shown: str, *, inline: int | None = None) -> None:
        """`root`: the directory every file goes under (made already); `shown`: how the
        messages name it (the site directory the staging directory stands for); `inline`:
        how many files to write in this thread first (`INLINE`)."""
        self.root = str(root)
        self.shown = shown
        self._inline = INLINE if inline is None else inline
        if (os.cpu_count() or 1) < 2:
            self._inline = sys.maxsize  # no second core for a writer to run on
        self._made = {self.root}
        self._failed: list[tuple[str, str]] = []  # path, why
        self._writer: subprocess.Popen[bytes] | None = None
        self._closed = False

    def write(self, path: str, data: bytes) -> None:
        """Write `data` to the file `path` under the root, making its directories."""
        if self._closed:
            raise RuntimeError("the spool is finished")
        if self._writer is None and self._inline > 0:
            self._inline -= 1
            failure = write_file(self._made, path, data)
            if failure is not None:
                self._failed.append((path, reason(failure)))
            return
        pipe = self._pipe()
        encoded = os.fsencode(path)
        try:
            pipe.write(_HEAD.pack(len(encoded), len(data)) + encoded)
            pipe.write(data)
        except BrokenPipeError:
            pass  # the writer died: `finish` says so

    def finish(self) -> None:
        """Wait for every write; WriteFailed if any failed."""
        writer = self._end()
        if writer is not None:
            assert writer.stdin is not None
            with contextlib.suppress(BrokenPipeError):
                writer.stdin.write(_END)
            out, _ = writer.communicate()
            try:
                self._failed += [
                    (path, reason(OSError(number, text))) for path, number, text in json.loads(out)
                ]
            except ValueError:
                raise WriteFailed(
                    f"写出 {self.shown} 的后台进程意外退出（退出码 {writer.returncode}），"
                    "不知道哪些文件已写出"
                ) from None
        if self._failed:
            lines = [f"{self._name(path)}：{why}" for path, why in sorted(self._failed)]
            raise WriteFailed(f"无法写出 {len(lines)} 个文件：\n" + "\n".join(lines))

    def close(self) -> None:
        """Stop the writer where it is (a no-op after `finish`)."""
        writer = self._end()
        if writer is not None:
            writer.kill()
            with contextlib.suppress(BrokenPipeError):
                writer.communicate()

    def _end(self) -> subprocess.Popen[bytes] | None:
        """No more writes: the writer process to end, if it runs and was not ended."""
        if self._closed:
            return None
        self._closed = True
        return self._writer

    def _pipe(self) -> IO[bytes]:
        if self._writer is None:
            # The package this build runs, wherever it was imported from.
            source = str(Path(gongkai.__file__).resolve().parents[1])
            path = os.pathsep.join([source, *filter(None, [os.environ.get("PYTHONPATH")])])
            self._writer = subprocess.Popen(
                [sys.executable, "-m", "gongkai.site.spool", str(os.getpid())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=PIPE_BYTES,
                env={**os.environ, "PYTHONPATH": path},
            )
        assert self._writer.stdin is not None
        return self._writer.stdin

    def _name(self, path: str) -> str:
        relative = os.path.relpath(path, self.root)
        return f"{self.shown}/{Path(relative).as_posix()}"


def write_file(
    made: set[str], path: str, data: bytes, making: threading.Lock | None = None
) -> OSError | None:
    """Write the file, making each directory not in `made` (and adding it), under the lock
    `making` where threads share `made`; the error, if any. A directory there before the
    build was made by something else: a file in its place fails the write, with its own
    path."""
    try:
        directory = os.path.dirname(path)
        if directory not in made:
            with making or contextlib.nullcontext():
                _make(made, directory)
        with open(path, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        return exc
    return None


def _make(made: set[str], directory: str) -> None:
    missing = []
    while directory not in made:
        missing.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory)
        made.add(directory)


def _serve(builder: int) -> int:
    """The writer process: files from stdin until the build's end mark, written by
    `WRITER_THREADS` threads (a path given twice is written in the order given), then the
    failures as JSON on stdout. Stops at once, without a word, if the build is gone."""
    source, made, making = sys.stdin.buffer, set[str](), threading.Lock()
    failed: list[list[object]] = []
    room = threading.BoundedSemaphore(_IN_FLIGHT)
    pending: dict[str, Future[None]] = {}

    def write(path: str, data: bytes) -> None:
        try:
            failure = write_file(made, path, data, making)
            if failure is not None:
                failed.append([path, failure.errno, failure.strerror or str(failure)])
        finally:
            room.release()

    with ThreadPoolExecutor(WRITER_THREADS) as pool:
        while True:
            head = source.read(_HEAD.size)
            if len(head) < _HEAD.size or os.getppid() != builder:
                # The build died or closed the pipe: its staging directory is void, and
                # no queued write may land in it.
                os._exit(1)
            if head == _END:
                break
            length, size = _HEAD.unpack(head)
            path = os.fsdecode(source.read(length))
            data = source.read(size)
            if len(data) < size:
                os._exit(1)
            earlier = pending.get(path)
            if earlier is not None:
                earlier.result()
            room.acquire()
            pending[path] = pool.submit(write, path, data)
    sys.stdout.write(json.dumps(failed))
    return 0


if __name__ == "__main__":
    # Ctrl-C reaches the whole process group: the build stops its writer itself (`close`),
    # or the writer sees it gone; a traceback from here would only confuse.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(_serve(int(sys.argv[1])))
