"""Building the search index: documents in, a directory of small static files out.

The format is described in `codec`. Counting each document's terms is most of the work
(see scripts/bench_search.py), so a large site is counted in several processes, and each
document's counts can be kept (`Cache`) so that a rebuild counts only the documents that
changed; the rest is mostly C-level loops over what the counting produced. Postings hold
term frequencies, not length-normalised impacts, so a rebuild after a few edits patches the
last build's index (`Previous`): the shards of the terms whose frequencies changed, the
changed documents and the small files that depend on every document.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import struct
import sys
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import accumulate
from operator import attrgetter, sub
from pathlib import Path
from typing import Any, Protocol

from gongkai.site.publish import content_hash
from gongkai.site.search import codec
from gongkai.site.search.text import document_terms, strip_invisible
from gongkai.workers import process_pool

# Sized so that a cold query for a handful of terms stays far below 0.5 MB (see
# scripts/bench_search.py): shards of about this many raw bytes, and any term whose
# postings exceed the second number lives in its own file instead of in its shard.
SHARD_BYTES = 2_048
EXTERNAL_BYTES = 512
_MAX_BITS = 14
# Documents per worker process below which starting one costs more than it saves.
PARALLEL_DOCS = 1_000
_MAX_WORKERS = 8
# A rebuild patches the last build's index when at most this many documents changed, or
# one in this many: beyond, merging all documents costs as much (at 2,000 reports, 500
# documents rewritten were patched in 1.6 s CPU and merged in 2.5 s, 1,000 in 2.2 s both).
PATCH_DOCS = 8
PATCH_SHARE = 4
# A packed posting (`_index_part`): the document id above the count's 32 bits.
_ID_SHIFT = 32
# A counted document's head (`_count`): the lengths of its parts.
_HEAD = struct.Struct(">III")
_COUNT_BYTES = array("I").itemsize


@dataclass(frozen=True)
class SearchDoc:
    """One page of the site as search sees it."""

    url: str  # site-relative, e.g. "2024/fazhi/示例县人民政府/"
    title: str
    issuer: str
    issuer_level: str
    year: int
    type: str
    type_name: str  # the report type's Chinese name
    published: str  # ISO date, or "" when unknown
    text: str  # plain body text


_FIELDS = attrgetter(*(field.name for field in fields(SearchDoc)))


@dataclass(frozen=True)
class IndexStats:
    """What `write_index` wrote."""

    docs: int
    terms: int
    shards: int
    files: int
    bytes: int
    # Documents the last build's index was patched for (`Previous`); None: made whole.
    patched: int | None = None


class Cache(Protocol):
    """Where counted documents are kept from one build for the next
    (`gongkai.site.buildcache.BuildCache`); `read` answers None for an absent or damaged entry."""

    def read(self, key: str) -> bytes | None: ...

    def write(self, key: str, data: bytes) -> None: ...

    def has(self, key: str) -> bool:
        """Whether there is an entry under `key`, which is kept for the next build too."""
        ...


@dataclass(frozen=True)
class Previous:
    """The index the last build published, which a rebuild after a few edits patches
    (`write_index`). Never trusted: every file read from it must have the hash recorded."""

    path: Path  # its directory, not the one being written
    # (path in the index, content hash): True when the caller holds that file already and
    # counts it as written; False, and it is copied from `path`.
    keeps: Callable[[str, str], bool]


class _Stale(Exception):
    """The last build's index is not what its record says: the index is made whole."""


