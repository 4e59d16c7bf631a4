"""The named parts of the regular expressions in gongkai.site.offline.html_fragments: what each
must match, and what it must not, so a page the fast path cannot read safely is parsed whole."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.site.offline.html_fragments import (
    DOCTYPE,
    END_TAG,
    GAP,
    HOST_MARK,
    NAMESPACE_MARK,
    PLAIN_COMMENT,
    RAW_TEXT_ELEMENTS,
    SCRIPT_ELEMENT,
    SIMPLE_PAGE,
    SLASH,
    START_TAG,
    STYLE_ELEMENT,
    TAG_ATTRIBUTES,
    TAG_NAME,
    TEXT,
    WS,
    _host_marks,
)

# (part, texts it must match whole, texts it must not)
PARTS: list[tuple[str, str, list[str], list[str]]] = [
    ("WS", WS, [" ", "\t", "\n", "\r", "\f"], ["\v", "\u3000", "a", ""]),
    ("TAG_NAME", TAG_NAME, ["a", "h1", "my-element", "SVG"], ["1a", "-a", "a_b", "", "a b"]),
    (
        "TAG_ATTRIBUTES",
        TAG_ATTRIBUTES,
        ["", " ", ' a="1"', " a='x' b=y c", ' data-x = "1" ', ' src="https://h/x.js"'],
        [' a="x>y"', " a='<'", ' a="1"b', "a", ' a="1'],
    ),
    ("TEXT", TEXT, ["text", "a > b", "正文"], ["", "a<b", "<"]),
    (
        "PLAIN_COMMENT",
        PLAIN_COMMENT,
        ["<!---->", "<!-- a -->", "<!-- a-b -->"],
        ["<!-->", "<!-- a -- b -->", "<!-- <b> -->", "<!-- a > b -->", "<!-- a --!>"],
    ),
    (
        "DOCTYPE",
        DOCTYPE,
        ["<!doctype html>", "<!DOCTYPE html >", "<!doctype\nhtml>"],
        ["<!doctypehtml>", "<!doctype svg>", "<!ELEMENT x>", "<!doctype html PUBLIC>"],
    ),
    ("END_TAG", END_TAG, ["</a>", "</div >", "</my-el>"], ["</ a>", "</a b>", "</>", "</a"]),
    (
        "SCRIPT_ELEMENT",
        SCRIPT_ELEMENT,
        ["<script></script>", '<script src="a.js"></script>', "<script>if (a<b) f()</script>"],
        [
            "<script>a</b>c</script>",
            "<script><!-- x --></script>",
            '<script a="</script>">x</script>',
            "<script>x",
        ],
    ),
    (
        "STYLE_ELEMENT",
        STYLE_ELEMENT,
        ["<style></style>", "<style media=print>a{b:c}</style>"],
        ["<style>a<b</style>", "<style>x</b></style>", "<style>x"],
    ),
    ("START_TAG", START_TAG, ["<a>", '<a href="x">', "<br/>", "<img src=x.png >"], []),
    (
        "START_TAG",
        START_TAG,
        [],
        ["<script>", "<style>", "<title>", "<plaintext>", "<textarea x>", "<a b='>'>", "< a>"],
    ),
    ("SLASH", SLASH, ["/", "\\", "&#47;", "&#0047", "&#x2F;", "&#X5c;", "&sol;", "&bsol;"], []),
    ("SLASH", SLASH, [], ["", "//", "&#48;", "&#x2e;", "&slash;", "%2F"]),
    ("GAP", GAP, ["", "\t", "\n\r", "&#9;", "&#10", "&#x0A;", "&Tab;", "&NewLine;"], []),
    ("GAP", GAP, [], [" ", "\f", "&#32;", "&nbsp;", "x"]),
]


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        pytest.param(pattern, text, matches, id=f"{name}-{'yes' if matches else 'no'}-{text!r}")
        for name, pattern, yes, no in PARTS
        for matches, texts in ((True, yes), (False, no))
        for text in texts
    ],
)
def test_named_part(pattern: str, text: str, matches: bool) -> None:
    # SIMPLE_PAGE is compiled with IGNORECASE, so each part is tried the same way.
    assert bool(re.fullmatch(pattern, text, re.IGNORECASE)) is matches


@pytest.mark.parametrize("element", RAW_TEXT_ELEMENTS)
def test_raw_text_elements_hold_no_markup(element: str) -> None:
    name = re.match(r"<(\w+)", element)
    assert name is not None
    tag = name.group(1)
    assert re.fullmatch(element, f"<{tag}>text</{tag}>", re.IGNORECASE)
    assert re.fullmatch(element, f"<{tag} a=1>a &amp; b</{tag}>", re.IGNORECASE)
    assert not re.fullmatch(element, f"<{tag}><b>x</b></{tag}>", re.IGNORECASE)
    assert not re.fullmatch(element, f"<{tag}>x</other>", re.IGNORECASE)


@pytest.mark.parametrize(
    "text", ["//", "/\\", "\\\\", "&#47;/", "/&Tab;/", "/\n\t/", "&sol;&bsol;", "/&#x9;&#10;/"]
)
def test_host_mark_matches(text: str) -> None:
    assert HOST_MARK.fullmatch(text)


@pytest.mark.parametrize("text", ["/", "/ /", "/x/", "&#47;&nbsp;/", "/\f/"])
def test_host_mark_does_not_match(text: str) -> None:
    assert not HOST_MARK.fullmatch(text)


def test_namespace_mark_only_after_http_and_before_a_quote() -> None:
    text = '<svg xmlns="http://www.w3.org/2000/svg" a="https://www.w3.org/2000/svg">'
    at = text.index("//")
    assert NAMESPACE_MARK.match(text, at)
    assert not NAMESPACE_MARK.match(text, text.index("//", at + 1))  # https: is not a namespace
    assert not NAMESPACE_MARK.match('"http://www.w3.org/2000/svgx"', 6)


def test_simple_page_is_a_run_of_the_parts() -> None:
    page = (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>标题</title>'
        "<style>a{b:c}</style><script>var a = 1 < 2;</script></head>"
        '<body><!-- c --><a href="/x">文</a><br/></body></html>'
    )
    assert SIMPLE_PAGE.fullmatch(page)
    assert not SIMPLE_PAGE.fullmatch(page.replace('href="/x"', 'href="/x>y"'))
    assert not SIMPLE_PAGE.fullmatch(page.replace("<!-- c -->", "<!-- c -- d -->"))
    assert not SIMPLE_PAGE.fullmatch(page + "<plaintext>x")


_MARK_ALPHABET = st.sampled_from(
    [
        *("/", "\\", "&#47;", "&#x2F;", "&#0092", "&sol;", "&bsol;", "&Tab;", "&#10;"),
        *("&NewLine;", "\t", "\n", "\r", "&", "#", ";", "a", "http:", '"', "中文", " "),
        "www.w3.org/2000/svg",
    ]
)


@given(st.lists(_MARK_ALPHABET, max_size=40).map("".join))
def test_host_marks_are_every_place_a_host_mark_matches(text: str) -> None:
    # The automaton's needles only say where to try HOST_MARK: every place it matches is found.
    expected = [
        at
        for at in range(len(text))
        if HOST_MARK.match(text, at) and not NAMESPACE_MARK.match(text, at)
    ]
    assert _host_marks(text) == expected
