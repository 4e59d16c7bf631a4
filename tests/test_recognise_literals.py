"""gongkai.profiles.recognise tries a content's text patterns only on a report holding a
literal every match of them begins with: read off the patterns, it must never miss one."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.profiles import load_profile, profile_ids
from gongkai.profiles.recognise import _text_literals


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("考核", {"考核"}),
        ("评议|社会评[估价]|第三方评估", {"评议", "社会评", "第三方评估"}),
        ("责任追究|追究.{0,8}责任|问责", {"责任追究", "追究", "问责"}),
        ("下一年度?", {"下一年"}),  # 度 is optional
        ("ab+", {"ab"}),
        ("ab?", {"a"}),  # b is optional
        ("ab*c", {"a"}),
        ("a?b", None),
        (r"ab\d", {"ab"}),
        (r"a\|b|c", {"a", "c"}),  # an escaped | does not split
        ("(仍然?|还|依然)存在", None),  # a group first: always tried
        ("a|", None),  # an empty alternative matches anywhere
        ("x{2}y", None),
        ("[]|]x|y", None),  # the | inside the class does not split
        ("[^]|]x|y", None),
        ("^第一", None),
    ],
)
def test_the_literals_a_match_begins_with(pattern: str, words: set[str] | None) -> None:
    expected = None if words is None else frozenset(words)
    assert _text_literals((pattern,)) == expected


def test_a_pattern_without_literals_makes_its_content_always_tried() -> None:
    assert _text_literals(("考核", "(a|b)c")) is None


_TOKENS = ("a", "b", "ab", "ba", "(a|b)", "(?:ab|b)", "[ab]", "[^a]", "?", "*", "+", "|")
_MORE = (r"\d", ".", "{2}", "{1,2}", "x", "[]a]", r"\|", "^", "$", "(?i:a)")


@settings(max_examples=400)
@given(
    st.lists(st.sampled_from(_TOKENS + _MORE), min_size=1, max_size=8),
    st.text(alphabet="abxAB1|]\n", max_size=30),
)
def test_every_match_begins_with_one_of_the_literals(tokens: list[str], text: str) -> None:
    pattern = "".join(tokens)
    try:
        compiled = re.compile(pattern)
    except re.error:
        assume(False)
        return
    words = _text_literals((pattern,))
    if words is None:
        return
    for at in range(len(text) + 1):
        if compiled.match(text, at):
            assert any(text.startswith(word, at) for word in words), (pattern, text, at)


def test_the_bundled_profiles_patterns_are_read() -> None:
    """Most bundled text patterns yield literals; those that cannot are always tried."""
    contents = [c for p in profile_ids() for c in load_profile(p).contents if c.text]
    with_literals = [c.id for c in contents if _text_literals(tuple(c.text)) is not None]
    assert {"assessment", "appraisal", "accountability", "first_responsible"} <= set(with_literals)
