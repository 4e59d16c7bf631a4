"""Hypothesis strategies and invariants for report files, shared by the property tests
(tests/test_properties.py) and the long-running fuzzer (scripts/fuzz_check.py).

The strategies build *bytes of a file*: YAML-ish front-matter (valid, nearly valid or
garbage) followed by a Markdown body assembled from the constructs the heading scanner and
the rules care about, with LF, CRLF or CR line ends, an optional BOM, and sometimes in
GB18030 instead of UTF-8. `check_invariants` states what every check of any file must
satisfy, whatever the bytes.

Besides ordinary reports, the strategies cover input that has broken the checker before
(each case also pinned by a regression test in tests/test_properties.py):

- front-matter values: flow collections nested up to 1,200 deep, anchors and aliases
  (an alias bomb only in its regression test: chance does not build one), explicit tags,
  among them those PyYAML's constructors crash on (`!!bool 0`, `!!timestamp 0`), block
  scalars whose values span lines;
- text with control characters YAML refuses to read, and the line breaks only YAML sees
  (NEL, LS, PS), in front-matter and body alike;
- LF, CRLF, CR and mixed line ends, a BOM or none, UTF-8 or GB18030, for the same report;
- ATX headings with closing `#`s, trailing blanks and the ideographic space U+3000,
  compared with how Python-Markdown reads them.

The invariants hold for all of it: findings are located inside the file, render on one
line each, and do not depend on line ends or a BOM.

The site renderer gets report pages (metadata from hostile text, bodies with pasted
scripts, event handlers, javascript: and data: URLs, attribute lists and extension syntax):
rendered as the site build renders them, every page must parse, hold only what the HTML
allow-list permits, and take bounded time (`check_render`).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from gongkai.config import Config
from gongkai.engine import FileResult, apply_config, check_bytes
from gongkai.model.headings import scan_headings
from gongkai.model.metadata import FIELD_NAMES
from gongkai.model.source import SourceText
from gongkai.numerals import NUMERALS
from gongkai.output import FORMATTERS
from gongkai.rules import RULES_BY_ID
from gongkai.rules.base import LANGS, Finding, Severity
from gongkai.site.records import Attachment, PublishedReport
from gongkai.site.report_page import report_page
from gongkai.site.urls import report_url

BOM = b"\xef\xbb\xbf"
# Characters YAML reads as line breaks although neither the report model nor editors do.
YAML_ONLY_BREAKS = "\x85\u2028\u2029"
_LINE_END = re.compile(r"\r\n|\r|\n")
_LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")

# --------------------------------------------------------------------------------------
# Text
#
# Strategies are built once (functools.cache): building them inside every draw made
# generation, not checking, the cost of a test.


CJK = (
    "法治政府建设年度报告存在的不足和原因第一责任人下一年度主要安排其他需要报告情况"
    "示例县镇人民举措成效问题短板差距由于因为统计期限今后明年工作计划依法行政执法"
)
_PUNCT = "，。、；：！？（）《》“”〔〕［］【】—…·　"
_ASCII = "abcxyzABCXYZ0123456789 -_.,:;!?()[]{}'\"@&*%|/\\<>=+~`^$#"
# What YAML refuses to read: C0 and C1 controls (but tab, LF, CR and NEL), DEL, U+FFFE/F.
_NOT_YAML = "".join(
    chr(c)
    for c in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0xFFFE, 0xFFFF]
    if c not in (9, 10, 13, 0x85)
)

PHRASES = (
    "推进法治政府建设的主要举措和成效",
    "主要举措和成效",
    "主要做法",
    "工作开展情况",
    "存在的不足和原因",
    "存在的问题",
    "短板和差距",
    "主要原因是学法培训针对性不强",
    "由于编制有限",
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "第一责任人",
    "下一年度推进法治政府建设的主要安排",
    "下一步工作计划",
    "2025年工作打算",
    "其他需要报告的情况",
    "其他事项",
    "统计期限为2023年1月1日至2023年12月31日",
    "统计期间：2024年",
    "《法治政府建设实施纲要（2021—2025年）》",
    "示政〔2025〕3号",
    "2021—2025年",
    "2019至2020年",
    "关于2024年法治政府建设情况的报告",
    "无",
    "<!-- 注释 -->",
    "`code`",
    "**加粗**",
    "[链接](https://example.gov.cn)",
)


def _chars(alphabet: str, *, min_size: int = 0, max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)


def cjk_text(min_size: int = 1, max_size: int = 16) -> st.SearchStrategy[str]:
    return _chars(CJK + CJK + _PUNCT, min_size=min_size, max_size=max_size)


years = st.integers(1990, 2110).map(lambda y: f"{y}年")


@functools.cache
def any_text() -> st.SearchStrategy[str]:
    """Arbitrary text without CR (the line-end properties add those): control characters,
    NEL, LS and PS included, and a few of them mixed in more often than chance would."""
    char = st.one_of(
        st.characters(codec="utf-8", exclude_characters="\r"),
        st.sampled_from(_NOT_YAML + YAML_ONLY_BREAKS),
    )
    return st.text(alphabet=char, max_size=40)


@functools.cache
def inline() -> st.SearchStrategy[str]:
    """One line of text, never containing a line break that the report model counts (LF,
    CR); those only YAML counts (NEL, LS, PS) may occur."""
    phrase = st.one_of(
        st.sampled_from(PHRASES),
        cjk_text(),
        years,
        _chars(_ASCII + CJK, max_size=12),
        any_text(),
    )
    return st.lists(phrase, max_size=5).map(lambda parts: re.sub(r"[\n\r]", " ", "".join(parts)))


# --------------------------------------------------------------------------------------
# YAML-ish front-matter


_TAGS = (
    "!!python/object:os.system",
    "!!python/object/apply:os.system",
    "!!python/name:os.system",
    "!!binary",
    "!!int",
    "!!str",
    "!!float",
    "!!null",
    "!!set",
    "!!omap",
    "!!map",
    "!!seq",
    "!custom",
    "!<tag:yaml.org,2002:str>",
    "!",
    # PyYAML's constructors for these raise KeyError/AttributeError on bad values.
    "!!bool",
    "!!timestamp",
)
_ANCHORS = ("a", "b", "锚")
_SPECIAL_SCALARS = (
    "",
    "~",
    "null",
    "true",
    "no",
    "off",
    "0x7E8",
    "2_024",
    "+2024",
    "2024.0",
    "1e3",
    ".inf",
    ".nan",
    "2025-02-30",
    "2025-13-01",
    "2025/3/20",
    "2025年3月20日",
    "2025-03-20T10:00:00Z",
    "2025-03-20 10:00:00",
    "20250320",
    "fazhi",
    "Fazhi",
    "zhengwu",
    "township",
    "county",
    "province",
    "draft",
    "published",
    "withdrawn",
    "示政〔2025〕3号",
    "示政[2025]3号",
    "411303",
    "011303",
    "：",
    "a: b",
    "- x",
    "[unclosed",
    "{a: 1",
    "'unterminated",
    '"unterminated',
    "@reserved",
    "`reserved",
    "%TAG",
    "? key",
    "|",
    ">-",
    "*",
    "&",
    "!",
    "#",
)
_KEYS = st.one_of(
    st.sampled_from(FIELD_NAMES),
    st.sampled_from(FIELD_NAMES),
    st.sampled_from(
        (
            "yaer",
            "titel",
            "Title",
            "date",
            "organization",
            "发布机关",
            "标题",
            '"title"',
            "'year'",
            "<<",
            "1",
            "2024",
            "~",
            "null",
            "true",
            "? title",
            "? [a, b]",
            "!!str year",
            "&k type",
            "*a",
        )
    ),
    _chars("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10),
    cjk_text(max_size=6),
)


@functools.cache
def _scalars() -> st.SearchStrategy[str]:
    """A scalar as YAML text: plain or quoted, sometimes tagged, anchored or an alias, or a
    flow collection nested up to 1,200 deep."""
    plain = st.one_of(
        st.integers(-(10**20), 10**20).map(str),
        st.integers(1990, 2110).map(str),
        st.sampled_from(_SPECIAL_SCALARS),
        st.dates(dt.date(1990, 1, 1), dt.date(2110, 12, 31)).map(dt.date.isoformat),
        cjk_text(),
        inline().filter(lambda s: not s.startswith(("#", "\t"))),
        st.tuples(
            cjk_text(),
            st.sampled_from(("\t", " ", "  ", ": ", " #", *YAML_ONLY_BREAKS, "\x01", "\x7f")),
        ).map("".join),
    )
    escapes: tuple[str, ...] = (
        "\\n",
        "\\t",
        "\\x41",
        "\\u2028",
        "\\N",
        "\\_",
        "\\q",
        "\\",
        "\\\\",
        "''",
        *YAML_ONLY_BREAKS,
    )
    body = st.lists(st.one_of(cjk_text(), st.sampled_from(escapes), years), max_size=4)
    quoted = st.tuples(st.sampled_from(("'", '"')), body.map("".join)).map(
        lambda t: f"{t[0]}{t[1]}{t[0]}"
    )
    # Deep nesting, often under a known field: GK004 once showed such a value with str(),
    # a RecursionError from about 990 levels (and libyaml overflows its C stack far deeper).
    # One scalar in 30, since a front-matter has many and one too deep ends its check;
    # depths around the limit of 32 as well as far past it.
    depth = st.one_of(st.integers(0, 40), st.integers(0, 1200))
    nested = depth.map(lambda n: "[" * n + "]" * n)
    return _decorated(_one_in(30, nested, st.one_of(plain, quoted)), _TAGS)


@st.composite
def _one_in(
    draw: st.DrawFn, n: int, rare: st.SearchStrategy[str], usual: st.SearchStrategy[str]
) -> str:
    """`rare` once in `n` draws, else `usual` (which is what shrinking goes towards)."""
    return draw(rare if draw(st.integers(0, n - 1)) == n - 1 else usual)


@st.composite
def _decorated(draw: st.DrawFn, scalar: st.SearchStrategy[str], tags: tuple[str, ...]) -> str:
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return "*" + draw(st.sampled_from((*_ANCHORS, "undefined")))
    value = draw(scalar)
    if choice == 1:
        return f"&{draw(st.sampled_from(_ANCHORS))} {value}"
    if choice == 2:
        return f"{draw(st.sampled_from(tags))} {value}"
    return value


@dataclass(frozen=True)
class YamlValue:
    """A value as YAML text: what follows `key:` on its line, then more lines (unindented)."""

    inline: str
    block: tuple[str, ...] = ()


_MAX_DEPTH = 3


@functools.cache
def yaml_values(depth: int = 0) -> st.SearchStrategy[YamlValue]:
    """A YAML value: scalar, flow collection, block list or map, or block scalar."""
    scalar = _scalars().map(YamlValue)
    if depth >= _MAX_DEPTH:
        return scalar
    flow = _flows(depth).map(YamlValue)
    line = inline()

    @st.composite
    def literal(draw: st.DrawFn) -> YamlValue:
        header = draw(st.sampled_from(("|", ">", "|-", ">+", "|2", "| # 注释")))
        lines = draw(st.lists(st.one_of(line, cjk_text()), max_size=3))
        indent = draw(st.sampled_from(("  ", " ", "    ", "\t")))
        return YamlValue(header, tuple(indent + text for text in lines))

    @st.composite
    def collection(draw: st.DrawFn) -> YamlValue:
        kind = draw(st.sampled_from(("list", "map")))
        step = draw(st.sampled_from(("  ", "  ", "    ", " ", "\t")))
        items = draw(st.lists(yaml_values(depth + 1), max_size=3))
        lines: list[str] = []
        for item in items:
            key = "-" if kind == "list" else draw(_KEYS) + ":"
            lines.append(f"{key} {item.inline}".rstrip() if item.inline else key)
            lines.extend(step + text for text in item.block)
        prefix = draw(st.sampled_from(("", "", "&a", "!!map", "!!seq")))
        return YamlValue(prefix, tuple(step + text for text in lines))

    return st.one_of(scalar, scalar, scalar, flow, collection(), literal())


@functools.cache
def _flows(depth: int) -> st.SearchStrategy[str]:
    """A flow collection, `[a, b]` or `{k: v}`, sometimes left unclosed."""
    scalar = _scalars()
    if depth >= _MAX_DEPTH:
        return scalar
    item = st.one_of(scalar, scalar, _flows(depth + 1))

    @st.composite
    def flow(draw: st.DrawFn) -> str:
        items = draw(st.lists(item, max_size=4))
        if draw(st.booleans()):
            return "[" + ", ".join(items) + draw(st.sampled_from(("]", "]", "]", ",]", "")))
        keys = draw(st.lists(_KEYS, min_size=len(items), max_size=len(items)))
        pairs = ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True))
        return "{" + pairs + draw(st.sampled_from(("}", "}", "}", "")))

    return flow()


@functools.cache
def yamlish_entries() -> st.SearchStrategy[list[str]]:
    """Lines of a random, often broken, YAML mapping."""
    values = yaml_values(0)
    line = inline()

    @st.composite
    def entries(draw: st.DrawFn) -> list[str]:
        lines: list[str] = []
        for _ in range(draw(st.integers(0, 8))):
            kind = draw(st.integers(0, 19))
            if kind == 0:
                lines.append(draw(st.sampled_from(("", "   ", "\t", "# 注释", "#", "%YAML 1.1"))))
                continue
            if kind == 1:
                lines.append(draw(line))
                continue
            key = draw(_KEYS)
            value = draw(values)
            indent = draw(st.sampled_from(("", "", "", "", " ", "\t", "  ")))
            sep = draw(st.sampled_from((" ", " ", " ", " ", "  ", "\t", "", "： ")))
            comment = draw(st.sampled_from(("", "", "", " # 注释", "\t# x")))
            head = f"{indent}{key}:{sep}{value.inline}" if value.inline else f"{indent}{key}:"
            lines.append(head + comment)
            lines.extend(indent + text for text in value.block)
        return lines

    return entries()


@st.composite
def valid_fields(draw: st.DrawFn) -> dict[str, str]:
    """Front-matter of a fazhi report as YAML text per key: valid but for a few choices
    (a title year off by one, a wrong type) that the rules should notice."""
    year = draw(st.integers(2015, 2030))
    published = dt.date(year + 1, 1, 1) + dt.timedelta(days=draw(st.integers(-40, 150)))
    title_year = draw(st.sampled_from((year, year, year, year - 1)))
    fields = {
        "title": f"关于{title_year}年法治政府建设情况的报告",
        "type": draw(st.sampled_from(("fazhi", "fazhi", "fazhi", "fazi", "zhengwu"))),
        "year": str(year),
        "issuer": draw(st.sampled_from(("示例县人民政府", "示例县示例镇人民政府", "示例市司法局"))),
        "issuer_level": draw(
            st.sampled_from(("province", "city", "county", "township", "department"))
        ),
        "published": published.isoformat(),
    }
    if draw(st.booleans()):
        fields["status"] = draw(st.sampled_from(("published", "draft", "corrected")))
    if draw(st.booleans()):
        fields["doc_number"] = f"示政〔{year + 1}〕{draw(st.integers(1, 99))}号"
    if draw(st.booleans()):
        fields["region_code"] = draw(st.sampled_from(('"411303"', "411303", '"011303"')))
    return fields


@functools.cache
def nearly_valid_entries() -> st.SearchStrategy[list[str]]:
    """A valid fazhi front-matter with a few mutations, so the content rules get to run."""
    values = yaml_values(2)
    extra = yamlish_entries()

    @st.composite
    def entries(draw: st.DrawFn) -> list[str]:
        lines = [f"{key}: {value}" for key, value in draw(valid_fields()).items()]
        for _ in range(draw(st.integers(0, 2))):
            op = draw(st.integers(0, 4))
            if op == 0 and lines:
                del lines[draw(st.integers(0, len(lines) - 1))]
            elif op == 1 and lines:
                lines.append(draw(st.sampled_from(lines)))
            elif op == 2 and lines:
                index = draw(st.integers(0, len(lines) - 1))
                key = lines[index].split(":", 1)[0]
                lines[index] = f"{key}: {draw(values).inline}"
            else:
                lines.extend(draw(extra))
        return draw(st.permutations(lines))

    return entries()


_OPENINGS = ("---\n",) * 12 + ("--- \n", "---\t\n", "----\n", "\n---\n", " ---\n", "")
_CLOSINGS = ("---\n",) * 12 + ("...\n", "--- \n", "---", "-- -\n", "", "---\n---\n")


@functools.cache
def front_matters() -> st.SearchStrategy[str]:
    """Front-matter text (LF line ends) including its fences, or sometimes none at all."""
    entries = st.one_of(nearly_valid_entries(), yamlish_entries())
    return st.tuples(st.sampled_from(_OPENINGS), entries, st.sampled_from(_CLOSINGS)).map(
        lambda t: t[0] + "".join(line + "\n" for line in t[1]) + t[2]
    )


# --------------------------------------------------------------------------------------
# Markdown body

# Any text: an unclosed front-matter runs on into the body, and YAML may be given it too.
_body_line = inline()


@st.composite
def _atx(draw: st.DrawFn) -> list[str]:
    indent = " " * draw(st.sampled_from((0, 0, 0, 1, 3, 4)))
    hashes = "#" * draw(st.integers(1, 7))
    sep = draw(st.sampled_from((" ", " ", " ", "  ", "\t", "")))
    number = draw(st.sampled_from(("", "", "一、", "三、", "（一）", "十一、")))
    title = number + draw(_body_line)
    closing = draw(st.sampled_from(("", "", "", " #", " ###", "#", " # ")))
    return [f"{indent}{hashes}{sep}{title}{closing}"]


_atx_line = _atx().map(lambda lines: lines[0])


@st.composite
def _numbered(draw: st.DrawFn) -> list[str]:
    numeral = draw(_chars(NUMERALS, min_size=1, max_size=3))
    marker = draw(
        st.sampled_from((f"{numeral}、", f"（{numeral}）", f"({numeral})", f"{numeral}是"))
    )
    indent = draw(st.sampled_from(("", "", " ", "\t", "　")))
    end = draw(st.sampled_from(("", "。", "；", "：", "!")))
    return [indent + marker + draw(_body_line) + end]


@st.composite
def _fence(draw: st.DrawFn) -> list[str]:
    char = draw(st.sampled_from("`~"))
    width = draw(st.integers(3, 5))
    indent = " " * draw(st.integers(0, 3))
    opener = indent + char * width + draw(st.sampled_from(("", "yaml", " md")))
    body = draw(st.lists(st.one_of(_body_line, _atx_line), max_size=3))
    closers = (char * width, char * width, char * (width + 1), char * (width - 1), "```", "~~~", "")
    closer = draw(st.sampled_from(closers))
    return [opener, *body, *([closer] if closer else [])]


@st.composite
def _setext(draw: st.DrawFn) -> list[str]:
    text = draw(_body_line)
    underline = draw(st.sampled_from("=-")) * draw(st.integers(1, 8))
    indent = " " * draw(st.integers(0, 4))
    return [text, indent + underline + draw(st.sampled_from(("", " ", "\t")))]


@st.composite
def _comment(draw: st.DrawFn) -> list[str]:
    lines = draw(st.lists(st.one_of(_body_line, _atx_line), max_size=3))
    closed = draw(st.booleans()) or draw(st.booleans())
    return ["<!--" + (lines[0] if lines else ""), *lines[1:], *(["-->"] if closed else [])]


_FIXED_BLOCKS = (
    [""],
    ["", ""],
    ["   "],
    ["\t"],
    ["---"],
    ["***"],
    ["- 列表项"],
    ["1. 列表项"],
    ["> 引用"],
    ["| 项目 | 数量 |", "| --- | ---: |", "| 案件 | 12 |"],
    ["    # 缩进代码"],
    ["---", "title: 正文中的前置元数据", "---"],
)
_blocks = st.one_of(
    _atx(),
    _atx(),
    _numbered(),
    _fence(),
    _setext(),
    _comment(),
    st.lists(_body_line, min_size=1, max_size=3),  # a paragraph
    st.lists(st.sampled_from(PHRASES), min_size=1, max_size=2),
    st.sampled_from(_FIXED_BLOCKS),
)
bodies = st.lists(_blocks, max_size=14).map(lambda blocks: [ln for b in blocks for ln in b])


# --------------------------------------------------------------------------------------
# Whole files


@dataclass(frozen=True)
class Document:
    """A generated report: its text with LF line ends, and how to turn it into bytes."""

    text: str
    bom: bool = False
    encoding: str = "utf-8"

    def to_bytes(self, newline: str = "\n") -> bytes:
        text = self.text.replace("\n", newline) if newline != "\n" else self.text
        data = text.encode(self.encoding, errors="replace")
        return (BOM if self.bom and self.encoding == "utf-8" else b"") + data


_ENDINGS = ("\n", "\n", "", "\n\n")
_ENCODINGS = ("utf-8",) * 9 + ("gb18030",)


@functools.cache
def documents() -> st.SearchStrategy[Document]:
    """A report: front-matter, then a Markdown body; UTF-8 (sometimes with a BOM) or
    GB18030, the encoding Chinese editors save in when not told otherwise."""

    @st.composite
    def document(draw: st.DrawFn) -> Document:
        text = draw(front_matters()) + "\n".join(draw(bodies))
        text += draw(st.sampled_from(_ENDINGS))
        encoding = draw(st.sampled_from(_ENCODINGS))
        return Document(text, bom=draw(st.booleans()), encoding=encoding)

    return document()


@functools.cache
def file_bytes() -> st.SearchStrategy[bytes]:
    """Bytes of a report file with LF, CRLF, CR or mixed line ends."""

    @st.composite
    def data(draw: st.DrawFn) -> bytes:
        doc = draw(documents())
        style = draw(st.sampled_from(("\n", "\r\n", "\r", "mixed")))
        if style != "mixed":
            return doc.to_bytes(style)
        lines = doc.text.split("\n")
        ends = draw(
            st.lists(
                st.sampled_from(("\n", "\r\n", "\r")),
                min_size=len(lines) - 1,
                max_size=len(lines) - 1,
            )
        )
        text = "".join(line + end for line, end in zip(lines, ends, strict=False)) + lines[-1]
        return Document(text, doc.bom, doc.encoding).to_bytes()

    return data()


@functools.cache
def random_inputs() -> st.SearchStrategy[bytes]:
    """Everything the checker may be given: random bytes, random text, generated reports."""
    text = st.text(alphabet=st.characters(codec="utf-8"))
    return st.one_of(
        st.binary(max_size=400),
        text.map(lambda t: t.encode()),
        text.map(lambda t: ("---\n" + t).encode()),
        file_bytes(),
    )


# --------------------------------------------------------------------------------------
# Headings only: what the heading scanner must find

# The scanner reads ATX headings as Python-Markdown (which renders the site) does: `#`s in
# column 1, no space needed after them, closing `#`s dropped only where they end the line,
# the rest stripped of all whitespace, the ideographic space U+3000 included.
_TITLE_CHARS = CJK + "abcXYZ019（）、，。:# \t\u3000"
_ATX = re.compile(r"(#{1,6})(.*?)#*")  # markdown.blockprocessors.HashHeaderProcessor


def reference_heading(line: str) -> tuple[int, str, int] | None:
    """(level, title, col) of an ATX heading line as Python-Markdown reads it, or None."""
    match = _ATX.fullmatch(line)
    if match is None:
        return None
    level, header = len(match[1]), match[2]
    title = header.strip()
    # The title's first character; just past the hashes when there is no title.
    col = level + len(header) - len(header.lstrip()) + 1 if title else level + 1
    return level, title, col


HeadingCase = tuple[str, int, list[tuple[int, str, int, int]]]


@st.composite
def heading_documents(draw: st.DrawFn) -> HeadingCase:
    """(text, scan start, [(level, title, line, col)]) for documents of ATX headings and
    paragraphs separated by blank lines: what the heading scanner must find."""
    # Sometimes front-matter whose YAML comments look like headings: the scan starts after it.
    prefix = "---\n# 注释：不是标题\ntitle: 示例\n## 也不是\n---\n" if draw(st.booleans()) else ""
    lines: list[str] = []
    expected: list[tuple[int, str, int, int]] = []
    closings = ("", "", "#", " #", " ##", "\t###", " # ", "#\t", "#\u3000")
    for _ in range(draw(st.integers(0, 10))):
        if lines:
            lines += [""] * draw(st.integers(1, 2))
        if draw(st.booleans()):
            hashes = "#" * draw(st.integers(1, 7))  # seven: a level-6 heading titled "#…"
            sep = draw(st.sampled_from(("", " ", " ", "  ", "\t", "\u3000")))
            content = draw(st.text(alphabet=_TITLE_CHARS, max_size=12))
            line = hashes + sep + content + draw(st.sampled_from(closings))
            heading = reference_heading(line)
            assert heading is not None
            line_number = prefix.count("\n") + len(lines) + 1
            expected.append((heading[0], heading[1], line_number, heading[2]))
            lines.append(line)
        else:
            # A paragraph: no line starts with `#` (a heading even mid-paragraph), is an
            # underline, a fence or blank; indented `#`s are not headings.
            words = st.text(alphabet=CJK + "abc，。 #", min_size=1, max_size=12)
            paragraph = draw(
                st.lists(
                    st.one_of(
                        words.filter(lambda t: not t.startswith(("#", " ")) and t.strip()),
                        st.tuples(st.sampled_from((" ", "   ", "    ")), words).map("#".join),
                    ),
                    min_size=1,
                    max_size=3,
                )
            )
            lines += paragraph
    text = prefix + "\n".join(lines) + draw(st.sampled_from(("", "\n")))
    return text, len(prefix), expected


def check_headings(case: HeadingCase) -> None:
    """The scanner finds exactly the expected headings; when Python-Markdown is installed
    (the `site` extra), it renders exactly those headings too."""
    text, start, expected = case
    found = scan_headings(SourceText(text), start)
    assert [(h.level, h.title, h.line, h.col) for h in found] == expected
    try:
        import markdown  # type: ignore[import-untyped]
    except ImportError:
        return
    rendered = re.findall(r"<h([1-6])>(.*?)</h\1>", markdown.markdown(text[start:]), re.DOTALL)
    assert [(int(level), _spaces(html.unescape(title))) for level, title in rendered] == [
        (level, _spaces(title)) for level, title, _line, _col in expected
    ]


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check_line_ends(doc: Document) -> None:
    """LF, CRLF and CR line ends, and a BOM or none, give identical findings, down to
    the encoding GK001 names for a file that is not UTF-8."""
    lf = check("x.md", doc.to_bytes("\n"))
    assert check("x.md", doc.to_bytes("\r\n")) == lf, "CRLF differs from LF"
    assert check("x.md", doc.to_bytes("\r")) == lf, "CR differs from LF"
    if doc.encoding == "utf-8" and not doc.text.startswith("\ufeff"):
        flipped = Document(doc.text, bom=not doc.bom).to_bytes()
        assert check("x.md", flipped) == lf, "the BOM changes the findings"


# --------------------------------------------------------------------------------------
# Invariants


def line_count(data: bytes) -> int:
    """How many lines an editor shows, counting the empty one after a final line end."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    return len(_LINE_END_BYTES.findall(data)) + 1


