"""The reference implementation of a query, step for step what `static/search.js` does.

Tests use it to pin the ranking down, and the benchmark to learn exactly which files a cold
query downloads. The steps, in the browser's order:

1. the manifest (the page loads it at once, for the filter lists);
2. the shard of every query term, `filters.bin` if a filter is set, and the documents'
   lengths;
3. the separate postings file of every common term;
4. the candidates — documents with every term (and passing the filters) — by score: the
   sum over the terms of the term's weight × its impact in the document (`impact`);
5. documents, best first, in batches of as many as the page still lacks, until the page has
   enough exact matches (every query phrase occurs verbatim), no candidate is left, or
   `VERIFY_PER_HIT` documents per hit wanted have been checked. Exact matches rank first;
   the others checked follow once the checking has stopped for either of the last reasons.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from gongkai.site.search import codec
from gongkai.site.search.text import (
    Snippet,
    contains_phrases,
    normalise,
    query_phrases,
    query_terms,
    snippet,
)

FILTER_KEYS = ("year", "type", "issuer")
# BM25's usual constants: k1 bounds how much repetition counts, b how much length does.
K1 = 1.2
B = 0.75
# Pages with every pair of a phrase nearly always have the phrase, but a query can be built
# so that thousands do not (法治法治法治): this bounds the documents a page may download.
VERIFY_PER_HIT = 5


@dataclass(frozen=True)
class Hit:
    """One result as the results list shows it."""

    url: str
    title: str
    issuer: str
    year: int
    type_name: str
    published: str
    score: int
    exact: bool
    snippet: Snippet


@dataclass(frozen=True)
class Results:
    """A page of hits, how many documents match in all, and the files read to find them."""

    hits: list[Hit]
    total: int
    fetched: list[str]


@dataclass(frozen=True)
class _Term:
    df: int
    weight: int
    external: int
    postings: bytes


@dataclass
class _Reader:
    root: Path
    fetched: list[str] = field(default_factory=list)

    def get(self, rel: str) -> bytes:
        self.fetched.append(rel)
        return (self.root / rel).read_bytes()

    def json(self, rel: str) -> Any:
        return json.loads(codec.unpack(self.get(rel)))


def run(
    index_dir: Path, query: str, filters: Mapping[str, str] | None = None, limit: int = 10
) -> Results:
    """Answer `query` from the index in `index_dir` as the browser would, from a cold cache."""
    reader = _Reader(index_dir)
    ranked = _candidates(reader, query, filters)
    hits = _verify(reader, ranked, query_phrases(query), limit)
    return Results(hits, len(ranked), reader.fetched)


def candidates(
    index_dir: Path, query: str, filters: Mapping[str, str] | None = None
) -> list[tuple[int, int]]:
    """(doc id, score) of every document with all of the query's terms, best first, ties by
    doc id: the ranking before any document is checked for the exact phrase."""
    return _candidates(_Reader(index_dir), query, filters)


def _candidates(
    reader: _Reader, query: str, filters: Mapping[str, str] | None
) -> list[tuple[int, int]]:
    wanted = {k: v.strip() for k, v in (filters or {}).items() if v.strip()}
    unknown = set(wanted) - set(FILTER_KEYS)
    if unknown:
        raise ValueError(f"unknown search filter(s): {', '.join(sorted(unknown))}")
    manifest = reader.json(codec.MANIFEST)
    terms = query_terms(query)
    if not terms:
        return []
    shards = {term: codec.shard_of(term, manifest["bits"]) for term in terms}
    by_shard: dict[int, set[str]] = {}
    for term in terms:
        by_shard.setdefault(shards[term], set()).add(term)
    found: dict[str, _Term] = {}
    for shard, wanted_terms in by_shard.items():
        data = codec.unpack(reader.get(codec.shard_path(shard)))
        found.update(_find_terms(data, wanted_terms))
    allowed = _filter(reader.json(codec.FILTERS), wanted) if wanted else None
    lengths = codec.get_varints(codec.unpack(reader.get(codec.LENGTHS)), 0, manifest["docs"])[0]
    if len(found) < len(terms):
        return []
    entries = [found[t] for t in terms]
    lists = [
        _decode(_postings(reader, shards[t], e), e.df) for t, e in zip(terms, entries, strict=True)
    ]
    average = manifest["chars"] / manifest["docs"]
    return _rank(lists, [e.weight for e in entries], allowed, lengths, average)


def search(
    index_dir: Path, query: str, filters: Mapping[str, str] | None = None, limit: int = 10
) -> list[Hit]:
    """The first `limit` hits for `query`: exact-phrase matches first, by BM25 score."""
    return run(index_dir, query, filters, limit).hits


def cold_files(
    index_dir: Path, query: str, filters: Mapping[str, str] | None = None, limit: int = 10
) -> list[str]:
    """The index files (relative paths) a browser with an empty cache downloads for `query`."""
    return run(index_dir, query, filters, limit).fetched


def cold_bytes(
    index_dir: Path, query: str, filters: Mapping[str, str] | None = None, limit: int = 10
) -> int:
    """How many bytes a browser with an empty cache downloads to show the first results."""
    return sum(
        (index_dir / rel).stat().st_size for rel in cold_files(index_dir, query, filters, limit)
    )


def _find_terms(data: bytes, wanted: set[str]) -> dict[str, _Term]:
    """The entries of the wanted terms in a shard (comparing bytes: most entries are skipped)."""
    keys = {t.encode("utf-8"): t for t in wanted}
    found: dict[str, _Term] = {}
    count, pos = codec.get_varint(data, 0)
    for _ in range(count):
        size, pos = codec.get_varint(data, pos)
        term = keys.get(data[pos : pos + size])
        df, pos = codec.get_varint(data, pos + size)
        weight, pos = codec.get_varint(data, pos)
        external, pos = codec.get_varint(data, pos)
        length = 0
        if not external:
            length, pos = codec.get_varint(data, pos)
        if term is not None:
            found[term] = _Term(df, weight, external, data[pos : pos + length])
        pos += length
    return found


def _postings(reader: _Reader, shard: int, entry: _Term) -> bytes:
    if entry.external:
        return codec.unpack(reader.get(codec.postings_path(shard, entry.external)))
    return entry.postings


def _decode(data: bytes, df: int) -> dict[int, int]:
    """Document id → the term's frequency there."""
    gaps, pos = codec.get_varints(data, 0, df)
    return dict(zip(accumulate(gaps), codec.get_varints(data, pos, df)[0], strict=True))


