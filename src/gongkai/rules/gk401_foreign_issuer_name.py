"""## 检查内容

正文中出现了别的机关或地方的名称，像是从别的单位的报告中复制过来没有改掉：

- 乡镇、街道的报告中出现另一个乡、镇或街道的名称，如陆营镇的报告写了“贯穿水口乡工作
  的主线”。与发布机关同类的名称（镇的报告中的另一个镇）只在前面写了县、区名时才能认出
  （如“卧龙区水口镇”），因为“修订镇议事规则”中的“镇”指的就是本镇；
- 自称与发布机关不符，如镇政府的报告写“我局”“本乡”，司法局的报告写“我镇”。自称必须是
  独立的词：“健全街道综合行政执法”中的“全街道”是“健全”的一部分，不算自称；
- 项目有发布机关名录（`registry.yml`）时，正文中出现名录中其他机关的全称，而它既不是
  发布机关本身，也不是发布机关的上级或下级。

发布机关名称中的各级地名（如“南阳市卧龙区陆营镇人民政府”中的南阳市、卧龙区、陆营镇）
和上级机关的简称（如“区委、区政府”）都不会被提示。

## 为什么重要

照抄别的单位的报告、只改了单位名称，是评估和督察中点名批评的“内容雷同”。漏改的
名称一旦公开，很容易被发现，还会让人怀疑报告中的数字和做法是否属实。

## 如何修改

核对这一句是不是本机关的情况：是，就把名称改为本机关；不是，就删除或改写整句。
确实需要提到其他地方（如结对帮扶、联合执法）时，在该行上方加抑制注释写明原因：

    <!-- gongkai-disable-next-line foreign-issuer-name -- 与水口乡联合开展执法检查 -->
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs
from gongkai.places import LEVEL_OF_SUFFIX, IssuerName, parse_issuer
from gongkai.prose import prose
from gongkai.rules.base import Context, Finding, Severity, rule

_HAN = r"\u4e00-\u9fff"
# 我局, 本镇 … A preceding character that makes 本 or 我 part of another word (基本, 成本,
# 自我) and a following one that makes the unit part of another word (市场, 局面, 区域,
# 办法, 乡村) rule the pair out.
# The look-behind follows the first character (as a two-character window) so that the
# pattern starts with 我, 本 or 全 and the regex engine skips straight to those.
_NOT_BEFORE = r"(?<![基资成根样版文书剧日课账脚标范读副原蓝底血工老赔保折节话自忘唯敌你非].)"
# 全 ends words of its own (健全, 完全, 安全, 齐全): 健全街道综合执法 is no self-reference.
_NOT_BEFORE_QUAN = r"(?<![健完安齐周保成顾两俱求万双].)"
_SELF_KINDS = ("街道", "局", "委", "办", "厅", "镇", "乡", "县", "区", "市", "省")
# What every match of _SELF holds (see gongkai.model.scan): the lookbehinds take no text.
_SELF_LITERALS = literals(
    *(mark + kind for mark in "我本" for kind in _SELF_KINDS), "全街道", "全镇", "全乡"
)
_SELF = re.compile(
    rf"(?:[我本]{_NOT_BEFORE}(?P<kind>{'|'.join(_SELF_KINDS)})"
    rf"|全{_NOT_BEFORE_QUAN}(?P<town>街道|镇|乡))"
    r"(?![场面势部限域别分间法理事公托员村贤土愁亲情里音])"
)
_DEPARTMENT_KINDS = {"局", "委", "办", "厅"}
# 街道 alone is also the generic word for the body (召开街道…会议), so a 街道 counts as a
# name only in its full form, XX街道办事处, after a punctuation mark or a parent unit.
_PARENT_ENDS = ("县", "区", "市", "旗")
_TOWNSHIP = re.compile(rf"(?P<name>[{_HAN}]{{2}})(?P<suffix>镇|乡|街道(?=办事处))")
# Two characters before the suffix that form a common word rather than a name (全镇, 城乡),
# and characters after it that make a word with it (乡村, 镇压).
_NOT_A_NAME_END = set(
    "全本我该各每城乡镇街村集小古名重强市新坐下家故老返回还同异他水梦原入进思县区"
)
# Kinds of town rather than names: 创建国家卫生镇, 建设特色小镇, 民族乡.
_NOT_NAMES = {
    "中心",
    "重点",
    "示范",
    "卫生",
    "文明",
    "生态",
    "旅游",
    "园林",
    "历史",
    "文化",
    "特色",
    "明星",
    "百强",
    "千强",
    "经济",
    "工业",
    "农业",
    "商贸",
    "平安",
    "法治",
    "建制",
    "边境",
    "口岸",
    "美丽",
    "先进",
    "试点",
    "民族",
    "贫困",
    "红色",
    "森林",
    "宜居",
    "智慧",
    "和谐",
    "乡镇",
    "城乡",
    "全国",
    "全省",
    "全市",
    "全县",
    "全区",
    "所在",
    "周边",
    "相邻",
    "其他",
}
_NOT_A_NAME_NEXT = {
    "乡": set("村镇贤风土愁亲情里间音下规"),
    "镇": set("村街域级压守静定痛"),
}
_FUNCTION_CHARS = set("的和与及在对为是了将把向从到等或并以于由被之其这那此")


def _department_kind(body: str) -> str | None:
    if body.endswith(("办公室", "办公厅")):
        return "办" if body.endswith("室") else "厅"
    if body.endswith("委员会"):
        return "委"
    last = body[-1:] if body else ""
    return last if last in _DEPARTMENT_KINDS else None


@rule(
    id="GK401",
    name="foreign-issuer-name",
    severity=Severity.warning,
    summary={
        "zh": "正文出现其他机关或地方的名称，或自称与发布机关不符（疑为照抄）",
        "en": "The text names another body or place, or refers to itself as a different "
        "kind of body (copied?)",
    },
    messages={
        "place": {
            "zh": "正文提到“{name}”，但发布机关是{issuer}。是否从别的单位的报告中复制而未改？"
            "请改为本机关的名称，或删除这句",
            "en": "The text names '{name}' but the issuer is {issuer}; copied from another "
            "body's report? Use the issuer's name or remove the sentence",
        },
        "self": {
            "zh": "正文自称“{text}”，但发布机关是{issuer}，不是{kind}。是否从别的单位的报告中"
            "复制而未改？请改为本机关的称呼",
            "en": "The text refers to itself as '{text}' but the issuer, {issuer}, is not a "
            "{kind}; copied from another body's report? Refer to the issuer as what it is",
        },
        "registered": {
            "zh": "正文提到“{name}”，它既不是发布机关{issuer}，也不是其上级或下级。"
            "是否从别的单位的报告中复制而未改？请改为本机关的名称；确需提到该机关的，请核对名称无误",
            "en": "The text names '{name}', which is neither the issuer {issuer} nor above or "
            "below it; copied from another body's report? Use the issuer's name, or check "
            "that naming that body is intended",
        },
    },
    doc=__doc__ or "",
)
def foreign_issuer_name(report: Report, ctx: Context) -> Iterator[Finding]:
    issuer = report.fields.get("issuer")
    if not isinstance(issuer, str) or report.source is None:
        return
    parsed = parse_issuer(issuer)
    text = prose(report)
    found: list[tuple[int, str, dict[str, str]]] = []
    if occurs(report, _SELF_LITERALS):
        found += _self_references(text, report.body_offset, parsed)
    if (
        parsed.units
        and LEVEL_OF_SUFFIX[parsed.units[-1].suffix] == 4
        and not parsed.body.strip("人民政府办事处")
    ):
        found += _other_townships(text, report.body_offset, parsed)
    registered = list(_registered(text, report.body_offset, issuer, ctx))
    # A registered full name says more than the place inside it (谢庄镇 in …谢庄镇人民政府).
    spans = [(at, at + len(args["name"])) for at, _message, args in registered]
    found = [item for item in found if not any(a <= item[0] < b for a, b in spans)]
    found += registered
    seen: set[str] = set()
    for offset, message, args in sorted(found, key=lambda item: item[0]):
        key = args.get("name") or args["text"]
        if key in seen:
            continue  # the first mention says it; every later one adds nothing
        seen.add(key)
        line, col = report.source.position(offset)
        yield foreign_issuer_name.finding(line, col, message, None, issuer=issuer, **args)


def _self_references(
    text: str, start: int, parsed: IssuerName
) -> Iterator[tuple[int, str, dict[str, str]]]:
    own_levels = {LEVEL_OF_SUFFIX[unit.suffix]: unit.suffix for unit in parsed.units}
    deepest = max(own_levels, default=0)
    department = _department_kind(parsed.body)
    for match in _SELF.finditer(text, start):
        kind = match.group("kind") or match.group("town")
        if kind in _DEPARTMENT_KINDS:
            wrong = kind != department
        else:
            level = LEVEL_OF_SUFFIX[kind]
            # A level the name does not spell out (a city report's 我省) is not wrong; the
            # issuer's own levels must match (区 is not 县), and nothing below it is "we".
            wrong = level > deepest or (level in own_levels and own_levels[level] != kind)
        if wrong:
            yield match.start(), "self", {"text": match.group(), "kind": kind}


def _other_townships(
    text: str, start: int, parsed: IssuerName
) -> Iterator[tuple[int, str, dict[str, str]]]:
    own = {unit.name for unit in parsed.units}
    own_kind = parsed.units[-1].suffix
    for match in _TOWNSHIP.finditer(text, start):
        name, suffix = match.group("name"), match.group("suffix")
        if suffix == own_kind and text[match.start() - 1 : match.start()] not in _PARENT_ENDS:
            # The issuer's own kind alone is how a report says "the town" (修订镇议事规则,
            # 担任镇政府法律顾问): another town of that kind counts only after the name of
            # its county (卧龙区水口镇), or, with a registry, by its registered name.
            continue
        # Names have no word boundaries in Chinese: 水口乡 is read as the two characters
        # before the suffix, which is how most township names are written.
        if name in _NOT_NAMES or name[-1] in _NOT_A_NAME_END or set(name) & _FUNCTION_CHARS:
            continue
        if text[match.end() : match.end() + 1] in _NOT_A_NAME_NEXT.get(suffix, ()):
            continue
        before = text[match.start() - 1 : match.start()]
        if suffix == "街道" and re.match(f"[{_HAN}]", before) and before not in "市县区":
            continue  # 召开街道党工委会议: a verb, not a name, before the generic 街道
        if any(own_name.endswith(name) for own_name in own):
            continue  # the issuer's own place, also as the end of a longer name (王庄集镇)
        yield match.start(), "place", {"name": name + suffix}


def _registered(
    text: str, start: int, issuer: str, ctx: Context
) -> Iterator[tuple[int, str, dict[str, str]]]:
    registry = ctx.config.registry
    if registry is None or registry.find(issuer) is None:
        return
    related = {issuer} | {entry.name for entry in registry.ancestors(issuer)}
    related |= {
        entry.name
        for entry in registry.issuers
        if issuer in {ancestor.name for ancestor in registry.ancestors(entry.name)}
    }
    # Related names are blanked first: 示例县人民政府 is part of 示例县示例镇人民政府.
    related_pattern = "|".join(map(re.escape, sorted(related, key=len, reverse=True)))
    masked = re.sub(related_pattern, lambda m: " " * len(m.group()), text[start:])
    for name in sorted(registry.names() - related, key=len, reverse=True):
        at = masked.find(name)
        if at >= 0:
            yield start + at, "registered", {"name": name}
