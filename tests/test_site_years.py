"""End to end over three years: `mkdocs build --strict` of the same issuers in 2022–2024
(yearsite.py) gives compare pages for the later years only, marks the copied report, shows
cell deltas, draws well-formed charts with their data beside them, sums a region's figures and
lists the comparison data in catalog.jsonld."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from lxml import etree, html

from gongkai.site.comparedata import COMPARE_CELLS_CSV, COMPARE_CSV
from gongkai.site.regions import region_url
from gongkai.site.urls import compare_url, issuer_url, report_url
from opendata_checks import assert_valid_catalog, assert_valid_dcat, assert_valid_regions_csv
from yearsite import COUNTY, EAST_LAKE, LICENSING, PENALTY, WEST_RIDGE, YEARS, build

pytestmark = [
    pytest.mark.site,
    pytest.mark.skipif(
        not Path(sys.executable).with_name("mkdocs").exists(),
        reason="mkdocs is not installed in this environment (install '.[site]')",
    ),
]

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("years"))


def _doc(site: Path, url: str) -> html.HtmlElement:
    return html.fromstring((site / url / "index.html").read_bytes())


def _csv(site: Path, name: str) -> list[dict[str, str]]:
    text = (site / name).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    "issuer,kind", [(COUNTY, "xxgk"), (EAST_LAKE, "xxgk"), (WEST_RIDGE, "fazhi")]
)
def test_compare_pages_only_for_years_with_a_previous_year(
    site: Path, issuer: str, kind: str
) -> None:
    first, *later = YEARS
    assert (site / report_url(first, kind, issuer) / "index.html").is_file()
    assert not (site / compare_url(first, kind, issuer)).exists()
    assert "与上年对比" not in (site / report_url(first, kind, issuer) / "index.html").read_text(
        encoding="utf-8"
    )
    for year in later:
        assert (site / compare_url(year, kind, issuer) / "index.html").is_file()
        report_page = _doc(site, report_url(year, kind, issuer))
        assert report_page.xpath("//a[@href='compare/']"), f"{year} links no compare page"


def _whole_rate(doc: html.HtmlElement) -> float:
    (strong,) = doc.xpath("//p[starts-with(normalize-space(), '全文重复率')]/strong")
    return float(strong.text_content().rstrip("%"))


def test_the_copied_report_is_marked_and_the_rewritten_one_is_not(site: Path) -> None:
    copied = _doc(site, compare_url(2024, "fazhi", WEST_RIDGE))
    rewritten = _doc(site, compare_url(2023, "fazhi", WEST_RIDGE))
    assert _whole_rate(copied) >= 90
    assert _whole_rate(rewritten) <= 10
    # Only the marks in the text, not the legend's examples.
    marks = "//div[@class='gk-sbs-col']//mark[@class='gk-same']"
    copied_marks = [m.text_content() for m in copied.xpath(marks)]
    assert "镇里新设了公共法律服务室，每周二由律师坐班解答群众咨询，全年接待来访三百余人次。" in (
        copied_marks
    )
    assert not rewritten.xpath(marks)
    assert rewritten.xpath("//div[@class='gk-sbs-col']//ins[@class='gk-new']")
    rates = {r["url"]: float(r["repeat_rate"]) for r in _csv(site, COMPARE_CSV)}
    assert rates[report_url(2024, "fazhi", WEST_RIDGE)] >= 0.9
    assert rates[report_url(2023, "fazhi", WEST_RIDGE)] <= 0.1


def test_the_cell_delta_of_a_known_cell(site: Path) -> None:
    doc = _doc(site, compare_url(2024, "xxgk", COUNTY))
    (cell,) = doc.xpath("//tr[th[@scope='row']='行政许可']/td[span[@class='gk-now']='3126']")
    assert cell.xpath("string(span[@class='gk-was'])") == "上年 3114"
    assert cell.xpath("string(span[@class='gk-change'])") == "+12（+0.4%）"
    rows = [
        r
        for r in _csv(site, COMPARE_CELLS_CSV)
        if r["url"] == report_url(2024, "xxgk", COUNTY) and r["cell"] == "t2.licensing.decisions"
    ]
    assert [(r["previous"], r["current"], r["delta"]) for r in rows] == [("3114", "3126", "12")]


def test_the_issuer_charts_are_svg_with_a_text_alternative_and_the_report_figures(
    site: Path,
) -> None:
    doc = _doc(site, issuer_url(COUNTY))
    figures = {f.get("id"): f for f in doc.xpath("//figure[@class='gk-chart']")}
    assert set(figures) >= {"gk-requests", "gk-decisions"}
    for key, figure in figures.items():
        (svg,) = figure.xpath(".//svg")
        # Well-formed XML on its own, in the SVG namespace, with a title and a description.
        source = html.tostring(svg, encoding="unicode").replace(
            "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1
        )
        root = etree.fromstring(source.encode("utf-8"))
        assert root.tag == f"{SVG}svg"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and (title.text or "").strip(), key
        assert desc is not None and (desc.text or "").strip(), key
        assert root.get("role") == "img"
        assert set((root.get("aria-labelledby") or "").split()) == {title.get("id"), desc.get("id")}
        (table,) = figure.xpath(".//table")
        assert table.xpath("caption"), key
    table = figures["gk-decisions"].xpath(".//table")[0]
    rows = [[c.text_content() for c in tr] for tr in table.xpath("tbody/tr")]
    assert rows == [
        [f"{year}年", str(LICENSING[COUNTY][year]), str(PENALTY[COUNTY][year])] for year in YEARS
    ]
    requests = figures["gk-requests"].xpath(".//table")[0]
    assert [[c.text_content() for c in tr] for tr in requests.xpath("tbody/tr")] == [
        [f"{year}年", "104"]
        for year in YEARS  # 本年新收 in the sample's 表三
    ]
    # The description says the same numbers as the table.
    desc = figures["gk-decisions"].xpath(".//desc")[0].text_content()
    assert all(str(LICENSING[COUNTY][year]) in desc for year in YEARS)


def test_the_region_sums_its_issuers_figures(site: Path) -> None:
    # 表二 行政许可 of 2024: the county's 3126 plus 东湖镇's 245, summed by hand.
    expected = 3371
    records = assert_valid_regions_csv(site)
    (row,) = [
        r
        for r in records
        if r["region"] == COUNTY and r["year"] == "2024" and r["cell"] == "t2.licensing.decisions"
    ]
    assert (row["sum"], row["reported"], row["reports"]) == (str(expected), "2", "2")
    doc = _doc(site, region_url(COUNTY))
    table = doc.xpath("//table[contains(caption, '表二')]")[0]
    head = [th.text_content() for th in table.xpath("thead/tr/th")]
    (cells,) = table.xpath("tbody/tr[th='行政许可 / 处理决定数量']")
    values = dict(zip(head[1:], [td.text_content() for td in cells.xpath("td")], strict=True))
    assert values["2024年（2 份报告）"] == str(expected)
    assert values["2022年（2 份报告）"] == "3310"  # 3100 + 210


def test_catalog_jsonld_is_valid_and_lists_the_comparison_data(site: Path) -> None:
    assert_valid_catalog(site)
    assert_valid_dcat(site)
    text = (site / "catalog.jsonld").read_text(encoding="utf-8")
    data = json.loads(text)
    base = data["@id"].removesuffix("catalog.jsonld")
    assert base + COMPARE_CSV in text
    assert base + COMPARE_CELLS_CSV in text
