"""MkDocs' rendering of a page for the page pool, faster and with the very same output.

A report page is Chinese prose, and Python-Markdown asks of every piece of it what only
Markdown's punctuation can answer. `render` is MkDocs' `Page.render` with four changes,
none of which changes a byte of what it makes (tests/test_site_mdfast.py compares them):

- **Inline patterns.** The stock `InlineProcessor` tries fifteen regular expressions, each
  through a few Python calls, on every text (a paragraph, a heading, a table cell): a third
  of a report page's Markdown. `QuickInline` gives a text to them only when it holds one of
  the literals that every match of some pattern contains; a text with none is left as it is,
  which is what the patterns would have done.
- **Block processors.** The stock `BlockParser` asks up to thirteen block processors about
  each block before the paragraph processor takes it. `QuickParser` gives a block in which
  `_UNPLAIN` finds none of the characters those processors need straight to the paragraph
  processor.
- **Smaller steps.** The table of contents looks for its `[TOC]` marker only when some
  text holds it (`QuickToc`); unescaping and restoring raw HTML leave a text without the
  STX their placeholders start with as it is (`QuickUnescape`, `QuickRawHtml`).
- **One Markdown instance** per process and configuration, `reset` between pages as
  Python-Markdown provides, instead of a new one per page.

And one change that does change something: MkDocs reads a page's raw HTML for anchors with
Python's HTML parser, which a `<![` that opens no marked section it knows (`<![ 注`, text
from a PDF) stops with an AssertionError, and the whole build with it. `_RawHtml` reads such
a `<![` as text, as Python-Markdown renders it; every report page and every docs page of the
site's own kinds is rendered here, so no report can stop a build that way.

Each knows the processors and patterns of Python-Markdown and of the extensions the site
uses, by type and regular expression; with any other among them it does as the stock
parser or processor does.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import Any

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import (
    BlockQuoteProcessor,
    CodeBlockProcessor,
    EmptyBlockProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ListIndentProcessor,
    OListProcessor,
    ParagraphProcessor,
    ReferenceProcessor,
    SetextHeaderProcessor,
    UListProcessor,
)
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import TocTreeprocessor
from markdown.inlinepatterns import (
    AUTOLINK_RE,
    AUTOMAIL_RE,
    BACKTICK_RE,
    ENTITY_RE,
    ESCAPE_RE,
    HTML_RE,
    IMAGE_LINK_RE,
    LINE_BREAK_RE,
    LINK_RE,
    DelimiterProcessor,
    InlineProcessor,
    Pattern,
)
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.treeprocessors import InlineProcessor as StockInline
from markdown.treeprocessors import UnescapeTreeprocessor
from markdown.util import STX, Registry
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _HTMLHandler,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

# The footnotes extension defines its pattern inside `extendMarkdown`, out of reach.
_FOOTNOTE_RE = r"\[\^([^\]]*)\]"

# A literal every match of each pattern holds, by the pattern's regular expression.
_LITERALS = {
    BACKTICK_RE: "`",  # both alternatives end at a backtick (one in a lookahead)
    ESCAPE_RE: "\\",
    LINK_RE: "[",  # also REFERENCE_RE and the short references
    IMAGE_LINK_RE: "![",  # also IMAGE_REFERENCE_RE
    AUTOLINK_RE: "<",
    AUTOMAIL_RE: "<",
    HTML_RE: "<",
    ENTITY_RE: "&",
    LINE_BREAK_RE: "  \n",
    _FOOTNOTE_RE: "[^",
}
# How Python-Markdown compiles every pattern's expression.
_FLAGS = re.compile("", re.DOTALL | re.UNICODE).flags
# The stock processor's private method that applies the patterns to one text; it calls it
# as `self.__handleInline`, so a subclass's method of this name is called instead.
_HANDLE = "_InlineProcessor__handleInline"


def literals(patterns: Registry[Any]) -> tuple[str, ...] | None:
    """Literals one of which every match of any of `patterns` holds; None when a pattern is
    not one whose literals are known, or matches by other means than its expression."""
    found = [STX]  # starts every placeholder, which the stock processor looks into
    for pattern in patterns:
        if (
            not isinstance(pattern, InlineProcessor)
            or type(pattern).getCompiledRegExp is not Pattern.getCompiledRegExp
            or pattern.compiled_re.flags != _FLAGS  # re.VERBOSE, say, reads them otherwise
        ):
            return None
        source = pattern.compiled_re.pattern
        if isinstance(pattern, DelimiterProcessor):
            # The emphasis pattern: any of its delimiters (`*`, `_`), one expression for all.
            if source != "|".join(re.escape(t) for t in pattern.tokens):
                return None
            found.extend(pattern.tokens)
        elif source in _LITERALS:
            found.append(_LITERALS[source])
        else:
            return None
    return tuple(sorted(set(found)))


@functools.cache
def _search(found: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in found))


class QuickInline(StockInline):
    """The stock `InlineProcessor`, passing over text without any pattern's literal."""

    _worth: re.Pattern[str] | None = None

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        found = literals(self.inlinePatterns)
        self._worth = None if found is None else _search(found)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        worth = self._worth
        if worth is not None and worth.search(data) is None:
            return data
        handle = getattr(super(), _HANDLE)
        result: str = handle(data, patternIndex)
        return result


