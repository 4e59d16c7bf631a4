"""## 检查内容

一份报告的大部分内容与另一份报告相同：

- 与同一发布机关上一年度的同类报告大部分相同（只改了年份和数字，是典型的“照抄去年”）；
- 与同一年度其他发布机关的同类报告大部分相同（“内容雷同”）。

比较的是正文文字（不含表格和标点，数字视为相同），提示中会给出相似程度和相同段落所在
的行。多数报告都有的套话（如统计期限的说明）不算相同内容。本检查只比较同一次检查中的
报告：检查整个 `reports/` 目录时才能发现跨报告的雷同。

## 为什么重要

《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告
格式〉的通知》（国办公开办函〔2021〕30号）明确，年度报告“内容雷同、敷衍塞责”并造成
不良后果的，要依法追究责任。媒体也多次报道过年报逐字照抄上一年的情况。

## 如何修改

根据本年度的实际工作重写相同的段落：写明当年新的做法、数据和问题，不要沿用往年或
其他单位的表述。两份报告确实应当相同时（例如同一报告误放了两份），删除多余的一份。
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from gongkai.config import Config
from gongkai.model.report import Report
from gongkai.prose import prose
from gongkai.rules.base import Context, CorpusEntry, Finding, Severity, corpus_rule
from gongkai.textsim import MIN_SENTENCE, TABLE_ROW, boilerplate, normalise

SHINGLE = 3  # clauses per shingle
BINS = 48  # one-permutation MinHash: one hash, its minimum kept in each of 48 bins
BANDS, ROWS = 16, 3  # LSH: pairs sharing all 3 bins of any of 16 bands are compared
MIN_CHARS = 200  # shorter texts say too little to be called copies
SIMILAR = 0.5  # share of a report's own text found in the other one
MAX_FINDINGS = 3  # per report: the closest few are enough to act on
# A band bucket this large holds a template many reports follow; each member is then
# compared with its next few neighbours only, which keeps the work linear and still finds
# every copy in it, through one or another of them.
LARGE_BUCKET, NEIGHBOURS = 32, 8

_EMPTY = -1


def signature(hashes: list[int]) -> list[int]:
    """The one-permutation MinHash of a set of shingle hashes (Li, Owen and Zhang, 2012):
    one hash function, the minimum kept per bin, so it costs one pass."""
    bins = [1 << 32] * BINS
    for value in hashes:
        index, rest = value % BINS, value // BINS
        if rest < bins[index]:
            bins[index] = rest
    filled = [i for i, value in enumerate(bins) if value != 1 << 32]
    if not filled:
        return [_EMPTY] * BINS
    # A short report leaves bins empty; each borrows from the next filled bin to its right
    # (rotation densification, Shrivastava and Li, 2014), marked with the distance, so
    # that short copies still meet in a band and their bins still agree.
    dense = list(bins)
    for index in range(BINS):
        if bins[index] == 1 << 32:
            source = next(i for i in (*filled, filled[0] + BINS) if i > index)
            distance = source - index
            dense[index] = (bins[source % BINS] << 6) | distance
    return dense


def _digest(report: Report, ctx: Context) -> dict[str, Any] | None:
    """Shingles are runs of three consecutive clauses of the normalised text, hashed with
    crc32 (fixed, unlike Python's salted hash, so digests agree between runs and processes).
    Clauses rather than character windows: an edit changes three shingles, not sixteen, and
    a report has a few hundred clauses instead of thousands of windows to hash in Python.
    Three, because two-clause runs of set phrases recur in unrelated official reports.
    Sentences are kept with their lines to name the shared passages."""
    if report.source is None:
        return None
    body = prose(report)[report.body_offset :]
    if "|" in body:
        body = TABLE_ROW.sub("", body)
    text = normalise(body)
    chars = len(text) - text.count("\x01") - text.count("\x02") - text.count("\n")
    if chars < MIN_CHARS:
        return None
    crc32 = zlib.crc32
    sentences: list[int] = []
    first_line = report.source.position(report.body_offset)[0]
    # A sentence's length and hash leave its clause marks out.
    for number, line in enumerate(text.replace("\x02", "").split("\n"), first_line):
        for sentence in line.split("\x01"):
            if len(sentence) >= MIN_SENTENCE:
                sentences += [crc32(sentence.encode()), number, len(sentence)]
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
    shingles = list(map(crc32, map(b"\x02".join, runs)))
    return {"sig": signature(shingles), "sentences": sentences, "chars": chars}


class _Doc(NamedTuple):
    entry: CorpusEntry
    signature: list[int]
    sentences: list[int]  # hash, line, length, hash, line, length …
    chars: int

    def triples(self) -> Iterator[tuple[int, int, int]]:
        flat = self.sentences
        return zip(flat[0::3], flat[1::3], flat[2::3], strict=True)


def _doc(entry: CorpusEntry) -> _Doc | None:
    digest = entry.digest
    try:
        doc = _Doc(entry, list(digest["sig"]), list(digest["sentences"]), int(digest["chars"]))
    except (KeyError, TypeError, ValueError):
        return None  # a digest from a foreign cache entry: skip rather than crash
    valid = len(doc.signature) == BINS and len(doc.sentences) % 3 == 0 and doc.chars > 0
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
)
def duplicate_content(
    entries: Sequence[CorpusEntry], config: Config
) -> Iterator[tuple[str, Finding]]:
    docs = [doc for doc in map(_doc, entries) if doc is not None]
    # A sentence in many reports is the format's own wording, not copying.
    common = boilerplate([doc.sentences[0::3] for doc in docs])
    found: dict[str, list[tuple[float, Finding]]] = defaultdict(list)
    for first, second in _candidates(docs):
        for this, other in ((first, second), (second, first)):
            result = _compare(this, other, common)
            if result is not None:
                found[this.entry.path].append(result)
    for path, results in found.items():
        results.sort(key=lambda item: -item[0])
        for _score, finding in results[:MAX_FINDINGS]:
            yield path, finding


def _related(a: CorpusEntry, b: CorpusEntry) -> bool:
    """Whether a copy between the two would be the defect: the same issuer's reports of
    consecutive years, or two issuers' reports of the same year. (One issuer's two files
    for one year are a duplicated report, not a copied text.)"""
    if a.year is None or b.year is None or a.type != b.type:
        return False
    if a.issuer is not None and a.issuer == b.issuer:
        return abs(a.year - b.year) == 1
    return a.year == b.year


def _candidates(docs: list[_Doc]) -> Iterator[tuple[_Doc, _Doc]]:
    """Related pairs that share a whole LSH band, without comparing every pair.

    Buckets are kept per year (for two issuers' reports of one year) and per issuer (for
    one issuer's consecutive years), so that only pairs that could be the defect meet.
    """
    buckets: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, doc in enumerate(docs):
        entry = doc.entry
        for band in range(BANDS):
            values = tuple(doc.signature[band * ROWS : (band + 1) * ROWS])
            if _EMPTY not in values:
                buckets[(entry.type, "year", entry.year, band, values)].append(index)
                if entry.issuer is not None:
                    buckets[(entry.type, "issuer", entry.issuer, band, values)].append(index)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        reach = NEIGHBOURS if len(members) > LARGE_BUCKET else len(members)
        for i, first in enumerate(members):
            for second in members[i + 1 : i + 1 + reach]:
                if (first, second) not in seen and _related(docs[first].entry, docs[second].entry):
                    seen.add((first, second))
                    yield docs[first], docs[second]


def _compare(this: _Doc, other: _Doc, common: set[int]) -> tuple[float, Finding] | None:
    """The finding for `this` if most of it is in `other`."""
    a, b = this.entry, other.entry
    assert a.year is not None and b.year is not None
    if a.issuer == b.issuer and a.year < b.year:
        return None  # last year's report is the original, not the copy
    pairs = [(x, y) for x, y in zip(this.signature, other.signature, strict=True) if x != _EMPTY]
    jaccard = sum(x == y for x, y in pairs) / len(pairs) if pairs else 0.0
    theirs = set(other.sentences[0::3]) - common
    shared = [(line, length) for h, line, length in this.triples() if h in theirs]
    share = sum(length for _line, length in shared) / this.chars
    score = max(share, jaccard)
    if score < SIMILAR:
        return None
    message = "previous-year" if a.issuer == b.issuer else "same-year"
    # Lightly edited copies share shingles but few whole sentences: then the passage is
    # the whole text.
    lines = sorted({line for line, _length in shared}) or sorted(set(this.sentences[1::3]))
    finding = duplicate_content.finding(
        lines[0] if lines else 1,
        1,
        message,
        percent=round(score * 100),
        other=b.path,
        other_year=b.year,
        other_issuer=b.issuer or "",
        lines=passages(lines) if shared else f"{lines[0]}–{lines[-1]}" if lines else "1",
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
