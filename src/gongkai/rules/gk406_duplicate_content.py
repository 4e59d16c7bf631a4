"""## 检查内容

一份报告的大部分内容与另一份报告相同：

- 与同一发布机关上一年度的同类报告大部分相同（只改了年份和数字，是典型的“照抄去年”）；
- 与同一年度其他发布机关的同类报告大部分相同（“内容雷同”）。

比较的是正文文字（不含表格和标点，数字视为相同），提示中会给出相似程度和相同段落所在
的行。多数报告都有的套话（如统计期限的说明、大家共用的模板文字）不算相同内容，相似程度
只按报告自己的文字计算。本检查只比较同一次检查中的报告：检查整个 `reports/` 目录时才能
发现跨报告的雷同。

## 为什么重要

《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告
格式〉的通知》（国办公开办函〔2021〕30号）明确，年度报告“内容雷同、敷衍塞责”并造成
不良后果的，要依法追究责任。媒体也多次报道过年报逐字照抄上一年的情况。

## 如何修改

根据本年度的实际工作重写相同的段落：写明当年新的做法、数据和问题，不要沿用往年或
其他单位的表述。两份报告确实应当相同时（例如同一报告误放了两份），删除多余的一份。
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import chain, combinations, compress, repeat
from operator import not_
from typing import TYPE_CHECKING, Any, NamedTuple

# zlib's CRC-32, computed by ISA-L (folding with carry-less multiplication) at three times
# the speed of the table-driven zlib 1.2: a digest hashes a few hundred short strings.
from isal.isal_zlib import crc32

from gongkai.config import Config
from gongkai.model.report import Report
from gongkai.prose import prose
from gongkai.rules.base import Context, CorpusEntry, Finding, Memo, Severity, corpus_rule
from gongkai.textsim import (
    MIN_SENTENCE,
    TABLE_ROW,
    load_numpy,
    normalise,
    use_table,
)

SHINGLE = 3  # clauses per shingle
BINS = 48  # one-permutation MinHash: one hash, its minimum kept in each of 48 bins
BANDS, ROWS = 16, 3  # LSH: pairs sharing all 3 bins of any of 16 bands are compared
MIN_CHARS = 200  # shorter texts say too little to be called copies
MIN_OWN_CHARS = 100  # nor do reports with less text of their own, the rest boilerplate
# Boilerplate is what more than max(FEW_REPORTS, N/100) of N reports have: more than the
# site's comparison asks (five, for one issuer's two years), so that in a small tree a
# report copied by six others is still found, not taken for a template.
FEW_REPORTS = 10
# A report with fewer shingles of its own (not in many reports) is the format's wording
# with a few names filled in: it says too little of its own to be called a copy.
MIN_OWN_SHINGLES = 4
SIMILAR = 0.5  # share of a report's own text found in the other one
MAX_FINDINGS = 3  # per report: the closest few are enough to act on
# A band bucket this large holds a template many reports follow; each member is then
# compared with its next few neighbours only, which keeps the work linear and still finds
# every copy in it, through one or another of them.
LARGE_BUCKET, NEIGHBOURS = 32, 8
# At most this many comparisons per report: with MAX_FINDINGS shown, a report that meets
# more candidates than this is one of a crowd, whose first few already say so.
MAX_COMPARISONS = 24
# An issuer with at most this many reports in each of two consecutive years has each of
# them compared with each of the other year's (see _candidates).
FEW = 3
# From this many reports on, the signatures are made in a child process (see Aside), and
# from this many comparisons on half of them: the fork and the result's way back cost some
# 20 ms, a few thousand reports' signatures or comparisons more.
ASIDE_FROM = 2000
# Two reports sharing this many sentences found in at most RARE reports are compared:
# chance shares one or two such sentences, a copy most of them.
MIN_SHARED, RARE = 3, 16

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

_EMPTY = -1
_NONE = 1 << 32


def _pack(values: list[int]) -> str:
    """32-bit values as base64 text: a digest is JSON data, and a list of numbers costs
    three times the bytes and ten times the parsing."""
    packed = array("I", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _unpack(text: str) -> array[int]:
    packed = array("I", binascii.a2b_base64(text, strict_mode=True))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed


def _digest(report: Report, ctx: Context) -> dict[str, Any] | None:
    """Shingles are runs of three consecutive clauses of the normalised text, hashed with
    crc32 (fixed, unlike Python's salted hash, so digests agree between runs and processes).
    Clauses rather than character windows: an edit changes three shingles, not sixteen, and
    a report has a few hundred clauses instead of thousands of windows to hash in Python.
    Three, because two-clause runs of set phrases recur in unrelated official reports.
    Sentences are kept with their lines to name the shared passages; shorter ones only
    with their length, to tell the format's wording (a template's headings) from the
    report's own text."""
    if report.source is None:
        return None
    body = prose(report)[report.body_offset :]
    if "|" in body:
        body = TABLE_ROW.sub("", body)
    text = normalise(body)
    chars = len(text) - text.count("\x01") - text.count("\x02") - text.count("\n")
    if chars < MIN_CHARS:
        return None
    sentences: list[int] = []
    short: list[int] = []
    first_line = report.source.position(report.body_offset)[0]
    # A sentence's length and hash leave its clause marks out. Half the lines are the
    # blank ones between paragraphs.
    for number, line in enumerate(text.replace("\x02", "").split("\n"), first_line):
        if not line:
            continue
        for sentence in line.split("\x01"):
            length = len(sentence)
            if length >= MIN_SENTENCE:
                sentences += (crc32(sentence.encode()), number, length)
            elif length:
                short += (crc32(sentence.encode()), length)
    # Every clause encoded once; a shingle joins the bytes of three in a row (all of them,
    # when fewer), in C-level maps rather than a Python loop.
    encoded = text.replace("\x01", "\x02").replace("\n", "\x02").encode()
    clauses = list(filter(None, encoded.split(b"\x02")))
    # The shorter slices end the zip: strict=False is the point.
    runs = (
        zip(*(clauses[i:] for i in range(SHINGLE)), strict=False)
        if len(clauses) >= SHINGLE
        else [clauses]
    )
    # Each once, in no order: the cross-report step counts them and takes their minima.
    shingles = list(set(map(crc32, map(b"\x02".join, runs))))
    packed = {"shingles": _pack(shingles), "sentences": _pack(sentences), "short": _pack(short)}
    return {**packed, "chars": chars}


