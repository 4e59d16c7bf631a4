"""A cache of per-file analyses and of the cross-report step, so that re-checking an
unchanged tree costs about what listing and stat'ing it costs.

Three things are kept, in two files under `.gongkai-cache/`:

- analyses by content key (a hash of the file's bytes): each file's findings, the digests
  cross-report rules made of it and its suppression comments (see FileAnalysis);
- a stat index, path → (size, mtime, ctime, inode, device, content key), so that a file
  whose stat is unchanged is not read again;
- each pure corpus rule's findings, keyed by the list of (path, content key) it ran over
  and the configuration, and the memo it keeps between runs (see rules.base.Memo).

The digests of pure corpus rules are the bulk of it, and are needed only when such a rule
must run again; they live in a second file, read only then.

The whole cache is keyed by everything else a finding depends on (tool version, profiles,
deadline settings, corpus rules turned off); when any of those change, the old entries
are simply not used.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from gongkai import __version__
from gongkai.config import Config
from gongkai.rules import ALL_RULES
from gongkai.rules.base import FileAnalysis, Memo
from gongkai.writes import write_atomically

CACHE_DIR = ".gongkai-cache"
# v3: a stat index and corpus results beside the analyses; pure rules' digests apart.
_FILE = "check-v3.json"
_DIGESTS = "digests-v3.json"
# Touched at the start of every run: the file system's own clock (see Cache.begin).
_CLOCK = "clock"
_MAX_ENTRIES = 200_000

# What the stat index compares: size, mtime_ns, ctime_ns, inode, device.
Stat = tuple[int, int, int, int, int]


def content_key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stat_of(info: os.stat_result) -> Stat:
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev


def code_digest(package: str) -> bytes:
    """A digest of the names and bytes of every .py and .yml file under `package`. Listed
    with os.walk and named by slicing: pathlib's rglob and relative_to took half of the
    4 ms this costs every check's start."""
    digest = hashlib.blake2b(digest_size=16)
    sources = []
    for directory, subdirs, names in os.walk(package):
        subdirs[:] = [name for name in subdirs if name != "__pycache__"]
        sources += [os.path.join(directory, n) for n in names if n.endswith((".py", ".yml"))]
    for path in sorted(sources):
        with open(path, "rb") as source:
            digest.update(path[len(package) + 1 :].encode() + b"\0" + source.read())
    return digest.digest()


