"""Every page the site generates from the checked reports, as Markdown (report pages) or as
finished HTML (listings, dashboard, search, data)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from gongkai.config import Config
from gongkai.site.collect import Collection
from gongkai.site.compare_page import compare_page
from gongkai.site.comparedata import COMPARE_DATA
from gongkai.site.comparisons import YearPair, previous_reports, year_pairs
from gongkai.site.dashboard import compliance
from gongkai.site.dashboard_page import dashboard_files, dashboard_page
from gongkai.site.html import HtmlPage, block, esc, link, page
from gongkai.site.listings import (
    home_section,
    issuer_page,
    issuers_index,
    type_page,
    types_index,
    year_page,
    year_type_page,
    years_index,
)
from gongkai.site.ontime import DASHBOARD_CSV
from gongkai.site.preview import PREVIEW_INDEX, preview_banner, preview_index, preview_page
from gongkai.site.records import PublishedReport
from gongkai.site.region_pages import region_page, regions_csv_columns, regions_index
from gongkai.site.regions import REGIONS_CSV, region_url, regions, roll_ups
from gongkai.site.report_page import report_page
from gongkai.site.search import search_box_html, search_page_html
from gongkai.site.tablecsv import table_csv_name, table_groups
from gongkai.site.urls import compare_url, issuer_url, relative, source_name

SEARCH_INDEX = "search-index/"
STATIC = "assets/gongkai/"
# The pages mkdocs.yml lists in `nav`; every other generated page stays out of it.
NAV_PAGES = frozenset(
    {
        "years/index.md",
        "types/index.md",
        "issuers/index.md",
        "dashboard/index.md",
        "search/index.md",
        "data/index.md",
        "regions/index.md",
    }
)


@dataclass
class SitePages:
    pages: dict[str, str | HtmlPage] = field(default_factory=dict)  # source name → content
    reports: dict[str, PublishedReport] = field(default_factory=dict)  # source name → report
    previews: set[str] = field(default_factory=set)  # source names of preview-only pages
    home: str = ""  # what replaces the home page's marker
    files: dict[str, bytes] = field(default_factory=dict)  # site path → generated data file
    comparisons: list[YearPair] = field(default_factory=list)  # for data/compare*.csv


def site_pages(collection: Collection, config: Config, today: dt.date) -> SitePages:
    """Report pages, listings by year, type and issuer, the dashboard (against `today`),
    the search and data pages, and the home page's lists."""
    registry = config.registry
    reports = collection.reports
    result = SitePages()
    pages = result.pages
    by_year: dict[int, list[PublishedReport]] = defaultdict(list)
    by_year_type: dict[tuple[int, str], list[PublishedReport]] = defaultdict(list)
    by_type: dict[str, list[PublishedReport]] = defaultdict(list)
    by_issuer: dict[str, list[PublishedReport]] = defaultdict(list)
    previous = previous_reports(collection)
    for report in reports:
        by_year[report.year].append(report)
        by_year_type[report.year, report.type].append(report)
        by_type[report.type].append(report)
        by_issuer[report.issuer].append(report)
        pages[source_name(report.url)] = report_page(
            report, collection.bodies[report.url], has_previous=report.url in previous
        )
        result.reports[source_name(report.url)] = report
    result.comparisons = year_pairs(collection)
    for pair in result.comparisons:
        now = pair.current
        pages[source_name(compare_url(now.year, now.type, now.issuer))] = compare_page(pair)
    for year, items in by_year.items():
        pages[f"{year}/index.md"] = year_page(year, items)
    for (year, report_type), items in by_year_type.items():
        pages[f"{year}/{report_type}/index.md"] = year_type_page(year, items)
    for report_type, items in by_type.items():
        pages[f"types/{report_type}/index.md"] = type_page(report_type, items)
    issuers = set(by_issuer) | (registry.names() if registry else set())
    for issuer in sorted(issuers):  # set order changes per process: the sitemap would too
        pages[source_name(issuer_url(issuer))] = issuer_page(
            issuer, by_issuer.get(issuer, []), registry, collection.cells
        )
    pages["years/index.md"] = years_index(by_year)
    pages["types/index.md"] = types_index(by_type)
    pages["issuers/index.md"] = issuers_index(by_issuer, registry)
    periods = compliance(reports, registry, config, today) if registry else []
    pages["dashboard/index.md"] = dashboard_page(periods, today, registry is not None)
    if registry:
        result.files.update(dashboard_files(periods))
    pages["search/index.md"] = page(
        "全文搜索",
        search_page_html(
            relative("search/", SEARCH_INDEX),
            relative("search/", STATIC + "search.js"),
            relative("search/", STATIC + "search.css"),
        ),
    )
    tables = [
        (table_csv_name(t, year), f"{year}年{members[0].type_name}表格数据（CSV）")
        for (t, year), members in table_groups(reports, collection.cells).items()
    ]
    dashboard_data = (
        [(DASHBOARD_CSV, "公开情况一览（CSV）", "每个机关每种报告每年一行：是否按时公开")]
        if registry
        else []
    )
    pages["data/index.md"] = data_page(tables, dashboard_data)
    _add_regions(collection, config, pages)
    result.home = home_section(reports, search_box_html(relative("", "search/")))
    if collection.preview:
        _add_previews(collection, result)
    return result


