"""What one site build keeps for the next, under `.gongkai-cache/build/<mode>/`: entries
named by their key (a hash of everything the entry depends on), so a changed input finds no
entry, each compressed, all of one kind in one file (`<kind>.pack`). One file, because
creating, replacing and deleting thousands of small files cost more than the rendering they
save. The file holds the entries the last build used or made: the cache holds one site,
not its history.

The format: `MAGIC`, then per entry its key (32 ASCII hex digits), the length of its data
(4 bytes, big-endian), the CRC-32 of the data and the data (a zlib stream). A file that does not
parse is an empty cache; an entry whose data does not match its CRC is left out. The CRC
lets a build tell that an entry is whole without decompressing it (`has`): a finished page
found in the cache is then decompressed once, when it is written, not also to be checked.
An entry with no data (no zlib stream is empty) removes the entry of its key before it, and
a later entry under a key replaces the earlier one: a build that changed a few entries
appends those and the removals of the entries it no longer used to the file it read, instead
of writing it whole again (48 MB at 2,000 reports, for one edited report). The file is
written whole when what it holds besides the live entries would outgrow them (`_SLACK`), or
when it is not the file the build read.

The streams are made and read by ISA-L (`isal.isal_zlib`), zlib's format at level 1 in a
third of zlib's time (a cold build compresses 14,000 entries, 200 MB, 0.9 s of CPU with
zlib) and decompressed in half of it; any zlib stream reads the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import platformdirs
from isal import isal_zlib
from jinja2.bccache import Bucket, BytecodeCache

from gongkai.cache import CACHE_DIR
from gongkai.writes import write_atomically

BUILD_CACHE = "build"
MAGIC = b"gongkai build cache 3\n"
_KEY = 32
_LENGTH = 4
_CRC = 4
_HEAD = _KEY + _LENGTH + _CRC
# How much larger than its live entries a file may grow by appends before it is written whole.
_SLACK = 2
T = TypeVar("T")
# What this process decoded, per pack file: key → (the compressed data, its decoded value).
# `mkdocs serve` builds again in the same process on every save; a value made from the very
# same bytes is not decompressed and decoded again.
_DECODED: dict[Path, dict[str, tuple[bytes, Any]]] = {}
# What ISA-L raises for a damaged stream (its stubs declare the class an instance).
_DAMAGED = cast(type[Exception], isal_zlib.error)


class CompiledTemplates(BytecodeCache):
    """The theme's templates as Jinja compiled them: compiling them costs about 0.15 s of
    every build, and `mkdocs serve` makes a new environment on every save. Kept by this
    process and, for the next build, in the build cache (`keep_in`, kind `templates`), but
    only signed: Jinja's bytecode is code the next build runs (Jinja's own file cache reads
    it with marshal), and a file under `.gongkai-cache` may come from elsewhere (a CI cache,
    a copied project). Each entry carries an HMAC-SHA256 under a key only this user's own
    builds know (`signing_key`); an entry it does not verify is compiled again, as is one
    for another template source (jinja2.bccache.Bucket checks its checksum), so an edited
    override is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}
        self.kept: BuildCache | None = None
        self.key: bytes | None = None

    def keep_in(self, cache: BuildCache, key: bytes | None) -> None:
        """Read and keep signed entries in `cache` (saved by the caller) for this build."""
        self.kept, self.key = cache, key

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is None and self.kept is not None and self.key is not None:
            signed = self.kept.read(_entry_key(bucket.key))
            if signed is not None and hmac.compare_digest(
                signed[:_MAC], _mac(self.key, bucket.key, signed[_MAC:])
            ):
                data = self.compiled[bucket.key] = signed[_MAC:]
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.kept is not None and self.key is not None:
            self.kept.write(_entry_key(bucket.key), _mac(self.key, bucket.key, data) + data)


_MAC = hashlib.sha256().digest_size
# This user's key for signing compiled templates, outside any project.
SIGNING_KEY = "template-signing.key"


def _mac(key: bytes, name: str, data: bytes) -> bytes:
    return hmac.new(key, name.encode("utf-8") + b"\0" + data, hashlib.sha256).digest()


