"""Administrative units in an issuer's full name: 南阳市卧龙区陆营镇人民政府 → 南阳市, 卧龙区, 陆营镇.

Chinese official names chain the units from the top down and end with the body itself
(人民政府, 司法局, 办事处 …), so the hierarchy an issuer belongs to can be read from its name.
"""

from __future__ import annotations

import re
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
