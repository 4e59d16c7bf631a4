"""## 检查内容

正文中的地名与发布机关名称中的地名只差一个字，而这个字与正确的字形近，像是错别字或
识别错误，如沭阳县人民政府的报告中写成“沐阳县”（“沐”与“沭”形近）。

比较的是发布机关全称中的各级地名（如“宿迁市沭阳县人民政府”中的宿迁市、沭阳县），项目
有发布机关名录（`registry.yml`）时，还有名录中各机关名称里的地名。只有后面跟着同样的
“省、市、县、区、镇、乡、街道”等字、而且差的那个字与正确的字形近（部件相同，或只差一个
包含关系的部件，如“沭”与“沐”、“己”与“已”）时才提示；“泗阳县”与“沭阳县”虽然也只差一个字，
但字形不近，是另一个地方，不会提示。名录中确有的地名也不会提示。

## 为什么重要

发布机关自己的地名写错，是最容易被读者发现的错误，常见于从扫描件识别（OCR）或用拼音
输入法输入的文本，往往全文都错。

## 如何修改

核对原文，把地名改为正确的写法（全文替换时注意不要改动真正的其他地名）。确实是另一个
地方的，在该行上方加抑制注释写明原因：

    <!-- gongkai-disable-next-line misspelt-place-name -- 沐阳村是本县的一个行政村 -->
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.places import Unit, look_alike, parse_issuer
from gongkai.prose import prose
from gongkai.rules.base import Context, Finding, Severity, rule

_HAN = re.compile("[\u4e00-\u9fff]+")


def _one_off(text: str, start: int, unit: Unit) -> Iterator[tuple[int, str]]:
    """Where the unit's name is written with one character replaced, before its suffix
    (沭阳县 → 沐阳县): found from each occurrence of the suffix, a literal that the regex
    engine finds fast, rather than by a pattern tried at every character."""
    size = len(unit.name)
    for match in re.finditer(re.escape(unit.suffix), text[start:]):
        at = start + match.start() - size
        written = text[at : start + match.start()]
        if at < start or not _HAN.fullmatch(written):
            continue
        if sum(a != b for a, b in zip(written, unit.name, strict=True)) == 1:
            yield at, written + unit.suffix


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
    own = [(unit, "issuer") for unit in parse_issuer(issuer).units]
    registry = ctx.config.registry
    registered = [
        (unit, "registered")
        for name in sorted(registry.names() if registry is not None else ())
        for unit in parse_issuer(name).units
    ]
    targets = dict.fromkeys(own + registered)  # in order, each unit once, own ones first
    known = {unit.full for unit, _origin in targets}
    text = prose(report)
    found: dict[str, tuple[int, str, dict[str, str]]] = {}
    counts: dict[str, int] = {}
    done: set[Unit] = set()
    for unit, origin in targets:
        if len(unit.name) < 2 or unit in done:
            continue  # a one-character name (莘县) has no look-alike worth a guess
        done.add(unit)
        for at, written in _one_off(text, report.body_offset, unit):
            if written in known:
                continue
            wrong, right = next((a, b) for a, b in zip(written, unit.name, strict=False) if a != b)
            if not look_alike(wrong, right):
                continue
            counts[written] = counts.get(written, 0) + 1
            found.setdefault(
                written,
                (
                    at,
                    origin,
                    {"expected": unit.full, "wrong": wrong, "right": right},
                ),
            )
    for written, (offset, origin, args) in sorted(found.items(), key=lambda item: item[1][0]):
        line, col = report.source.position(offset)
        yield misspelt_place_name.finding(
            line, col, origin, None, found=written, issuer=issuer, count=counts[written], **args
        )