# The block processors whose test fails, or whose run gives the block back, on a block
# `_UNPLAIN` finds nothing in: for each, the characters it needs (at the start of the block,
# at the start of a line, or anywhere).
_NOT_PLAIN = (
    EmptyBlockProcessor,  # an empty block, or one that starts with a line break
    ListIndentProcessor,  # an indented block
    CodeBlockProcessor,  # an indented block
    OListProcessor,  # a digit, maybe after spaces, at the start
    UListProcessor,  # `*`, `+` or `-`, maybe after spaces, at the start
    HRProcessor,  # a line starting with `-`, `_` or `*`, maybe after spaces
    SetextHeaderProcessor,  # a line starting with `=` or `-`
    HashHeaderProcessor,  # `#`
    BlockQuoteProcessor,  # `>`
    TableProcessor,  # `|`
    AdmonitionProcessor,  # `!!!`, or an indented block after an admonition
    FootnoteBlockProcessor,  # `[^`
    ReferenceProcessor,  # `[`
)
_UNPLAIN = re.compile(r"\A[\s\d*+\-_]|[!#|>\[]|\n[ ]{0,3}[-_*=]")


def paragraph_only(parser: BlockParser) -> ParagraphProcessor | None:
    """The paragraph processor, when every processor before it is one of `_NOT_PLAIN`: then
    a block without anything `_UNPLAIN` finds is that processor's, without asking them."""
    if parser.md.tab_length < 1:  # then every block is indented
        return None
    for processor in parser.blockprocessors:
        if type(processor) is ParagraphProcessor:
            return processor
        if type(processor) not in _NOT_PLAIN:
            return None
    return None


class QuickParser(BlockParser):
    """The stock `BlockParser`, giving a plain block straight to the paragraph processor."""

    _paragraph: ParagraphProcessor | None = None

    def parseDocument(self, lines: Iterable[str]) -> etree.ElementTree:
        self._paragraph = paragraph_only(self)
        return super().parseDocument(lines)

    def parseBlocks(self, parent: etree.Element, blocks: list[str]) -> None:
        # As the stock loop, which has no step a subclass could take over.
        paragraph = self._paragraph
        while blocks:
            if paragraph is not None and blocks[0] and _UNPLAIN.search(blocks[0]) is None:
                paragraph.run(parent, blocks)
                continue
            for processor in self.blockprocessors:
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break


class QuickToc(TocTreeprocessor):
    """The stock table of contents, which walks the whole tree, joining the text of each
    element, to put the table in place of a paragraph that is only its marker: not walked
    when no element's text holds the marker."""

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        marker = self.marker
        if any(marker in (e.text or "") for e in root.iter()):
            super().replace_marker(root, elem)


class QuickUnescape(UnescapeTreeprocessor):
    """The stock unescaping of backslash escapes, which stand as STX, a number and ETX: a
    text without STX is left as it is without a regular expression."""

    def unescape(self, text: str) -> str:
        return super().unescape(text) if STX in text else text


class QuickRawHtml(RawHtmlPostprocessor):
    """The stock restoring of raw HTML, whose placeholders start with STX: a text without
    STX (a heading the table of contents reads, the table itself) is left as it is."""

    def run(self, text: str) -> str:
        return super().run(text) if STX in text else text


# Where each stock processor is registered, and its quick kind.
_QUICK: tuple[tuple[str, str, type[Any], type[Any]], ...] = (
    ("treeprocessors", "inline", StockInline, QuickInline),
    ("treeprocessors", "toc", TocTreeprocessor, QuickToc),
    ("treeprocessors", "unescape", UnescapeTreeprocessor, QuickUnescape),
    ("postprocessors", "raw_html", RawHtmlPostprocessor, QuickRawHtml),
)


class QuickExtension(Extension):
    """Makes each stock processor of `_QUICK` and the stock block parser their quick kind,
    where they are the stock ones."""

    def extendMarkdown(self, md: Markdown) -> None:
        # The same instances, so their names, priorities and state stay as they were.
        for registry, name, stock, quick in _QUICK:
            steps = getattr(md, registry)
            if name in steps and type(steps[name]) is stock:
                steps[name].__class__ = quick
        if type(md.parser) is BlockParser:
            md.parser.__class__ = QuickParser


def render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """`page.render(config, files)`: what MkDocs' `Page.render` does, with the Markdown
    instance kept for `config` (building one cost a seventh of converting a report page)
    and `QuickExtension`."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    md = _markdown(config)
    md.reset()
    raw_html = _RawHtml()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = _RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    try:
        page.content = md.convert(page.markdown)
    except BaseException:
        # A conversion stopped half-way may leave state that `reset` does not clear.
        _forget()
        raise
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors


class _AnchorReader(_HTMLHandler):
    def parse_marked_section(self, i: int, report: int = 1) -> int:
        try:
            return int(super().parse_marked_section(i, report))
        except AssertionError:  # `<![` and no CDATA, if, endif…: text
            return i + 3


class _RawHtml(_RawHTMLPreprocessor):
    """MkDocs' `_RawHTMLPreprocessor` with `_AnchorReader` (see the module's docstring)."""

    def run(self, lines: list[str]) -> list[str]:
        parser = _AnchorReader()
        parser.feed("\n".join(lines))
        parser.close()
        self.present_anchor_ids = parser.present_anchor_ids
        return lines


def _markdown(config: MkDocsConfig) -> Markdown:
    kept: tuple[MkDocsConfig, Markdown] | None = getattr(_KEPT, "markdown", None)
    if kept is not None and kept[0] is config:
        return kept[1]
    md = Markdown(
        extensions=[*config["markdown_extensions"], QuickExtension()],
        extension_configs=config["mdx_configs"] or {},
    )
    # One configuration per process (a test's earlier ones need not stay), and an instance
    # per thread: a conversion is not to be shared.
    _KEPT.markdown = (config, md)
    return md


def _forget() -> None:
    _KEPT.markdown = None


_KEPT = threading.local()
# The logger `Page.render` consults for anchor links (looked up once: each lookup takes a lock).
PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