def namespace(config: Config) -> str:
    """Everything besides a file's bytes that its findings depend on."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    # The package's own code and profiles: a fixed rule must not be hidden by old entries.
    digest.update(code_digest(os.path.dirname(os.path.abspath(__file__))))
    digest.update(json.dumps(config.deadlines, sort_keys=True).encode())
    digest.update(config.limits.model_dump_json().encode())
    # A corpus rule turned off makes no digests: entries made then cannot serve it later.
    off = [r.id for r in ALL_RULES if r.digest and config.severity_for(r.id, r.name) == "off"]
    digest.update(",".join(off).encode())
    if config.registry is not None:
        digest.update(config.registry.model_dump_json().encode())
    return digest.hexdigest()


_PURE = frozenset(rule.id for rule in ALL_RULES if rule.pure)


def _decode(data: bytes) -> Any:
    """`json.loads`, with the cycle collector paused: decoding tens of thousands of lists
    and dicts, which make no reference cycles, set it off again and again (a full pass
    over every object included), some 40 ms of a re-check of 10,000 reports."""
    if not gc.isenabled():
        return json.loads(data)
    gc.disable()
    try:
        return json.loads(data)
    finally:
        gc.enable()


class Cache:
    def __init__(self, root: Path, config: Config) -> None:
        self.directory = root / CACHE_DIR
        self.path = self.directory / _FILE
        self.namespace = namespace(config)
        # Content key → analysis as JSON data, without the pure rules' digests (which are
        # in `_side`), but with "pure": the ids of the pure rules that made a digest.
        self._entries: dict[str, Any] = {}
        # Path → [root, *Stat, content key].
        self._index: dict[str, list[Any]] = {}
        # Rule id → [token, rows]: a pure rule's findings, `rows` as [path, finding row].
        self._corpus: dict[str, list[Any]] = {}
        # {"digests": {key: {rule id: digest}}, "memo": {rule id: memo}}, read when needed.
        self._side: dict[str, Any] | None = None
        # Names the side file these entries were written with: another one (from a run
        # that stopped between the two writes) is not theirs.
        self._side_token = ""
        self._used: dict[str, Any] = {}
        self._used_index: dict[str, list[Any]] = {}
        self._new_digests: dict[str, dict[str, Any]] = {}
        self._horizon: tuple[int, int] | None = None
        self._dirty = self._side_dirty = False
        self.recalled = 0  # files served by the stat index in this run, unread
        try:
            stored = _decode(self.path.read_bytes())
            if stored.get("namespace") == self.namespace:
                entries, index, corpus = stored["entries"], stored["index"], stored["corpus"]
                if all(isinstance(part, dict) for part in (entries, index, corpus)):
                    self._entries, self._index, self._corpus = entries, index, corpus
                    self._side_token = str(stored["side"])
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            pass  # a missing or damaged cache is an empty one

    def begin(self) -> None:
        """Note the file system's clock before any file is read.

        A file whose mtime and ctime are older than this mark cannot change again without
        its stat changing (a later write sets both at least to a later tick), so only such
        files enter the stat index. One changed within the same tick as its last stat, in
        the same size, is therefore always read again: git's racy-clean rule, with the mark
        taken before the reads rather than at the index write. The mark is a file in the
        cache directory, so that the clock and its granularity are the file system's;
        files on another device are never indexed.
        """
        marker = self.directory / _CLOCK
        try:
            self.directory.mkdir(exist_ok=True)
            marker.touch()  # sets the times of an existing mark to now, too
            info = marker.stat()
        except OSError:
            return  # a read-only checkout: every file is read, as without an index
        self._horizon = (min(info.st_mtime_ns, info.st_ctime_ns), info.st_dev)

    def recall(self, path: str, root: str | None) -> tuple[str, Stat] | None:
        """The content key and stat of a file whose stat is as indexed (so its bytes are
        the ones analysed then), or None: then it must be read."""
        indexed = self._index.get(path)
        if indexed is None:
            return None
        try:
            info = os.lstat(path)
        except OSError:
            return None
        # A symbolic link is never indexed: reading it checks where it leads.
        now = stat_of(info)
        if not stat.S_ISREG(info.st_mode) or indexed[:-1] != [root, *now]:
            return None
        key = indexed[-1]
        if key not in self._entries:
            return None
        self.recalled += 1
        return key, now

    def forget(self) -> None:
        """Start afresh, as if there were no cache (see engine.LostDigests)."""
        self._entries, self._index, self._corpus = {}, {}, {}
        self._used, self._used_index, self._new_digests = {}, {}, {}
        self._side = {"digests": {}, "memo": {}}
        self._dirty = self._side_dirty = True

    def known(self) -> set[str]:
        """The content keys with a stored analysis."""
        return set(self._entries)

    def analysis(self, key: str) -> FileAnalysis | None:
        """The stored analysis (without the pure rules' digests), or None when there is none
        or it is malformed: a hand-edited or truncated cache costs a re-check, never a crash."""
        entry = self._entries.get(key)
        try:
            analysis = FileAnalysis.from_json(entry)
        except (TypeError, ValueError, KeyError):
            self._entries.pop(key, None)
            return None
        return analysis

    def put(
        self,
        path: str,
        root: str | None,
        key: str,
        entry: dict[str, Any] | None,
        info: Stat | None,
    ) -> None:
        """Record a file seen in this run: its analysis (None when served from here) and
        its stat when it was read (None when served by the stat index, which keeps it)."""
        if entry is None:
            self._used[key] = self._entries[key]
        elif key not in self._used:
            digests = dict(entry["digests"])
            pure = {rule: digests.pop(rule) for rule in _PURE if rule in digests}
            self._used[key] = {**entry, "digests": digests, "pure": sorted(pure)}
            self._new_digests[key] = pure
            self._dirty = self._side_dirty = True
        if info is None:
            self._used_index[path] = self._index[path]
        elif self._trusted(info):
            self._used_index[path] = [root, *info, key]
            self._dirty |= self._index.get(path) != self._used_index[path]
        elif self._index.pop(path, None) is not None:
            self._dirty = True  # changed too recently to be trusted: read again next time

    def _trusted(self, info: Stat) -> bool:
        """Whether a stat taken before reading a file can stand for its bytes (see begin)."""
        if self._horizon is None:
            return False
        mark, device = self._horizon
        return info[1] < mark and info[2] < mark and info[4] == device

    def pure_digests(self, key: str) -> dict[str, Any] | None:
        """The pure rules' digests of a stored analysis, or None when they are lost (a
        damaged or foreign side file): then the file must be analysed again."""
        if key in self._new_digests:
            return self._new_digests[key]
        wanted = self._entries.get(key, {}).get("pure")
        if not wanted:
            return {}
        digests = self._load_side()["digests"].get(key)
        if not isinstance(digests, dict) or set(wanted) - set(digests):
            return None
        return digests

    def corpus(self, rule: str, token: str) -> list[Any] | None:
        """A pure rule's findings as [path, finding row] pairs, if it last ran on `token`."""
        stored = self._corpus.get(rule)
        if isinstance(stored, list) and len(stored) == 2 and stored[0] == token:
            rows: list[Any] = stored[1]
            return rows
        return None

    def memo(self, rule: str) -> Memo:
        """What the rule kept from its last run; it may change it in place."""
        memos = self._load_side()["memo"]
        memo: Memo = memos.get(rule) if isinstance(memos.get(rule), dict) else {}
        memos[rule] = memo
        return memo

    def put_corpus(self, rule: str, token: str, rows: list[Any]) -> None:
        """Record a pure rule's findings on `token`; its memo is saved with them."""
        self._corpus[rule] = [token, rows]
        self._dirty = self._side_dirty = True

    def _load_side(self) -> dict[str, Any]:
        if self._side is None:
            side: dict[str, Any] = {"digests": {}, "memo": {}}
            try:
                stored = _decode((self.directory / _DIGESTS).read_bytes())
                digests, memo = stored["digests"], stored["memo"]
                ours = self._side_token and stored["token"] == self._side_token
                if ours and isinstance(digests, dict) and isinstance(memo, dict):
                    side = {"digests": digests, "memo": memo}
            except (OSError, ValueError, KeyError, AttributeError, TypeError):
                pass  # lost digests: pure_digests says so, and the files are read again
            self._side = side
        return self._side

    def save(self) -> None:
        if not self._dirty:
            return
        entries = {**self._entries, **self._used}
        index = {**self._index, **self._used_index}
        if len(entries) > _MAX_ENTRIES or len(index) > _MAX_ENTRIES:
            entries, index = self._used, self._used_index  # forget what this run did not see
        # A read-only checkout still checks, just without a cache.
        with contextlib.suppress(OSError):
            if self._side_dirty:
                side = self._load_side()
                digests = {**side["digests"], **self._new_digests}
                digests = {key: digests[key] for key in entries if key in digests}
                self._side_token = os.urandom(8).hex()
                payload = {"token": self._side_token, "digests": digests, "memo": side["memo"]}
                write_atomically(self.directory / _DIGESTS, json.dumps(payload).encode())
            payload = {
                "namespace": self.namespace,
                "side": self._side_token,
                "entries": entries,
                "index": index,
                "corpus": self._corpus,
            }
            write_atomically(self.path, json.dumps(payload).encode("utf-8"))
