"""Pre-rendering report pages: the pool and the build cache give what MkDocs' own rendering
gives, and leave to MkDocs every page whose rendering depends on other files or logs."""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from gongkai.site import prerender as prerender_module
from gongkai.site.buildcache import BuildCache, parse
from gongkai.site.html import HtmlPage
from gongkai.site.prerender import (
    Counting,
    ReadyPage,
    Rendered,
    cached,
    fingerprint,
    keep,
    prerender,
    render,
)
from gongkai.site.report_page import report_page
from gongkai.site.search import SearchDoc, counted
from records import published_report

CONFIG = """\
site_name: 测试
site_url: https://example.org/
markdown_extensions:
  - toc:
      permalink: true
  - tables
  - footnotes
"""
PLAIN = "---\ntitle: 报告\n---\n\n## 一、主要举措\n\n正文[^1]。\n\n[^1]: 注释。\n\n| 甲 | 乙 |\n| - | - |\n| 1 | 2 |\n"
RELATIVE = "---\ntitle: 报告\n---\n\n见[附件](原件.pdf)。\n"
ABSOLUTE = "---\ntitle: 报告\n---\n\n见[首页](/index.html)。\n"
HOSTILE = "---\ntitle: 报告\n---\n\n<script>alert(1)</script>\n\n正文。\n"