class _Doc(NamedTuple):
    entry: CorpusEntry
    shingles: array[int]  # each once
    sentences: array[int]  # hash, line, length, hash, line, length …
    short: array[int]  # hash, length, … of the sentences too short to be compared
    chars: int

    def triples(self) -> Iterator[tuple[int, int, int]]:
        flat = self.sentences
        return zip(flat[0::3], flat[1::3], flat[2::3], strict=True)


def _doc(entry: CorpusEntry) -> _Doc | None:
    digest = entry.digest
    try:
        shingles, sentences = _unpack(digest["shingles"]), _unpack(digest["sentences"])
        doc = _Doc(entry, shingles, sentences, _unpack(digest["short"]), int(digest["chars"]))
    except (KeyError, TypeError, ValueError):
        return None  # a digest from a foreign cache entry: skip rather than crash
    valid = len(doc.sentences) % 3 == 0 and len(doc.short) % 2 == 0 and doc.chars > 0
    return doc if valid else None


@corpus_rule(
    id="GK406",
    name="duplicate-content",
    severity=Severity.warning,
    summary={
        "zh": "报告的大部分内容与上一年度或其他机关同年的报告相同",
        "en": "Most of the report is the same as last year's or another issuer's report "
        "of the same year",
    },
    messages={
        "previous-year": {
            "zh": "本报告约 {percent}% 的内容与本机关{other_year}年的报告 {other} 相同"
            "（本文第 {lines} 行），是否照抄了往年的报告？请按本年度的实际情况重写",
            "en": "About {percent}% of this report is the same as the issuer's {other_year} "
            "report {other} (here: lines {lines}); rewrite it for this year",
        },
        "same-year": {
            "zh": "本报告约 {percent}% 的内容与{other_issuer}同年的报告 {other} 相同"
            "（本文第 {lines} 行），属于内容雷同，请按本机关的实际情况重写",
            "en": "About {percent}% of this report is the same as {other_issuer}'s report "
            "{other} of the same year (here: lines {lines}); write the issuer's own report",
        },
    },
    doc=__doc__ or "",
    digest=_digest,
    pure=True,
    prepare=use_table,
)
def duplicate_content(
    entries: Sequence[CorpusEntry], config: Config, memo: Memo
) -> Iterator[tuple[str, Finding]]:
    docs = [doc for doc in map(_doc, entries) if doc is not None]
    # A sentence or a shingle in many reports is the format's own wording, not copying:
    # such sentences count neither as shared nor as the report's own text, and such
    # shingles do not make the signatures, so that reports following one template neither
    # meet in the buckets nor look alike there.
    if len(docs) < 2:
        # Nothing to compare (a check of one report): numpy need not be loaded for it.
        memo.clear()
        memo.update(pairs={}, compared=0, reused=0)
        return
    # Imported here: a check answered from the cache never gets this far.
    from gongkai.workers import Aside

    groups, crowded = _issuer_pairs(docs)
    # The signatures and their buckets are made in a child process while this one counts
    # the sentences: each takes about a third of the step, and the second core is idle.
    with Aside(_banded, docs, crowded, fork=len(docs) >= ASIDE_FROM) as banding:
        sentences = [set(doc.sentences[0::3]) for doc in docs]
        common_hashes, rare, own_chars = _counted(docs)
        groups += _shared(sentences, rare)
        template, signatures, buckets = banding.result()
    common = set(common_hashes.tolist())
    # A comparison depends on the two reports and on what is boilerplate: while that
    # stays, last run's comparisons of unchanged pairs are reused.
    context = hashlib.blake2b(digest_size=16)
    for boilerplate in (common_hashes, template):
        context.update(_pack(boilerplate.tolist()).encode() + b"|")
    before = memo.get("pairs") if memo.get("context") == context.hexdigest() else None
    reusable: dict[str, Any] = before if isinstance(before, dict) else {}
    pairs: dict[str, Any] = {}
    compared = reused = 0
    found: dict[str, list[tuple[float, Finding]]] = defaultdict(list)
    candidates = list(_candidates(docs, [*groups, *buckets]))
    # Each pair both ways: either report may be the copy.
    directed = [
        (this, other, jaccard)
        for (first, second), jaccard in zip(
            candidates, _jaccards(signatures, candidates), strict=True
        )
        for this, other in ((first, second), (second, first))
    ]
    keys = [_pair_key(docs[this].entry, docs[other].entry) for this, other, _ in directed]
    remembered = [reusable.get(key) if key is not None else None for key in keys]
    known = [
        key is not None and _well_formed(result)
        for key, result in zip(keys, remembered, strict=True)
    ]
    fresh = list(compress(directed, map(not_, known)))
    # Half of the comparisons are made in a child process, at the same time (not the few
    # of a re-check that reuses the others).
    half = len(fresh) // 2
    inputs = (docs, sentences, common, own_chars)
    with Aside(_compared, fresh[half:], *inputs, fork=len(fresh) >= ASIDE_FROM) as rest:
        made_now = iter(_compared(fresh[:half], *inputs) + rest.result())
    for (this, _other, _jaccard), key, result, reuse in zip(
        directed, keys, remembered, known, strict=True
    ):
        made: tuple[float, Finding] | None = None
        if reuse:
            reused += 1
            if result:
                made = result[0], Finding.from_json(result[1])
        else:
            compared += 1
            made = next(made_now)
            result = [] if made is None else [made[0], made[1].to_json()]
        if key is not None:
            pairs[key] = result
        if made is not None:
            found[docs[this].entry.path].append(made)
    # What the next run may reuse, and how much of this one was reused (for the tests).
    memo.clear()
    memo.update(context=context.hexdigest(), pairs=pairs, compared=compared, reused=reused)
    for path, results in found.items():
        results.sort(key=lambda item: -item[0])
        for _score, finding in results[:MAX_FINDINGS]:
            yield path, finding


