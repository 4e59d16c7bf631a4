"""gongkai.residue: which patterns a text can match is decided by one pass over it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.residue import _TRIGGERS, present_triggers


def _naive(text: str) -> set[str]:
    return {trigger for trigger in _TRIGGERS if trigger in text}


def test_a_trigger_overlapping_another_is_still_found() -> None:
    """One literal's end may be another's start (the pass then matches only one of them):
    every such pair, written overlapping, must yield both."""
    for first in _TRIGGERS:
        for second in _TRIGGERS:
            for size in range(1, min(len(first), len(second))):
                if first[-size:] == second[:size]:
                    text = first + second[size:]
                    assert present_triggers(text) == _naive(text), text


def test_a_trigger_inside_a_longer_one_is_found() -> None:
    assert {"发布时间", "更新时间"} <= present_triggers("发布时间：2024-03-28 更新时间：")
    assert present_triggers("访问次数：12") == _naive("访问次数：12")


@given(st.lists(st.one_of(st.sampled_from(_TRIGGERS), st.text(max_size=3)), max_size=12))
def test_the_one_pass_finds_what_a_test_per_literal_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert present_triggers(text) == _naive(text)