def _add_regions(collection: Collection, config: Config, pages: dict[str, str | HtmlPage]) -> None:
    covered = regions(config.registry)
    roll = roll_ups(collection.reports, collection.cells, config.registry)
    pages["regions/index.md"] = regions_index(covered, roll, config.registry is not None)
    for name, members in covered.items():
        mine = [item for item in roll if item.region.name == name]
        pages[source_name(region_url(name))] = region_page(members, mine)


def _add_previews(collection: Collection, result: SitePages) -> None:
    urls = {r.path: r.url for r in collection.reports}
    for preview in collection.previews:
        urls[preview.path] = preview.url
        result.pages[source_name(preview.url)] = preview_page(preview)
        result.previews.add(source_name(preview.url))
    result.pages[source_name(PREVIEW_INDEX)] = preview_index(
        collection.results, urls, {p.path for p in collection.previews}
    )
    result.home = block(preview_banner(collection.results)) + result.home


def data_page(
    tables: list[tuple[str, str]], more: list[tuple[str, str, str]] | None = None
) -> HtmlPage:
    here = "data/"
    items: list[tuple[str, str, str]] = [
        ("catalog.json", "报告目录（JSON）", "每份已公开报告的元数据和网址"),
        ("catalog.csv", "报告目录（CSV）", "同上，可用 Excel 或 WPS 表格直接打开"),
        ("feed.xml", "订阅（Atom）", "新公开、更正和撤回的报告"),
        ("schema/catalog.schema.json", "报告目录的 JSON Schema", "catalog.json 的字段说明"),
        (
            "schema/report.schema.json",
            "报告前置元数据的 JSON Schema",
            "报告文件开头 YAML 的字段说明",
        ),
        ("catalog.jsonld", "数据目录（DCAT，JSON-LD）", "供数据开放平台自动采集本站数据集"),
        ("sitemap.xml", "站点地图", "供搜索引擎使用"),
        (
            REGIONS_CSV,
            "按地区汇总（CSV）",
            "每个地区、年度和表格单元格一行：合计、计入合计和空白的报告份数、未公开的机关",
        ),
        *((name, label, "每份报告一行，每个表格单元格一列（列名稳定）") for name, label in tables),
        *(more or []),
        *COMPARE_DATA,
    ]
    rows = "".join(
        f"<li>{link(relative(here, target), name)}：{esc(note)}</li>"
        for target, name, note in items
    )
    return page(
        "开放数据",
        "<p>本站数据可自由下载，每次网站更新时重新生成。</p>",
        f"<ul>{rows}</ul>",
        regions_csv_columns(here),
    )
