"""Issuer pages with their record and charts, and the dashboard's chart, filters and CSV, built
from hand-made reports without MkDocs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from lxml import etree, html

from gongkai.config import Config
from gongkai.registry import Registry
from gongkai.site.collect import Collection
from gongkai.site.dashboard import compliance
from gongkai.site.dashboard_page import dashboard_files, dashboard_page
from gongkai.site.filters import FILTERS_CSS
from gongkai.site.listings import issuer_page
from gongkai.site.ontime import CSV_COLUMNS, DASHBOARD_CSV
from gongkai.site.pages import site_pages
from gongkai.site.records import PublishedReport
from gongkai.tables.export import Value
from records import published_report

ISSUER = "青山县人民政府"


def _report(
    year: int, published: str, report_type: str = "xxgk", issuer: str = ISSUER, **extra: object
) -> PublishedReport:
    return published_report(issuer, year, published, report_type=report_type, **extra)


def _cells(received: Value, granted: Value, handled: Value, review: Value) -> dict[str, Value]:
    return {
        "t3.format": "2021",
        "t3.r1.total": received,
        "t3.r3_1.total": granted,
        "t3.r3_7.total": handled,
        "t4.cases.review_total": review,
        "t4.cases.review_corrected": 1,
        "t4.cases.direct_total": 2,
        "t4.cases.after_review_total": None,  # blank: the lawsuit total is unknown that year
        "t4.cases.direct_corrected": 0,
        "t4.cases.after_review_corrected": 0,
        "t2.licensing.decisions": 120,
        "t2.penalty.decisions": 33,
    }


# 2021 and 2023 have reports; 2022 has none; 2023 left 本年新收 blank.
REPORTS = [
    _report(2021, "2022-03-20"),
    _report(2023, "2024-04-02"),
    _report(2023, "2024-03-01", report_type="fazhi"),
]
CELLS: dict[str, dict[str, Value]] = {
    REPORTS[0].url: _cells(40, 10, 40, 3),
    REPORTS[1].url: _cells(None, 20, 25, 0),
}


def _doc(fragment: str) -> html.HtmlElement:
    return html.fromstring(f"<div>{fragment}</div>")


def test_the_issuer_page_says_what_it_shows_and_lists_each_year() -> None:
    doc = _doc(issuer_page(ISSUER, REPORTS, None, CELLS).html)
    first = doc.find("p")
    assert first is not None
    assert first.text_content().startswith(f"本页按年度列出{ISSUER}公开的报告")
    assert "统计表格" in first.text_content()
    record = doc.xpath("//table[caption='青山县人民政府各年度报告']")[0]
    rows = [[c.text_content() for c in tr] for tr in record.findall("tbody/tr")]
    assert [(r[0], r[5]) for r in rows] == [
        ("2023年", "按时"),
        ("2023年", "逾期 2 天"),
        ("2021年", "按时"),
    ]
    assert "按时 2 篇，逾期 1 篇" in doc.text_content()
    # Headings in order: h1, then h2s.
    assert [h.tag for h in doc.iter("h1", "h2", "h3")] == ["h1", "h2", "h2"]


def test_the_issuer_charts_have_gaps_for_blanks_and_missing_years() -> None:
    doc = _doc(issuer_page(ISSUER, REPORTS, None, CELLS).html)
    figures = {f.get("id"): f for f in doc.iter("figure")}
    assert list(figures) == [
        "gk-requests",
        "gk-granted",
        "gk-review",
        "gk-litigation",
        "gk-decisions",
    ]

    def table_rows(key: str) -> list[list[str]]:
        return [[c.text_content() for c in tr] for tr in figures[key].findall(".//tbody/tr")]

    # 2022 (no report) and 2023 (blank) are gaps, not 0.
    assert table_rows("gk-requests") == [["2021年", "40"], ["2022年", "—"], ["2023年", "—"]]
    assert table_rows("gk-granted") == [["2021年", "25%"], ["2022年", "—"], ["2023年", "80%"]]
    assert table_rows("gk-review") == [
        ["2021年", "3", "1"],
        ["2022年", "—", "—"],
        ["2023年", "0", "1"],
    ]
    # One blank part makes the lawsuit total unknown; the corrected ones are all known.
    assert table_rows("gk-litigation") == [
        ["2021年", "—", "0"],
        ["2022年", "—", "—"],
        ["2023年", "—", "0"],
    ]
    for figure in figures.values():
        svg = figure.find(".//svg")
        assert svg is not None and svg.get("role") == "img"
        assert figure.find(".//table/caption") is not None
        assert figure.find("figcaption") is not None
    bars = etree.fromstring(
        html.tostring(figures["gk-requests"].find(".//svg"), encoding="unicode").encode()
    ).findall("rect")
    assert len(bars) == 1  # only 2021 has a bar


def test_an_issuer_without_xxgk_figures_has_no_charts() -> None:
    page = issuer_page(ISSUER, [REPORTS[2]], None, CELLS).html
    assert "<svg" not in page and "逐年变化图" not in page
    # A withdrawn report's numbers are not charted.
    withdrawn = [_report(2021, "2022-03-20", status="withdrawn")]
    assert "<svg" not in issuer_page(ISSUER, withdrawn, None, CELLS).html


REGISTRY = Registry.model_validate(
    {
        "issuers": [
            {"name": ISSUER, "level": "county", "region_code": "419901", "owes": ["xxgk"]},
            {"name": "东湖镇人民政府", "level": "township", "parent": ISSUER, "owes": ["xxgk"]},
            {"name": "西岭镇人民政府", "level": "township", "parent": ISSUER, "owes": ["xxgk"]},
        ]
    }
)
TODAY = dt.date(2024, 6, 1)
DASHBOARD_REPORTS = [
    _report(2022, "2023-03-01"),
    _report(2023, "2024-03-01"),
    _report(2023, "2024-01-20", issuer="东湖镇人民政府", issuer_level="township"),
    _report(2023, "2024-04-20", issuer="西岭镇人民政府", issuer_level="township"),
]


def test_the_dashboard_charts_the_on_time_rate_per_year_and_level() -> None:
    periods = compliance(DASHBOARD_REPORTS, REGISTRY, Config(), TODAY)
    doc = _doc(dashboard_page(periods, TODAY, True).html)
    figure = doc.get_element_by_id("gk-rate-0")
    rows = [[c.text_content() for c in tr] for tr in figure.findall(".//tbody/tr")]
    headers = [th.text_content() for th in figure.findall(".//thead/tr/th")]
    assert headers == ["年度", "县级（%）", "乡镇（街道）（%）"]
    assert rows == [
        ["2022年", "100.0%（1/1）", "0.0%（0/2）"],
        ["2023年", "100.0%（1/1）", "50.0%（1/2）"],
    ]
    assert figure.find(".//svg/desc") is not None
    # The intro says what the page shows and where the numbers come from.
    assert "registry.yml" in doc.find("p").text_content()


def test_the_dashboard_filters_need_no_script() -> None:
    periods = compliance(DASHBOARD_REPORTS, REGISTRY, Config(), TODAY)
    page = dashboard_page(periods, TODAY, True).html
    doc = _doc(page)
    assert "<script" not in page
    for key in ("year", "type", "level", "region"):
        select = doc.get_element_by_id(f"gk-f-{key}")
        assert doc.xpath(f"//label[@for='gk-f-{key}']"), key  # every filter is labelled
        assert select.find("option").text == "全部"
    regions = [o.text for o in doc.get_element_by_id("gk-f-region").findall("option")]
    assert regions == ["全部", "419901", ISSUER]
    # Each period section and row carries the tokens the style sheet matches.
    assert doc.xpath("//section[@data-f-year='y2023'][@data-f-type='t0']")
    assert len(doc.xpath("//tr[@data-f-level='township'][@data-f-region='r1']")) == 4
    css = dashboard_files(periods)[FILTERS_CSS].decode()
    assert (
        '.gk-dash:has(#gk-f-year option[value="y2023"]:checked) '
        '[data-f-year]:not([data-f-year="y2023"]) { display: none; }'
    ) in css
    # Names never reach a selector: only ASCII tokens.
    assert css.isascii()
    assert "../assets/gongkai/dashboard-filters.css" in page


def test_the_dashboard_csv_has_a_row_per_issuer_and_year() -> None:
    periods = compliance(DASHBOARD_REPORTS, REGISTRY, Config(), TODAY)
    data = dashboard_files(periods)[DASHBOARD_CSV]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3 * 2
    late = next(r for r in rows if r["issuer"] == "西岭镇人民政府" and r["year"] == "2023")
    assert (late["state"], late["days_late"], late["region"]) == ("late", "80", ISSUER)
    missing = next(r for r in rows if r["issuer"] == "东湖镇人民政府" and r["year"] == "2022")
    assert (missing["state"], missing["published"], missing["url"]) == ("missing", "", "")


def test_site_pages_link_and_ship_the_dashboard_files() -> None:
    collection = Collection([], reports=list(DASHBOARD_REPORTS), cells=CELLS)
    collection.bodies = {r.url: "正文" for r in DASHBOARD_REPORTS}
    config = Config().model_copy(update={"registry": REGISTRY})
    result = site_pages(collection, config, TODAY)
    assert set(result.files) == {DASHBOARD_CSV, FILTERS_CSS}
    data_page = result.pages["data/index.md"]
    assert "dashboard.csv" in getattr(data_page, "html", "")
    dashboard = getattr(result.pages["dashboard/index.md"], "html", "")
    assert re.search(r'href="\.\./data/dashboard\.csv"', dashboard)
    # Without a registry there is no dashboard data.
    assert site_pages(collection, Config(), TODAY).files == {}
