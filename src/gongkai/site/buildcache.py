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

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

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
    """The theme's templates as Jinja compiled them, kept by this process: compiling them
    costs about 0.2 s, and `mkdocs serve` makes a new environment on every save. Never kept
    on disk, where a changed file would be code the next build runs (Jinja's own file cache
    reads it with pickle and marshal). An entry serves only the same template source
    (jinja2.bccache.Bucket checks its checksum), so an edited override is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


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
