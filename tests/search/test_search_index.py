"""The index files: what is written, and that it reads back."""

from __future__ import annotations

import json
import os
import random
from array import array
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from gongkai.site.search import IndexStats, SearchDoc, codec, index, write_index
from gongkai.site.search.index import Previous
from gongkai.site.search.query import _decode, _find_terms, impact, length_norm, search
from gongkai.site.search.text import document_terms


def doc(url: str, text: str, **fields: object) -> SearchDoc:
    values: dict[str, object] = {
        "title": f"{url}的报告",
        "issuer": "示例县人民政府",
        "issuer_level": "county",
        "year": 2024,
        "type": "fazhi",
        "type_name": "法治政府建设年度报告",
        "published": "2025-03-20",
    }
    values.update(fields)
    return SearchDoc(url=url, text=text, **values)  # type: ignore[arg-type]


DOCS = [
    doc("c/", "依法开展行政复议，行政复议案件3件。"),
    doc("a/", "推进法治政府建设，落实第一责任人职责。"),
    doc("b/", "政府信息公开工作年度报告：主动公开政府信息。", year=2023, type="xxgk"),
]


def read_term(out: Path, term: str) -> tuple[int, int, dict[int, int]]:
    manifest = json.loads((out / codec.MANIFEST).read_bytes())
    shard = codec.shard_of(term, manifest["bits"])
    entry = _find_terms(codec.unpack((out / codec.shard_path(shard)).read_bytes()), {term})[term]
    data = entry.postings
    if entry.external:
        data = codec.unpack((out / codec.postings_path(shard, entry.external)).read_bytes())
    return entry.df, entry.weight, _decode(data, entry.df)


def test_every_term_reads_back_with_its_documents_and_frequencies(tmp_path: Path) -> None:
    stats = write_index(DOCS, tmp_path)
    ordered = sorted(DOCS, key=lambda d: d.url)  # document ids follow URL order
    expected: dict[str, dict[int, int]] = {}
    for doc_id, d in enumerate(ordered):
        for term, tf in document_terms(f"{d.title}\n{d.text}").items():
            expected.setdefault(term, {})[doc_id] = tf
    assert stats.terms == len(expected)
    for term, postings in expected.items():
        df, weight, found = read_term(tmp_path, term)
        assert (df, found) == (len(postings), postings)
        assert weight >= 1
    lengths = codec.unpack((tmp_path / codec.LENGTHS).read_bytes())
    assert codec.get_varints(lengths, 0, 3) == (
        [len(d.title) + 1 + len(d.text) for d in ordered],
        len(lengths),
    )


def test_rarer_terms_weigh_more_and_repetition_raises_the_impact(tmp_path: Path) -> None:
    write_index(DOCS, tmp_path)
    _, common, _ = read_term(tmp_path, "报告")  # in every title
    _, rare, postings = read_term(tmp_path, "复议")
    assert rare > common
    _, _, once = read_term(tmp_path, "依法")
    assert postings[2] == 2 and once[2] == 1  # 复议 twice in c/, 依法 once
    norm = length_norm(len(DOCS[0].text), 20.0)
    assert 1 <= impact(1, norm) < impact(2, norm) <= 255


def test_document_fragments_and_manifest(tmp_path: Path) -> None:
    write_index([*DOCS, doc("d/", "正文\u200b内容", title="标\ufeff题")], tmp_path)
    fragment = json.loads(codec.unpack((tmp_path / codec.doc_path(3)).read_bytes()))
    assert fragment == {
        "url": "d/",
        "title": "标题",
        "issuer": "示例县人民政府",
        "year": 2024,
        "type": "fazhi",
        "typeName": "法治政府建设年度报告",
        "published": "2025-03-20",
        "text": "正文内容",
    }
    manifest = json.loads((tmp_path / codec.MANIFEST).read_bytes())
    assert manifest["docs"] == 4
    assert manifest["chars"] == sum(len(d.title) + 1 + len(d.text) for d in DOCS) + 3 + 1 + 5
    assert manifest["years"] == [[2024, 3], [2023, 1]]
    assert manifest["types"] == [
        ["fazhi", "法治政府建设年度报告", 3],
        ["xxgk", "法治政府建设年度报告", 1],
    ]
    assert manifest["issuers"] == 1


