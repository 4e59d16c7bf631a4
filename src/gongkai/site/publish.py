"""Building beside the live site and swapping it in only when the build succeeded.

A failed, interrupted or killed build leaves the previous site exactly as it was. MkDocs
writes into a fresh staging directory next to the site, but only what changed: a page whose
bytes are those of the same page in the shadow tree is sent to a sink instead (`Shadow`).
When the build succeeded the shadow tree, `.<site>.shadow` beside the site, is brought to
this build's output, touching only the files whose bytes changed and deleting those no
longer produced, and is then exchanged with the site in a single rename (Linux renameat2
RENAME_EXCHANGE) where the platform has one, three renames elsewhere. The previous site
becomes the shadow tree of the next build: keeping it costs a second copy on disk, and
saves writing and deleting every file of the site on every build. A missing or empty shadow
tree starts as hard links to the site's files. `mkdocs serve` rebuilds its temporary
directory the same way, without the lock.

Builds of one site take turns: each holds an exclusive lock on `.<site>.lock` beside the
site from before its staging directory is made until the swap and the URL lock are done,
and a second build waits for it. The kernel drops the lock of a killed build, so a crash
never leaves the site locked; the file itself is removed by the build that lets go. Staging directories carry their builder's process id; a
directory whose builder is gone is a killed build's leftover, removed by the next build.
A killed build may leave the shadow tree half brought up to date: it is only ever compared
byte for byte, never trusted, so the next build corrects it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import os
import shutil
import struct
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from gongkai.writes import write_atomically

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


class Shadow:
    """The tree the next swap makes the site: what this build must write, and what not."""

    # Inside the staging directory, so it goes with it; hidden, as MkDocs never outputs.
    SINK = ".gongkai-unchanged"

    def __init__(self, site_dir: Path, staging: Path, record: Path | None = None) -> None:
        """`record`: where the hashes of the shadow tree's files are kept for the next
        build (`HashRecord`); without it, only as long as this process runs."""
        self.path = site_dir.parent / f".{site_dir.name}.shadow"
        self.path.mkdir(exist_ok=True)
        self.prime(site_dir)
        # Nothing to compare with (a cold build): no file of the output is looked up there,
        # a failing `stat` per file cost 0.17 s at 2,000 reports.
        self.empty = not any(self.path.iterdir())
        # After priming: the links it made changed their files' status, now older than
        # the record's mark.
        self.hashes = HashRecord(record) if record is not None else None
        self.seen = self.hashes.seen if self.hashes is not None else None
        self.staging = staging
        # The null device where MkDocs can write to it (it makes the parent directory
        # first: Windows' "nul" has none); a file, reopened and truncated thousands of
        # times, cost more than a second at 2,000 reports.
        self.sink = os.devnull if os.path.dirname(os.devnull) else str(staging / self.SINK)
        self.unchanged: set[str] = set()

    def prime(self, site_dir: Path) -> bool:
        """An empty shadow tree starts as hard links to the site's files; True if it did."""
        if site_dir.is_dir() and not any(self.path.iterdir()):
            _link_tree(site_dir, self.path)
            self.empty = False
            return True
        return False

    def hash_ahead(self, files: Iterable[str]) -> None:
        """Hash these files of the shadow tree now (`file_hash` remembers them), before a
        build asks; a file that cannot be read is left for the build to find so."""
        for relative in files:
            with contextlib.suppress(OSError):
                file_hash(self.path / relative, self.seen)

    def holds(self, dest_uri: str, data: bytes) -> bool:
        """Whether the shadow tree has these bytes at `dest_uri` already; if so the output
        counts as written."""
        if self.empty:
            return False
        target = self.path / dest_uri
        try:
            same = target.stat().st_size == len(data) and target.read_bytes() == data
        except OSError:  # absent, a directory, unreadable: written as usual
            return False
        if same:
            self.unchanged.add(PurePosixPath(dest_uri).as_posix())
        return same

    def keep(self, files: dict[str, str]) -> bool:
        """Count these files of the shadow tree (path → `content_hash`) as this build's
        output, unwritten, when each has its hash there; False, and none counted, else."""
        if self.empty:
            return False
        for relative, expected in files.items():
            try:
                # Joined as strings: a Path per file cost as much as the status it names.
                if file_hash(f"{self.path}/{relative}", self.seen) != expected:
                    return False
            except OSError:
                return False
        self.unchanged.update(files)
        return True

    def publish(self, site_dir: Path) -> None:
        """Bring the shadow tree to this build's output and exchange it with the site;
        the staging directory is removed."""
        produced = set(self.unchanged)
        staged = [relative for relative in _files(self.staging) if relative != self.SINK]
        if not produced and not any(self.path.iterdir()):
            # Nothing to keep (a cold build): the staging directory is the new tree, one
            # rename instead of a move and a directory check per file.
            (self.staging / self.SINK).unlink(missing_ok=True)
            self.path.rmdir()
            self.staging.rename(self.path)
            _prune(self.path, "", set(staged))
            _swap(self.path, site_dir)
            return
        for relative in staged:
            produced.add(relative)
            source, target = self.staging / relative, self.path / relative
            if _same_bytes(source, target):
                continue
            _make_room(self.path, relative)
            os.replace(source, target)
        _prune(self.path, "", produced)
        _swap(self.path, site_dir)
        discard(self.staging)


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# What is known of each file hashed: (device, inode) → (size, modification and change
# times, `content_hash`). No file of either tree is ever written in place, only replaced: a
# replaced file is another inode with its own change time, so a file whose device, inode,
# size, modification and change times are those recorded holds the bytes hashed (as make
# and git judge files). Keyed by the file, not its path: the site and the shadow tree share
# the inodes of every file the last build left unchanged (`_link_tree`, `publish`), so one
# hash serves the file in both trees.
_Identity = tuple[int, int]
_Known = tuple[int, int, int, str]
_HASHED: dict[_Identity, _Known] = {}