def _compared(
    pairs: list[tuple[int, int, float]],
    docs: list[_Doc],
    sentences: list[set[int]],
    common: set[int],
    own_chars: list[int],
) -> list[tuple[float, Finding] | None]:
    """What _compare makes of each (this, other, jaccard), given each report's sentences,
    the boilerplate ones and each report's own text."""
    own_sentences: dict[int, set[int]] = {}
    made = []
    for this, other, jaccard in pairs:
        if other not in own_sentences:
            own_sentences[other] = sentences[other] - common
        made.append(
            _compare(docs[this], docs[other], jaccard, own_sentences[other], own_chars[this])
        )
    return made


def _counted(docs: list[_Doc]) -> tuple[NDArray[np.uint32], set[int], list[int]]:
    """The sentences in many reports (sorted), those in two to RARE, and each report's own
    text in characters."""
    numeric = load_numpy()
    # Every report's sentences (hash, line, length) and short ones (hash, length) laid end
    # to end, each row with its report's index.
    long = numeric.frombuffer(b"".join(doc.sentences.tobytes() for doc in docs), numeric.uint32)
    short = numeric.frombuffer(b"".join(doc.short.tobytes() for doc in docs), numeric.uint32)
    long, short = long.reshape(-1, 3), short.reshape(-1, 2)
    indexes = numeric.arange(len(docs))
    long_of = numeric.repeat(indexes, [len(doc.sentences) // 3 for doc in docs])
    short_of = numeric.repeat(indexes, [len(doc.short) // 2 for doc in docs])
    # In how many reports each sentence is, short ones included, and each shingle (a
    # digest holds each once): counted over all the reports' arrays at once.
    sentence_values, sentence_counts = _document_frequency(
        numeric.concatenate((long[:, 0], short[:, 0])), numeric.concatenate((long_of, short_of))
    )
    common_hashes = _frequent(sentence_values, sentence_counts, len(docs))
    rare = set(sentence_values[(sentence_counts > 1) & (sentence_counts <= RARE)].tolist())
    # Each report's own text: all of it but the boilerplate, short sentences included.
    own = numeric.array([doc.chars for doc in docs], numeric.float64)
    for rows, of in ((long, long_of), (short, short_of)):
        boiler = _members(rows[:, 0], common_hashes)
        own -= numeric.bincount(of[boiler], rows[boiler, -1], len(docs))
    return common_hashes, rare, own.astype(numeric.int64).tolist()


def _banded(
    docs: list[_Doc], crowded: set[tuple[Any, ...]]
) -> tuple[NDArray[np.uint32], NDArray[np.int64], list[list[int]]]:
    """The shingles of a template (sorted), each report's signature, and the LSH buckets
    those meet in (see _buckets)."""
    numeric = load_numpy()
    shingles = numeric.frombuffer(b"".join(doc.shingles.tobytes() for doc in docs), numeric.uint32)
    template = _frequent(*_runs(numeric.sort(shingles)), len(docs))
    lengths = numeric.fromiter(map(len, (doc.shingles for doc in docs)), numeric.int64, len(docs))
    signatures = _signatures(shingles, lengths, template)
    return template, signatures, _buckets(docs, signatures.tolist(), crowded)


def _jaccards(signatures: NDArray[np.int64], pairs: list[tuple[int, int]]) -> list[float]:
    """Each pair's share of equal bins in their signatures, 0 when either has none."""
    numeric = load_numpy()
    if not pairs:
        return []
    index = numeric.array(pairs, numeric.intp)
    first, second = signatures[index[:, 0]], signatures[index[:, 1]]
    same = (first == second).sum(axis=1)
    same[(first[:, 0] == _EMPTY) | (second[:, 0] == _EMPTY)] = 0
    shares: list[float] = (same / BINS).tolist()
    return shares


def _runs(ordered: NDArray[np.uint32]) -> tuple[NDArray[np.uint32], NDArray[np.int64]]:
    """The distinct values of a sorted array, and how many times each is in it."""
    numeric = load_numpy()
    if not len(ordered):
        return ordered, numeric.zeros(0, numeric.int64)
    starts = numeric.flatnonzero(numeric.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], numeric.diff(numeric.append(starts, len(ordered)))


def _document_frequency(
    hashes: NDArray[np.uint32], owners: NDArray[np.int64]
) -> tuple[NDArray[np.uint32], NDArray[np.int64]]:
    """The distinct hashes, each with the index of the document it is in (repeats within
    one allowed), and in how many documents each is."""
    numeric = load_numpy()
    # One sort of (document, hash) finds each document's distinct hashes.
    keyed = numeric.sort((owners.astype(numeric.uint64) << numeric.uint64(32)) | hashes)
    distinct = (
        keyed[numeric.concatenate(([True], keyed[1:] != keyed[:-1]))] if len(keyed) else keyed
    )
    return _runs(numeric.sort((distinct & numeric.uint64(0xFFFFFFFF)).astype(numeric.uint32)))


def _members(values: NDArray[np.uint32], ordered: NDArray[np.uint32]) -> NDArray[np.bool_]:
    """Which of the values (hashes) are in the sorted array `ordered`: each looked up in a
    table of ordered's values by its low bits, a fifth of the cost of a binary search of
    two million values; those whose slot two of ordered's share, by binary search."""
    numeric = load_numpy()
    if not len(ordered):
        nothing: NDArray[np.bool_] = numeric.zeros(len(values), numeric.bool_)
        return nothing
    # Eight slots a value: few share one (CRC-32's low bits are uniform), and the tables
    # stay in the processor's cache.
    size = 1 << max(12, (8 * len(ordered)).bit_length())
    slots = ordered & (size - 1)
    table = numeric.zeros(size, numeric.uint32)
    table[slots] = ordered
    taken = numeric.zeros(size, numeric.bool_)
    taken[slots] = True
    places = values & (size - 1)
    found: NDArray[np.bool_] = taken[places] & (table[places] == values)
    shared = slots[table[slots] != ordered]
    if len(shared):
        crowded = numeric.zeros(size, numeric.bool_)
        crowded[shared] = True
        maybe = numeric.flatnonzero(crowded[places])
        place = numeric.minimum(numeric.searchsorted(ordered, values[maybe]), len(ordered) - 1)
        found[maybe] = ordered[place] == values[maybe]
    return found


def _frequent(
    values: NDArray[np.uint32], counts: NDArray[np.int64], documents: int
) -> NDArray[np.uint32]:
    """The values (sorted) in more than max(FEW_REPORTS, N/100) of N documents."""
    return values[counts > max(FEW_REPORTS, documents // 100)]


def _signatures(
    shingles: NDArray[np.uint32], lengths: NDArray[np.int64], template: NDArray[np.uint32]
) -> NDArray[np.int64]:
    """Each report's one-permutation MinHash (Li, Owen and Zhang, 2012) of its own shingles,
    those not in the sorted `template`, given the shingles of all reports laid end to end,
    `lengths` of them each: one hash function, the minimum kept per bin, so it costs one
    pass, here over all reports at once. A report with fewer than MIN_OWN_SHINGLES of its
    own gets an empty one, which meets no other in a bucket."""
    numeric = load_numpy()
    owner = numeric.repeat(numeric.arange(len(lengths)), lengths)
    own = ~_members(shingles, template)
    shingles, owner = shingles[own], owner[own]
    bins: NDArray[np.int64] = numeric.full((len(lengths), BINS), _NONE, numeric.int64)
    wide = shingles.astype(numeric.int64)  # ufunc.at is three times as fast on one type
    numeric.minimum.at(bins.reshape(-1), owner * BINS + wide % BINS, wide // BINS)
    # A short report leaves bins empty; each borrows from the next filled bin to its right,
    # past the end round to the first (rotation densification, Shrivastava and Li, 2014),
    # marked with the distance, so that short copies still meet in a band and their bins
    # still agree.
    twice = numeric.concatenate((bins, bins), axis=1)
    places = numeric.where(twice != _NONE, numeric.arange(2 * BINS), 2 * BINS)
    source = numeric.minimum.accumulate(places[:, ::-1], axis=1)[:, ::-1][:, :BINS]
    empty = bins == _NONE
    rows = numeric.arange(len(lengths))[:, None]
    borrowed = (twice[rows, numeric.minimum(source, 2 * BINS - 1)] << 6) | (
        source - numeric.arange(BINS)
    )
    bins[empty] = borrowed[empty]
    # Too few shingles of its own: no signature, and no bucket.
    bins[numeric.bincount(owner, minlength=len(lengths)) < MIN_OWN_SHINGLES] = _EMPTY
    return bins


def _well_formed(result: Any) -> bool:
    """A remembered comparison: [] for no finding, or [score, finding row]."""
    return isinstance(result, list) and (
        not result or (len(result) == 2 and isinstance(result[1], list))
    )


def _pair_key(this: CorpusEntry, other: CorpusEntry) -> str | None:
    """What a comparison of `this` with `other` depends on besides the boilerplate: both
    paths and contents. None when a content is not known by its key."""
    if this.key is None or other.key is None:
        return None
    text = f"{this.path}\0{this.key}\0{other.path}\0{other.key}"
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _related(a: CorpusEntry, b: CorpusEntry) -> bool:
    """Whether a copy between the two would be the defect: the same issuer's reports of
    consecutive years, or two issuers' reports of the same year. (One issuer's two files
    for one year are a duplicated report, not a copied text.)"""
    if a.year is None or b.year is None or a.type != b.type:
        return False
    if a.issuer is not None and a.issuer == b.issuer:
        return abs(a.year - b.year) == 1
    return a.year == b.year


def _issuer_pairs(docs: list[_Doc]) -> tuple[list[list[int]], set[tuple[Any, ...]]]:
    """Each pair of an issuer's reports of one year and of the next, when there are at
    most FEW of each: "copied last year's" is the commonest case, and such pairs are few.
    And the (type, issuer) of those with more, which are crowded: their reports meet in
    buckets of their own (see _buckets)."""
    cells: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, doc in enumerate(docs):
        if doc.entry.issuer is not None:
            cells[doc.entry.type, doc.entry.issuer, doc.entry.year].append(index)
    groups: list[list[int]] = []
    crowded: set[tuple[Any, ...]] = set()
    for (kind, issuer, year), members in cells.items():
        following = cells.get((kind, issuer, year + 1)) if year is not None else None
        if following is None:
            continue
        if len(members) <= FEW and len(following) <= FEW:
            groups += [[first, second] for first in members for second in following]
        else:
            crowded.add((kind, issuer))
    return groups, crowded


def _buckets(
    docs: list[_Doc], signatures: list[list[int]], crowded: set[tuple[Any, ...]]
) -> list[list[int]]:
    """The reports sharing a whole LSH band, for copies edited in every sentence. Buckets
    are kept per year (for two issuers' reports of one year) and per crowded issuer, so
    that only pairs that could be the defect meet."""
    # A band's key is the hash of (group, band, its bins), a group being one type and year
    # or, for the crowded issuers only, one type and issuer: computed once, in C, and cheap
    # to count and look up. Two keys that collide only add a comparison.
    group_ids: dict[tuple[Any, ...], int] = {}
    banded: list[list[int]] = []
    for doc, sig in zip(docs, signatures, strict=True):
        entry = doc.entry
        keys: list[int] = []
        groups_of: list[tuple[Any, ...]] = []
        if (entry.type, entry.issuer) in crowded:
            groups_of.append((entry.type, entry.issuer))
        if entry.year is not None:
            groups_of.append((entry.type, entry.year))
        if sig[0] != _EMPTY:
            rows = [sig[row::ROWS] for row in range(ROWS)]
            for group in groups_of:
                number = group_ids.setdefault(group, len(group_ids))
                # repeat() is endless: the bands end the zip.
                keys += map(hash, zip(repeat(number), range(BANDS), *rows, strict=False))
        banded.append(keys)
    # Most band keys are a single report's: only keys two reports share get a bucket, so
    # that the Python loop below sees only those.
    counts = Counter(chain.from_iterable(banded))
    met = set(compress(counts.keys(), map((1).__lt__, counts.values())))
    buckets: dict[int, list[int]] = defaultdict(list)
    for index, keys in enumerate(banded):
        for key in filter(met.__contains__, keys):
            buckets[key].append(index)
    return list(buckets.values())


def _shared(sentences: list[set[int]], rare: set[int]) -> list[list[int]]:
    """The pairs of reports sharing MIN_SHARED sentences that are in at most RARE reports
    (`rare`), most shared first: a copy keeps most of its original's sentences, also when
    a template makes up most of both."""
    # The reports each sentence in two to RARE reports is in; pairs counted in C.
    postings: dict[int, list[int]] = defaultdict(list)
    for index, hashes in enumerate(sentences):
        for sentence in hashes & rare:
            postings[sentence].append(index)
    shared = Counter(chain.from_iterable(combinations(p, 2) for p in postings.values()))
    return [list(pair) for pair, count in shared.most_common() if count >= MIN_SHARED]


def _candidates(docs: list[_Doc], groups: list[list[int]]) -> Iterator[tuple[int, int]]:
    """Related pairs (as indexes) that could be copies, without comparing every pair, and
    at most MAX_COMPARISONS per report, the likeliest first: those of each group (see
    _issuer_pairs, _shared, _buckets), in order; of a large bucket only neighbours."""
    seen: set[tuple[int, int]] = set()
    left = [MAX_COMPARISONS] * len(docs)
    for members in groups:
        if len(members) < 2:
            continue
        reach = NEIGHBOURS if len(members) > LARGE_BUCKET else len(members)
        for i, first in enumerate(members):
            for second in members[i + 1 : i + 1 + reach]:
                pair = (first, second) if first < second else (second, first)
                if not (left[first] and left[second]) or pair in seen:
                    continue
                if _related(docs[first].entry, docs[second].entry):
                    seen.add(pair)
                    left[first] -= 1
                    left[second] -= 1
                    yield pair


def _compare(
    this: _Doc,
    other: _Doc,
    jaccard: float,
    their_sentences: set[int],
    own: int,
) -> tuple[float, Finding] | None:
    """The finding for `this` if most of its own text (`own` characters, what is not
    boilerplate) is in `other`; `jaccard` is their signatures' likeness, `their_sentences`
    the other's sentence hashes that are not boilerplate."""
    a, b = this.entry, other.entry
    assert a.year is not None and b.year is not None
    if a.issuer == b.issuer and a.year < b.year:
        return None  # last year's report is the original, not the copy
    if own < MIN_OWN_CHARS:
        return None  # the format's wording, with too little of its own to be a copy
    hashes, lengths = this.sentences[0::3], this.sentences[2::3]
    hits = list(map(their_sentences.__contains__, hashes))
    share = sum(compress(lengths, hits)) / own
    score = max(share, jaccard)
    if score < SIMILAR:
        return None
    message = "previous-year" if a.issuer == b.issuer else "same-year"
    lines = this.sentences[1::3]
    # Lightly edited copies share shingles but few whole sentences: then the passage is
    # the whole text.
    found = sorted(set(compress(lines, hits)))
    every = found or sorted(set(lines))
    finding = duplicate_content.finding(
        every[0] if every else 1,
        1,
        message,
        percent=round(score * 100),
        other=b.path,
        other_year=b.year,
        other_issuer=b.issuer or "",
        lines=passages(found) if found else f"{every[0]}–{every[-1]}" if every else "1",
    )
    return score, finding


def passages(lines: list[int], limit: int = 4) -> str:
    """14–20, 31, 40–45 …: runs of nearby lines, the first few."""
    runs: list[list[int]] = []
    for line in lines:
        if runs and line - runs[-1][1] <= 2:
            runs[-1][1] = line
        else:
            runs.append([line, line])
    shown = [str(a) if a == b else f"{a}–{b}" for a, b in runs[:limit]]
    return ", ".join(shown) + (" …" if len(runs) > limit else "")