def test_filters_file_lists_documents_per_value(tmp_path: Path) -> None:
    write_index(DOCS, tmp_path)
    filters = json.loads(codec.unpack((tmp_path / codec.FILTERS).read_bytes()))
    # Ids are stored as deltas: a/ is 0, b/ is 1, c/ is 2.
    assert filters == {
        "years": {"2023": [1], "2024": [0, 2]},
        "types": {"fazhi": [0, 2], "xxgk": [1]},
        "issuers": [["示例县人民政府", [0, 1, 1]]],
    }


def test_shard_count_grows_with_the_index_and_every_shard_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert write_index(DOCS, tmp_path).shards == 1
    monkeypatch.setattr(index, "SHARD_BYTES", 16)
    stats = write_index(DOCS, tmp_path)
    assert stats.shards >= 16
    assert len(list((tmp_path / "s").iterdir())) == stats.shards
    assert (
        json.loads((tmp_path / codec.MANIFEST).read_bytes())["bits"]
        == stats.shards.bit_length() - 1
    )


def test_common_terms_move_to_their_own_file_without_changing_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_index(DOCS, tmp_path / "inline")
    monkeypatch.setattr(index, "EXTERNAL_BYTES", 2)
    write_index(DOCS, tmp_path / "external")
    assert list((tmp_path / "inline").glob("p/*")) == []
    assert list((tmp_path / "external").glob("p/*"))
    for query in ["政府", "行政复议", "法"]:
        inline = search(tmp_path / "inline", query)
        assert inline
        assert search(tmp_path / "external", query) == inline


def test_the_build_is_reproducible_and_the_version_follows_the_content(tmp_path: Path) -> None:
    write_index(DOCS, tmp_path / "one")
    write_index(list(reversed(DOCS)), tmp_path / "two")
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.*"))
    for rel in files:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()
    write_index([*DOCS, doc("e/", "新增")], tmp_path / "three")
    versions = {
        json.loads((tmp_path / n / codec.MANIFEST).read_bytes())["version"]
        for n in ("one", "three")
    }
    assert len(versions) == 2


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: the build never splits")
def test_a_build_split_across_processes_writes_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [doc(f"{n:02d}/", f"第{n}份报告：行政复议{n % 4}件，法治政府建设。") for n in range(12)]
    serial = write_index(docs, tmp_path / "serial")
    monkeypatch.setattr(index, "PARALLEL_DOCS", 3)
    split = write_index(docs, tmp_path / "split")
    assert split == serial
    for path in (tmp_path / "serial").rglob("*.*"):
        assert (tmp_path / "split" / path.relative_to(tmp_path / "serial")).read_bytes() == (
            path.read_bytes()
        ), path
    # Split too with a cache: some documents counted before, one damaged, the rest anew.
    cache = MemoryCache()
    write_index(docs[:4], tmp_path / "some", cache, "code")
    key = next(iter(cache.entries))
    cache.entries[key] = b""
    counted = counting(monkeypatch)
    assert write_index(docs, tmp_path / "cached", cache, "code") == serial
    assert files(tmp_path / "cached") == files(tmp_path / "serial")
    assert len(cache.entries) == len(docs) + 1  # and the record of the index
    assert cache.entries[key]
    # Counted in the workers, which this process's stand-in does not see: none here.
    assert counted == []


def test_rebuilding_removes_files_of_the_earlier_index(tmp_path: Path) -> None:
    write_index(DOCS, tmp_path)
    stats = write_index(DOCS[:1], tmp_path)
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["0.bin"]
    on_disk = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert (len(on_disk), sum(p.stat().st_size for p in on_disk)) == (stats.files, stats.bytes)


def test_two_documents_with_one_url_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="same URL"):
        write_index([doc("a/", "一"), doc("a/", "二")], tmp_path)


