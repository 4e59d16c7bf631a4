"""The page pool's faster Python-Markdown (`gongkai.site.mdfast`) gives, byte for byte, what
stock Python-Markdown gives with the site's extensions: on generated Markdown full of every
construct the extensions read, on the real reports in ../shared/corpus, and on generated
report pages as the build renders them."""

from __future__ import annotations

import functools
import html
import re
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import SubElement

import mkdocs.structure.pages
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import (
    LINE_BREAK_RE,
    SimpleTextInlineProcessor,
    SubstituteTagInlineProcessor,
)
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from gongkai.importers.plaintext import to_markdown
from gongkai.site import mdfast, prerender
from gongkai.site.html import HEAD_START, split_head
from gongkai.site.mdfast import QuickExtension, QuickInline, literals
from gongkai.site.report_page import report_page
from records import published_report

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

sys.path.insert(0, str(ROOT / "scripts"))
import _synthetic  # noqa: E402


@functools.cache
def site_config() -> MkDocsConfig:
    """The repository's mkdocs.yml: the extensions and settings the site renders with."""
    return load_config(str(ROOT / "mkdocs.yml"))


def rendered(text: str, render: Callable[[Page, MkDocsConfig, Files], None]) -> tuple[Any, ...]:
    config = site_config()
    file = File("a/b.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    page = Page(None, file, config)
    page.markdown = text
    try:
        render(page, config, Files([file]))
    except Exception as error:
        return (type(error), str(error))
    toc = prerender.toc_tokens(list(page.toc))
    links = {f.src_uri: to for f, to in (page.links_to_anchors or {}).items()}
    return page.content, toc, page.title, page.present_anchor_ids, links


def stock(page: Page, config: MkDocsConfig, files: Files) -> None:
    """MkDocs' `Page.render`, with only its reader of anchors made to read a stray `<![` as
    text (which `test_a_stray_marked_section_is_text` checks on its own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mkdocs.structure.pages, "_HTMLHandler", mdfast._AnchorReader)
        page.render(config, files)


@pytest.mark.parametrize("opening", ["<![ ", "<![注 ", "<![a b"])
def test_a_stray_marked_section_is_text(opening: str) -> None:
    """Python's HTML parser stops at a `<![` that opens no section it knows, and MkDocs' raw
    HTML reader with it: the build stopped with a traceback. It is text, as Python-Markdown
    renders it, and the anchors after it are still found."""
    text = f'正文 {opening}见附件\n\n<a id="k"></a>\n\n<![CDATA[x]]>'
    content, _toc, _title, anchors, _links = rendered(text, mdfast.render)
    assert f"正文 {html.escape(opening, quote=False)}见附件" in content
    assert anchors == {"k"}


def assert_same(text: str) -> None:
    """The page as MkDocs renders it, and as `mdfast` does with the instance it keeps, which
    has rendered every earlier text of the test run."""
    assert rendered(text, mdfast.render) == rendered(text, stock)


def test_the_quick_processor_takes_the_stock_ones_place() -> None:
    md = Markdown(extensions=[*site_config()["markdown_extensions"], QuickExtension()])
    steps = md.treeprocessors
    assert type(steps["inline"]) is QuickInline
    assert type(steps["toc"]) is mdfast.QuickToc
    assert type(steps["unescape"]) is mdfast.QuickUnescape
    assert type(md.postprocessors["raw_html"]) is mdfast.QuickRawHtml
    assert type(md.parser) is mdfast.QuickParser
    stock = Markdown(extensions=site_config()["markdown_extensions"]).treeprocessors
    assert sorted((p.name, p.priority) for p in steps._priority) == sorted(
        (p.name, p.priority) for p in stock._priority
    )
    found = literals(md.inlinePatterns)
    assert found is not None
    assert set(found) == {"\x02", "  \n", "&", "*", "<", "![", "[", "[^", "\\", "_", "`"}


def test_an_unknown_pattern_means_every_text_goes_to_the_patterns() -> None:
    md = Markdown(extensions=[QuickExtension()])
    md.inlinePatterns.register(SimpleTextInlineProcessor(r"(~)"), "tilde", 65)
    assert literals(md.inlinePatterns) is None
    # Without a known literal in it, the text still reaches the new pattern.
    assert md.convert("甲~乙") == Markdown().convert("甲~乙")


class _Shout(BlockProcessor):
    """A block processor of someone else's: a block ending in `！` is a heading."""

    def test(self, parent: Any, block: str) -> bool:
        return block.endswith("！")

    def run(self, parent: Any, blocks: list[str]) -> None:
        SubElement(parent, "h2").text = blocks.pop(0)


def test_an_unknown_block_processor_is_asked_about_every_block() -> None:
    def shouting(md: Markdown) -> Markdown:
        md.parser.blockprocessors.register(_Shout(md.parser), "shout", 12)
        return md

    md = shouting(Markdown(extensions=[QuickExtension()]))
    assert mdfast.paragraph_only(md.parser) is None
    assert md.convert("甲乙！\n\n丙丁") == "<h2>甲乙！</h2>\n<p>丙丁</p>"
    assert mdfast.paragraph_only(Markdown(extensions=[QuickExtension()]).parser) is not None


def test_a_known_expression_read_otherwise_is_an_unknown_pattern() -> None:
    def verbose(md: Markdown) -> Markdown:
        """Line breaks at every line end: the two spaces of LINE_BREAK_RE do not count."""
        linebreak = SubstituteTagInlineProcessor(LINE_BREAK_RE, "br")
        linebreak.compiled_re = re.compile(LINE_BREAK_RE, re.VERBOSE | re.DOTALL | re.UNICODE)
        md.inlinePatterns.register(linebreak, "linebreak", 100)
        return md

    md = verbose(Markdown(extensions=[QuickExtension()]))
    assert literals(md.inlinePatterns) is None
    assert md.convert("甲\n乙") == verbose(Markdown()).convert("甲\n乙") == "<p>甲<br />\n乙</p>"


_WORDS = st.sampled_from(
    [
        "政务公开",
        "法治",
        "报告",
        "一",
        "abc",
        "x_y",
        "2024",
        "2024.",
        "（一）",
        "，",
        "。",
        " ",
        "\u3000",
        "=",
        "-",
        "+",
        "#",
        ">",
        "|",
        "!",
        ":",
        "\t",
    ]
)
_INLINE = st.sampled_from(
    [
        "*强调*",
        "**加粗**",
        "_下划线_",
        "__粗__",
        "***三***",
        "* 孤 *",
        "a*b*c",
        "中_文_字",
        "`代码`",
        "``a`b``",
        "\\*",
        "\\\\",
        "\\`",
        "[链接](http://example.org/)",
        "[链接][1]",
        "[1]",
        "[链接]",
        "![图](a.png)",
        "![图][1]",
        "[^1]",
        "[^2]",
        "[^缺]",
        "<http://example.org/>",
        "<a@example.org>",
        "<span>内</span>",
        "<b>",
        "<!-- 注 -->",
        "&amp;",
        "&#20013;",
        "&#x4e2d;",
        "&nbsp;",
        "& 与",
        "  \n",
        "<",
        ">",
        "&",
        "[",
        "]",
        "!",
        "\x02",
        "\x03",
        "\x02wzxhzdk:0\x03",
        "{: .cls }",
        "{ #id }",
    ]
)
_LINE = st.lists(st.one_of(_WORDS, _INLINE), min_size=1, max_size=12).map("".join)
_HEADING = st.builds(
    lambda level, text, attrs: f"{'#' * level} {text}{attrs}",
    st.integers(1, 6),
    st.sampled_from(["一、主要举措", "主要举措", "（一）做法", "Intro", "一、主要举措", "*强调*"]),
    st.sampled_from(["", " {: #own }", " { .cls }", " #"]),
)
_BLOCK = st.one_of(
    _LINE,
    _HEADING,
    st.lists(_LINE, min_size=1, max_size=3).map(lambda lines: "\n".join(f"- {x}" for x in lines)),
    st.lists(_LINE, min_size=1, max_size=3).map(
        lambda lines: "\n".join(f"{i}. {x}" for i, x in enumerate(lines, 1))
    ),
    st.lists(_LINE, min_size=2, max_size=4).map(
        lambda cells: (
            "| "
            + " | ".join(cells)
            + " |\n|"
            + "---|" * len(cells)
            + "\n| "
            + " | ".join(reversed(cells))
            + " |"
        )
    ),
    _LINE.map(lambda x: f'!!! note "提示"\n    {x}'),
    _LINE.map(lambda x: f"[^1]: {x}"),
    _LINE.map(lambda x: f"[^2]:\n    {x}\n\n    续"),
    st.just("[1]: http://example.org/ '标题'"),
    _LINE.map(lambda x: f"<div>\n{x}\n</div>"),
    _LINE.map(lambda x: f"    {x}"),
    _LINE.map(lambda x: f"> {x}"),
    _LINE.map(lambda x: f"```\n{x}\n```"),
    st.just("[TOC]"),
    st.sampled_from(
        ["===", "---", "***", "___", "- - -", "  * * *", "+ 项", "1. 项", "3.项", "~~~"]
    ),
    st.builds(
        lambda x, line: f"{x}\n{line}",
        _LINE,
        st.sampled_from(["===", "---", "***", "___", "   ---", "   ***", "- 项", "# 标题", "> 引"]),
    ),
)
_DOCUMENT = st.lists(_BLOCK, max_size=14).flatmap(
    lambda blocks: st.sampled_from(["\n\n", "\n"]).map(lambda sep: sep.join(blocks))
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_DOCUMENT)
def test_generated_markdown_renders_as_stock(text: str) -> None:
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="*_`\\[]()!<>&#;^:.{} \n\t-|中a1\x02\x03", max_size=80))
def test_any_text_of_the_literals_renders_as_stock(text: str) -> None:
    assert_same(text)