@pytest.fixture
def config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def mkdocs_render(config: MkDocsConfig, src_uri: str, markdown: str) -> Page:
    file = File(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    page = Page(None, file, config)
    page.markdown = markdown
    page.render(config, Files([file]))
    return page


def test_a_page_renders_as_mkdocs_renders_it(config: MkDocsConfig) -> None:
    rendered = render(config, "2024/fazhi/x/index.md", PLAIN)
    assert rendered is not None
    page = mkdocs_render(config, "2024/fazhi/x/index.md", PLAIN.split("---\n", 2)[2])
    assert rendered.html == page.content
    assert rendered.anchors == sorted(page.present_anchor_ids or ())
    assert [t["name"] for t in rendered.toc] == [a.title for a in page.toc]
    # The footnote and its way back, and the heading's permalink.
    assert rendered.self_links == {"fn:1": "#fn:1", "fnref:1": "#fnref:1", "_1": "#_1"}
    assert "<table>" in rendered.clean and "主要举措" in rendered.text


@pytest.mark.parametrize(
    "note",
    ["第一段\n\n  \n第二段 <b>", "第一段\n```\n第二段", "第一段\t\x02第二段\r\n\x03"],
    ids=["blank-line", "fence", "tab-stx-cr"],
)
def test_a_report_pages_head_is_put_back_whole_whatever_its_values_hold(
    config: MkDocsConfig, note: str
) -> None:
    # The head goes around Python-Markdown: where it ends, and what Python-Markdown would
    # have done to it, must not depend on the values in it.
    report = published_report(
        "示例县人民政府",
        2024,
        status="corrected",
        correction_date=dt.date(2025, 4, 1),
        correction_note=note,
    )
    source = report_page(report, "## 一、主要举措\n\n正文。")
    rendered = render(config, report.url + "index.md", source)
    page = mkdocs_render(config, report.url + "index.md", source.split("---\n", 2)[2])
    assert rendered is not None
    assert rendered.html == page.content
    assert rendered.anchors == sorted(page.present_anchor_ids or ()) == ["_1", "gk-title"]
    assert re.search(r"<p>第一段 +(```)? *第二段", rendered.html)
    assert rendered.html.index("gk-correction") < rendered.html.index("<h2")


def test_with_a_preprocessor_that_may_change_a_head_the_page_is_rendered_whole(
    tmp_path: Path, config: MkDocsConfig
) -> None:
    assert prerender_module._passes_heads(config)
    (tmp_path / "mkdocs.yml").write_text(CONFIG + "  - pymdownx.snippets\n", encoding="utf-8")
    snippets = load_config(str(tmp_path / "mkdocs.yml"))
    assert not prerender_module._passes_heads(snippets)
    source = report_page(published_report("示例县人民政府", 2024), "正文。")
    rendered = render(snippets, "a/index.md", source)
    assert rendered is not None
    assert (
        rendered.html == mkdocs_render(snippets, "a/index.md", source.split("---\n", 2)[2]).content
    )


def test_a_page_whose_head_mark_does_not_come_through_is_left_to_mkdocs(
    config: MkDocsConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = report_page(published_report("示例县人民政府", 2024), "正文。")
    assert render(config, "a/index.md", source) is not None
    monkeypatch.setattr(prerender_module, "_HEAD_MARK", "*mark*")  # rendered as <em>
    assert render(config, "a/index.md", source) is None


@pytest.mark.parametrize("source", [RELATIVE, ABSOLUTE], ids=["relative", "absolute"])
def test_pages_that_look_up_files_or_log_are_left_to_mkdocs(
    config: MkDocsConfig, source: str
) -> None:
    assert render(config, "2024/fazhi/x/index.md", source) is None


def test_the_cleaned_page_is_sanitised(config: MkDocsConfig) -> None:
    rendered = render(config, "a/index.md", HOSTILE)
    assert rendered is not None
    assert "<script>" in rendered.html and "script" not in rendered.clean


def pooled_sources(monkeypatch: pytest.MonkeyPatch, plain: int) -> dict[str, str]:
    """`plain` pages the pool renders and, last, one it leaves to MkDocs; a pool for them."""
    monkeypatch.setattr(prerender_module, "POOL_MIN", 1)
    sources = {f"2024/fazhi/t{n}/index.md": PLAIN.replace("正文", f"第{n}段") for n in range(plain)}
    sources["2024/fazhi/r/index.md"] = RELATIVE
    return sources


def test_the_pool_gives_what_the_build_gives(
    config: MkDocsConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = pooled_sources(monkeypatch, 5)
    cache = BuildCache.open(tmp_path, "publish", "render")
    stamp = fingerprint(config)
    pooled = prerender(config, sources, cache, stamp)
    cache.save()
    assert set(pooled) == set(sources) - {"2024/fazhi/r/index.md"}
    for src_uri, rendered in pooled.items():
        assert rendered == render(config, src_uri, sources[src_uri])
    # Now all from the cache, without a pool (the page left to MkDocs is too few for one).
    monkeypatch.setattr(prerender_module, "POOL_MIN", 2)
    monkeypatch.setattr(prerender_module, "process_pool", None)
    assert (
        prerender(config, sources, BuildCache.open(tmp_path, "publish", "render"), stamp) == pooled
    )


def test_the_pool_counts_the_search_terms_of_the_pages_it_is_given(
    config: MkDocsConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = pooled_sources(monkeypatch, 4)
    heads = {
        src_uri: SearchDoc(src_uri, "报告", "某县", "county", 2024, "fazhi", "法治", "", "")
        for src_uri in [*sources][1:]
    }
    terms = BuildCache.open(tmp_path, "publish", "search-terms")
    pooled = prerender(
        config,
        sources,
        BuildCache.open(tmp_path, "publish", "render"),
        fingerprint(config),
        Counting(heads, terms, "code"),
    )
    # Not the page without a document, nor the one left to MkDocs (its text is made later).
    expected = dict(
        counted("code", replace(heads[src_uri], text=pooled[src_uri].text))
        for src_uri in [*sources][1:4]
    )
    assert {key: terms.read(key) for key in terms.kept} == expected


KEY = "0123456789abcdef0123456789abcdef"


def test_damaged_entries_are_misses(tmp_path: Path, config: MkDocsConfig) -> None:
    cache = BuildCache.open(tmp_path, "publish", "render")
    rendered = render(config, "a/index.md", PLAIN)
    assert rendered is not None
    keep(cache, KEY, rendered)
    assert cached(cache, KEY) == rendered
    cache.save()
    assert cached(BuildCache.open(tmp_path, "publish", "render"), KEY) == rendered
    cache.kept[KEY] = cache.kept[KEY][:10]
    assert cached(cache, KEY) is None
    cache.kept[KEY] = zlib.compress(b'{"markdown": 1, "html": [], "toc": [], "title": null}')
    assert cached(cache, KEY) is None
    keep(cache, KEY, rendered)
    whole = zlib.decompress(cache.kept[KEY])
    for damaged in (
        whole[:-1],  # shorter than its sizes say
        whole + b"x",
        whole[:4] + b"\xff" * 12 + whole[16:],
        struct.pack(">4I", 2, 0, 0, 1) + b"[]" + b"\xff",  # a list, and not UTF-8
        struct.pack(">4I", 2, 0, 0, 0) + b"[]",
    ):
        cache.kept[KEY] = zlib.compress(damaged)
        assert cached(cache, KEY) is None
    assert Rendered.from_json({**rendered.__dict__, "toc": "x"}) is None
    data = cache.path.read_bytes()
    assert parse(data[:-1]) == {}
    assert parse(b"something else" + data) == {}


def test_a_build_keeps_only_what_it_used_or_made(tmp_path: Path) -> None:
    first = BuildCache.open(tmp_path, "publish", "page")
    for key in ("a" * 32, "b" * 32):
        first.write(key, b"<html>")
    first.save()
    second = BuildCache.open(tmp_path, "publish", "page")
    assert second.read("a" * 32) == b"<html>"
    second.write("c" * 32, b"<p>")
    second.save()
    assert sorted(BuildCache.open(tmp_path, "publish", "page").loaded) == ["a" * 32, "c" * 32]
    with pytest.raises(ValueError):
        second.write("short", b"")


def test_a_build_appends_what_changed_to_the_file_it_read(tmp_path: Path) -> None:
    """A few changed entries are appended, with the removal of those no longer used, to the
    very file the build read; the next build reads exactly the entries the last one kept.
    The file is written whole when it would outgrow its live entries, or was replaced."""
    first = BuildCache.open(tmp_path, "publish", "page")
    for key in ("a", "b", "c", "d"):
        first.write(key * 32, key.encode() * 1000)
    first.save()
    written = first.path.stat()
    second = BuildCache.open(tmp_path, "publish", "page")
    for key in ("a", "b", "c"):
        assert second.has(key * 32)
    second.write("c" * 32, b"another c")
    second.write("e" * 32, b"e")
    second.save()
    appended = first.path.stat()
    assert appended.st_ino == written.st_ino
    assert appended.st_size > written.st_size
    third = BuildCache.open(tmp_path, "publish", "page")
    assert sorted(third.loaded) == ["a" * 32, "b" * 32, "c" * 32, "e" * 32]
    assert third.read("c" * 32) == b"another c"
    assert third.read("d" * 32) is None
    # Only "e" is used now: the file would be mostly entries no longer used.
    assert third.read("e" * 32) == b"e"
    third.kept = {"e" * 32: third.kept["e" * 32]}
    third.save()
    assert first.path.stat().st_ino != written.st_ino
    assert first.path.stat().st_size < written.st_size
    assert list(BuildCache.open(tmp_path, "publish", "page").loaded) == ["e" * 32]
    # A file replaced since it was read is not appended to, but written whole.
    fourth = BuildCache.open(tmp_path, "publish", "page")
    fourth.write("f" * 32, b"f")
    other = BuildCache.open(tmp_path, "publish", "page")
    other.write("g" * 32, b"g")
    other.kept = {"g" * 32: other.kept["g" * 32]}
    other.save()
    fourth.save()
    assert list(BuildCache.open(tmp_path, "publish", "page").loaded) == ["f" * 32]


def test_an_entry_is_decoded_once_per_process_for_the_same_bytes(tmp_path: Path) -> None:
    """`mkdocs serve` builds again in one process: the same bytes are not decoded again,
    other bytes under the same key are, and what the cache no longer keeps is forgotten."""
    decoded: list[bytes] = []

    def decode(data: bytes) -> str:
        decoded.append(data)
        return data.decode()

    first = BuildCache.open(tmp_path, "publish", "render")
    first.write(KEY, b"one")
    first.save()
    for _build in range(2):
        cache = BuildCache.open(tmp_path, "publish", "render", remember=True)
        assert cache.decoded(KEY, decode) == "one"
        cache.save()
    assert decoded == [b"one"]
    assert BuildCache.open(tmp_path, "publish", "render").decoded(KEY, decode) == "one"
    assert decoded == [b"one", b"one"]  # a build that runs once keeps nothing
    del decoded[1:]
    cache = BuildCache.open(tmp_path, "publish", "render", remember=True)
    cache.write(KEY, b"two")
    assert cache.decoded(KEY, decode) == "two"
    assert decoded == [b"one", b"two"]
    cache.kept.clear()
    cache.save()
    cache = BuildCache.open(tmp_path, "publish", "render", remember=True)
    cache.write(KEY, b"two")
    assert cache.decoded(KEY, decode) == "two"
    assert decoded == [b"one", b"two", b"two"]


def test_an_entry_that_does_not_match_its_crc_is_left_out_alone(tmp_path: Path) -> None:
    """`has` answers from the CRC, without decompressing: a damaged entry is not there, and
    the entries beside it still are."""
    cache = BuildCache.open(tmp_path, "publish", "page")
    for key in ("a" * 32, "b" * 32):
        cache.write(key, f"<html>{key}</html>".encode())
    cache.save()
    data = bytearray(cache.path.read_bytes())
    data[-3] ^= 0xFF  # inside the last entry's compressed data: its length still frames it
    cache.path.write_bytes(bytes(data))
    damaged = BuildCache.open(tmp_path, "publish", "page")
    assert damaged.has("a" * 32)
    assert not damaged.has("b" * 32)
    assert damaged.read("a" * 32) == b"<html>" + b"a" * 32 + b"</html>"
    assert damaged.read("b" * 32) is None


@pytest.mark.parametrize(
    "site_url",
    [
        "https://example.org/",
        "https://example.org/gongkai",
        "https://example.org/a//b/",
        "https://example.org/a/./b/",
        "https://example.org/a/?q=1",
        "https://example.org/a/#top",
        "http://127.0.0.1:8000/",
        "",
    ],
)
def test_a_ready_pages_canonical_url_is_that_mkdocs_gives(
    config: MkDocsConfig, site_url: str
) -> None:
    config["site_url"] = site_url
    names = ["index.md", "2024/fazhi/青山县人民政府/index.md", "a/.well-known/index.md"]
    names += ["a/../b/index.md", "a/../../index.md"]
    names += ["a b/index.md", "a:b/index.md", "a;b/index.md", "a%20b/index.md", "a?b/index.md"]
    for name in names:
        ready = ReadyPage(None, File(name, None, config.site_dir, True), config)
        page = Page(None, File(name, None, config.site_dir, True), config)
        assert (ready.canonical_url, ready.abs_url) == (page.canonical_url, page.abs_url), name


@pytest.mark.parametrize(
    "source",
    [
        '---\ntitle: "报告"\n---\n\n正文\n',
        "---\ntitle: 报告\ntags: [a, b]\n---\n正文\n---\nx: 1\n---\n",
        "---\n- a\n- b\n---\n正文\n",
        "---\ntitle: [unclosed\n---\n正文\n",
        "---  \ntitle: 报告\n...\n\n\n正文",
        "title: 报告\n\n正文\n",
        "正文\n",
        "",
    ],
)
def test_a_ready_page_reads_its_source_as_mkdocs_does(config: MkDocsConfig, source: str) -> None:
    def read(page_class: type[Page]) -> Page:
        file = File("a/index.md", None, config.site_dir, True)
        file.content_string = source
        page = page_class(None, file, config)
        page.read_source(config)
        return page

    for _again in range(2):  # the second time from the parsed front matter
        ready, page = read(ReadyPage), read(Page)
        assert (ready.markdown, ready.meta) == (page.markdown, page.meta)
        ready.meta["template"] = "x.html"  # each page's own
    assert read(ReadyPage).meta.get("template") is None


def test_the_fingerprint_follows_the_markdown_settings(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    first, second = tmp_path / "one.yml", tmp_path / "two.yml"
    first.write_text(CONFIG, encoding="utf-8")
    second.write_text(CONFIG.replace("permalink: true", "permalink: false"), encoding="utf-8")
    assert fingerprint(load_config(str(first))) == fingerprint(load_config(str(first)))
    assert fingerprint(load_config(str(first))) != fingerprint(load_config(str(second)))


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from('"\\\t\r\n\x85\u2028\u2029\ufeff\x00\x7f\ud7ff\ue000#:-- '),
        )
    )
)
def test_a_generated_title_is_read_as_mkdocs_reads_it(title: str) -> None:
    """The front matter of a generated page is read without YAML only where YAML reads its
    title as written: the page's metadata is what MkDocs' `get_data` makes of it."""
    source = HtmlPage(title, "<p>正文</p>").front_matter() + "正文\n"
    prerender_module._front_matter.cache_clear()
    assert prerender_module._data(source) == get_data(source)
    quoted = f'---\ntitle: "{title}"\n---\n正文\n'
    assert prerender_module._data(quoted) == get_data(quoted)


def test_a_ready_page_takes_its_rendering_only_for_the_markdown_rendered(
    config: MkDocsConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Markdown of the page's own source, as read, is the one its rendering was made
    from (no hash needed); any other Markdown a plugin gave it is compared by its hash, and
    rendered by MkDocs when it differs."""
    rendered = render(config, "a/index.md", PLAIN)
    assert rendered is not None
    hashed: list[str] = []
    real = prerender_module.digest
    monkeypatch.setattr(prerender_module, "digest", lambda text: hashed.append(text) or real(text))

    def built(change: Callable[[str], str] | None = None) -> ReadyPage:
        file = File("a/index.md", None, config.site_dir, True)
        file.content_string = PLAIN
        page = ReadyPage(None, file, config)
        page.ready, page.key = rendered, KEY
        page.read_source(config)
        if change is not None:
            assert page.markdown is not None
            page.markdown = change(page.markdown)
        page.render(config, Files([file]))
        return page

    assert built().content == rendered.html
    assert hashed == []
    assert built(lambda markdown: "".join(list(markdown))).content == rendered.html
    assert len(hashed) == 1
    changed = built(lambda markdown: markdown + "\n新增的段落。\n").content
    assert changed is not None
    assert "新增的段落" in changed
    assert "新增的段落" not in rendered.html
