"""Chinese numerals: one writer and one reader for every numbering a report uses."""

from __future__ import annotations

import pytest

from gongkai.numerals import LIMIT, NUMERALS, from_chinese, to_chinese


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "零"),
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (119, "一百一十九"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (2015, "二千零一十五"),
        (9999, "九千九百九十九"),
    ],
)
def test_known_values(value: int, text: str) -> None:
    assert to_chinese(value) == text
    assert from_chinese(text) == value


def test_round_trip() -> None:
    written = [to_chinese(value) for value in range(LIMIT)]
    assert [from_chinese(text) for text in written] == list(range(LIMIT))
    assert len(set(written)) == LIMIT


@pytest.mark.parametrize(("text", "value"), [("一十", 10), ("一十一", 11), ("一十九", 19)])
def test_reads_one_ten(text: str, value: int) -> None:
    """一十 … 一十九 are read, as some reports write them, but never written on their own."""
    assert from_chinese(text) == value
    assert to_chinese(value) != text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "十十",
        "零零",
        "百",
        "千",
        "零一",
        "一百十",  # inside a larger number the tens keep their 一: 一百一十
        "一百零零五",
        "一千零零五",
        "二十十",
        "十一二",  # a run of numerals, as in 十四五, is not one number
        "十四五",
        "两百",
        "一万",
        "12",
        " 一",
    ],
)
def test_rejects(text: str) -> None:
    assert from_chinese(text) is None


@pytest.mark.parametrize("value", [-1, LIMIT])
def test_out_of_range(value: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        to_chinese(value)


def test_numerals_are_the_characters_of_one_to_ninety_nine() -> None:
    assert set("".join(to_chinese(value) for value in range(1, 100))) == set(NUMERALS)