def test_an_empty_site_has_an_empty_index(tmp_path: Path) -> None:
    stats = write_index([], tmp_path)
    assert (stats.docs, stats.terms, stats.shards) == (0, 0, 1)
    assert search(tmp_path, "法治") == []


def test_pages_without_any_term_are_indexed_too(tmp_path: Path) -> None:
    stats = write_index([doc("a/", "……", title="——"), doc("b/", "。", title="")], tmp_path)
    assert (stats.docs, stats.terms) == (2, 0)
    assert (tmp_path / codec.doc_path(1)).is_file()


@pytest.mark.parametrize("value", [0, 1, 127, 128, 300, 16_383, 16_384, 2**31])
def test_varints_round_trip(value: int) -> None:
    out = bytearray()
    codec.put_varint(out, value)
    assert codec.get_varint(bytes(out), 0) == (value, len(out))
    assert codec.varints([1, value]) == bytes([1]) + bytes(out)


def test_fnv1a_matches_the_published_test_vectors() -> None:
    assert codec.fnv1a("") == 0x811C9DC5
    assert codec.fnv1a("a") == 0xE40C292C
    assert codec.fnv1a("foobar") == 0xBF9CF968
    assert codec.shard_of("foobar", 4) == 0x8


class MemoryCache:
    """The build cache's read/write, in memory."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def read(self, key: str) -> bytes | None:
        return self.entries.get(key)

    def write(self, key: str, data: bytes) -> None:
        self.entries[key] = data

    def has(self, key: str) -> bool:
        return key in self.entries


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts `write_index` counts terms of from now on."""
    counted: list[str] = []

    def count(text: str) -> object:
        counted.append(text)
        return document_terms(text)

    monkeypatch.setattr(index, "document_terms", count)
    return counted


def test_a_rebuild_counts_only_changed_documents_and_writes_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [doc(f"{n:02d}/", f"第{n}份报告：行政复议{n % 4}件，法治政府建设。") for n in range(12)]
    edited = [*docs[:5], doc("05/", "第5份报告：新增一段，行政复议9件。"), *docs[6:]]
    cache = MemoryCache()
    counted = counting(monkeypatch)
    write_index(docs, tmp_path / "first", cache, "code")
    assert len(counted) == len(docs) and len(cache.entries) == len(docs) + 1
    counted.clear()
    write_index(edited, tmp_path / "cached", cache, "code")
    assert counted == ["05/的报告\n第5份报告：新增一段，行政复议9件。"]
    write_index(edited, tmp_path / "cold")
    assert files(tmp_path / "cached") == files(tmp_path / "cold")
    assert files(tmp_path / "cached") != files(tmp_path / "first")
    # Another stamp (the search code changed) finds nothing counted.
    counted.clear()
    write_index(edited, tmp_path / "new code", cache, "other code")
    assert len(counted) == len(docs)
    assert files(tmp_path / "new code") == files(tmp_path / "cold")


