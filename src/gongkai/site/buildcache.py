"""What one site build keeps for the next, under `.gongkai-cache/build/`: one compressed file
per entry, named by its key (a hash of everything the entry depends on), so a changed input
finds no entry. Entries a build did not use are dropped at its end: the cache holds
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
    directory: Path
    suffix: str
    used: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, root: Path, mode: str, kind: str) -> BuildCache:
        """`mode`: the published build and the preview (`mkdocs serve`) each keep their own,
        so that one does not drop the other's entries."""
        return cls(root / CACHE_DIR / BUILD_CACHE / mode, f".{kind}")

    def read(self, key: str) -> bytes | None:
        try:
            data = zlib.decompress((self.directory / (key + self.suffix)).read_bytes())
        except (OSError, zlib.error):
            return None  # absent, or a torn or hand-edited entry: made again
        self.used.add(key)
        return data

    def write(self, key: str, data: bytes) -> None:
        target = self.directory / (key + self.suffix)
        # Renamed into place but not synced: an entry lost in a crash costs one render, and a
        # torn one fails to decompress and is made again. Level 1: pages shrink about 5×.
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        self.directory.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(zlib.compress(data, 1))
        os.replace(partial, target)
        self.used.add(key)

    def prune(self) -> None:
        if not self.directory.is_dir():
            return
        for entry in self.directory.glob("*" + self.suffix):
            if entry.name.removesuffix(self.suffix) not in self.used:
                with contextlib.suppress(OSError):
                    entry.unlink()
