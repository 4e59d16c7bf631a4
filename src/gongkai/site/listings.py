"""Generated browsing pages: by year, by report type, by issuer, and the home page's lists.

Listings are pages of their own rather than a site-wide sidebar: with every report in the
navigation each page would carry the whole site's nav, and the build would grow with the
square of the number of reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from gongkai.model.levels import IssuerLevel
from gongkai.registry import Registry
from gongkai.site import trends
from gongkai.site.html import HtmlPage, block, esc, link, page, table
from gongkai.site.labels import status_badge, time_tag
from gongkai.site.records import PublishedReport
from gongkai.site.urls import (
    issuer_url,
    relative,
    type_url,
    year_type_url,
    year_url,
)

LATEST = 10


def newest_first(reports: Iterable[PublishedReport]) -> list[PublishedReport]:
    return sorted(reports, key=lambda r: (r.published, r.year, r.issuer), reverse=True)


def report_table(here: str, caption: str, reports: Sequence[PublishedReport]) -> str:
    rows = [
        [
            link(relative(here, r.url), r.title),
            link(relative(here, issuer_url(r.issuer)), r.issuer),
            esc(r.type_name),
            f"{r.year}年",
            time_tag(r.published),
            status_badge(r),
        ]
        for r in newest_first(reports)
    ]
    return table(caption, ["报告", "发布机关", "类型", "年度", "公开日期", "状态"], rows)


def year_page(year: int, reports: Sequence[PublishedReport]) -> HtmlPage:
    here = year_url(year)
    by_type: dict[str, list[PublishedReport]] = defaultdict(list)
    for report in reports:
        by_type[report.type].append(report)
    sections = [
        f'<h2 id="{esc(t)}">{link(relative(here, year_type_url(year, t)), items[0].type_name)}</h2>'
        + report_table(here, f"{year}年{items[0].type_name}", items)
        for t, items in sorted(by_type.items())
    ]
    return page(f"{year}年度报告", f"<p>共 {len(reports)} 篇。</p>", *sections)


def year_type_page(year: int, reports: Sequence[PublishedReport]) -> HtmlPage:
    here = year_type_url(year, reports[0].type)
    name = reports[0].type_name
    return page(f"{year}年{name}", report_table(here, f"{year}年{name}", reports))


def years_index(by_year: dict[int, list[PublishedReport]]) -> HtmlPage:
    here = "years/"
    items = "".join(
        f"<li>{link(relative(here, year_url(y)), f'{y}年')}（{len(rs)} 篇）</li>"
        for y, rs in sorted(by_year.items(), reverse=True)
    )
    return page(
        "按年度浏览", f'<ul class="gk-index">{items}</ul>' if items else "<p>暂无报告。</p>"
    )


def type_page(report_type: str, reports: Sequence[PublishedReport]) -> HtmlPage:
    here = type_url(report_type)
    name = reports[0].type_name
    by_year: dict[int, list[PublishedReport]] = defaultdict(list)
    for report in reports:
        by_year[report.year].append(report)
    sections = [
        f'<h2 id="y{y}">{y}年</h2>' + report_table(here, f"{y}年{name}", items)
        for y, items in sorted(by_year.items(), reverse=True)
    ]
    return page(name, *sections)


def types_index(by_type: dict[str, list[PublishedReport]]) -> HtmlPage:
    here = "types/"
    items = "".join(
        f"<li>{link(relative(here, type_url(t)), rs[0].type_name)}（{len(rs)} 篇）</li>"
        for t, rs in sorted(by_type.items())
    )
    return page(
        "按类型浏览", f'<ul class="gk-index">{items}</ul>' if items else "<p>暂无报告。</p>"
    )


def issuer_page(
    issuer: str,
    reports: Sequence[PublishedReport],
    registry: Registry | None,
    cells: trends.Cells | None = None,
) -> HtmlPage:
    here = issuer_url(issuer)
    entry = registry.find(issuer) if registry else None
    facts = []
    if entry:
        facts.append(f"层级：{esc(entry.level.zh)}")
        if entry.parent:
            facts.append(f"上级：{link(relative(here, issuer_url(entry.parent)), entry.parent)}")
        if entry.region_code:
            facts.append(f"行政区划代码：{esc(entry.region_code)}")
    intro = trends.intro(issuer, reports, cells or {})
    if facts:
        intro += f"<p>{'；'.join(facts)}。</p>"
    return page(issuer, intro, trends.issuer_trends(here, issuer, reports, cells or {}))


def issuers_index(
    reports_by_issuer: dict[str, list[PublishedReport]], registry: Registry | None
) -> HtmlPage:
    """Every issuer, grouped by level and then by the region it belongs to: its registry
    parent, or its administrative division code, or 其他."""
    here = "issuers/"
    levels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    names = set(reports_by_issuer) | (registry.names() if registry else set())
    for name in names:
        entry = registry.find(name) if registry else None
        reports = reports_by_issuer.get(name, [])
        level = entry.level if entry else (reports[0].issuer_level if reports else "department")
        region = (
            entry.parent
            if entry and entry.parent
            else entry.region_code
            if entry and entry.region_code
            else next((r.region_code for r in reports if r.region_code), None)
        )
        levels[level][region or "其他"].add(name)
    sections = []
    for level in IssuerLevel:
        if level not in levels:
            continue
        groups = "".join(
            f'<h3>{esc(region)}</h3><ul class="gk-index">'
            + "".join(
                f"<li>{link(relative(here, issuer_url(n)), n)}"
                f"（{len(reports_by_issuer.get(n, []))} 篇）</li>"
                for n in sorted(members)
            )
            + "</ul>"
            for region, members in sorted(levels[level].items())
        )
        sections.append(f'<h2 id="{level}">{esc(level.zh)}</h2>{groups}')
    return (
        page("按发布机关浏览", *sections)
        if sections
        else page("按发布机关浏览", "<p>暂无报告。</p>")
    )


def home_section(reports: Sequence[PublishedReport], search_box: str) -> str:
    """What the home page shows above its own text: search, the latest, counts."""
    here = ""
    latest = report_table(here, "最新公开", newest_first(reports)[:LATEST])
    years = sorted({r.year for r in reports}, reverse=True)
    types = sorted({(r.type, r.type_name) for r in reports})
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for report in reports:
        counts[report.year, report.type] += 1
    rows = [
        [link(relative(here, year_url(y)), f"{y}年")]
        + [
            link(relative(here, year_type_url(y, t)), str(counts[y, t])) if counts[y, t] else "0"
            for t, _ in types
        ]
        for y in years
    ]
    summary = table("按年度和类型统计（篇）", ["年度", *(name for _, name in types)], rows)
    nav = (
        '<p class="gk-browse">'
        + "　".join(
            link(relative(here, target), text)
            for target, text in [
                ("years/", "按年度浏览"),
                ("types/", "按类型浏览"),
                ("issuers/", "按发布机关浏览"),
                ("dashboard/", "公开情况一览"),
                ("data/", "开放数据"),
            ]
        )
        + "</p>"
    )
    return "".join(
        block(p) for p in (search_box, nav, latest if reports else "", summary if reports else "")
    )
