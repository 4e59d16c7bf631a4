"""What the front-matter needs, read from the text: title, year, issuer, type, date.

Published reports state these in their title (“2019年上海市人民政府办公厅政府信息公开工作年
度报告”, “示例县人民政府2024年政府信息公开工作年度报告”), a date line under it and the
signature at the end (issuer, then date). Pages often lose the title, or split it over two
lines; then the text still says it: “现将富县人民政府2024年政府信息公开工作年度报告公布如
下”, an opening “2024年，广州市人民政府办公厅坚持……”. Every field read is marked for the
editor to confirm; what cannot be read at all is None, and the caller asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz import process
from rapidfuzz.distance import LCSseq, Levenshtein

from gongkai.model.levels import IssuerLevel, issuer_level
from gongkai.numerals import NUMERALS
from gongkai.places import look_alike

# Words a title uses for each report type, most specific first.
_TYPES = (("fazhi", ("法治政府建设",)), ("xxgk", ("政府信息公开", "政务公开")))
# What the body of each type keeps talking about.
_SUBJECTS = (
    ("fazhi", ("法治政府建设", "依法行政", "法治建设")),
    ("xxgk", ("政府信息公开", "政务公开", "依申请公开", "主动公开")),
)
_TYPE_WORDS = re.compile("|".join(word for _key, words in _TYPES for word in words))
_YEAR = re.compile(r"(20\d{2})\s*年度?")
_TITLE_TAIL = re.compile(
    r"(?:关于)?(?:政府信息公开|政务公开|法治政府建设|法治工作).*(?:报告|情况)$"
)
_TITLE_LIMIT = 80
# A title line as saved from a page: a trailing date, a layout table's “|”, spaced digits.
_TITLE_TRAILER = re.compile(r"[\s|｜]*(?:\d{4}-\d{1,2}-\d{1,2})?[\s|｜]*$")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])")
_PUNCTUATION = re.compile(r"[。，,；;：:！？]")
# A title that lost its line break: “湖北省人民政府关于2023年度法治政府建设情况的报告2023年，…”
_TITLE_PREFIX = re.compile(rf"^(.{{0,40}}?(?:{_TYPE_WORDS.pattern}).{{0,20}}?报告)(?=20\d{{2}}年)")
# Not a report but a note on one: “关于《……年度报告》的解读”, “现就年报内容进行如下解读”.
_COMMENTARY = re.compile(
    r"报告》?的?(?:政策|文字|图文|图解|文件)?解读|(?:年报|报告)[^。]{0,8}?进行(?:如下)?解读"
    r"|^【[^】]*解读】|答记者问"
)
# “发布日期：2024-03-28”, “[ 发布日期 ] 2026-02-10”; the day published, else the day written.
_DATE_PATTERNS = tuple(
    re.compile(
        rf"{labels}(?:日期|时间)\s*[\]】]?\s*[:：]?\s*(\d{{4}})[-年./](\d{{1,2}})[-月./](\d{{1,2}})日?"
    )
    for labels in ("(?:发布|公开)", "成文")
)
# A line of its own at the top: “发布日期：2020-01-31”, “[ 成文日期 ] 2026-01-22 [ 发布日期 ] …”.
_DATE_LINE = re.compile(r"^\s*[\[【]?\s*(?:发布|公开|成文)(?:日期|时间)")
# A crawler's header block names the page's title, which may end in the site's name
# (“…年度报告-沭阳县发改局”), and the body that published it.
_PAGE_TITLE = re.compile(r"^\s*标题\s*[:：]\s*(\S.*?(?:报告(?=\s*[-_|｜–—])|$))")
_PAGE_ISSUER = re.compile(r"发布机构\s*[\]】]?\s*[:：]?\s*([^\s|｜\[【]+)")
_PERIOD = re.compile(r"统计期限(?:为|从|自)?\s*(20\d{2})\s*年\s*1\s*月\s*1\s*日")
# “现将富县人民政府2024年政府信息公开工作年度报告公布如下”: issuer, year and type.
_ANNOUNCEMENT = re.compile(
    r"(?:现将|现公布|现予公布|现发布|特?编制)(?:本(?:机关|单位))?(?P<issuer>[^。,，《]{0,30}?)"
    rf"(?P<year>20\d{{2}})\s*年度?[^。]{{0,12}}?(?P<type>{_TYPE_WORDS.pattern})[^。]{{0,20}}?报告"
)
# The opening sentence: “2024年，广州市人民政府办公厅坚持以……”, “2019年，在省委、省政府
# 的正确领导下，南昌县全面贯彻……”, “2025年，是……之年。”
_OPENING = re.compile(
    r"^(?P<year>20\d{2})\s*年\s*[,，]\s*(?:在[^。]{0,40}?下\s*[,，])?"
    r"(?P<issuer>[^,，。《“]{2,30}?)(?=在|坚持|深入|认真|始终|全面|紧紧|严格|按照|以|，|,)"
    r"|^(?P<only_year>20\d{2})\s*年\s*[,，]"
)
# Names that refer back instead of naming: “市政府办公室”, “我局”, “本机关”, “全市”.
_REFERENCE = re.compile(r"^[省市区县乡镇我本全各该]")
# A place name alone (“上海市”, “合水县”) names its people's government.
_PLACE = re.compile(r"(?:省|自治区|市|区|县|旗|镇|乡)$")
_GOVERNMENT = "人民政府"
# “上海市杨浦区政府” is what people say; the name is “上海市杨浦区人民政府”.
_SHORT_GOVERNMENT = re.compile(r"(?<=[省市区县旗镇乡])(?<!人民)政府$")
_PLACE_PREFIX = r"[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|州|盟|县|区)"
_PLACES = re.compile(f"(?:{_PLACE_PREFIX})+")
# A zone's administrative committee governs it as a county's government does its county:
# “平潭综合实验区管委会”.
_COMMITTEE = re.compile(rf"^(?P<place>(?:{_PLACE_PREFIX})+)(?:党工委)?(?:管委会|管理委员会)$")
_OFFICE = re.compile(r"办公室$")
_SIGNATURE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日$")
# Reports are due by 31 March (政府信息公开条例第四十九条; 督察规定: before 1 April).
_SIGNED_AFTER = range(1, 5)
_DECEMBER = 12
_PLAN = re.compile(
    rf"^[{NUMERALS}]{{1,3}}、\s*(20\d{{2}})\s*年度?.{{0,16}}?(?:计划|安排|打算|思路|要点)$"
)
_TITLE_SEARCH = 10  # the title is among the first lines, after any page heading
_OPENING_SEARCH = 3  # the opening sentence is among the first lines of the body
_SIGNATURE_SEARCH = 4  # the signature is among the last lines
_NAME_LIMIT = 40
# “信访局”, “广东”: too short to name an issuer without the place it is in.
_NAME_MIN = 4
_PLACE_NAME_MIN = 2
# A body refers to its type's subject again and again; a passing mention is not enough.
_TYPE_MENTIONS = 3


@dataclass
class Inferred:
    title: str | None
    year: int | None
    issuer: str | None
    named: str | None  # the title's words for its issuer (“上海市科委”), level or not
    type: str | None
    published: date | None
    used: set[int]  # indexes of the lines read as title or date, left out of the body


def infer(lines: list[str], furniture: Sequence[str] = ()) -> Inferred:
    """Read the front-matter fields from the paragraph lines of a report.

    `furniture` are the page's header and footer lines, already left out of `lines`: only
    the publication date is read from them.
    """
    used: set[int] = set()
    title = _title(lines, used) or next(
        (found[1] for line in furniture if (found := _PAGE_TITLE.match(line))), None
    )
    dated = [
        index
        for index, line in enumerate(lines[:_TITLE_SEARCH])
        if _DATE_LINE.match(line) and _first_date([line])
    ]
    used.update(dated)
    # A page's metadata bar puts the date after other labels: 来源：区政府办 发布时间：2024-03-28
    published = _first_date([lines[index] for index in dated]) or _first_date(furniture)
    announcement = next(
        (found for line in lines[:_TITLE_SEARCH] if (found := _ANNOUNCEMENT.search(line))), None
    )
    opening = next(
        (
            found
            for index, line in enumerate(lines[: _TITLE_SEARCH + _OPENING_SEARCH])
            if index not in used and (found := _OPENING.match(line))
        ),
        None,
    )
    year = _year(title, lines, announcement, opening)
    names = [*lines, *furniture]
    page_issuers = [name for line in furniture if (name := _search(_PAGE_ISSUER, line))]
    issuer = (
        _issuer_from_title(title)
        or _name(announcement["issuer"] if announcement else None)
        or _issuer_from_signature(lines)
        or next((name for page in page_issuers if (name := _name(page))), None)
        or _name(opening["issuer"] if opening else None)
    )
    if title is None and announcement:
        title = announcement[0][announcement.start("issuer") - announcement.start() :]
    return Inferred(
        title,
        year,
        _full_name(issuer, names, page_issuers),
        _title_name(title),
        _type(title, announcement, lines),
        published,
        used,
    )


def level_of(issuer: str) -> IssuerLevel | None:
    """The level an issuer's name implies, a zone's committee's that of its zone."""
    committee = _COMMITTEE.match(issuer)
    return issuer_level(issuer) or (issuer_level(committee["place"]) if committee else None)


