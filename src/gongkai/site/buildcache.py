"""What one site build keeps for the next, under `.gongkai-cache/build/`: one compressed file
per entry, named by its key (a hash of everything the entry depends on), so a changed input
simply finds no entry. Entries a build did not use are dropped at its end: the cache holds
one site, not its history."""

from __future__ import annotations

import contextlib
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.cache import CACHE_DIR

BUILD_CACHE = "build"


@dataclass
class BuildCache:
    directory: Path | None  # None: nothing is kept
    suffix: str
    used: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, root: Path, kind: str, *, use_cache: bool = True) -> BuildCache:
        directory = root / CACHE_DIR / BUILD_CACHE if use_cache else None
        return cls(directory, f".{kind}")

    def read(self, key: str) -> bytes | None:
        if self.directory is None:
            return None
        try:
            data = zlib.decompress((self.directory / (key + self.suffix)).read_bytes())
        except (OSError, zlib.error):
            return None  # absent, or a torn or hand-edited entry: made again
        self.used.add(key)
        return data

    def write(self, key: str, data: bytes) -> None:
        if self.directory is None:
            return
        target = self.directory / (key + self.suffix)
        # Renamed into place but not synced: an entry lost in a crash costs one render, and a
        # torn one fails to decompress and is made again. Level 1: pages shrink about 5×.
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        self.directory.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(zlib.compress(data, 1))
        os.replace(partial, target)
        self.used.add(key)

    def prune(self) -> None:
        if self.directory is None or not self.directory.is_dir():
            return
        for entry in self.directory.glob("*" + self.suffix):
            if entry.name.removesuffix(self.suffix) not in self.used:
                with contextlib.suppress(OSError):
                    entry.unlink()