class _Writer:
    """Writes files under the index directory, recording each one's hash and size."""

    def __init__(
        self,
        out_dir: Path,
        unchanged: Callable[[str, bytes], bool] | None,
        previous: Previous | None = None,
        recorded: dict[str, list[Any]] | None = None,
        put: Callable[[str, bytes], None] | None = None,
    ) -> None:
        self.out_dir = out_dir
        # Joined as strings: a Path per file cost more than some shards' bytes.
        self.base = os.path.join(out_dir, "")
        self.put = put or _write_file
        self.unchanged = unchanged
        self.previous = previous
        self.recorded = recorded or {}  # the last build's files: path → [hash, size]
        self.files: dict[str, list[Any]] = {}

    def write(self, rel: str, data: bytes) -> None:
        if self.unchanged is None or not self.unchanged(rel, data):
            self.put(self.base + rel, data)
        self.files[rel] = [content_hash(data), len(data)]

    def keep(self, rel: str, old: str) -> None:
        """The last build's file `old`, unchanged, at `rel`."""
        assert self.previous is not None
        digest, size = self._recorded(old)
        if self.previous.keeps(rel, digest):
            self.files[rel] = [digest, size]
        else:
            self.write(rel, self.read(old))

    def read(self, old: str) -> bytes:
        """The last build's file `old`, if it is what was recorded."""
        assert self.previous is not None
        digest, _ = self._recorded(old)
        try:
            data = (self.previous.path / old).read_bytes()
        except OSError as exc:
            raise _Stale(old) from exc
        if content_hash(data) != digest:
            raise _Stale(old)
        return data

    def _recorded(self, old: str) -> tuple[str, int]:
        match self.recorded.get(old):
            case [str(digest), int(size)]:
                return digest, size
        raise _Stale(old)

    def version(self) -> str:
        # Every file's hash, in path order: the same however the index was made.
        listing = "".join(f"{rel}\0{self.files[rel][0]}\n" for rel in sorted(self.files))
        return hashlib.sha256(listing.encode("utf-8")).hexdigest()[:12]


def _write_file(path: str, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)


@dataclass
class _State:
    """What the last build recorded of its index (build cache, beside the counted
    documents): each document's key in id order, the shard bits, the inline postings'
    bytes, the number of terms, and every file's hash and size."""

    keys: list[str]
    bits: int
    inline: int
    terms: int
    files: dict[str, list[Any]]


