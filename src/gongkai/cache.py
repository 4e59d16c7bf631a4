"""A content-hash cache of findings, so an unchanged tree is nearly free to re-check.

Entries are keyed by a hash of the file's bytes. The whole cache is keyed by everything
else a finding depends on (tool version, profiles, deadline settings); when any of those
change, the old entries are simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from gongkai import __version__
from gongkai.config import Config
from gongkai.rules.base import Finding

CACHE_DIR = ".gongkai-cache"
_FILE = "check-v1.json"
_MAX_ENTRIES = 200_000


def content_key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def namespace(config: Config) -> str:
    """Everything besides a file's bytes that its findings depend on."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    # The package's own code and profiles: a fixed rule must not be hidden by old entries.
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yml"}:
            digest.update(str(path.relative_to(package)).encode() + path.read_bytes())
    digest.update(json.dumps(config.deadlines, sort_keys=True).encode())
    return digest.hexdigest()


class Cache:
    def __init__(self, root: Path, config: Config) -> None:
        self.path = root / CACHE_DIR / _FILE
        self.namespace = namespace(config)
        self._entries: dict[str, list[Any]] = {}
        self._used: dict[str, list[Any]] = {}
        self._dirty = False
        try:
            stored = json.loads(self.path.read_bytes())
            if stored.get("namespace") == self.namespace:
                self._entries = stored["entries"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass  # a missing or damaged cache is an empty one

    def get(self, key: str) -> list[Finding] | None:
        rows = self._entries.get(key)
        if rows is None:
            return None
        self._used[key] = rows
        try:
            return [Finding.from_json(row) for row in rows]
        except (TypeError, ValueError):
            return None

    def put(self, key: str, findings: list[Finding]) -> None:
        self._used[key] = [finding.to_json() for finding in findings]
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        entries = {**self._entries, **self._used}
        if len(entries) > _MAX_ENTRIES:
            entries = self._used  # forget files this run did not see
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            payload = json.dumps({"namespace": self.namespace, "entries": entries})
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(payload)
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass  # a read-only checkout still checks, just without a cache