def _corpus_texts() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in {".md", ".txt"})


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize("path", _corpus_texts(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_real_reports_render_as_stock(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert_same(text)
    if path.suffix == ".txt":
        text = to_markdown(text, {"title": "报告", "type": "fazhi"})
        assert_same(text)
    # As the pool renders it: below a report page's head.
    body, _meta = get_data(text)
    assert_same_page(report_page(published_report("示例县人民政府", 2024), body))


def assert_same_page(source: str) -> None:
    config = site_config()
    fast = prerender.render(config, "2024/fazhi/示例县人民政府/index.md", source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mdfast, "render", stock)
        assert prerender.render(config, "2024/fazhi/示例县人民政府/index.md", source) == fast


def test_generated_report_pages_render_as_stock() -> None:
    config = site_config()
    settings_before = repr(dict(config.items()))
    for report in _synthetic.corpus(12, 2025, _synthetic.load_shared_generator()):
        body, meta = get_data(report.text)
        source = report_page(published_report(meta["issuer"], meta["year"]), body)
        assert prerender.render(config, "2024/fazhi/示例县人民政府/index.md", source) is not None
        assert_same_page(source)
    assert repr(dict(config.items())) == settings_before  # the site's config is as it was


def test_one_markdown_instance_serves_a_configuration() -> None:
    config = site_config()
    assert mdfast._markdown(config) is mdfast._markdown(config)
    assert not any(isinstance(e, QuickExtension) for e in config["markdown_extensions"])
    with ThreadPoolExecutor(1) as other:
        assert other.submit(mdfast._markdown, config).result() is not mdfast._markdown(config)


def test_a_conversion_that_fails_leaves_no_instance_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    config = site_config()
    md = mdfast._markdown(config)

    def fail(text: str) -> str:
        raise RuntimeError(text)

    monkeypatch.setattr(md, "convert", fail)
    assert rendered("正文", mdfast.render) == (RuntimeError, "正文")
    assert mdfast._markdown(config) is not md
    assert_same("正文")


_HEAD_PARTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "正文",
        "hidden",
        '<a NAME="n">',
        "<a name='m'>",
        '<span name="s">',
        '<p Id="p">',
        "<div ID=x>",
        '<b data-id="d">',
        '<i id="">',
        '<!-- id="c" -->',
        '<a\nname="l">',
        ' id="t" ',
        "&lt;a id=&quot;e&quot;&gt;",
        '<h1 id="gk-title">',
        ">",
    ]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_HEAD_PARTS, max_size=8))
def test_a_heads_anchors_are_those_html_parsing_finds(parts: list[str]) -> None:
    head = HEAD_START + "".join(parts)
    assert prerender._head_anchor_ids(head) == prerender._anchor_ids(head)


def test_a_report_pages_head_has_the_title_as_its_anchor() -> None:
    report = published_report("示例县人民政府", 2024, title="Video 与 name 的报告")
    head, _rest = split_head(get_data(report_page(report, "正文。"))[0])
    assert "name" in head.lower()  # parsed, not assumed
    assert prerender._head_anchor_ids(head) == prerender._anchor_ids(head) == {"gk-title"}