def write_index(
    docs: Iterable[SearchDoc],
    out_dir: Path,
    cache: Cache | None = None,
    stamp: str = "",
    unchanged: Callable[[str, bytes], bool] | None = None,
    previous: Previous | None = None,
    put: Callable[[str, bytes], None] | None = None,
) -> IndexStats:
    """Write the search index for `docs` into `out_dir`, replacing any earlier index there.

    `cache` keeps each document's counted terms and fragment under a key made of `stamp`
    (the code's fingerprint) and the document, so that a rebuild counts only the documents
    that changed. `unchanged(path, data)` is asked before each file is written: True when
    the caller holds those bytes at that path already, and the file is then not written.
    With `cache` and `previous` (the last build's index, elsewhere), a few changed documents
    patch the postings of the terms they changed instead of every document being merged
    again: the files are those a build from scratch writes, byte for byte. `put(path,
    data)` writes each file (at once, unless told otherwise): the caller may write them in
    the background, and must then wait for them before it uses the index."""
    ordered = sorted(docs, key=lambda d: d.url)
    urls = [d.url for d in ordered]
    if len(set(urls)) != len(urls):
        raise ValueError("two search documents have the same URL")
    for name in ("s", "p", "d"):
        shutil.rmtree(out_dir / name, ignore_errors=True)
        (out_dir / name).mkdir(parents=True)
    keys = [_key(stamp, doc) for doc in ordered] if cache is not None else []
    state = _load_state(cache, stamp) if cache is not None and previous is not None else None
    if cache is not None and state is not None and len(state.keys) == len(keys):
        changed = [
            i for i, (old, new) in enumerate(zip(state.keys, keys, strict=True)) if old != new
        ]
        if len(changed) <= max(PATCH_DOCS, len(keys) // PATCH_SHARE):
            out = _Writer(out_dir, unchanged, previous, state.files, put)
            try:
                patched = _patch(out, state, ordered, keys, changed, cache)
            except _Stale:
                pass
            else:
                return _finish(out, ordered, cache, stamp, patched, len(changed))
    out = _Writer(out_dir, unchanged, put=put)
    cached: list[bytes | None] = [None] * len(ordered)
    if cache is not None:
        cached = [cache.read(key) for key in keys]
    postings: dict[str, array[int]] = {}
    # One part at a time, as the workers finish: each is dropped once merged.
    for part in _index_parts(ordered, cached):
        for doc_id, entry in part.counted.items():
            if cache is not None:
                cache.write(keys[doc_id], entry)
        for doc_id, fragment in enumerate(part.fragments, part.start):
            out.write(codec.doc_path(doc_id), fragment)
        for term, ids in part.postings.items():
            known = postings.setdefault(term, ids)
            if known is not ids:
                known.extend(ids)  # parts come in id order, so postings stay sorted
    terms = len(postings)
    bits, inline = _write_postings(out, postings, len(ordered))
    return _finish(out, ordered, cache, stamp, _State(keys, bits, inline, terms, {}), None)


def _finish(
    out: _Writer,
    docs: list[SearchDoc],
    cache: Cache | None,
    stamp: str,
    state: _State,
    patched: int | None,
) -> IndexStats:
    """The files that depend on every document, and the record for the next build."""
    out.write(codec.LENGTHS, codec.pack(codec.varints(list(map(_length, docs)))))
    out.write(codec.FILTERS, codec.pack(_json(_filters(docs))))
    manifest = _manifest(docs, state.bits, out.version())
    out.write(codec.MANIFEST, _json(manifest))
    if cache is not None:
        state.files = out.files
        cache.write(_state_key(stamp), _json(vars(state)))  # asdict copies every list
    size = sum(size for _, size in out.files.values())
    return IndexStats(len(docs), state.terms, 1 << state.bits, len(out.files), size, patched)


def _state_key(stamp: str) -> str:
    return hashlib.blake2b(f"{stamp}\0index".encode(), digest_size=16).hexdigest()


def _load_state(cache: Cache, stamp: str) -> _State | None:
    data = cache.read(_state_key(stamp))
    try:
        state = _State(**json.loads(data or b""))
    except (ValueError, TypeError):  # absent, or not a record
        return None
    whole = (
        isinstance(state.keys, list)
        and all(isinstance(key, str) for key in state.keys)
        and isinstance(state.files, dict)
        and all(isinstance(v, int) and v >= 0 for v in (state.bits, state.inline, state.terms))
        and state.bits == _bits(state.inline)
    )
    return state if whole else None


@dataclass
class _Entry:
    """A term of a shard: its postings (`_encode`), or None when they are unchanged in the
    last build's file `old`."""

    word: bytes  # UTF-8
    df: int
    weight: int
    postings: bytes | None
    old: str = ""


def _patch(
    out: _Writer,
    state: _State,
    docs: list[SearchDoc],
    keys: list[str],
    changed: list[int],
    cache: Cache,
) -> _State:
    """The last build's index with the documents numbered `changed` replaced: only the
    shards of the terms whose frequency in them changed are made again. Raises _Stale
    when the last build's files or counted documents are not what was recorded, or the
    shard count changes; nothing is written before the shards to change were read and the
    shard count is known to stay."""
    frequencies: defaultdict[str, dict[int, int]] = defaultdict(dict)
    fragments: dict[int, bytes] = {}
    unchanged = set(keys).intersection(state.keys)
    if not all(map(cache.has, unchanged)):  # kept unread: the next build patches from them
        raise _Stale("an unchanged document was not counted")
    for doc_id in changed:
        try:
            _, old_terms, old_counts = _decode(cache.read(state.keys[doc_id]))
        except ValueError as exc:
            raise _Stale(state.keys[doc_id]) from exc
        try:
            fragment, new_terms, new_counts = _decode(cache.read(keys[doc_id]))
        except ValueError:
            counted = _count(docs[doc_id])
            cache.write(keys[doc_id], counted)
            fragment, new_terms, new_counts = _decode(counted)
        fragments[doc_id] = fragment
        before = dict(zip(old_terms, old_counts, strict=True))
        after = dict(zip(new_terms, new_counts, strict=True))
        for term in before.keys() | after.keys():
            tf = after.get(term, 0)
            if before.get(term, 0) != tf:
                frequencies[term][doc_id] = tf
    by_shard: defaultdict[int, dict[bytes, dict[int, int]]] = defaultdict(dict)
    for term, change in frequencies.items():
        by_shard[codec.shard_of(term, state.bits)][term.encode("utf-8")] = change
    shards: dict[int, list[_Entry]] = {}
    inline, terms = state.inline, state.terms
    for shard, changes in sorted(by_shard.items()):
        parsed = _parse_shard(out, shard)
        for word, change in changes.items():
            entry = parsed.get(word)
            postings = b""
            if entry is not None and entry.postings is not None:
                postings = entry.postings
                inline -= len(postings)
            elif entry is not None:
                postings = codec.unpack(out.read(entry.old))
            ids, tfs = _postings(postings, entry.df if entry else 0)
            merged = dict(zip(ids, tfs, strict=True))
            merged.update(change)
            kept = sorted(doc_id for doc_id, tf in merged.items() if tf)
            terms += (len(kept) > 0) - (entry is not None)
            if not kept:
                parsed.pop(word, None)
                continue
            data = _encode_lists(kept, [merged[doc_id] for doc_id in kept])
            if len(data) <= EXTERNAL_BYTES:
                inline += len(data)
            parsed[word] = _Entry(word, len(kept), _weight(len(kept), len(docs)), data)
        shards[shard] = list(parsed.values())
    if _bits(inline) != state.bits:
        raise _Stale("bits")  # every term moves to another shard
    for doc_id in range(len(docs)):
        path = codec.doc_path(doc_id)
        if doc_id in fragments:
            out.write(path, fragments[doc_id])
        else:
            out.keep(path, path)
    for shard in range(1 << state.bits):
        if shard in shards:
            _write_shard(out, shard, shards[shard])
        else:
            for path in (codec.shard_path(shard), *_external_paths(state, shard)):
                out.keep(path, path)
    return _State(keys, state.bits, inline, terms, {})


def _external_paths(state: _State, shard: int) -> Iterator[str]:
    number = 1
    while (path := codec.postings_path(shard, number)) in state.files:
        yield path
        number += 1


def _parse_shard(out: _Writer, shard: int) -> dict[bytes, _Entry]:
    """The terms of the last build's shard, in order; an external term's postings are left
    in their file, named by the entry."""
    data = codec.unpack(out.read(codec.shard_path(shard)))
    entries: dict[bytes, _Entry] = {}
    count, pos = codec.get_varint(data, 0)
    for _ in range(count):
        size, pos = codec.get_varint(data, pos)
        word = data[pos : pos + size]
        df, pos = codec.get_varint(data, pos + size)
        weight, pos = codec.get_varint(data, pos)
        external, pos = codec.get_varint(data, pos)
        if external:
            old = codec.postings_path(shard, external)
            entries[word] = _Entry(word, df, weight, None, old)
            continue
        length, pos = codec.get_varint(data, pos)
        entries[word] = _Entry(word, df, weight, data[pos : pos + length])
        pos += length
    return entries


@dataclass(frozen=True)
class _Part:
    """What indexing a run of documents produced: their fragments, the entries (`_count`) of
    those counted now (not in the cache, or damaged there) by document id, and postings."""

    start: int
    fragments: list[bytes]
    counted: dict[int, bytes]
    postings: dict[str, array[int]]


def _index_parts(docs: list[SearchDoc], cached: list[bytes | None]) -> Iterator[_Part]:
    """Counting terms is most of a cold build, and each document is counted alone: many
    documents to count are split into runs of consecutive ids, one per worker process, as
    the checker does; a few are counted here, where the cached ones are merged anyway."""
    workers = min(os.cpu_count() or 1, _MAX_WORKERS, cached.count(None) // PARALLEL_DOCS)
    if workers < 2:
        yield _index_part(0, docs, cached)
        return
    # A worker holds a run's postings until it sends them, so runs are at most
    # PARALLEL_DOCS long: two runs of 5,000 were the peak memory of a cold build of 10,000.
    size = min(-(-len(docs) // workers), PARALLEL_DOCS)
    starts = range(0, len(docs), size)
    runs = [docs[start : start + size] for start in starts]
    entries = [cached[start : start + size] for start in starts]
    with process_pool(workers) as pool:
        yield from pool.map(_index_part, starts, runs, entries)


def _index_part(start: int, docs: list[SearchDoc], cached: list[bytes | None]) -> _Part:
    """The documents numbered from `start`, each from its cached entry or counted now."""
    # One 64-bit int per posting, doc id << 32 | frequency: no int objects, one append.
    postings: defaultdict[str, array[int]] = defaultdict(lambda: array("q"))
    fragments: list[bytes] = []
    counted: dict[int, bytes] = {}
    for doc_id, (doc, entry) in enumerate(zip(docs, cached, strict=True), start):
        try:
            fragment, terms, counts = _decode(entry)
        except ValueError:  # not cached, or damaged there
            entry = counted[doc_id] = _count(doc)
            fragment, terms, counts = _decode(entry)
        fragments.append(fragment)
        # postings[term].append(doc_id << 32 | count) for every term, looped in C
        # (itertools' consume recipe): this loop runs once per posting and dominated the
        # build in Python.
        values = map((doc_id << _ID_SHIFT).__add__, counts)
        deque(map(array.append, map(postings.__getitem__, terms), values), maxlen=0)
    # A plain dict: a defaultdict with a lambda cannot go back from a worker process.
    return _Part(start, fragments, counted, dict(postings))


def counted(stamp: str, doc: SearchDoc) -> tuple[str, bytes]:
    """The key and the entry `write_index` keeps in its cache for `doc` under `stamp`.
    Written to that cache by whoever made the document's text (the site's page workers),
    the document is not counted again by the index."""
    return _key(stamp, doc), _count(doc)


def _key(stamp: str, doc: SearchDoc) -> str:
    # Each field after its length: unambiguous without repr's escaping, which cost more
    # than the hashing.
    text = "".join(f"{len(value)}:{value}" for value in map(str, (stamp, *_FIELDS(doc))))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _count(doc: SearchDoc) -> bytes:
    """What indexing `doc` needs that does not depend on the other documents: its packed
    fragment and its terms' counts. Laid out for C-level decoding: the fragment's length,
    the number of terms and their length in bytes (4 bytes each, big-endian), the fragment,
    the counts (4-byte native ints), then the terms in UTF-8 joined by NUL, which no term
    contains."""
    fragment = codec.pack(_json(_fragment(doc)))
    terms = document_terms(f"{doc.title}\n{doc.text}")
    words = "\0".join(terms).encode("utf-8")
    counts = array("I", terms.values()).tobytes()
    return _HEAD.pack(len(fragment), len(terms), len(words)) + fragment + counts + words


def _decode(entry: bytes | None) -> tuple[bytes, list[str], array[int]]:
    """The fragment, terms and counts of an entry made by `_count`; ValueError if damaged."""
    if entry is None or len(entry) < _HEAD.size:
        raise ValueError("no entry")
    size, number, words = _HEAD.unpack_from(entry)
    counts_at = _HEAD.size + size
    terms_at = counts_at + number * _COUNT_BYTES
    if terms_at + words != len(entry):
        raise ValueError("a damaged entry")
    counts = array("I")
    counts.frombytes(entry[counts_at:terms_at])
    terms = entry[terms_at:].decode("utf-8").split("\0") if number else []
    if len(terms) != number:
        raise ValueError("a damaged entry")
    return entry[_HEAD.size : counts_at], terms, counts


def _length(doc: SearchDoc) -> int:
    # In characters, not terms: known before counting, so each document's counts can be
    # inverted and dropped at once instead of all being held to learn the average length.
    return len(doc.title) + 1 + len(doc.text)


def _weight(df: int, n: int) -> int:
    return max(1, round(1000 * math.log(1 + (n - df + 0.5) / (df + 0.5))))


def _bits(inline: int) -> int:
    return min(_MAX_BITS, max(0, math.ceil(math.log2(max(1, inline) / SHARD_BYTES))))


def _encode(packed: array[int]) -> bytes:
    # The packed postings' 32-bit halves, without a loop per posting (which dominated this
    # step): in native order, one half of each is the document id, the other the count.
    halves = array("I", packed.tobytes())
    low, high = (0, 1) if sys.byteorder == "little" else (1, 0)
    return _encode_lists(halves[high::2], halves[low::2])


def _encode_lists(doc_ids: Sequence[int], counts: Sequence[int]) -> bytes:
    """Postings: ascending document ids as delta varints, then their counts as varints."""
    head = bytearray()
    codec.put_varint(head, doc_ids[0])
    try:
        gaps = bytes(map(sub, doc_ids[1:], doc_ids))
    except ValueError:  # a gap of 256 or more
        gaps = b"\x80"
    if not gaps.isascii():  # some gap needs more than one varint byte
        gaps = codec.varints(list(map(sub, doc_ids[1:], doc_ids)))
    try:
        frequencies = bytes(iter(counts))  # an array's values, not its buffer
    except ValueError:  # a count of 256 or more
        frequencies = b"\x80"
    if not frequencies.isascii():
        frequencies = codec.varints(list(counts))
    return bytes(head) + gaps + frequencies


def _postings(data: bytes, df: int) -> tuple[list[int], list[int]]:
    """The document ids and counts of postings made by `_encode_lists`."""
    gaps, pos = codec.get_varints(data, 0, df)
    return list(accumulate(gaps)), codec.get_varints(data, pos, df)[0]


def _write_postings(out: _Writer, postings: dict[str, array[int]], n: int) -> tuple[int, int]:
    """Write the shards and external postings files; the shard bits and the inline postings'
    bytes. `postings` is emptied on the way, as each term's packed array is 4 times the
    size of its encoding (peak memory of a cold build at 10,000 reports)."""
    encoded: dict[str, bytes] = {}
    frequencies: dict[str, int] = {}  # documents per term
    while postings:
        term, packed = postings.popitem()
        encoded[term], frequencies[term] = _encode(packed), len(packed)
    inline = sum(len(p) for p in encoded.values() if len(p) <= EXTERNAL_BYTES)
    bits = _bits(inline)
    shards: list[list[_Entry]] = [[] for _ in range(1 << bits)]
    for term, data in encoded.items():
        df = frequencies[term]
        entry = _Entry(term.encode("utf-8"), df, _weight(df, n), data)
        shards[codec.shard_of(term, bits)].append(entry)
    for shard, entries in enumerate(shards):
        _write_shard(out, shard, entries)
    return bits, inline


def _write_shard(out: _Writer, shard: int, entries: list[_Entry]) -> None:
    """A shard and its external postings files, the terms in the order of their bytes."""
    entries.sort(key=attrgetter("word"))
    body = bytearray()
    codec.put_varint(body, len(entries))
    external = 0
    for entry in entries:
        codec.put_varint(body, len(entry.word))
        body += entry.word
        codec.put_varint(body, entry.df)
        codec.put_varint(body, entry.weight)
        if entry.postings is not None and len(entry.postings) <= EXTERNAL_BYTES:
            codec.put_varint(body, 0)
            codec.put_varint(body, len(entry.postings))
            body += entry.postings
            continue
        external += 1
        codec.put_varint(body, external)
        path = codec.postings_path(shard, external)
        if entry.postings is None:
            out.keep(path, entry.old)
        else:
            out.write(path, codec.pack(entry.postings))
    out.write(codec.shard_path(shard), codec.pack(bytes(body)))


def _fragment(doc: SearchDoc) -> dict[str, Any]:
    return {
        "url": doc.url,
        "title": strip_invisible(doc.title),
        "issuer": strip_invisible(doc.issuer),
        "year": doc.year,
        "type": doc.type,
        "typeName": doc.type_name,
        "published": doc.published,
        "text": strip_invisible(doc.text),
    }


def _deltas(doc_ids: list[int]) -> list[int]:
    return [doc_ids[0], *map(sub, doc_ids[1:], doc_ids)]


def _filters(docs: list[SearchDoc]) -> dict[str, Any]:
    years: defaultdict[str, list[int]] = defaultdict(list)
    types: defaultdict[str, list[int]] = defaultdict(list)
    issuers: defaultdict[str, list[int]] = defaultdict(list)
    for doc_id, doc in enumerate(docs):
        years[str(doc.year)].append(doc_id)
        types[doc.type].append(doc_id)
        issuers[strip_invisible(doc.issuer)].append(doc_id)
    return {
        "years": {k: _deltas(v) for k, v in sorted(years.items())},
        "types": {k: _deltas(v) for k, v in sorted(types.items())},
        "issuers": [[k, _deltas(v)] for k, v in sorted(issuers.items())],
    }


def _manifest(docs: list[SearchDoc], bits: int, version: str) -> dict[str, Any]:
    years: defaultdict[int, int] = defaultdict(int)
    types: dict[str, list[Any]] = {}
    for doc in docs:
        years[doc.year] += 1
        types.setdefault(doc.type, [doc.type, doc.type_name, 0])[2] += 1
    return {
        "format": codec.FORMAT,
        "version": version,
        "bits": bits,
        "docs": len(docs),
        "chars": sum(map(_length, docs)),
        "years": [[year, count] for year, count in sorted(years.items(), reverse=True)],
        "types": sorted(types.values()),
        "issuers": len({d.issuer for d in docs}),
    }


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
