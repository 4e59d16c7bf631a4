"""A content-hash cache of per-file analyses, so an unchanged tree is nearly free to re-check.

Entries are keyed by a hash of the file's bytes; each holds the file's findings, the
digests cross-report rules made of it, and its suppression comments (see FileAnalysis).
The whole cache is keyed by everything else a finding depends on (tool version, profiles,
deadline settings, corpus rules turned off); when any of those change, the old entries
are simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from gongkai import __version__
from gongkai.config import Config
from gongkai.rules import ALL_RULES
from gongkai.rules.base import FileAnalysis
from gongkai.writes import write_atomically

CACHE_DIR = ".gongkai-cache"
# v2: entries are FileAnalysis data (findings, digests, suppressions), not finding rows.
_FILE = "check-v2.json"
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
    digest.update(config.limits.model_dump_json().encode())
    # A corpus rule turned off makes no digests: entries made then cannot serve it later.
    off = [r.id for r in ALL_RULES if r.digest and config.severity_for(r.id, r.name) == "off"]
    digest.update(",".join(off).encode())
    if config.registry is not None:
        digest.update(config.registry.model_dump_json().encode())
    return digest.hexdigest()


def _well_formed(entries: Any) -> bool:
    """Whether every stored entry can become a FileAnalysis: a hand-edited or truncated
    cache must cost a re-check, never a crash."""
    if not isinstance(entries, dict):
        return False
    try:
        for entry in entries.values():
            FileAnalysis.from_json(entry)
    except (TypeError, ValueError, KeyError):
        return False
    return True


class Cache:
    def __init__(self, root: Path, config: Config) -> None:
        self.path = root / CACHE_DIR / _FILE
        self.namespace = namespace(config)
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._dirty = False
        try:
            stored = json.loads(self.path.read_bytes())
            if stored.get("namespace") == self.namespace and _well_formed(stored["entries"]):
                self._entries = stored["entries"]
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            pass  # a missing or damaged cache is an empty one

    def entries(self) -> dict[str, Any]:
        """Stored analyses by content key, as JSON data (see FileAnalysis.to_json)."""
        return self._entries

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Record the analysis of a file seen in this run (made now or served from here)."""
        if key not in self._entries:
            self._dirty = True
        self._used[key] = entry

    def save(self) -> None:
        if not self._dirty:
            return
        entries = {**self._entries, **self._used}
        if len(entries) > _MAX_ENTRIES:
            entries = self._used  # forget files this run did not see
        payload = json.dumps({"namespace": self.namespace, "entries": entries})
        # A read-only checkout still checks, just without a cache.
        with contextlib.suppress(OSError):
            write_atomically(self.path, payload.encode("utf-8"))
