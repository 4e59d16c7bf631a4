"""The 与上年对比 page: a report beside the same issuer's report of the year before.

Marks are elements (<mark>, <ins>) with a text legend and a distinct underline each, so
they read without colour, in greyscale and in print. Wide tables scroll in their own box.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.compare.cells import Agreement, CarryOver, CellDelta, GroupDelta, TableDelta
from gongkai.compare.pair import SectionPair
from gongkai.compare.passages import Kind, Paragraph, Rate
from gongkai.rules import RULES_BY_ID
from gongkai.site.comparisons import YearPair
from gongkai.site.html import HtmlPage, esc, link, page, table
from gongkai.site.urls import compare_url, relative

_LEGEND = (
    '<ul class="gk-legend">'
    '<li><mark class="gk-same">逐字沿用</mark>：与上年报告中的句子逐字相同（不计标点）</li>'
    '<li><mark class="gk-numbers">仅数字不同</mark>：与上年报告中的句子只有数字不同</li>'
    '<li><ins class="gk-new">新增</ins>：上年报告中没有的句子</li>'
    "<li>未标记：少于 12 个字的短句，或多数报告都有的通用表述，不作比较</li>"
    "</ul>"
)
_PREVIOUS_NOTE = "上年报告中的标记表示该句被本年报告沿用。"


def compare_page(pair: YearPair) -> HtmlPage:
    current, previous = pair.current, pair.previous
    here = compare_url(current.year, current.type, current.issuer)
    title = f"{current.issuer}{current.year}年{current.type_name}与上年对比"
    lede = (
        f'<p class="gk-lede">本页把本报告与本机关{previous.year}年的同类报告逐项对照：'
        "正文按必备内容分节，标出沿用上年的句子并给出重复率；"
        + ("表格逐格给出两年的数字和变化；" if pair.comparison.tables else "")
        + "数字全部取自两份报告本身和本站对它们的检查结果。</p>"
    )
    links = (
        '<p class="gk-browse">'
        f"本年报告：{link(relative(here, current.url), current.title)}<br>"
        f"上年报告：{link(relative(here, previous.url), previous.title)}</p>"
    )
    parts = [lede, links, _text_part(pair)]
    if pair.comparison.tables:
        parts.append(_tables_part(pair))
    parts.append(_findings_part(pair, here))
    return page(title, *parts)


def _percent(rate: Rate | None) -> str:
    value = rate.value if rate else None
    return "无可比文字" if value is None else f"{value * 100:.1f}%"


def _text_part(pair: YearPair) -> str:
    comparison = pair.comparison
    whole = comparison.rate
    summary = (
        f"<p>全文重复率 <strong>{_percent(whole)}</strong>"
        f"（本年正文 {whole.chars} 字，其中逐字沿用 {whole.same} 字、仅数字不同 {whole.numbers} 字）。"
        "重复率是本年正文中沿用上年报告的文字（逐字相同或只有数字不同的句子）所占的比例，"
        "按字母和汉字计，一串数字计一个字，标点不计。</p>"
    )
    rows = [
        [esc(s.name), _percent(s.rate) if s.current is not None else "本年未找到"]
        for s in comparison.sections
    ]
    overview = _scroll(table("各部分重复率", ["内容", "重复率"], rows), "各部分重复率")
    sections = "".join(_section(s, pair) for s in comparison.sections)
    return (
        '<section aria-labelledby="gk-text-h"><h2 id="gk-text-h">正文对比</h2>'
        f"{summary}{_LEGEND}<p>{_PREVIOUS_NOTE}</p>{overview}{sections}</section>"
    )


def _section(section: SectionPair, pair: YearPair) -> str:
    rate = f"<p>本部分重复率：{_percent(section.rate)}</p>" if section.current is not None else ""
    now = _column(f"{pair.current.year}年（本年）", section.current)
    before = _column(f"{pair.previous.year}年（上年）", section.previous)
    return f'<h3>{esc(section.name)}</h3>{rate}<div class="gk-sbs">{now}{before}</div>'


def _column(heading: str, paragraphs: Sequence[Paragraph] | None) -> str:
    if paragraphs is None:
        body = "<p>（该年报告中未找到这部分内容）</p>"
    else:
        body = "".join(_paragraph(p) for p in paragraphs) or "<p>（无文字）</p>"
    return f'<div class="gk-sbs-col"><h4>{esc(heading)}</h4>{body}</div>'


def _paragraph(paragraph: Paragraph) -> str:
    text = "".join(_piece(piece.text, piece.kind) for piece in paragraph.pieces)
    return (
        f'<p class="gk-heading"><strong>{text}</strong></p>'
        if paragraph.heading
        else f"<p>{text}</p>"
    )


def _piece(text: str, kind: Kind) -> str:
    if kind is Kind.same:
        return f'<mark class="gk-same">{esc(text)}</mark>'
    if kind is Kind.numbers:
        return f'<mark class="gk-numbers">{esc(text)}</mark>'
    if kind is Kind.new:
        return f'<ins class="gk-new">{esc(text)}</ins>'
    return esc(text)


def _scroll(html: str, label: str) -> str:
    """A box that scrolls sideways by itself, reachable by keyboard (axe: scrollable region)."""
    return (
        f'<div class="gk-scroll" role="region" aria-label="{esc(label)}" tabindex="0">{html}</div>'
    )


def _tables_part(pair: YearPair) -> str:
    comparison = pair.comparison
    intro = (
        "<p>每一格依次为本年数、上年数和变化（本年减上年，上年不为 0 时另给百分比）。"
        "“未填”表示该格空白：空白不等于 0，不计算变化。两年表格格式不同时，按单元格的固定编号对应，"
        "只有一年格式中才有的行已注明。</p>"
    )
    tables = "".join(_table(t, pair) for t in comparison.tables)
    carry = _carry_part(comparison.carry_overs, pair) if comparison.carry_overs else ""
    return (
        '<section aria-labelledby="gk-tables-h"><h2 id="gk-tables-h">表格对比</h2>'
        f"{intro}{carry}{tables}</section>"
    )


def _table(delta: TableDelta, pair: YearPair) -> str:
    name = f"表{delta.number} {delta.title}"
    notes = []
    for year, version in (
        (pair.current.year, delta.current_format),
        (pair.previous.year, delta.previous_format),
    ):
        notes.append(f"{year}年报告{'没有此表' if version is None else f'用{version}年格式'}")
    groups = "".join(_group(g, name, pair) for g in delta.groups)
    return f"<h3>{esc(name)}</h3><p>{esc('；'.join(notes))}。</p>{groups}"


def _group(group: GroupDelta, name: str, pair: YearPair) -> str:
    caption = f"{name}：{group.caption}" if group.caption else name
    if group.only:
        year = pair.previous.year if group.only == "previous" else pair.current.year
        caption += f"（仅{year}年格式有的栏目）"
    head = [group.corner or "项目", *(column for _key, column in group.columns)]
    rows = []
    for row in group.rows:
        label = esc(row.label or row.key)
        if row.only == "previous":
            label += f"<br><small>（仅{pair.previous.year}年格式有此行）</small>"
        elif row.only == "current":
            label += f"<br><small>（仅{pair.current.year}年格式有此行）</small>"
        rows.append([label, *(_cell(cell) for cell in row.cells)])
    return _scroll(table(caption, head, rows), caption)


def _value(value: object, present: bool) -> str:
    if not present:
        return "无此格"
    if value is None:
        return "未填"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return esc(value)


def _change(cell: CellDelta) -> str:
    change = cell.delta
    if change is None:
        return "无法比较"
    if change == 0:
        return "持平"
    sign = "+" if change > 0 else "−"
    amount = _value(abs(change), True)
    percent = cell.percent
    tail = "" if percent is None else f"（{sign}{abs(percent):.1f}%）"
    return f"{sign}{amount}{tail}"


def _cell(cell: CellDelta) -> str:
    return (
        f'<span class="gk-now">{_value(cell.current, cell.in_current)}</span>'
        f'<span class="gk-was">上年 {_value(cell.previous, cell.in_previous)}</span>'
        f'<span class="gk-change">{_change(cell)}</span>'
    )


def _carry_part(pairs: Sequence[CarryOver], pair: YearPair) -> str:
    words = {
        Agreement.agree: "一致",
        Agreement.disagree: '<strong class="gk-disagree">不一致</strong>',
        Agreement.unknown: "无法核对（有空白或缺表）",
    }
    rows = [
        [
            esc(p.column),
            _value(p.forward.previous, p.forward.in_previous),
            _value(p.forward.current, p.forward.in_current),
            words[p.agreement],
        ]
        for p in pairs
    ]
    caption = "结转核对：上年“结转下年度继续办理”与本年“上年结转”"
    head = [
        "列",
        f"{pair.previous.year}年结转下年度继续办理",
        f"{pair.current.year}年上年结转",
        "核对结果",
    ]
    return (
        f"<h3>结转核对</h3><p>上一年结转到下一年继续办理的申请，就是下一年表三的“上年结转”，"
        f"两者按列应当相等（与检查规则 GK308 相同）。</p>{_scroll(table(caption, head, rows), caption)}"
    )


def _findings_part(pair: YearPair, here: str) -> str:
    intro = "<p>本站用同一套规则检查两份报告，下表按规则列出各自发现的问题数。</p>"
    if not pair.findings:
        body = "<p>两份报告都没有发现问题。</p>"
    else:
        rows = []
        for rule_id, (before, now) in pair.findings.items():
            rule = RULES_BY_ID.get(rule_id)
            summary = rule.summary.get("zh", "") if rule else ""
            rows.append(
                [
                    link(relative(here, f"rules/{rule_id}/"), rule_id),
                    esc(summary),
                    str(before),
                    str(now),
                ]
            )
        caption = "各规则发现的问题数"
        head = ["规则", "内容", f"{pair.previous.year}年", f"{pair.current.year}年"]
        body = _scroll(table(caption, head, rows), caption)
    return (
        '<section aria-labelledby="gk-findings-h"><h2 id="gk-findings-h">检查结果对比</h2>'
        f"{intro}{body}</section>"
    )