def test_documents_counted_elsewhere_are_not_counted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site's page workers count each report's terms where they make its text."""
    cache = MemoryCache()
    for document in DOCS[1:]:
        cache.write(*index.counted("code", document))
    counted = counting(monkeypatch)
    write_index(DOCS, tmp_path / "counted", cache, "code")
    assert counted == [f"{DOCS[0].title}\n{DOCS[0].text}"]
    write_index(DOCS, tmp_path / "cold")
    assert files(tmp_path / "counted") == files(tmp_path / "cold")


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry[:-3],  # one character of the last term
        lambda entry: entry[:-1],
        lambda entry: entry + b"\0",
        lambda entry: entry[:5],
        lambda entry: b"",
    ],
    ids=["last character", "last byte", "one byte more", "head cut", "empty"],
)
def test_a_damaged_entry_is_counted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[bytes], bytes]
) -> None:
    cache = MemoryCache()
    write_index(DOCS, tmp_path / "cold", cache, "code")
    key, whole = next(iter(cache.entries.items()))
    cache.entries[key] = damage(whole)
    counted = counting(monkeypatch)
    write_index(DOCS, tmp_path / "damaged", cache, "code")
    assert len(counted) == 1
    assert cache.entries[key] == whole
    assert files(tmp_path / "damaged") == files(tmp_path / "cold")


def test_files_the_caller_holds_already_are_not_written(tmp_path: Path) -> None:
    cold = tmp_path / "cold"
    write_index(DOCS, cold)
    offered: list[str] = []

    def unchanged(path: str, data: bytes) -> bool:
        offered.append(path)
        return path.startswith("d/") and (cold / path).read_bytes() == data

    stats = write_index(DOCS, tmp_path / "again", unchanged=unchanged)
    assert sorted(offered) == sorted(files(cold))
    written = files(tmp_path / "again")
    assert sorted(written) == sorted(p for p in files(cold) if not p.startswith("d/"))
    assert written == {p: data for p, data in files(cold).items() if p in written}
    assert stats.files == len(files(cold))


@pytest.mark.parametrize(
    ("doc_ids", "counts"),
    [
        ([0], [1]),
        ([5, 6, 133], [1, 127, 2]),
        ([127, 255, 510], [128, 255, 256]),
        ([300, 301, 70_301], [1, 70_000, 3]),
        ([(1 << 31) - 2, (1 << 31) - 1], [(1 << 32) - 1, 1]),
    ],
    ids=["one", "gap 127", "gap 255", "gap 70000", "largest"],
)
def test_postings_encode_as_delta_varints_then_frequencies(
    doc_ids: list[int], counts: list[int]
) -> None:
    packed = array("q", [(i << 32) + n for i, n in zip(doc_ids, counts, strict=True)])
    gaps = [doc_ids[0], *(b - a for a, b in pairwise(doc_ids))]
    expected = bytearray()
    for value in [*gaps, *counts]:
        codec.put_varint(expected, value)
    assert index._encode(packed) == bytes(expected)
    assert _decode(index._encode(packed), len(doc_ids)) == dict(zip(doc_ids, counts, strict=True))


def rebuild(docs: list[SearchDoc], out: Path, cache: MemoryCache, previous: Path) -> IndexStats:
    """A rebuild from the cache, patching the index at `previous` (the caller holds none of
    its files, so the unchanged ones are copied from there)."""
    return write_index(docs, out, cache, "code", previous=Previous(previous, lambda p, h: False))


def edit(docs: list[SearchDoc], rng: random.Random) -> list[SearchDoc]:
    """One to three documents changed: words added, cut or replaced, the title too."""
    docs = list(docs)
    for number in rng.sample(range(len(docs)), rng.randint(1, 3)):
        old = docs[number]
        text = rng.choice(
            [
                old.text + "新增一段：行政复议" * rng.randint(1, 40),
                old.text[: len(old.text) // 2],
                "全新的文本，依法行政。",
                old.text.replace("复议", "诉讼"),
            ]
        )
        docs[number] = replace(old, text=text, title=old.title + ("改" if number % 2 else ""))
    return docs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_rebuild_after_a_few_edits_patches_the_last_index_into_a_cold_ones_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    # Small shards and files: edits move terms into and out of their own postings file.
    monkeypatch.setattr(index, "SHARD_BYTES", 256)
    monkeypatch.setattr(index, "EXTERNAL_BYTES", 24)
    rng = random.Random(seed)
    docs = [
        doc(f"{n:02d}/", "，".join(rng.choices(TEXTS, k=rng.randint(1, 30)))) for n in range(60)
    ]
    cache = MemoryCache()
    last = tmp_path / "0"
    write_index(docs, last, cache, "code")
    patched = 0
    for step in range(1, 9):
        before = docs
        docs = edit(docs, rng)
        changed = sum(a != b for a, b in zip(before, docs, strict=True))
        counted = counting(monkeypatch)
        stats = rebuild(docs, tmp_path / str(step), cache, last)
        assert len(counted) == changed
        cold = tmp_path / f"cold{step}"
        assert stats == replace(write_index(docs, cold), patched=stats.patched)
        assert files(tmp_path / str(step)) == files(cold), step
        patched += stats.patched is not None
        last = tmp_path / str(step)
    assert patched >= 6  # the others changed the shard count


TEXTS = ["行政复议", "依法行政", "政府信息公开", "法治政府建设", "年度报告", "主动公开", "诉讼"]


def test_files_of_unchanged_shards_are_kept_not_written(tmp_path: Path) -> None:
    docs = [doc(f"{n:02d}/", f"第{n}份：{'，'.join(TEXTS[: n % 7 + 1])}") for n in range(40)]
    cache = MemoryCache()
    write_index(docs, tmp_path / "first", cache, "code")
    kept: list[str] = []

    def keeps(path: str, digest: str) -> bool:
        kept.append(path)
        return True

    edited = [*docs[:3], replace(docs[3], text=docs[3].text + "枫桥"), *docs[4:]]
    previous = Previous(tmp_path / "first", keeps)
    stats = write_index(edited, tmp_path / "second", cache, "code", previous=previous)
    assert stats.patched == 1
    write_index(edited, tmp_path / "cold")
    cold = files(tmp_path / "cold")
    written = files(tmp_path / "second")
    assert sorted([*written, *kept]) == sorted(cold)
    assert written == {path: cold[path] for path in written}
    # The edited document, the shards of 枫, 桥 and 枫桥, and what depends on every document.
    assert "d/3.bin" in written and len(written) <= 3 + 1 + 3
    assert {codec.LENGTHS, codec.FILTERS, codec.MANIFEST} <= set(written)


@pytest.mark.parametrize(
    "damage",
    ["shard", "document", "record", "record's values", "counted", "uncounted", "missing file"],
    ids=str,
)
def test_a_damaged_last_index_or_record_makes_the_index_whole(tmp_path: Path, damage: str) -> None:
    docs = [doc(f"{n:02d}/", f"第{n}份：{'，'.join(TEXTS[: n % 7 + 1])}") for n in range(40)]
    cache = MemoryCache()
    first = tmp_path / "first"
    write_index(docs, first, cache, "code")
    edited = [*docs[:3], replace(docs[3], text=docs[3].text + "枫桥"), *docs[4:]]
    record = index._state_key("code")
    if damage == "shard":  # one the edit patches
        shard = codec.shard_path(codec.shard_of("枫", 0))
        (first / shard).write_bytes((first / shard).read_bytes() + b"\0")
    elif damage == "document":  # one the edit leaves alone
        (first / codec.doc_path(7)).write_bytes(b"{}")
    elif damage == "record":
        cache.entries[record] = cache.entries[record][:-9]
    elif damage == "record's values":
        values = json.loads(cache.entries[record])
        cache.entries[record] = json.dumps({**values, "bits": -1}).encode()
    elif damage == "counted":  # the edited document's entry as last counted
        cache.entries[index._key("code", docs[3])] = b"\0"
    elif damage == "uncounted":  # an unchanged document's
        del cache.entries[index._key("code", docs[5])]
    else:
        (first / codec.doc_path(39)).unlink()
    stats = rebuild(edited, tmp_path / "second", cache, first)
    assert stats.patched is None
    write_index(edited, tmp_path / "cold")
    assert files(tmp_path / "second") == files(tmp_path / "cold")


def test_many_changed_or_added_documents_make_the_index_whole(tmp_path: Path) -> None:
    docs = [doc(f"{n:02d}/", f"第{n}份：{'，'.join(TEXTS[: n % 7 + 1])}") for n in range(40)]
    cache = MemoryCache()
    write_index(docs, tmp_path / "first", cache, "code")
    many = [replace(d, text=d.text + "枫桥") if n <= 10 else d for n, d in enumerate(docs)]
    added = [*docs, doc("zz/", "新增的报告")]
    for name, edited in [("many", many), ("added", added)]:
        stats = rebuild(edited, tmp_path / name, cache, tmp_path / "first")
        assert stats.patched is None, name
        write_index(edited, tmp_path / f"{name} cold")
        assert files(tmp_path / name) == files(tmp_path / f"{name} cold")
        write_index(docs, tmp_path / "first", cache, "code")  # the record of the first again
