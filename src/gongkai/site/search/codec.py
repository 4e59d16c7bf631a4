"""The byte-level format of the search index, shared by the writer and the reader.

Layout of an index directory (every `.bin` file is gzip; the browser inflates it with
`DecompressionStream`, so no server configuration is needed):

- `manifest.json` — `{"format", "version", "bits", "docs", "chars", "years", "types",
  "issuers"}`: what a cold query needs before anything else. `version` is a content hash
  the client adds to every URL so that a rebuilt site never mixes old and new files from a
  cache; `chars` is the documents' length in all, for BM25's average length.
- `lengths.bin` — each document's length (characters of its title and text), as varints in
  document id order.
- `s/<n>.bin` — shard `n` of `2**bits`, holding every term whose FNV-1a hash is `n` modulo
  the shard count, in the order of their UTF-8 bytes. Per term: its UTF-8 bytes
  (length-prefixed), document frequency, the term's weight (idf × 1000, rounded, at least
  1), then either 0, the postings' length in bytes and the postings, or `k` when the
  postings are in `p/<n>-<k>.bin`, the shard's k-th such file (for common terms, so that a
  query for a rare term does not download a common term that happens to share its shard).
- postings — the document ids as ascending deltas, then the term's frequency in each
  document, all varints. A document's score is the sum over the query's terms of weight ×
  impact, the impact being the BM25 term-frequency component for that frequency and the
  document's length, quantised to 1–255 (`index.impact`): integers only, so Python and
  JavaScript rank identically. Frequencies rather than impacts, so that an edited document
  changes the postings of only the terms it gained, lost or repeats differently, not every
  impact of every document through the average length.
- `d/<id>.bin` — one JSON object per document: url, title, issuer, year, type name,
  published date and plain text; fetched only for documents being verified or shown.
- `filters.bin` — JSON with the document ids of each year, type and issuer; fetched only
  when a filter is used or the issuer list is opened.
"""

from __future__ import annotations

import gzip

FORMAT = 2
MANIFEST = "manifest.json"
FILTERS = "filters.bin"
LENGTHS = "lengths.bin"


def shard_path(shard: int) -> str:
    return f"s/{shard}.bin"


def postings_path(shard: int, number: int) -> str:
    return f"p/{shard}-{number}.bin"


def doc_path(doc_id: int) -> str:
    return f"d/{doc_id}.bin"


def fnv1a(term: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: trivial to reproduce exactly in JavaScript."""
    h = 0x811C9DC5
    for byte in term.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(term: str, bits: int) -> int:
    return fnv1a(term) & ((1 << bits) - 1)


def put_varint(out: bytearray, value: int) -> None:
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def varints(values: list[int]) -> bytes:
    # Nearly all deltas of a common term are below 128: then the bytes are the values.
    if not values or max(values) < 0x80:
        return bytes(values)
    out = bytearray()
    for value in values:
        put_varint(out, value)
    return bytes(out)


def get_varint(data: bytes, pos: int) -> tuple[int, int]:
    """The varint at `pos` and the position after it."""
    value = data[pos]
    if value < 0x80:  # the usual case, and the reader's hot path
        return value, pos + 1
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def get_varints(data: bytes, pos: int, count: int) -> tuple[list[int], int]:
    """`count` varints from `pos`, and the position after them."""
    end = pos + count
    if data[pos:end].isascii():  # every one a single byte: nearly always
        return list(data[pos:end]), end
    values = []
    for _ in range(count):
        value, pos = get_varint(data, pos)
        values.append(value)
    return values, pos


def pack(data: bytes) -> bytes:
    # mtime=0: identical input gives identical files, so rebuilds and the version are stable.
    return gzip.compress(data, compresslevel=6, mtime=0)


def unpack(data: bytes) -> bytes:
    # A server that labels .bin files Content-Encoding: gzip hands the browser (and a test
    # through it) already-inflated bytes; accept both.
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