def file_hash(path: str | Path, seen: dict[_Identity, _Known] | None = None) -> str:
    """`content_hash` of the file's bytes, read only when its status is not one known;
    OSError when it cannot be read. What it knows of the file is noted in `seen`."""
    name = str(path)
    status = os.stat(name)
    identity = (status.st_dev, status.st_ino)
    known = _HASHED.get(identity)
    if known is None or known[:3] != (status.st_size, status.st_mtime_ns, status.st_ctime_ns):
        handle = os.open(name, os.O_RDONLY)
        try:
            # The status of the very file read (not of whatever the path names a moment later).
            status = os.fstat(handle)
            with os.fdopen(handle, "rb", closefd=False) as stream:
                digest = content_hash(stream.read())
        finally:
            os.close(handle)
        identity = (status.st_dev, status.st_ino)
        known = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, digest)
        _HASHED[identity] = known
    if seen is not None:
        seen[identity] = known
    return known[3]


class HashRecord:
    """The shadow tree's file hashes, kept from one `mkdocs build` process to the next in one
    file: reading and hashing the 7,426 files of a 2,000-report shadow tree to learn that
    they are unchanged cost 0.19 s CPU of every build, a status each 0.03 s.

    A file's status stands for its bytes only if the file cannot have changed since without
    its status changing. A write within the same tick of the file system's clock as the
    write before it leaves the times as they were (git calls such a file "racily clean",
    Documentation/technical/racy-git.txt), so the record keeps only files whose modification
    and change times are older than a mark taken on the file system's own clock before this
    build hashed anything: any later write gives a time no earlier than the mark. Stricter
    than git, which compares with the time its index was written, after the hashing. A file
    on another device than the record, whose clock the mark does not read, is not kept.

    The format: `MAGIC`, then per file device, inode, size, modification and change times
    (`_ROW`) and its 16-byte hash, then the BLAKE2b digest of all that. A record that is
    missing, torn, damaged or of another format is an empty one.
    """

    MAGIC = b"gongkai shadow hashes 1\n"
    _ROW = struct.Struct("<QQQqq16s")
    _DIGEST = 16

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[_Identity, _Known] = {}
        try:
            self.stored = path.read_bytes()
        except OSError:
            self.stored = b""
        for row in self._rows(self.stored):
            device, inode, size, modified, changed, digest = row
            _HASHED.setdefault((device, inode), (size, modified, changed, digest.hex()))
        self.mark: tuple[int, int] | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()  # sets the times of an existing record to now, too
            status = path.stat()
        except OSError:
            return  # a read-only checkout: every file is hashed, as without a record
        self.mark = (min(status.st_mtime_ns, status.st_ctime_ns), status.st_dev)

    @classmethod
    def _rows(cls, data: bytes) -> list[tuple[int, int, int, int, int, bytes]]:
        body = data[len(cls.MAGIC) : -cls._DIGEST]
        whole = (
            data.startswith(cls.MAGIC)
            and len(body) % cls._ROW.size == 0
            and hashlib.blake2b(body, digest_size=cls._DIGEST).digest() == data[-cls._DIGEST :]
        )
        return list(cls._ROW.iter_unpack(body)) if whole else []

    def save(self) -> None:
        """Record the files this build hashed or found known that are safely old."""
        if self.mark is None:
            return
        mark, device = self.mark
        rows = [
            self._ROW.pack(dev, inode, size, modified, changed, bytes.fromhex(digest))
            for (dev, inode), (size, modified, changed, digest) in sorted(self.seen.items())
            if dev == device and modified < mark and changed < mark
        ]
        body = b"".join(rows)
        data = self.MAGIC + body + hashlib.blake2b(body, digest_size=self._DIGEST).digest()
        if data != self.stored:
            with contextlib.suppress(OSError):
                write_atomically(self.path, data, durable=False)