def _line_lengths(data: bytes) -> list[int] | None:
    """Length in code points of each line, or None when the file is not UTF-8."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return [len(line) for line in _LINE_END.split(text)]


def check_invariants(path: str, data: bytes, findings: Sequence[Finding]) -> None:
    """What must hold for the findings of any file whatever its bytes; raises AssertionError."""
    assert isinstance(findings, list), type(findings)
    lines = line_count(data)
    lengths = _line_lengths(data)
    for f in findings:
        assert isinstance(f, Finding), f
        assert f.rule in RULES_BY_ID, f
        assert isinstance(f.severity, Severity), f
        assert type(f.line) is int and type(f.col) is int, f
        assert 1 <= f.line <= lines, (f, lines)
        assert f.col >= 1, f
        if lengths is not None:
            # A column may point just past the last character of its line, no further.
            assert f.col <= lengths[f.line - 1] + 1, (f, lengths[f.line - 1])
        rule = RULES_BY_ID[f.rule]
        assert f.message in rule.messages, f
        for lang in LANGS:
            rendered = rule.render(f, lang)
            assert isinstance(rendered, str) and rendered.strip(), (f, lang)
            # One line, whatever the report quoted in it: no break of any kind.
            assert len(rendered.splitlines()) == 1, (f, lang, rendered)
        assert all(isinstance(v, str | int) for v in f.args.values()), f
        # The cache stores findings as JSON; they must come back identical.
        assert Finding.from_json(json.loads(json.dumps(f.to_json()))) == f, f
    assert [(f.line, f.col, f.rule) for f in findings] == sorted(
        (f.line, f.col, f.rule) for f in findings
    )
    check_formatters(path, findings)


def check_formatters(path: str, findings: Sequence[Finding]) -> None:
    """Every output format renders the findings, in both languages."""
    results = [FileResult(path, apply_config(findings, Config()))]
    assert results[0].findings == tuple(findings)
    for name, formatter in FORMATTERS.items():
        for lang in LANGS:
            out = formatter(
                results, lang, "https://example.gov.cn/rules/" if lang == "en" else None
            )
            assert isinstance(out, str), name
            if name == "json":
                assert len(json.loads(out)) == len(findings)
            elif name == "sarif":
                assert len(json.loads(out)["runs"][0]["results"]) == len(findings)
            elif name == "github":
                assert out.count("\n") == len(findings), out
            elif lang == "zh":
                # One finding per line: what editors, grep and problem matchers rely on.
                assert out.count("\n") == len(findings), out


def check(path: str, data: bytes) -> list[Finding]:
    """Check one file and assert the invariants; returns the findings."""
    findings = check_bytes(path, data, Config())
    check_invariants(path, data, findings)
    return findings


# --------------------------------------------------------------------------------------
# The site renderer: a report page as MkDocs builds it
#
# The page is report_page()'s Markdown (metadata card, notices, the body), converted by
# Python-Markdown with the extensions of mkdocs.yml, then cleaned by sanitise(), as
# gongkai.site.events does in on_page_content. The strategies add to the Markdown bodies
# above what an editor might paste from a hostile web page.

ROOT = Path(__file__).resolve().parents[1]
_HOSTILE_HTML = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//example.com/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<a href="javascript:alert(1)">链接</a>',
    '<a href="  JaVaScRiPt:alert(1)">链接</a>',
    '<a href="&#106;avascript:alert(1)">链接</a>',
    '<a href="vbscript:msgbox(1)">链接</a>',
    "[链接](javascript:alert(1))",
    "[链接](data:text/html,<script>alert(1)</script>)",
    "![图](javascript:alert(1))",
    "<svg onload=alert(1)><circle/></svg>",
    "<math><mi>x</mi></math>",
    '<iframe src="https://example.com"></iframe>',
    "<style>body{background:url(https://example.com)}</style>",
    '<td style="background:url(https://example.com/x.png);text-align:center">格</td>',
    '<th style="text-align:right;position:fixed">表头</th>',
    '<div onclick="alert(1)" class="gk-card">卡片</div>',
    '<form action="https://example.com"><input name="q"></form>',
    "<object data=x.swf></object><embed src=x.swf>",
    "<base href=https://example.com/>",
    '<meta http-equiv="refresh" content="0;url=https://example.com">',
    "<!-- 注释 --><![CDATA[ x ]]><?php echo 1; ?>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    '<details open ontoggle="alert(1)"><summary>摘要</summary>内容</details>',
    "<table><tr><td>未闭合的表格",
    "</div></div></section>",
    "&lt;script&gt; &#x202e; &#0; &#xD800; &amp;",
)
_ATTR_LISTS = (
    "{: onclick=alert(1) }",
    '{: style="background:url(x)" }',
    "{#gk-title .gk-card }",
    '{: href="javascript:alert(1)" }',
    "{: data-x=1 }",
)
_MARKDOWN_EXTRAS = (
    ['!!! note "<script>alert(1)</script>"', "    提示内容"],
    ['!!! danger "撤回"', "    <b>加粗</b>"],
    ["| 项目 | 数量 |", "| --- | ---: |", "| <script>x</script> | 12 |"],
    ["[TOC]"],
    ["脚注[^1]。", "", "[^1]: <img src=x onerror=alert(1)>"],
    ['<div markdown="1">', "## 标题", "</div>"],
)


@functools.cache
def site_markdown_bodies() -> st.SearchStrategy[str]:
    """A report body with hostile HTML, attribute lists and extension syntax among the
    usual Markdown blocks."""
    hostile_line = st.one_of(
        st.sampled_from(_HOSTILE_HTML),
        st.tuples(_atx_line, st.sampled_from(_ATTR_LISTS)).map(" ".join),
        st.tuples(_body_line, st.sampled_from(_ATTR_LISTS)).map(" ".join),
    )
    block = st.one_of(
        _blocks,
        hostile_line.map(lambda line: [line]),
        st.sampled_from(_MARKDOWN_EXTRAS),
    )
    return st.lists(block, max_size=12).map(
        lambda blocks: "\n".join(ln for b in blocks for ln in b)
    )


@functools.cache
def published_reports() -> st.SearchStrategy[PublishedReport]:
    """The metadata of a published report, its free-text fields from hostile input."""
    text = st.one_of(inline(), st.sampled_from(_HOSTILE_HTML), cjk_text())
    name = st.one_of(
        cjk_text(min_size=2), st.sampled_from(("示例县人民政府", "示例县示例镇人民政府"))
    )
    day = st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31))

    @st.composite
    def report(draw: st.DrawFn) -> PublishedReport:
        year = draw(st.integers(2015, 2030))
        issuer = draw(name)
        status = draw(st.sampled_from(("published", "corrected", "withdrawn")))
        return PublishedReport(
            path="reports/x.md",
            url=report_url(year, "fazhi", issuer),
            title=draw(text),
            type="fazhi",
            type_name="法治政府建设年度报告",
            year=year,
            issuer=issuer,
            issuer_level="county",
            published=draw(day),
            status=status,
            doc_number=draw(st.none() | text),
            deadline=draw(st.none() | day),
            correction_date=draw(day) if status == "corrected" else None,
            correction_note=draw(text) if status == "corrected" else None,
            withdrawal_date=draw(day) if status == "withdrawn" else None,
            withdrawal_reason=draw(text) if status == "withdrawn" else None,
            attachments=tuple(
                Attachment(n, f"{report_url(year, 'fazhi', issuer)}{n}")
                for n in draw(st.lists(st.sampled_from(("原件.pdf", "a b.pdf", '"><x>.pdf'))))
            ),
        )

    return report()


@functools.cache
def site_markdown() -> Any:
    """Python-Markdown configured with mkdocs.yml's `markdown_extensions`, as MkDocs does."""
    import markdown
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as stream:
        entries = yaml_load(stream)["markdown_extensions"]
    names = [entry if isinstance(entry, str) else next(iter(entry)) for entry in entries]
    configs = {k: v for entry in entries if isinstance(entry, dict) for k, v in entry.items()}
    return markdown.Markdown(extensions=names, extension_configs=configs)


