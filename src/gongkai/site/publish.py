"""Building beside the live site and swapping it in only when the build succeeded.

A failed, interrupted or killed build leaves the previous site exactly as it was: MkDocs
writes into a fresh staging directory next to the site, and the swap is a single rename
(Linux renameat2 RENAME_EXCHANGE) where the platform has one, two renames elsewhere.

Builds of one site take turns: each holds an exclusive lock on `.<site>.lock` beside the
site from before its staging directory is made until the swap and the URL lock are done,
and a second build waits for it. The kernel drops the lock of a killed build, so a crash
never leaves the site locked; the file itself is removed by the build that lets go. Staging directories carry their builder's process id; a
directory whose builder is gone is a killed build's leftover, removed by the next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: builds are not serialised there
    fcntl = None  # type: ignore[assignment]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_LEFTOVER_KINDS = ("staging", "old")


def staging_dir(site_dir: Path) -> Path:
    """A new empty directory beside `site_dir`, on the same file system so renames work."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return _owned_dir(site_dir, "staging")


def swap_in(staging: Path, site_dir: Path) -> None:
    """Make `staging` the site; the old site, if any, is removed afterwards."""
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if _exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)
        return
    retired = _owned_dir(site_dir, "old")
    os.rename(site_dir, retired / "site")
    os.rename(staging, site_dir)
    shutil.rmtree(retired, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove the staging and retired directories of builds that died (kill -9, power cut)
    and return them; a directory of a build still running is never touched."""
    removed = []
    for kind in _LEFTOVER_KINDS:
        for path in sorted(site_dir.parent.glob(f".{site_dir.name}.{kind}-*")):
            owner = path.name.removeprefix(f".{site_dir.name}.{kind}-").split("-", 1)[0]
            if path.is_dir() and owner.isdigit() and not _running(int(owner)):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


class SiteLock:
    """The right to build and publish one site, held by one process at a time."""

    def __init__(self, site_dir: Path) -> None:
        self.path = site_dir.parent / f".{site_dir.name}.lock"
        self._handle: int | None = None

    def acquire(self, on_wait: Callable[[str], None]) -> None:
        """Take the lock, waiting for the build that holds it; `on_wait` is told first,
        with the holder's process id, so the wait is not silent."""
        if fcntl is None or self._handle is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            # A POSIX record lock, not flock(): the check's worker processes are forked while
            # it is held, and would keep an flock() of a killed build alive; lockf() locks
            # belong to the one process and end with it.
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in {errno.EACCES, errno.EAGAIN}:
                    os.close(handle)
                    raise
                on_wait(os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?")
                fcntl.lockf(handle, fcntl.LOCK_EX)
            # The holder removes the file as it lets go; a lock on that removed file is no
            # lock on the path, so try again on whatever file the path names now.
            if _same_file(handle, self.path):
                os.ftruncate(handle, 0)
                os.pwrite(handle, str(os.getpid()).encode(), 0)
                self._handle = handle
                return
            os.close(handle)

    def release(self) -> None:
        if self._handle is None:
            return
        # Removed while still held, so no one can lock the old file and think it current.
        self.path.unlink(missing_ok=True)
        os.close(self._handle)
        self._handle = None


def _owned_dir(site_dir: Path, kind: str) -> Path:
    return Path(
        tempfile.mkdtemp(prefix=f".{site_dir.name}.{kind}-{os.getpid()}-", dir=site_dir.parent)
    )


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a dead build's id, reused by this one: that build cannot be running
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _same_file(handle: int, path: Path) -> bool:
    try:
        current = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(handle)
    return (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two directories; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