def _title(lines: list[str], used: set[int]) -> str | None:
    """The first line (or pair of lines) read as a title, one naming a type first."""
    candidates: list[tuple[str, set[int]]] = []
    for index, raw in enumerate(lines[:_TITLE_SEARCH]):
        line = _clean_title(raw)
        if not line.endswith("报告") or len(line) > _TITLE_LIMIT or _PUNCTUATION.search(line):
            continue
        # A title split after its issuer or before its last words: “甘谷县人民政府办公室” /
        # “2024年政府信息公开工作年度报告”, “2024 年上海市科委政府信息公开工作” / “年度报告”.
        previous = _clean_title(lines[index - 1]) if index else ""
        if previous and not _PUNCTUATION.search(previous) and len(previous) <= _NAME_LIMIT:
            head_is_issuer = issuer_level(previous) is not None
            tail_only = not _TYPE_WORDS.search(line) and _TYPE_WORDS.search(previous)
            if (head_is_issuer and not _issuer_from_title(line)) or tail_only:
                candidates.append((previous + line, {index - 1, index}))
                continue
        candidates.append((line, {index}))
    typed = [(title, indexes) for title, indexes in candidates if _TYPE_WORDS.search(title)]
    if typed or candidates:
        title, indexes = (typed or candidates)[0]
        used.update(indexes)
        return title
    # No title line: a first line that runs on from its title into the text.
    found = next((m for line in lines[:_OPENING_SEARCH] if (m := _TITLE_PREFIX.match(line))), None)
    return found[1] if found else None


