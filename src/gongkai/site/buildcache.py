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

The streams are made and read by ISA-L (`isal.isal_zlib`), zlib's format at level 1 in a
third of zlib's time (a cold build compresses 14,000 entries, 200 MB, 0.9 s of CPU with
zlib) and decompressed in half of it; any zlib stream reads the same, so a cache written
before stays valid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from isal import isal_zlib
from jinja2.bccache import Bucket, BytecodeCache

from gongkai.cache import CACHE_DIR
from gongkai.writes import write_atomically

BUILD_CACHE = "build"
MAGIC = b"gongkai build cache 2\n"
_KEY = 32
_LENGTH = 4
_CRC = 4
_HEAD = _KEY + _LENGTH + _CRC
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

    @classmethod
    def open(cls, root: Path, mode: str, kind: str, *, remember: bool = False) -> BuildCache:
        """`mode`: the published build and the preview (`mkdocs serve`) each keep their own,
        so that one does not drop the other's entries. `remember`: the process builds again
        (`mkdocs serve`); a build that runs once would only hold the values longer."""
        path = build_cache_file(root, mode, f"{kind}.pack")
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        return cls(path, parse(data), remember=remember)

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
        parts = [MAGIC]
        for key, packed in sorted(self.kept.items()):
            size, crc = (
                len(packed).to_bytes(_LENGTH, "big"),
                isal_zlib.crc32(packed).to_bytes(_CRC, "big"),
            )
            parts += [key.encode("ascii"), size, crc, packed]
        write_atomically(self.path, b"".join(parts), durable=False)


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
        if isal_zlib.crc32(packed) == int.from_bytes(head[_KEY + _LENGTH :], "big"):
            entries[key] = packed
        at += len(head) + size
    return entries
