"""The regional roll-up pages: regions/ lists the regions, regions/<region>/ shows one region's
sums, a table per report table with a column per year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from gongkai.registry import Issuer
from gongkai.site.html import HtmlPage, esc, link, page
from gongkai.site.regions import (
    REGION_COLUMNS,
    REGIONS_CSV,
    REGIONS_URL,
    CellSum,
    RegionYear,
    format_number,
    region_url,
)
from gongkai.site.urls import issuer_url, relative

_WHAT = (
    "本页按地区汇总政府信息公开工作年度报告表二、表三、表四的数字：每个地区是发布机关名录中"
    "下设其他机关的机关，汇总它本身及其下所有机关已公开报告中的数字。空白或不是数字的单元格"
    "不按 0 计算，而是单独计数，并注明每个合计来自几份报告。"
)


def regions_index(
    covered: dict[str, tuple[Issuer, ...]], roll: Sequence[RegionYear], has_registry: bool
) -> HtmlPage:
    here = REGIONS_URL
    years: dict[str, set[int]] = defaultdict(set)
    for item in roll:
        years[item.region.name].add(item.year)
    items = []
    for name, members in covered.items():
        code = f"，行政区划代码 {esc(members[0].region_code)}" if members[0].region_code else ""
        span = "、".join(f"{y}年" for y in sorted(years[name], reverse=True)) or "暂无报告表格"
        items.append(
            f"<li>{link(relative(here, region_url(name)), name)}（含 {len(members)} 个机关{code}；"
            f"{esc(span)}）</li>"
        )
    if items:
        body = f"<ul>{''.join(items)}</ul>"
    elif has_registry:
        body = "<p>发布机关名录中没有下设其他机关的机关，因此没有可汇总的地区。</p>"
    else:
        body = "<p>本站没有配置发布机关名录（registry），因此没有可汇总的地区。</p>"
    data = link(relative(here, REGIONS_CSV), "regions.csv")
    return page(
        "按地区汇总",
        f"<p>{esc(_WHAT)}</p>",
        body,
        f"<p>同样的数字可下载为开放数据：{data}。</p>",
    )


def region_page(members: tuple[Issuer, ...], roll: Sequence[RegionYear]) -> HtmlPage:
    region = members[0]
    here = region_url(region.name)
    code = f"（行政区划代码 {esc(region.region_code)}）" if region.region_code else ""
    names = "、".join(link(relative(here, issuer_url(m.name)), m.name) for m in members)
    parts = [
        f"<p>{esc(_WHAT)}</p>",
        f"<p>{esc(region.name)}{code}汇总以下 {len(members)} 个机关：{names}。</p>",
    ]
    by_type: dict[str, list[RegionYear]] = defaultdict(list)
    for item in roll:
        by_type[item.type].append(item)
    if not by_type:
        parts.append("<p>这些机关还没有公开带表格的报告。</p>")
    for items in by_type.values():
        parts.append(_type_section(here, sorted(items, key=lambda i: -i.year)))
    return page(f"{region.name}：按地区汇总", *parts)


def _type_section(here: str, items: list[RegionYear]) -> str:
    name = items[0].type_name
    rows = "".join(
        f'<tr><th scope="row">{item.year}年</th><td>{len(item.reports)}</td>'
        f"<td>{len(item.expected)}</td><td>{_missing(here, item)}</td></tr>"
        for item in items
    )
    overview = _scroll(
        f"{name}：纳入汇总的报告",
        f"<table><caption>{esc(name)}：纳入汇总的报告</caption><thead><tr>"
        '<th scope="col">年度</th><th scope="col">纳入汇总的报告</th>'
        '<th scope="col">应公开的机关</th><th scope="col">未公开</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>",
    )
    tables: dict[str, dict[str, dict[int, CellSum]]] = defaultdict(lambda: defaultdict(dict))
    labels: dict[str, str] = {}
    for item in items:
        for cell in item.cells:
            tables[cell.label.split(" / ", 1)[0]][cell.key][item.year] = cell
            labels[cell.key] = cell.label.split(" / ", 1)[1]
    sections = [f"<h2>{esc(name)}</h2>", overview]
    for title, cells in tables.items():
        sections.append(_cell_table(f"{title}（{name}）", items, cells, labels))
    return "\n".join(sections)


def _missing(here: str, item: RegionYear) -> str:
    if not item.missing:
        return "无"
    names = "、".join(link(relative(here, issuer_url(n)), n) for n in item.missing)
    return f"{len(item.missing)} 个：{names}"


def _cell_table(
    caption: str,
    items: list[RegionYear],
    cells: dict[str, dict[int, CellSum]],
    labels: dict[str, str],
) -> str:
    head = "".join(
        f'<th scope="col">{item.year}年（{len(item.reports)} 份报告）</th>' for item in items
    )
    body = "".join(
        f'<tr><th scope="row">{esc(labels[key])}</th>'
        + "".join(f"<td>{_sum(by_year.get(item.year), item)}</td>" for item in items)
        + "</tr>"
        for key, by_year in cells.items()
    )
    return _scroll(
        caption,
        f"<table><caption>{esc(caption)}</caption>"
        f'<thead><tr><th scope="col">项目</th>{head}</tr></thead><tbody>{body}</tbody></table>',
    )


def _sum(cell: CellSum | None, item: RegionYear) -> str:
    if cell is None:
        return "—"  # this year's formats have no such cell
    if cell.total is None:
        return f"<small>{cell.blank} 份空白</small>"
    if cell.reported == len(item.reports):
        return esc(format_number(cell.total))
    return f"{esc(format_number(cell.total))}<br><small>{cell.reported} 份合计，{cell.blank} 份空白</small>"


def _scroll(name: str, table: str) -> str:
    # Wide tables scroll inside their own box, so a 390 px phone never scrolls the whole
    # page; focusable and named, so the box can be scrolled from the keyboard.
    return (
        f'<div class="gk-scroll" role="region" aria-label="{esc(name)}" tabindex="0">{table}</div>'
    )


def regions_csv_columns(here: str) -> str:
    """The data page's description of data/regions.csv, column by column."""
    rows = "".join(
        f'<tr><th scope="row"><code>{esc(name)}</code></th><td>{esc(meaning)}</td></tr>'
        for name, meaning in REGION_COLUMNS.items()
    )
    return (
        f'<h2 id="regions-csv">{link(relative(here, REGIONS_CSV), "regions.csv")} 的列</h2>'
        f"<p>每个地区、报告类型、年度和表格单元格一行，{link(relative(here, REGIONS_URL), '按地区汇总')}"
        "页面显示的就是这些数字。第一行是列名：</p>"
        + _scroll(
            "regions.csv 的列",
            "<table><caption>regions.csv 的列</caption><thead><tr>"
            '<th scope="col">列名</th><th scope="col">含义</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>",
        )
    )
