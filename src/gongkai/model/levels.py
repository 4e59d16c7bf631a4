"""Issuer levels: the one list of them, their names on the site, and the level a name implies.

Front-matter, the registry, profiles, gongkai.yml and the site all speak of these five; a
leaf module so that every layer can.
"""

from __future__ import annotations

import re
from enum import StrEnum


# No docstring: pydantic would publish it as the description in the report JSON Schema.
class IssuerLevel(StrEnum):
    province = "province"
    city = "city"
    county = "county"
    township = "township"
    department = "department"

    @property
    def zh(self) -> str:
        """The name readers see: 省级, 乡镇（街道）…"""
        return _ZH[self]


_ZH = {
    IssuerLevel.province: "省级",
    IssuerLevel.city: "市级",
    IssuerLevel.county: "县级",
    IssuerLevel.township: "乡镇（街道）",
    IssuerLevel.department: "部门",
}

# Tried in this order, and the first that matches decides: 示例省人民政府办公厅 counts as
# the province, though its 厅 would also make it a department.
_BY_NAME = (
    (
        IssuerLevel.province,
        re.compile(r"省人民政府|自治区人民政府|^(北京|天津|上海|重庆)市人民政府$"),
    ),
    (
        IssuerLevel.township,
        re.compile(r"(镇|乡|街道)(人民政府|办事处)?$|街道|镇人民政府|乡人民政府"),
    ),
    (IssuerLevel.department, re.compile(r"(局|厅|委员会|办公室|办公厅|中心|所|室)$")),
    (IssuerLevel.county, re.compile(r"(县|区|旗)人民政府$|(县|区)$")),
    (IssuerLevel.city, re.compile(r"(市|州|盟)人民政府$|市$")),
)


def issuer_level(issuer: str) -> IssuerLevel | None:
    """The administrative level an issuer's full name implies, if it implies one."""
    name = re.sub(r"[（(].*?[)）]", "", issuer).strip()
    return next((level for level, pattern in _BY_NAME if pattern.search(name)), None)