def _files(root: Path) -> list[str]:
    """Every file under `root`, as a POSIX path relative to it."""
    found = []
    # Sliced as strings: a Path per directory and per file cost 0.2 s at 2,000 reports.
    start = len(os.path.join(root, ""))
    for directory, _, names in os.walk(root):
        base = directory[start:].replace(os.sep, "/")
        base += "/" if base else ""
        found += [base + name for name in names]
    return found


def _link_tree(source: Path, target: Path) -> None:
    """Hard links under `target` to every file of `source`: the first build after a cold one
    compares against the site instead of writing all of it. Safe because no file of either
    tree is ever written in place (`publish` replaces and unlinks names only). Where the file
    system has no hard links the tree stays partial, and the build writes what is missing."""
    for relative in _files(source):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source / relative, destination)
        except OSError:
            return


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if not b.is_file() or a.stat().st_size != b.stat().st_size:
            return False
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _make_room(root: Path, relative: str) -> None:
    """Clear the way for a file at `relative`: a file where a directory is needed, or a
    directory where the file goes (a page turned into an asset, say)."""
    parts = PurePosixPath(relative).parts
    for depth in range(1, len(parts)):
        step = root.joinpath(*parts[:depth])
        if step.is_symlink() or step.is_file():
            step.unlink()
    target = root / relative
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)


def _prune(root: Path, relative: str, produced: set[str]) -> bool:
    """Delete what this build did not produce under `root/relative`; True when the
    directory is left empty."""
    empty = True
    with os.scandir(root / relative) as entries:
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False):
                if _prune(root, path, produced):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif path in produced:
                empty = False
            else:
                os.unlink(entry.path)
    return empty


def _swap(shadow: Path, site_dir: Path) -> None:
    """Make `shadow` the site and the site the shadow: one step where the system can."""
    if not site_dir.exists():
        os.rename(shadow, site_dir)
        return
    if _exchange(shadow, site_dir):
        return
    retired = _owned_dir(site_dir, "old")
    os.rename(site_dir, retired / "site")
    os.rename(shadow, site_dir)
    os.rename(retired / "site", shadow)
    os.rmdir(retired)


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