# Longer than this for one page is a hang, not a slow machine: real pages take milliseconds.
RENDER_SECONDS = 5.0
_CSS_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center|justify)\s*;?", re.IGNORECASE)


def render_report_page(report: PublishedReport, body: str) -> str:
    """The HTML a report page's content becomes in the site build."""
    from gongkai.site.sanitize import sanitise  # the `site` extra

    converter = site_markdown()
    converter.reset()
    return str(sanitise(converter.convert(report_page(report, body))))


def check_render(
    case: tuple[PublishedReport, str],
    render: Callable[[PublishedReport, str], str] = render_report_page,
) -> None:
    """Rendering never fails, finishes in bounded time, and leaves only what the allow-list
    permits: its tags, their attributes, and URLs with its schemes or relative."""
    import lxml.html
    from lxml import etree

    from gongkai.site.sanitize import ATTRIBUTES, TAGS, URL_SCHEMES

    report, body = case
    started = time.perf_counter()
    page = render(report, body)
    elapsed = time.perf_counter() - started
    assert elapsed < RENDER_SECONDS, f"rendering took {elapsed:.1f} s"
    root = lxml.html.fragment_fromstring(page, create_parent="gk-root")
    for element in root.iterdescendants():
        assert not isinstance(element, etree._Comment), etree.tostring(element)
        assert element.tag in TAGS, element.tag
        allowed = ATTRIBUTES.get("*", set()) | ATTRIBUTES.get(element.tag, set())
        for attribute, value in element.attrib.items():
            assert attribute in allowed, (element.tag, attribute, value)
            if attribute in {"href", "src"}:
                scheme = urllib.parse.urlsplit(value.strip()).scheme.lower()
                assert scheme in {"", *URL_SCHEMES}, (element.tag, attribute, value)
            if attribute == "style":
                assert _CSS_ALIGN.sub("", value).strip() == "", value