def _entry_key(bucket_key: str) -> str:
    return hashlib.blake2b(bucket_key.encode("utf-8"), digest_size=_KEY // 2).hexdigest()


def signing_key(directory: Path | None = None) -> bytes | None:
    """This user's secret for signing compiled templates, made on first use, readable by
    the user alone, under the user's cache directory; None where it cannot be had (the
    templates are then kept in memory only)."""
    directory = directory or platformdirs.user_cache_path("gongkai")
    path = directory / SIGNING_KEY
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Made whole under another name and linked into place: a second build making its
        # own at the same time finds the first one's, never half of one.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".key-")
        try:
            os.write(handle, secrets.token_bytes(_MAC))
            os.close(handle)
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
        return _read_key(path)
    except OSError:
        return None


def _read_key(path: Path) -> bytes | None:
    key = path.read_bytes()
    return key if len(key) == _MAC else None


@dataclass
class BuildCache:
    path: Path
    loaded: dict[str, bytes]  # key → compressed data, as the last build left them
    kept: dict[str, bytes] = field(default_factory=dict)  # used or made by this build
    remember: bool = False  # keep what `decoded` made for the next build of this process
    # The file read (device, inode, size, modification time), which `save` may append to.
    read_as: tuple[int, int, int, int] | None = None

    @classmethod
    def open(cls, root: Path, mode: str, kind: str, *, remember: bool = False) -> BuildCache:
        """`mode`: the published build and the preview (`mkdocs serve`) each keep their own,
        so that one does not drop the other's entries. `remember`: the process builds again
        (`mkdocs serve`); a build that runs once would only hold the values longer."""
        path = build_cache_file(root, mode, f"{kind}.pack")
        try:
            with path.open("rb") as stream:
                data = stream.read()
                read_as = _status(os.fstat(stream.fileno()))
        except OSError:
            data, read_as = b"", None
        loaded = parse(data)
        # Appended to only when it parsed whole, so a later entry is never out of reach.
        if not loaded and data != MAGIC:
            read_as = None
        return cls(path, loaded, remember=remember, read_as=read_as)

    def has(self, key: str) -> bool:
        """Whether the cache holds a whole entry under `key` (kept for the next build)."""
        packed = self.kept.get(key) or self.loaded.get(key)
        if packed is None:
            return False
        self.kept[key] = packed
        return True

    def read(self, key: str) -> bytes | None:
        packed = self.kept.get(key) or self.loaded.get(key)
        if packed is None:
            return None
        try:
            data = isal_zlib.decompress(packed)
        except _DAMAGED:
            return None  # damaged in a way its CRC missed: made again
        self.kept[key] = packed
        return data

    def decoded(self, key: str, decode: Callable[[bytes], T | None]) -> T | None:
        """The entry under `key` as `decode` makes it (None: damaged); with `remember`,
        decoded once per process for the same bytes. `decode` must give a value no one
        changes."""
        packed = self.kept.get(key) or self.loaded.get(key)
        if packed is None:
            return None
        memo = _DECODED.setdefault(self.path, {}) if self.remember else {}
        held = memo.get(key)
        if held is not None and held[0] == packed:
            self.kept[key] = packed
            value: T = held[1]
            return value
        data = self.read(key)
        decoded = None if data is None else decode(data)
        if decoded is not None:
            memo[key] = (packed, decoded)
        return decoded

    def write(self, key: str, data: bytes) -> None:
        if len(key) != _KEY or not key.isascii():
            raise ValueError(f"a build cache key is {_KEY} hex digits: {key!r}")
        self.kept[key] = isal_zlib.compress(data, 1)

    def save(self) -> None:
        """Write the entries this build used or made, unless they are what was there."""
        memo = _DECODED.get(self.path, {})
        for key in memo.keys() - self.kept.keys():
            del memo[key]  # the next build would not find its entry either
        if self.kept == self.loaded:
            return
        live = len(MAGIC) + sum(_HEAD + len(packed) for packed in self.kept.values())
        if self.read_as is not None:
            changes = [(key, b"") for key in sorted(self.loaded.keys() - self.kept.keys())]
            changes += sorted(
                (key, packed) for key, packed in self.kept.items() if self.loaded.get(key) != packed
            )
            tail = _entries(changes)
            if self.read_as[2] + len(tail) <= _SLACK * live and self._append(tail):
                return
        write_atomically(self.path, MAGIC + _entries(sorted(self.kept.items())), durable=False)

    def _append(self, tail: bytes) -> bool:
        """Append to the file this build read; False when it is no longer that file."""
        try:
            with self.path.open("ab") as stream:
                if _status(os.fstat(stream.fileno())) != self.read_as:
                    return False
                stream.write(tail)
        except OSError:
            return False
        return True


def _status(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _entries(entries: list[tuple[str, bytes]]) -> bytes:
    parts = []
    for key, packed in entries:
        size, crc = (
            len(packed).to_bytes(_LENGTH, "big"),
            isal_zlib.crc32(packed).to_bytes(_CRC, "big"),
        )
        parts += [key.encode("ascii"), size, crc, packed]
    return b"".join(parts)


def build_cache_file(root: Path, mode: str, name: str) -> Path:
    """Where a build of `mode` keeps its file `name`."""
    return root / CACHE_DIR / BUILD_CACHE / mode / name


def parse(data: bytes) -> dict[str, bytes]:
    if not data.startswith(MAGIC):
        return {}
    entries: dict[str, bytes] = {}
    at = len(MAGIC)
    while at < len(data):
        head = data[at : at + _HEAD]
        size = int.from_bytes(head[_KEY : _KEY + _LENGTH], "big")
        packed = data[at + len(head) : at + len(head) + size]
        if len(head) < _HEAD or len(packed) < size:
            return {}  # torn: nothing in it can be trusted to be whole
        try:
            key = head[:_KEY].decode("ascii")
        except UnicodeDecodeError:
            return {}
        if not packed:
            entries.pop(key, None)
        elif isal_zlib.crc32(packed) == int.from_bytes(head[_KEY + _LENGTH :], "big"):
            entries[key] = packed
        at += len(head) + size
    return entries
