"""What the front-matter needs, read from the text: title, year, issuer, type, date.

Published reports state these in their title (“2019年上海市人民政府办公厅政府信息公开工作年
度报告”, “示例县人民政府2024年政府信息公开工作年度报告”), a date line under it and the
signature at the end (issuer, then date). Nothing is invented: what cannot be read is None,
and the caller asks for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.importers.plaintext import issuer_level

# Words a title uses for each report type, most specific first.
_TYPES = (("fazhi", ("法治政府建设",)), ("xxgk", ("政府信息公开", "政务公开")))
_YEAR = re.compile(r"(20\d{2})\s*年度?")
_TITLE_TAIL = re.compile(r"(?:关于)?(?:政府信息公开|政务公开|法治政府建设).*报告$")
_DATE_LINE = re.compile(
    r"^(?:发布|公开|成文)(?:日期|时间)[:：]\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})日?"
)
_PERIOD = re.compile(r"统计期限(?:为|从|自)?\s*(20\d{2})\s*年\s*1\s*月\s*1\s*日")
_SIGNATURE_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_TITLE_SEARCH = 10  # the title is among the first lines, after any page heading
_SIGNATURE_SEARCH = 4  # the signature is among the last lines
_NAME_LIMIT = 40


@dataclass
class Inferred:
    title: str | None
    year: int | None
    issuer: str | None
    type: str | None
    published: date | None
    used: set[int]  # indexes of the lines read as title or date, left out of the body


def infer(lines: list[str]) -> Inferred:
    """Read the front-matter fields from the paragraph lines of a report."""
    used: set[int] = set()
    title = next(
        (line for line in lines[:_TITLE_SEARCH] if line.endswith("报告") and len(line) < 80), None
    )
    if title is not None:
        used.add(lines.index(title))
    published: date | None = None
    for index, line in enumerate(lines[:_TITLE_SEARCH]):
        found = _DATE_LINE.match(line)
        if found and published is None:
            try:
                published = date(int(found[1]), int(found[2]), int(found[3]))
            except ValueError:  # not a date (“2020-13-01”): left for the editor
                continue
            used.add(index)
    year = _year(title, lines)
    issuer = _issuer_from_title(title) or _issuer_from_signature(lines)
    kind = next(
        (key for key, words in _TYPES if title and any(word in title for word in words)), None
    )
    return Inferred(title, year, issuer, kind, published, used)


def _year(title: str | None, lines: list[str]) -> int | None:
    found = _YEAR.search(title or "")
    if found:
        return int(found[1])
    # No year in the title: the statistics period (“统计期限为2024年1月1日至…”) gives it.
    period = next((m for line in lines if (m := _PERIOD.search(line))), None)
    return int(period[1]) if period else None


def _issuer_from_title(title: str | None) -> str | None:
    if title is None:
        return None
    name = _TITLE_TAIL.sub("", _YEAR.sub("", title)).strip(" 《》“”").removeprefix("关于")
    return name if name and issuer_level(name) else None


def _issuer_from_signature(lines: list[str]) -> str | None:
    for line in reversed(lines[-_SIGNATURE_SEARCH:]):
        if _SIGNATURE_DATE.match(line):
            continue
        if len(line) <= _NAME_LIMIT and not re.search(r"[。，；：]", line) and issuer_level(line):
            return line
    return None
