"""Building the search index: documents in, a directory of small static files out.

The format is described in `codec`. Counting each document's terms is most of the work
(see scripts/bench_search.py), so a large site is counted in several processes, and each
document's counts can be kept (`Cache`) so that a rebuild counts only the documents that
changed; the rest is mostly C-level loops over what the counting produced.
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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from operator import sub
from pathlib import Path
from typing import Any, Protocol

from gongkai.site.search import codec
from gongkai.site.search.text import document_terms, strip_invisible
from gongkai.workers import process_pool

# BM25's usual constants: k1 bounds how much repetition counts, b how much length does.
K1 = 1.2
B = 0.75
# Sized so that a cold query for a handful of terms stays far below 0.5 MB (see
# scripts/bench_search.py): shards of about this many raw bytes, and any term whose
# postings exceed the second number lives in its own file instead of in its shard.
SHARD_BYTES = 2_048
EXTERNAL_BYTES = 512
_MAX_BITS = 14
# Documents per worker process below which starting one costs more than it saves.
PARALLEL_DOCS = 1_000
_MAX_WORKERS = 8
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


@dataclass(frozen=True)
class IndexStats:
    """What `write_index` wrote."""

    docs: int
    terms: int
    shards: int
    files: int
    bytes: int


class Cache(Protocol):
    """Where counted documents are kept from one build for the next
    (`gongkai.site.buildcache.BuildCache`); `read` answers None for an absent or damaged entry."""

    def read(self, key: str) -> bytes | None: ...

    def write(self, key: str, data: bytes) -> None: ...


class _Writer:
    """Writes files under the index directory, counting them and hashing each one."""

    def __init__(self, out_dir: Path, unchanged: Callable[[str, bytes], bool] | None) -> None:
        self.out_dir = out_dir
        self.unchanged = unchanged
        self.files = 0
        self.bytes = 0
        self.hashes: list[bytes] = []

    def write(self, rel: str, data: bytes) -> None:
        if self.unchanged is None or not self.unchanged(rel, data):
            (self.out_dir / rel).write_bytes(data)
        self.files += 1
        self.bytes += len(data)
        self.hashes.append(hashlib.sha256(rel.encode() + data).digest())

    def version(self) -> str:
        # Per-file hashes in a fixed order: the same however the work was split.
        return hashlib.sha256(b"".join(self.hashes)).hexdigest()[:12]


def write_index(
    docs: Iterable[SearchDoc],
    out_dir: Path,
    cache: Cache | None = None,
    stamp: str = "",
    unchanged: Callable[[str, bytes], bool] | None = None,
) -> IndexStats:
    """Write the search index for `docs` into `out_dir`, replacing any earlier index there.

    `cache` keeps each document's counted terms and fragment under a key made of `stamp`
    (the code's fingerprint) and the document, so that a rebuild counts only the documents
    that changed. `unchanged(path, data)` is asked before each file is written: True when
    the caller holds those bytes at that path already, and the file is then not written."""
    ordered = sorted(docs, key=lambda d: d.url)
    urls = [d.url for d in ordered]
    if len(set(urls)) != len(urls):
        raise ValueError("two search documents have the same URL")
    for name in ("s", "p", "d"):
        shutil.rmtree(out_dir / name, ignore_errors=True)
        (out_dir / name).mkdir(parents=True)
    out = _Writer(out_dir, unchanged)
    average = sum(map(_length, ordered)) / len(ordered) if ordered else 1.0
    keys = [_key(stamp, doc) for doc in ordered] if cache is not None else []
    cached: list[bytes | None] = [None] * len(ordered)
    if cache is not None:
        cached = [cache.read(key) for key in keys]
    postings: dict[str, array[int]] = {}
    # One part at a time, as the workers finish: each is dropped once merged.
    for part in _index_parts(ordered, cached, average):
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
    bits = _write_postings(out, postings, len(ordered))
    out.write(codec.FILTERS, codec.pack(_json(_filters(ordered))))
    manifest = _manifest(ordered, bits, out.version())
    out.write(codec.MANIFEST, _json(manifest))
    return IndexStats(len(ordered), terms, 1 << bits, out.files, out.bytes)


@dataclass(frozen=True)
class _Part:
    """What indexing a run of documents produced: their fragments, the entries (`_count`) of
    those counted now (not in the cache, or damaged there) by document id, and postings."""

    start: int
    fragments: list[bytes]
    counted: dict[int, bytes]
    postings: dict[str, array[int]]


def _index_parts(
    docs: list[SearchDoc], cached: list[bytes | None], average: float
) -> Iterator[_Part]:
    """Counting terms is most of a cold build, and each document is counted alone: many
    documents to count are split into runs of consecutive ids, one per worker process, as
    the checker does; a few are counted here, where the cached ones are merged anyway."""
    workers = min(os.cpu_count() or 1, _MAX_WORKERS, cached.count(None) // PARALLEL_DOCS)
    if workers < 2:
        yield _index_part(0, docs, cached, average)
        return
    # A worker holds a run's postings until it sends them, so runs are at most
    # PARALLEL_DOCS long: two runs of 5,000 were the peak memory of a cold build of 10,000.
    size = min(-(-len(docs) // workers), PARALLEL_DOCS)
    starts = range(0, len(docs), size)
    runs = [docs[start : start + size] for start in starts]
    entries = [cached[start : start + size] for start in starts]
    with process_pool(workers) as pool:
        yield from pool.map(_index_part, starts, runs, entries, repeat(average))


def _index_part(
    start: int, docs: list[SearchDoc], cached: list[bytes | None], average: float
) -> _Part:
    """The documents numbered from `start`, each from its cached entry or counted now."""
    # One 64-bit int per posting, doc id << 8 | impact: no int objects, one append.
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
        norm = K1 * (1 - B + B * _length(doc) / average)
        packed = {tf: (doc_id << 8) + _impact(tf, norm) for tf in set(counts)}
        # postings[term].append(packed[tf]) for every term, looped in C (itertools' consume
        # recipe): this loop runs once per posting and dominated the build in Python.
        values = map(packed.__getitem__, counts)
        deque(map(array.append, map(postings.__getitem__, terms), values), maxlen=0)
    # A plain dict: a defaultdict with a lambda cannot go back from a worker process.
    return _Part(start, fragments, counted, dict(postings))


def _key(stamp: str, doc: SearchDoc) -> str:
    text = f"{stamp}\0{doc!r}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def _count(doc: SearchDoc) -> bytes:
    """What indexing `doc` needs that does not depend on the other documents: its packed
    fragment and its terms' counts (not impacts: those depend on the average length).
    Laid out for C-level decoding: the fragment's length, the number of terms and their
    length in bytes (4 bytes each, big-endian), the fragment, the counts (4-byte native
    ints), then the terms in UTF-8 joined by NUL, which no term contains."""
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


def _impact(tf: int, norm: float) -> int:
    return max(1, min(255, round(255 * tf / (tf + norm))))


def _weight(df: int, n: int) -> int:
    return max(1, round(1000 * math.log(1 + (n - df + 0.5) / (df + 0.5))))


def _encode(packed: array[int]) -> bytes:
    # Byte slicing instead of a loop per posting, which dominated this step: in the
    # little-endian bytes of the packed postings every 8th byte is an impact, and the other
    # seven, shifted down one place, are the document ids.
    raw = _little_endian(packed).tobytes()
    shifted = bytearray(raw[1:])
    shifted.append(0)
    shifted[7::8] = bytes(len(packed))
    doc_ids = _native(array("q", shifted))
    head = bytearray()
    codec.put_varint(head, doc_ids[0])
    try:
        gaps = bytes(map(sub, doc_ids[1:], doc_ids))
    except ValueError:  # a gap of 256 or more
        gaps = b"\x80"
    if not gaps.isascii():  # some gap needs more than one varint byte
        gaps = codec.varints(list(map(sub, doc_ids[1:], doc_ids)))
    return bytes(head) + gaps + raw[::8]


def _little_endian(values: array[int]) -> array[int]:
    if sys.byteorder == "little":
        return values
    swapped = array(values.typecode, values)
    swapped.byteswap()
    return swapped


_native = _little_endian  # the same swap, the other way


def _write_postings(out: _Writer, postings: dict[str, array[int]], n: int) -> int:
    """Write the shards and external postings files; `postings` is emptied on the way, as
    each term's packed array is 4 times the size of its encoding (peak memory of a cold
    build at 10,000 reports)."""
    encoded: dict[str, bytes] = {}
    frequencies: dict[str, int] = {}  # documents per term
    while postings:
        term, packed = postings.popitem()
        encoded[term], frequencies[term] = _encode(packed), len(packed)
    inline = sum(len(p) for p in encoded.values() if len(p) <= EXTERNAL_BYTES)
    bits = min(_MAX_BITS, max(0, math.ceil(math.log2(max(1, inline) / SHARD_BYTES))))
    shards: list[bytearray] = [bytearray() for _ in range(1 << bits)]
    sizes = [0] * len(shards)
    external = 0
    for term in sorted(encoded):
        data, df = encoded[term], frequencies[term]
        shard = codec.shard_of(term, bits)
        entry = shards[shard]
        word = term.encode("utf-8")
        codec.put_varint(entry, len(word))
        entry += word
        codec.put_varint(entry, df)
        codec.put_varint(entry, _weight(df, n))
        if len(data) > EXTERNAL_BYTES:
            external += 1
            codec.put_varint(entry, external)
            out.write(codec.postings_path(external), codec.pack(data))
        else:
            codec.put_varint(entry, 0)
            codec.put_varint(entry, len(data))
            entry += data
        sizes[shard] += 1
    for shard, body in enumerate(shards):
        head = bytearray()
        codec.put_varint(head, sizes[shard])
        out.write(codec.shard_path(shard), codec.pack(bytes(head + body)))
    return bits


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
        "years": [[year, count] for year, count in sorted(years.items(), reverse=True)],
        "types": sorted(types.values()),
        "issuers": len({d.issuer for d in docs}),
    }


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
