"""## 检查内容

正文引用的规划、会议、机关名称、法律或文号，在报告所述年度已经过时或写错：

- 已经结束的五年规划，如2023年的报告还在推进“七五普法”（2016—2020年）、落实“十三五”规划；
  规划期还没有开始就当作现行规划（“编制”“谋划”下一个规划不算）；
- 规划的起止年份写错，如“法治政府建设实施纲要（2020—2025年）”（应为2021—2025年）；
- 把已被下一届取代的党代会精神当作最新的，如2023年的报告“深入学习贯彻党的十九大精神”
  （党的二十大已于2022年召开）；
- 机构改革后已不存在的机关名称，如2020年以后的报告中的“国土资源局”“环境保护局”；
- 已经废止的法律，如2021年以后的报告中宣传《合同法》《物权法》（已由《民法典》取代）；
- 把党代会和中央全会混为一谈，如“党的十九大三中全会”（应为“十九届三中全会”）、“党的第二十届
  全国代表大会”（应为“第二十次全国代表大会”），或引用
  报告公开时还没有召开的全会，如2024年的报告学习“二十届四中全会精神”（2025年10月召开）。
  公开时间按 `published`，没有填写时按次年3月底；
- 已被取代的法规，如2022年以后的报告中的《信访条例》（2022年5月1日起由《信访工作条例》
  取代）；名称未变、但已修订的法规引用了旧版本，如2019年以后的报告中的“《中华人民共和国
  政府信息公开条例》（国务院令第492号）”（2019年修订为国务院令第711号）；
- 发文字号的年份括号不规范或年份不对，如“湘办发[2004]4号”（应为〔2004〕）、“〔202〕”，
  或晚于报告公开年度的“〔2027〕”；
- 发文字号缺了一部分，如缺少序号的“宛政〔2023〕号”、缺少括号的“宛政2023〕5号”
  “宛政〔2023 5号”。发文字号的格式是“机关代字〔年份〕序号号”。

规划的名称按报告中的各种写法识别：带引号或书名号、带或不带“规划”二字、全角或半角的引号，
如“八五”普法、‘八五’普法规划、《关于开展法治宣传教育的第八个五年规划（2021—2025年）》。

全会名称写错和发文字号残缺是确定的错误，报告为“错误”；其余要结合上下文判断，报告为“警告”。

“党的十八大以来”“‘十三五’规划圆满收官”这样回顾历史的写法，以及前面加了“原”字的旧机关名称（“原国土资源局”）
不会被提示。

这些事实（规划期、会议时间、机构改革、法律废止）连同出处记录在
`src/gongkai/data/references.yml` 中，审核人员可以直接补充，不需要改代码。

## 为什么重要

引用过时的提法，说明报告是照搬往年的文本，没有根据当年的新部署来写。

## 如何修改

改为报告年度适用的规划、会议精神、机关名称或法律；回顾过去的工作时，写明是过去
（如“‘七五’普法期间”“原国土资源局”）。发文字号的年份用六角括号〔〕。
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Annotated, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs
from gongkai.numerals import from_chinese
from gongkai.prose import prose
from gongkai.rules.base import Context, Finding, Severity, rule


class _Fact(BaseModel):
    # defer_build: validators are built at the first validation, not at import; a check
    # answered from the cache validates none of these.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    source: str = Field(min_length=4)


class Plan(_Fact):
    id: str
    names: tuple[str, ...]
    periods: tuple[tuple[int, int], ...]


class Congress(_Fact):
    number: str
    met: int
    plenaries: tuple[Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")], ...] = ()


class Renamed(_Fact):
    old: str
    new: str
    stale_from: int


class Repealed(_Fact):
    name: str
    short: str
    replaced_by: str
    stale_from: int


class Revised(_Fact):
    name: str
    old: str
    new: str
    stale_from: int


class References(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    plans: tuple[Plan, ...] = ()
    congresses: tuple[Congress, ...] = ()
    renamed: tuple[Renamed, ...] = ()
    repealed: tuple[Repealed, ...] = ()
    revised: tuple[Revised, ...] = ()


# libyaml's loader, where PyYAML was built with it: a tenth of the pure-Python one's time,
# the same data.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def references() -> References:
    """The facts in data/references.yml, validated: a bad edit fails every check loudly."""
    text = resources.files("gongkai").joinpath("data/references.yml").read_text("utf-8")
    return References.model_validate(yaml.load(text, Loader=_Loader))


class _Compiled(NamedTuple):
    # Each fact with its pattern and the literals (gongkai.model.scan) one of which every
    # match contains, None for a plan whose pattern names none plainly: most reports cite
    # none of them, and the shared scan rules them out without a regex pass each.
    plans: list[tuple[Plan, re.Pattern[str], frozenset[str] | None]]
    renamed: list[tuple[Renamed, re.Pattern[str], frozenset[str]]]
    repealed: list[tuple[Repealed, re.Pattern[str], frozenset[str]]]
    revised: list[tuple[Revised, re.Pattern[str], frozenset[str]]]
    # A Chinese character (before a document number), a millisecond to compile.
    han: re.Pattern[str]


def _plan_literals(plan: Plan) -> frozenset[str] | None:
    required = tuple(map(_required, plan.names))
    return literals(*required) if all(required) else None


@cache
def _compiled() -> _Compiled:
    """The facts' patterns, made on the rule's first report rather than at import: reading
    the facts and compiling their patterns costs some 15 ms, which a check answered from
    the cache (nothing to analyse) would pay for nothing. Their literals are declared
    then too, which the shared scan allows (it rebuilds its automaton once)."""
    facts = references()
    return _Compiled(
        [(plan, re.compile("|".join(plan.names)), _plan_literals(plan)) for plan in facts.plans],
        [
            (renamed, re.compile(re.escape(renamed.old)), literals(renamed.old))
            for renamed in facts.renamed
        ],
        [
            (
                law,
                re.compile(rf"《(?:中华人民共和国)?{re.escape(law.short)}》"),
                literals(law.short + "》"),
            )
            for law in facts.repealed
        ],
        [
            (
                law,
                re.compile(
                    rf"《(?:中华人民共和国)?{re.escape(law.name)}》\s*[（(]\s*(?:{law.old})"
                ),
                literals(law.name),
            )
            for law in facts.revised
        ],
        re.compile(r"[\u4e00-\u9fff]"),
    )


_CLASS = r"\[\^?\]?[^\]]*\]"
_CHINESE_RUN = r"[\u3400-\u9fff]+"


def _required(pattern: str) -> str:
    """The longest run of Chinese characters every match of `pattern` contains, or "" when
    that is not plain to see: a run outside character classes, in a pattern without
    groups, alternatives or escapes, less a last character that a quantifier follows."""
    if any(char in pattern for char in "(|\\"):
        return ""
    plain = re.sub(_CLASS, "[]", pattern)
    runs = [
        run.group()[:-1] if plain[run.end() : run.end() + 1] in ("?", "*", "{") else run.group()
        for run in re.finditer(_CHINESE_RUN, plain)
    ]
    return max(runs, key=len, default="")


_DASH = r"[-—–－~～至到一]"
_PERIOD = re.compile(
    rf"^[》”\"]?(?:规划)?[》”\"]?\s*[（(]?\s*(\d{{4}})\s*年?\s*{_DASH}?\s*(\d{{4}})\s*年?[）)]?》?"
)
# Looking back at a plan, not citing it as current: …期间, …圆满收官, …目标任务全面完成.
_LOOKING_BACK = re.compile(
    r"^.{0,3}(?:以来|期间|期末|总结|验收|收官|圆满|实施情况)|^[^，。；\n]{0,8}完成"
)
_HISTORIC = re.compile(r"[原前旧自从]$")
# A plan is prepared before its period: 编制“十四五”规划 in 2019 is on time, not early.
_PREPARING = re.compile(r"(?:谋划|编制|启动|研究|起草|制定|筹备|前期|思路)[^，。；\n]{0,4}$")
_CONGRESS = re.compile(
    r"(?P<n>十八|十九|二十)(?:大|届[^，。；\n]{0,12}?全会)[^，。；\n]{0,24}?精神"
)
# Bracket-led (the Chinese character before it is checked after): a lookbehind-led
# pattern is tried at every character of the report.
# 十九大三中全会: a plenary session belongs to a Central Committee (十九届), not to the
# congress (十九大) that elected it.
_CONGRESS_PLENARY = re.compile(r"(?P<n>十八|十九|二十)大(?P<k>[一二三四五六七八九])中全会")
# 第二十届全国代表大会: congresses are counted by 次 (第二十次全国代表大会, 二十大); 届 counts
# the Central Committee a congress elects.
_CONGRESS_AS_TERM = re.compile(r"(?P<n>十八|十九|二十)届(?:全国)?代表大会")
_PLENARY = re.compile(r"(?P<n>十八|十九|二十)届(?P<k>[一二三四五六七八九])中全会")
_BAD_BRACKETS = re.compile(r"[\[［【(（](?P<year>(?:19|20)\d{2})[\]］】)）]\s*第?\s*\d+\s*号")
_DOC_YEAR = re.compile(r"〔\s*(?P<year>\d+)\s*〕")
# 机关代字〔年份〕序号号 with a part lost: no serial (宛政〔2023〕号), no opening bracket
# (宛政2023〕5号) or no closing one (宛政〔2023 5号). The Chinese character before the
# bracket-less year is checked after, as for _BAD_BRACKETS.
_DOC_NO_SERIAL = re.compile(r"〔\s*(?:19|20)\d{2}\s*〕\s*号")
_DOC_NO_OPENING = re.compile(r"(?:19|20)\d{2}〕\s*\d{1,4}\s*号")
_DOC_NO_CLOSING = re.compile(r"〔\s*(?:19|20)\d{2}(?![\d〕])\s*\d{1,4}\s*号")
# Literals every match of the patterns above holds (see gongkai.model.scan).
_PLENARY_LITERALS = literals("中全会")
_AS_TERM_LITERALS = literals("代表大会")
_CONGRESS_LITERALS = literals("十八大", "十九大", "二十大", "十八届", "十九届", "二十届")
_SPIRIT_LITERALS = literals("精神")
_NUMBER_LITERALS = literals("号")
_OPENING_LITERALS = literals("〔")
_CLOSING_LITERALS = literals("〕")


@rule(
    id="GK405",
    name="outdated-reference",
    severity=Severity.warning,
    summary={
        "zh": "引用的规划、会议精神、机关名称、法律或文号在报告年度已过时或写错",
        "en": "A cited plan, congress, body, law or document number is outdated or wrong "
        "for the report year",
    },
    messages={
        "wrong-period": {
            "zh": "“{text}”的起止年份不对：{name}的规划期是{periods}。请改正起止年份（依据：{source}）",
            "en": "'{text}' gives the wrong period: {name} runs {periods}; correct it "
            "(source: {source})",
        },
        "stale-plan": {
            "zh": "“{text}”的规划期是{period}，到{year}年已经结束。请改为当前适用的规划"
            "（依据：{source}）",
            "en": "'{text}' ran {period} and had ended by {year}; cite the current plan "
            "(source: {source})",
        },
        "future-plan": {
            "zh": "“{text}”的规划期是{period}，{year}年时还没有开始。"
            "请改为{year}年时适用的规划（依据：{source}）",
            "en": "'{text}' runs {period}, which had not begun in {year}; cite the plan in "
            "force then (source: {source})",
        },
        "stale-congress": {
            "zh": "“{text}”：{year}年时党的{next}大已经召开（{next_met}年），"
            "请改为学习贯彻党的{next}大精神（依据：{source}）",
            "en": "'{text}': by {year} the {next} Party Congress had met ({next_met}); cite "
            "its spirit instead (source: {source})",
        },
        "future-congress": {
            "zh": "“{text}”：党的{number}大于{met}年召开，{year}年的报告不可能学习它。"
            "请核对报告年度，或改为{year}年时的会议精神（依据：{source}）",
            "en": "'{text}': the {number} Party Congress met in {met}, after the report year "
            "{year}; check the year or cite the congress of the time (source: {source})",
        },
        "congress-plenary": {
            "zh": "“{text}”写错了：全会是党的{number}届中央委员会的会议，不是党的{number}大的。"
            "请改为“{number}届{session}中全会”（依据：{source}）",
            "en": "'{text}' is wrong: a plenary session belongs to the {number} Central "
            "Committee (届), not to the {number} Congress (大); write {number}届{session}中全会 "
            "(source: {source})",
        },
        "congress-term": {
            "zh": "“{text}”写错了：党的全国代表大会按“次”计，“{number}届”指的是这次大会选出的"
            "中央委员会。请改为“第{number}次全国代表大会”（党的{number}大）（依据：{source}）",
            "en": "'{text}' is wrong: Party congresses are counted with 次, so write "
            "第{number}次全国代表大会 ({number}大); {number}届 is the Central Committee it "
            "elected (source: {source})",
        },
        "future-plenary": {
            "zh": "“{text}”：党的{number}届{session}中全会{held}召开，{year}年的报告在公开时还不可能"
            "学习它。请核对会议名称或报告年度（依据：{source}）",
            "en": "'{text}': the session was held {held_en}, after the {year} report could "
            "have been published; check the session or the report year (source: {source})",
        },
        "renamed": {
            "zh": "“{text}”是机构改革前的名称，{year}年已改为{new}。回顾过去时请写“原{text}”"
            "（依据：{source}）",
            "en": "'{text}' is the name before the institutional reform; by {year} it was "
            "{new}. Write 原{text} when referring to the past (source: {source})",
        },
        "repealed": {
            "zh": "“{text}”自{stale_from}年起已废止，由{replaced_by}取代。"
            "请改为引用{replaced_by}（依据：{source}）",
            "en": "'{text}' was repealed in {stale_from} and replaced by {replaced_by}; cite "
            "that instead (source: {source})",
        },
        "revised": {
            "zh": "“{text}”引用的是《{name}》修订前的版本，{year}年时施行的是修订后的版本（{new}）。"
            "请改为引用修订后的版本（依据：{source}）",
            "en": "'{text}' cites the version of 《{name}》 before its revision; in {year} the "
            "revised version ({new}) was in force: cite that (source: {source})",
        },
        "doc-brackets": {
            "zh": "发文字号“{text}”的年份没有用六角括号〔〕。请改为“〔{doc_year}〕”",
            "en": "The document number '{text}' must put its year in 〔〕: write 〔{doc_year}〕",
        },
        "doc-serial": {
            "zh": "发文字号“{text}”缺少序号。发文字号的格式是“机关代字〔年份〕序号号”，"
            "请对照原文件补上序号",
            "en": "The document number '{text}' lacks its serial number; a document number "
            "is agency code〔year〕serial号: copy the serial from the document itself",
        },
        "doc-bracket": {
            "zh": "发文字号“{text}”缺少{missing}。发文字号的格式是“机关代字〔年份〕序号号”，"
            "请改为“{fixed}”",
            "en": "The document number '{text}' lacks a bracket; a document number is agency "
            "code〔year〕serial号: write '{fixed}'",
        },
        "doc-year": {
            "zh": "发文字号中的年份“{text}”不对：应为四位年份，且不晚于报告公开的{latest}年。"
            "请对照原文件改正",
            "en": "The year in the document number '{text}' is wrong: it must have four digits "
            "and be no later than {latest}, when the report is published; correct it from "
            "the document itself",
        },
    },
    doc=__doc__ or "",
)
def outdated_reference(report: Report, ctx: Context) -> Iterator[Finding]:
    # Before anything else, so that the first report compiles the patterns: a check of
    # many files checks that one before its workers fork, and they inherit them.
    compiled = _compiled()
    year = report.fields.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or report.source is None:
        return
    text = prose(report)
    found: list[tuple[int, str, dict[str, str | int]]] = []
    found += _plans(report, text, year, compiled)
    published = report.fields.get("published")
    issued = published if isinstance(published, dt.date) else None
    found += _congresses(report, text, year, issued)
    found += _names(report, text, year, compiled)
    found += _revised(report, text, year, compiled)
    found += _document_numbers(report, text, year, compiled.han)
    for offset, message, args in sorted(found, key=lambda item: item[0]):
        line, col = report.source.position(offset)
        severity = Severity.error if message in _CERTAIN else None
        yield outdated_reference.finding(line, col, message, severity, year=year, **args)


# What no reading of the text can make right is an error; the rest depends on context (a
# plan cited when looking back, a law studied before it was replaced) and is a warning.
_CERTAIN = {"congress-plenary", "congress-term", "doc-serial", "doc-bracket"}


Found = Iterator[tuple[int, str, dict[str, str | int]]]


def _span(first: int, last: int) -> str:
    return f"{first}—{last}年"


def _plans(report: Report, text: str, year: int, compiled: _Compiled) -> Found:
    start = report.body_offset
    for plan, pattern, required in compiled.plans:
        if required is not None and not occurs(report, required):
            continue
        for match in pattern.finditer(text, start):
            at, end = match.start(), match.end()
            after = text[end : end + 30]
            if _HISTORIC.search(text[max(at - 1, 0) : at]) or _LOOKING_BACK.match(after):
                continue
            cited = _PERIOD.match(after)
            period: tuple[int, int] | None = None
            shown = match.group()
            if cited:
                period = (int(cited.group(1)), int(cited.group(2)))
                shown = text[at : end + cited.end()].strip()
                # A local plan of the same name (《保山市法治社会建设实施纲要（…）》) has a
                # period of its own: only the national one's can be wrong, yet either
                # can have ended.
                if text[at - 1 : at] == "《" and period not in plan.periods:
                    periods = "、".join(_span(*p) for p in plan.periods)
                    yield (
                        at,
                        "wrong-period",
                        _args(plan, shown, periods=periods, name=match.group()),
                    )
                    continue
            elif len(plan.periods) == 1:
                period = plan.periods[0]
            if period is None:
                continue
            first, last = period
            if year > last + 1:
                yield at, "stale-plan", _args(plan, shown, period=_span(*period))
            elif year < first - 1 and not _PREPARING.search(text, max(at - 8, 0), at):
                yield at, "future-plan", _args(plan, shown, period=_span(*period))


def _args(fact: _Fact, text: str, **more: str | int) -> dict[str, str | int]:
    return {"text": text, "source": fact.source, **more}


def _congresses(report: Report, text: str, year: int, published: dt.date | None) -> Found:
    start = report.body_offset
    congresses = sorted(references().congresses, key=lambda c: c.met)
    by_number = {congress.number: congress for congress in congresses}
    confused = set()
    # Most reports name no plenary session: the shared scan spares both passes.
    plenaries = occurs(report, _PLENARY_LITERALS)
    for match in _CONGRESS_PLENARY.finditer(text, start) if plenaries else ():
        congress = by_number.get(match.group("n"))
        if congress is None:
            continue
        confused.add(match.start())
        yield (
            match.start(),
            "congress-plenary",
            _args(congress, match.group(), number=congress.number, session=match.group("k")),
        )
    terms = occurs(report, _AS_TERM_LITERALS)
    for match in _CONGRESS_AS_TERM.finditer(text, start) if terms else ():
        congress = by_number.get(match.group("n"))
        if congress is not None:
            confused.add(match.start())
            yield (
                match.start(),
                "congress-term",
                _args(congress, match.group(), number=congress.number),
            )
    for match in _PLENARY.finditer(text, start) if plenaries else ():
        congress = by_number.get(match.group("n"))
        session = from_chinese(match.group("k")) or 0
        if congress is None or not congress.plenaries:
            continue
        # A report can cite what was held before it was published: by its `published` date,
        # or else by the end of March of the next year, the latest deadline (a 2022 report
        # on 二十届二中全会, February 2023).
        deadline = f"{published:%Y-%m}" if published else f"{year + 1}-03"
        if session <= len(congress.plenaries):
            held = congress.plenaries[session - 1]
            if held <= deadline:
                continue
            when, when_en = f"于{held[:4]}年{int(held[5:])}月", f"in {held}"
        else:
            last = congress.plenaries[-1]
            if last < deadline:
                continue  # not known to have been held after the report's publication
            when, when_en = f"在{last[:4]}年{int(last[5:])}月之后", f"after {last}"
        yield (
            match.start(),
            "future-plenary",
            _args(
                congress,
                match.group(),
                number=congress.number,
                session=match.group("k"),
                held=when,
                held_en=when_en,
            ),
        )
    cited = occurs(report, _CONGRESS_LITERALS) and occurs(report, _SPIRIT_LITERALS)
    for match in _CONGRESS.finditer(text, start) if cited else ():
        if match.start() in confused:
            continue
        index = next((i for i, c in enumerate(congresses) if c.number == match.group("n")), None)
        if index is None:
            continue
        congress = congresses[index]
        later = congresses[index + 1] if index + 1 < len(congresses) else None
        if congress.met > year:
            yield (
                match.start(),
                "future-congress",
                _args(congress, match.group(), number=congress.number, met=congress.met),
            )
        elif later is not None and year > later.met:
            yield (
                match.start(),
                "stale-congress",
                _args(later, match.group(), next=later.number, next_met=later.met),
            )


def _names(report: Report, text: str, year: int, compiled: _Compiled) -> Found:
    start = report.body_offset
    for renamed, pattern, required in compiled.renamed:
        if year < renamed.stale_from or not occurs(report, required):
            continue
        for match in pattern.finditer(text, start):
            at = match.start()
            if not _HISTORIC.search(text[max(at - 4, 0) : at].rstrip("县市区省州")):
                yield at, "renamed", _args(renamed, renamed.old, new=renamed.new)
    for law, pattern, required in compiled.repealed:
        if year < law.stale_from or not occurs(report, required):
            continue
        for match in pattern.finditer(text, start):
            at = match.start()
            if not _HISTORIC.search(text[max(at - 1, 0) : at]):
                yield (
                    at,
                    "repealed",
                    _args(
                        law, match.group(), replaced_by=law.replaced_by, stale_from=law.stale_from
                    ),
                )


def _revised(report: Report, text: str, year: int, compiled: _Compiled) -> Found:
    for law, pattern, required in compiled.revised:
        if year < law.stale_from or not occurs(report, required):
            continue
        for match in pattern.finditer(text, report.body_offset):
            yield match.start(), "revised", _args(law, match.group(), name=law.name, new=law.new)


def _document_numbers(report: Report, text: str, year: int, han: re.Pattern[str]) -> Found:
    start = report.body_offset
    numbered = occurs(report, _NUMBER_LITERALS)
    opening, closing = occurs(report, _OPENING_LITERALS), occurs(report, _CLOSING_LITERALS)
    for match in _BAD_BRACKETS.finditer(text, start) if numbered else ():
        if not han.match(text, match.start() - 1):
            continue  # an agency's abbreviation comes before a document number
        yield (
            match.start(),
            "doc-brackets",
            {"text": match.group(), "doc_year": match.group("year")},
        )
    for match in _DOC_NO_SERIAL.finditer(text, start) if opening and numbered else ():
        yield match.start(), "doc-serial", {"text": match.group()}
    for match in _DOC_NO_OPENING.finditer(text, start) if closing and numbered else ():
        if not han.match(text, match.start() - 1):
            continue
        bare = match.group()
        fixed = "〔" + bare
        yield match.start(), "doc-bracket", {"text": bare, "missing": "左括号“〔”", "fixed": fixed}
    for match in _DOC_NO_CLOSING.finditer(text, start) if opening and numbered else ():
        bare = match.group()
        year_end = re.match(r"〔\s*\d{4}", bare)
        cut = year_end.end() if year_end else len(bare)
        fixed = bare[:cut] + "〕" + bare[cut:].lstrip()
        yield match.start(), "doc-bracket", {"text": bare, "missing": "右括号“〕”", "fixed": fixed}
    for match in _DOC_YEAR.finditer(text, start) if opening and closing else ():
        doc_year = match.group("year")
        if len(doc_year) != 4 or int(doc_year) > year + 1:
            yield match.start(), "doc-year", {"text": match.group(), "latest": year + 1}