def _first_date(lines: Sequence[str]) -> date | None:
    """The first date published in the lines, else the first date written."""
    for pattern in _DATE_PATTERNS:
        for line in lines:
            if day := _date(pattern.search(line)):
                return day
    return None


def _search(pattern: re.Pattern[str], line: str) -> str | None:
    found = pattern.search(line)
    return found[1] if found else None


def _clean_title(line: str) -> str:
    return _CJK_SPACE.sub("", _TITLE_TRAILER.sub("", line.lstrip("#").strip()))


def _date(found: re.Match[str] | None) -> date | None:
    if found is None:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:  # not a date (“2020-13-01”): left for the editor
        return None


def _year(
    title: str | None,
    lines: list[str],
    announcement: re.Match[str] | None,
    opening: re.Match[str] | None,
) -> int | None:
    found = _YEAR.search(title or "")
    if found:
        return int(found[1])
    # No year in the title: the statistics period (“统计期限为2024年1月1日至…”) gives it.
    period = next((m for line in lines if (m := _PERIOD.search(line))), None)
    if period:
        return int(period[1])
    if announcement:
        return int(announcement["year"])
    if opening:
        return int(opening["year"] or opening["only_year"])
    # The plan for the next year, “八、2020年法治政府建设工作计划”, follows the year reported.
    plan = next((m for line in lines if (m := _PLAN.match(line))), None)
    if plan:
        return int(plan[1]) - 1
    # Signed in the last month of the year reported or in the first months after it.
    signed = next((m for m in map(_SIGNATURE_DATE.match, lines[-_SIGNATURE_SEARCH:]) if m), None)
    if signed and int(signed[2]) in _SIGNED_AFTER:
        return int(signed[1]) - 1
    return int(signed[1]) if signed and int(signed[2]) == _DECEMBER else None


def _type(title: str | None, announcement: re.Match[str] | None, lines: list[str]) -> str | None:
    head = " ".join(lines[:_OPENING_SEARCH])
    if _COMMENTARY.search(title or head):
        return None
    named = title or (announcement["type"] if announcement else "")
    kind = next((key for key, words in _TYPES if any(word in named for word in words)), None)
    if kind:
        return kind
    # Neither title nor announcement: the subject the text keeps coming back to.
    text = "\n".join(lines)
    counts = {key: sum(text.count(word) for word in words) for key, words in _SUBJECTS}
    best = max(counts, key=lambda key: counts[key])
    others = max((count for key, count in counts.items() if key != best), default=0)
    return best if counts[best] >= _TYPE_MENTIONS and counts[best] > 2 * others else None


