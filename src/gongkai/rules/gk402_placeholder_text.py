"""## 检查内容

正文中留有模板或范文里的占位内容，没有换成实际内容：

- 用 X、×、＊ 代替的名称或数字，如“XX镇”“×××同志”“X县”；
- 不完整的年份，如“20XX年”“202X年”；
- 括号里的填写提示，如“（单位名称）”“【填写日期】”，以及“此处填写”“点击此处”等；
- 空着的发文字号，如“〔 〕号”“〔2024〕号”“第  号”；
- “示例”字样（发布机关自己名称中的“示例”除外）。

## 为什么重要

照着模板或别人的报告改写时漏填的占位符，一眼就能看出报告是套用的，公开后常被媒体和
公众截图转发，损害政府的公信力。

## 如何修改

把占位内容换成实际的名称、数字、日期或文号；用不到的句子整句删除。确实需要保留的
（例如说明性的“示例”文字），在该行上方加抑制注释并写明原因：

    <!-- gongkai-disable-next-line placeholder-text -- 本行说明本文为示例报告 -->
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs
from gongkai.places import parse_issuer
from gongkai.prose import prose
from gongkai.rules.base import Context, Finding, Severity, rule

_X = r"[XxＸｘ×＊]"
_X_CHARS = ("X", "x", "Ｘ", "ｘ", "×", "＊")
# (message, pattern, literals one of which must occur for the pattern to be tried)
_PATTERNS = (
    # 20XX年, 202X年, 20××
    (
        "placeholder",
        rf"(?<![0-9A-Za-z])(?:19|20)(?:\d{_X}|{_X}{{2}})(?![A-Za-z0-9])",
        _X_CHARS,
    ),
    # XX镇, ×××同志; a single X only before the suffix of a place or body (X县, X局).
    (
        "placeholder",
        rf"(?<![A-Za-z0-9]){_X}{{2,}}(?![A-Za-z0-9])"
        rf"|(?<![A-Za-z0-9]){_X}(?=[省市县区镇乡村街局委办厅])",
        _X_CHARS,
    ),
    (
        "placeholder",
        r"[（(【\[［]\s*(?:单位名称|单位全称|机关名称|部门名称|发布机关|乡镇名称|县区名称"
        r"|[^）)】\]］\n]{0,12}(?:填写|填入|输入|待补充|待填)[^）)】\]］\n]{0,12})\s*[）)】\]］]"
        r"|此处填写|在此填写|此处输入|在此输入|点击此处|单击此处|此处添加|此处插入",
        ("名称", "发布机关", "填", "输入", "待补充", "此处"),
    ),
    # Two patterns, each led by its literal, which the regex engine skips to: one
    # alternation of both would be tried at every character. No match of one overlaps one
    # of the other, so together they find what the alternation finds.
    ("doc-number", r"〔\s*〕\s*\d*\s*号?|〔\s*\d{4}\s*〕\s*号", ("〔",)),
    ("doc-number", r"第[ \t\u3000]+号", ("第",)),
    ("example", r"示例", ("示例",)),
)
_COMPILED = tuple(
    (message, re.compile(p), literals(*triggers)) for message, p, triggers in _PATTERNS
)


@rule(
    id="GK402",
    name="placeholder-text",
    severity=Severity.error,
    summary={
        "zh": "正文留有模板中的占位内容（XX镇、20XX年、〔 〕号、示例）",
        "en": "Template placeholders left in the text (XX镇, 20XX年, 〔 〕号, 示例)",
    },
    messages={
        "placeholder": {
            "zh": "“{text}”是模板中的占位内容，没有换成实际内容。请填写实际的名称、数字或日期",
            "en": "'{text}' is a template placeholder that was never filled in; replace it "
            "with the actual name, number or date",
        },
        "doc-number": {
            "zh": "发文字号“{text}”没有填完整。请补全年份和序号，如“示政〔2025〕8号”",
            "en": "The document number '{text}' is incomplete; give its year and number, "
            "e.g. 示政〔2025〕8号",
        },
        "example": {
            "zh": "正文中有“示例”字样，像是模板里的示例文字。请改为本机关的实际内容",
            "en": "The text says '示例' (example), which looks like template wording; "
            "replace it with the issuer's actual content",
        },
    },
    doc=__doc__ or "",
)
def placeholder_text(report: Report, ctx: Context) -> Iterator[Finding]:
    if report.source is None:
        return
    text = _without_own_names(report, prose(report))
    found = []
    for message, pattern, triggers in _COMPILED:
        if occurs(report, triggers):
            found += [
                (m.start(), message, m.group()) for m in pattern.finditer(text, report.body_offset)
            ]
    for start, message, matched in sorted(found):
        line, col = report.source.position(start)
        yield placeholder_text.finding(line, col, message, text=matched.strip())


def _without_own_names(report: Report, text: str) -> str:
    """The issuer's own unit names blanked out: a fictional issuer may well be 示例县."""
    issuer = report.fields.get("issuer")
    if not isinstance(issuer, str):
        return text
    # Only full names (示例县), so that "示例报告" in the same report is still found.
    names = {unit.full for unit in parse_issuer(issuer).units}
    if not names:
        return text
    pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    return pattern.sub(lambda m: " " * len(m.group()), text)
