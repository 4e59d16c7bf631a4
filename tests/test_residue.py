"""gongkai.residue: which patterns a text can match is decided by one pass over it (the
shared scan of gongkai.model.scan, over the literals residue declares)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.model.report import Report
from gongkai.model.scan import found
from gongkai.model.source import SourceText
from gongkai.residue import LITERALS

_TRIGGERS = sorted({trigger for triggers in LITERALS.values() for trigger in triggers})


def _present(text: str) -> set[str]:
    return set(found(Report("a.md", source=SourceText(text)))) & set(_TRIGGERS)


def _naive(text: str) -> set[str]:
    return {trigger for trigger in _TRIGGERS if trigger in text}


def test_a_trigger_overlapping_another_is_still_found() -> None:
    """One literal's end may be another's start (a pass that reports only one match at a
    place would miss the other): every such pair, written overlapping, must yield both."""
    for first in _TRIGGERS:
        for second in _TRIGGERS:
            for size in range(1, min(len(first), len(second))):
                if first[-size:] == second[:size]:
                    text = first + second[size:]
                    assert _present(text) == _naive(text), text


def test_a_trigger_inside_a_longer_one_is_found() -> None:
    assert {"发布时间", "更新时间"} <= _present("发布时间：2024-03-28 更新时间：")
    assert _present("访问次数：12") == _naive("访问次数：12")


@given(st.lists(st.one_of(st.sampled_from(_TRIGGERS), st.text(max_size=3)), max_size=12))
def test_the_one_pass_finds_what_a_test_per_literal_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _present(text) == _naive(text)