def length_norm(length: int, average: float) -> float:
    """BM25's denominator besides the frequency, for a document of `length` characters."""
    return K1 * (1 - B + B * length / average)


def impact(tf: int, norm: float) -> int:
    """BM25's term-frequency component quantised to 1–255. Only exactly rounded steps
    (IEEE 754 +, −, ×, ÷ and Python's round, half to even), so that the JavaScript reader,
    doing the same steps, gets the same integer."""
    return max(1, min(255, round(255 * tf / (tf + norm))))


def _ids(deltas: list[int]) -> set[int]:
    ids: set[int] = set()
    doc_id = 0
    for delta in deltas:
        doc_id += delta
        ids.add(doc_id)
    return ids


def _filter(filters: dict[str, Any], wanted: dict[str, str]) -> set[int]:
    allowed: set[int] | None = None
    for key, value in wanted.items():
        if key == "issuer":
            needle = normalise(value)
            ids: set[int] = set()
            for name, deltas in filters["issuers"]:
                if needle in normalise(name):
                    ids |= _ids(deltas)
        else:
            ids = _ids(filters[key + "s"].get(value, []))
        allowed = ids if allowed is None else allowed & ids
    return allowed or set()


def _rank(
    lists: list[dict[int, int]],
    weights: list[int],
    allowed: set[int] | None,
    lengths: list[int],
    average: float,
) -> list[tuple[int, int]]:
    """(doc id, score) of every document in all lists, best first, ties by doc id."""
    shortest = min(lists, key=len)
    scored: list[tuple[int, int]] = []
    for doc_id in shortest:
        if allowed is not None and doc_id not in allowed:
            continue
        if all(doc_id in postings for postings in lists):
            norm = length_norm(lengths[doc_id], average)
            score = sum(w * impact(p[doc_id], norm) for w, p in zip(weights, lists, strict=True))
            scored.append((doc_id, score))
    scored.sort(key=lambda c: (-c[1], c[0]))
    return scored


def _verify(
    reader: _Reader, candidates: list[tuple[int, int]], phrases: list[str], limit: int
) -> list[Hit]:
    exact: list[Hit] = []
    inexact: list[Hit] = []
    budget = min(len(candidates), VERIFY_PER_HIT * limit)
    pos = 0
    while len(exact) < limit and pos < budget:
        batch = candidates[pos : min(budget, pos + limit - len(exact))]
        for doc_id, score in batch:
            doc = reader.json(codec.doc_path(doc_id))
            ok = contains_phrases(normalise(f"{doc['title']}\n{doc['text']}"), phrases)
            (exact if ok else inexact).append(_hit(doc, score, ok, phrases))
        pos += len(batch)
    ranked = exact + inexact if pos >= budget else exact
    return ranked[:limit]


def _hit(doc: dict[str, Any], score: int, exact: bool, phrases: list[str]) -> Hit:
    return Hit(
        url=doc["url"],
        title=doc["title"],
        issuer=doc["issuer"],
        year=doc["year"],
        type_name=doc["typeName"],
        published=doc["published"],
        score=score,
        exact=exact,
        snippet=snippet(doc["text"], phrases),
    )
