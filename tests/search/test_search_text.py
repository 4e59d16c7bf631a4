"""Normalisation, terms, snippets and page text."""

from __future__ import annotations

from collections import Counter

import pytest

from gongkai.site.search import html_to_text
from gongkai.site.search.text import (
    contains_phrases,
    document_terms,
    normalise,
    query_phrases,
    query_terms,
    snippet,
)


def test_normalise_folds_width_case_and_drops_invisible_characters() -> None:
    assert normalise("ＡＢＣ\u200b１２３，法\ufeff治\u00ad") == "abc123,法治"
    # Kangxi radicals, as some PDF extractions give them, become ordinary characters.
    assert normalise("⾏政复议") == "行政复议"


def test_document_terms_are_characters_pairs_and_ascii_words() -> None:
    assert document_terms("法治政府 2024年 GB/T") == Counter(
        {
            "法": 1, "治": 1, "政": 1, "府": 1,
            "法治": 1, "治政": 1, "政府": 1,
            "2024": 1, "年": 1, "gb": 1, "t": 1,
        }
    )  # fmt: skip


def test_pairs_never_span_punctuation_or_line_breaks() -> None:
    assert "政复" not in document_terms("行政\n复议")
    assert "政复" not in document_terms("行政，复议")


def test_document_terms_count_repetitions() -> None:
    counts = document_terms("复议复议复议")
    assert (counts["复议"], counts["议复"], counts["复"]) == (3, 2, 3)


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("枫桥经验", ["枫桥", "桥经", "经验"]),  # the last character is part of a term
        ("法", ["法"]),
        ("法治 法治", ["法治"]),
        ("  ", []),
        ("“”。", []),
        ("12345热线", ["12345", "热线"]),
        ("行政复议 Excel", ["行政", "政复", "复议", "excel"]),
    ],
)
def test_query_terms(query: str, terms: list[str]) -> None:
    assert query_terms(query) == terms


def test_query_phrases_split_on_any_space_and_drop_repeats() -> None:
    assert query_phrases(" 行政复议\u3000枫桥  行政复议 ") == ["行政复议", "枫桥"]


def test_contains_phrases_needs_every_phrase_and_at_least_one() -> None:
    assert contains_phrases("依法开展行政复议工作", ["行政复议", "依法"])
    assert not contains_phrases("依法开展行政复议工作", ["行政复议", "枫桥"])
    assert not contains_phrases("依法开展行政复议工作", [])


def test_snippet_marks_the_phrase_in_the_original_text() -> None:
    text = "前言。" + "甲" * 100 + "办理ＡＢＣ行政复议案件３件，" + "乙" * 200
    pieces = snippet(text, query_phrases("abc行政复议"))
    assert pieces[0] == ("…", False)
    assert pieces[-1] == ("…", False)
    marked = [piece for piece, mark in pieces if mark]
    assert marked == ["ＡＢＣ行政复议"]  # full-width letters as written, not as normalised
    assert sum(len(piece) for piece, _ in pieces[1:-1]) == 160


def test_snippet_marks_every_occurrence_and_joins_overlaps() -> None:
    pieces = snippet("复议复议，再复议。", ["复议", "议复"])
    assert pieces == (("复议复议", True), ("，再", False), ("复议", True), ("。", False))


def test_snippet_has_no_invisible_characters_and_flattens_space() -> None:
    pieces = snippet("行政\u200b复议\n\n依法\u3000办理", ["行政复议"])
    assert pieces == (("行政复议", True), (" 依法 办理", False))


def test_snippet_without_a_match_starts_at_the_beginning() -> None:
    assert snippet("法治政府建设年度报告", ["枫桥"]) == (("法治政府建设年度报告", False),)


def test_html_to_text_keeps_blocks_apart_and_drops_what_is_not_text() -> None:
    html = (
        '<h2 id="x">一、行政复议<a class="headerlink" href="#x">¶</a></h2>'
        "<p>办理&nbsp;案件&lt;3&gt;件。</p><p>第二段\u200b。</p>"
        "<table><tr><th>行政</th><td>复议</td></tr></table>"
        "<script>var x = '不应出现';</script><style>p{}</style>"
        "<ul><li>一项</li><li>二项<br>换行</li></ul>"
    )
    assert html_to_text(html) == (
        "一、行政复议\n办理\u00a0案件<3>件。\n\n第二段。\n\n行政\n复议\n\n一项\n二项\n换行"
    )


def test_html_to_text_of_nothing() -> None:
    assert html_to_text("") == ""
    assert html_to_text("纯文本") == "纯文本"


@pytest.mark.parametrize("control", ["\x0c", "\x08", "\x00", "\x1b"])
def test_html_to_text_drops_control_characters_wherever_they_are(control: str) -> None:
    # A PDF's page break between two paragraphs once stopped the build (lxml refused the
    # tail it was given).
    html = f"<h2>{control}标题</h2>{control}<p>甲{control}</p>\n{control}\n<p>乙</p>"
    assert html_to_text(html) == "标题\n甲\n\n乙"