def _name(text: str | None) -> str | None:
    """An issuer's name as written in a sentence, unless it only refers back (“我局”)."""
    name = _SHORT_GOVERNMENT.sub(_GOVERNMENT, (text or "").strip(" 《》“”"))
    # A place (“南昌县”) names its government; a bare office (“信访局”) names nothing.
    shortest = _PLACE_NAME_MIN if _PLACE.search(name) else _NAME_MIN
    if _REFERENCE.match(name) or not shortest <= len(name) <= _NAME_LIMIT:
        return None
    return name if issuer_level(name) else None


def _full_name(issuer: str | None, lines: Sequence[str], pages: Sequence[str]) -> str | None:
    """The issuer's name in full where the text has it; a place name alone (“合水县”) as its
    government's name."""
    if issuer is None:
        return None
    place = bool(_PLACE.search(issuer))
    name = issuer + _GOVERNMENT if place else issuer
    # The longest name in the text of this body, with the places it lies in: “天津市静海区人民
    # 政府” for “静海区”, the signature's “淮安市洪泽区人民政府” for the title's “洪泽区人民政
    # 府”. Only a name standing alone, as in a page header or a signature: inside a sentence
    # the places before it may be any words.
    pattern = re.compile(
        rf"(?:^|(?<=[\s，。、：:,（(]))(?:{_PLACE_PREFIX})*{re.escape(name)}(?=$|[\s，。、）),])"
    )
    names = {m[0] for line in lines for m in pattern.finditer(line)}
    # Not every place is governed by a 人民政府: the page names the body that published the
    # report, the zone's committee (“平潭综合实验区管委会”) or its office, which publishes
    # for it (“…管委会办公室”).
    committees = (
        _COMMITTEE.match(_OFFICE.sub("", page)) for page in pages if page.startswith(issuer)
    )
    page = next((found[0] for found in committees if found), None) if place else None
    return max(names, key=len, default=page or name)


def _issuer_from_title(title: str | None) -> str | None:
    name = _title_name(title)
    return name if name and issuer_level(name) else None


def _same_body(name: str, other: str) -> bool:
    """Whether two names differ only by places before them: “洪泽区人民政府”, “淮安市洪泽区人民政府”."""
    short, long = sorted((name, other), key=len)
    return long.endswith(short) and bool(_PLACES.fullmatch(long[: len(long) - len(short)]))


def _title_name(title: str | None) -> str | None:
    """The words of a title that name its issuer, whether or not they say its level."""
    if title is None:
        return None
    name = _TITLE_TAIL.sub("", _YEAR.sub("", title)).strip(" 《》“”").removeprefix("关于")
    return _SHORT_GOVERNMENT.sub(_GOVERNMENT, name) or None


def registered(name: str, names: Collection[str]) -> str | None:
    """The registry's name for an issuer the text names short or one character off; None
    unless exactly one name of the same level fits.

    Tried in turn: the name itself; the name with more or fewer of the places it lies in
    (“洪泽区人民政府”, “临夏回族自治州永靖县人民政府”); for a name without a level, an
    abbreviation, its characters in order within one name (“上海市科委”); a name one
    character off (“沐阳县人民政府”).
    """
    if name in names:
        return name
    if len(name) < _NAME_MIN:
        return None
    choices = sorted(names)
    level = issuer_level(name)

    def scored(scorer: Callable[..., float], cutoff: int) -> list[str]:
        found = process.extract(name, choices, scorer=scorer, score_cutoff=cutoff, limit=None)
        return [choice for choice, _score, _index in found]

    tiers: tuple[Callable[[], list[str]], ...] = (
        lambda: [choice for choice in choices if _same_body(name, choice)],
        lambda: scored(LCSseq.similarity, len(name)) if level is None else [],
        lambda: [choice for choice in scored(Levenshtein.distance, 1) if _misread(name, choice)],
    )
    for tier in tiers:
        fits = {found for found in tier() if level is None or issuer_level(found) in (None, level)}
        if fits:
            return fits.pop() if len(fits) == 1 else None
    return None


def _misread(name: str, listed: str) -> bool:
    """Whether `name` is `listed` with one character misread, as OCR and typing misread
    (沐 for 沭): a look-alike in the same place. Any other difference may be another body
    (西城区, 东城区), which a guess must not turn it into."""
    if len(name) != len(listed):
        return False
    pairs = [(a, b) for a, b in zip(name, listed, strict=True) if a != b]
    return len(pairs) == 1 and look_alike(*pairs[0], whole=False)


def _issuer_from_signature(lines: list[str]) -> str | None:
    for line in reversed(lines[-_SIGNATURE_SEARCH:]):
        if _SIGNATURE_DATE.match(line):
            continue
        if not _PUNCTUATION.search(line) and (name := _name(line)):
            return name
    return None
