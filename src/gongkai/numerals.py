"""Chinese numerals as reports write them: 一、 三是 （十二） 表三 第一百零五条.

`to_chinese` writes the one form a number has in official documents (十二, not 一十二, on
its own; 一百一十, 一百零五, 一千零一十 inside a larger number); `from_chinese` reads exactly
those forms back, plus 一十 … 一十九, which some reports write for 10 … 19. Anything else
(十十, 零零, 百, 两百, the empty string) is not a number: a checker that guessed would report
a numbering gap that is not there.
"""

from __future__ import annotations

from functools import lru_cache

# 零 … 九, indexed by their value.
DIGITS = "零一二三四五六七八九"
# The characters of 1 … 99: what section, list and table numbering (一、 （十二） 表三) is
# made of, for the regexes that find such numbering.
NUMERALS = "一二三四五六七八九十"
# The numbers handled: no report numbers anything beyond 9,999.
LIMIT = 10_000
_UNITS = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
_PLACES = {unit: place for place, unit in _UNITS if unit}


def to_chinese(value: int) -> str:
    """0 → 零, 10 → 十, 12 → 十二, 105 → 一百零五, 110 → 一百一十, 1010 → 一千零一十."""
    if not 0 <= value < LIMIT:
        raise ValueError(f"{value} is outside 0 … {LIMIT - 1}")
    if value < 10:
        return DIGITS[value]
    parts: list[str] = []
    gap = False  # one 零 stands for any run of missing places before a later digit
    for place, unit in _UNITS:
        digit = value // place % 10
        if digit == 0:
            gap = gap or bool(parts)
            continue
        parts.append(("零" if gap else "") + DIGITS[digit] + unit)
        gap = False
    text = "".join(parts)
    # 十二 on its own, but 一百一十二 after a hundred (as Word counts lists, too).
    return text.removeprefix("一") if value < 20 else text


# GK404 and the outline read the same few numerals (一 … 十二) thousands of times a run.
@lru_cache(maxsize=4096)
def from_chinese(text: str) -> int | None:
    """The value of a numeral `to_chinese` writes, or of 一十 … 一十九; None for anything else."""
    value, digit = 0, None
    for char in text:
        place = _PLACES.get(char)
        if place is None:
            digit = DIGITS.find(char)
            if digit < 0:
                return None
        else:
            value += (1 if digit is None else digit) * place
            digit = None
    value += digit or 0
    # The sum reads many malformed strings too (十十, 零零, 二二); only the forms written
    # back exactly are numerals, which a grammar would have to restate rule by rule.
    if not text or value >= LIMIT:
        return None
    if to_chinese(value) == text or (10 <= value < 20 and text == "一" + to_chinese(value)):
        return value
    return None
