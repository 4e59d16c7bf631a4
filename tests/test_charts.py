"""The inline SVG charts: well-formed, named for assistive technology, gaps not zeros,
byte-identical between builds, and their data table says what the chart draws."""

from __future__ import annotations

import re

import pytest
from lxml import etree, html

from gongkai.site.charts import Chart, Series, data_table, describe, figure, number, svg

YEARS = ("2021年", "2022年", "2023年", "2024年")


def _bars() -> Chart:
    return Chart(
        "gk-requests", "本年新收申请", "件", YEARS, (Series("总计", (12, None, 30, 7)),), bars=True
    )


def _lines() -> Chart:
    return Chart(
        "gk-review",
        "行政复议",
        "件",
        YEARS,
        (Series("复议总计", (3, None, 5, 4)), Series("结果纠正", (1, 0, None, 2))),
    )


@pytest.mark.parametrize("chart", [_bars(), _lines()], ids=["bars", "lines"])
def test_the_svg_is_well_formed_and_named(chart: Chart) -> None:
    root = etree.fromstring(svg(chart).encode("utf-8"))
    assert root.tag == "svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 400 220"
    assert root.get("width") is None  # scales to its box
    title, desc = root.find("title"), root.find("desc")
    assert title is not None and title.text == chart.title
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # Chinese text stays text for the browser to render, never outlines.
    assert any(t.text == "2021年" for t in root.iter("text"))
    # Nothing to fetch, nothing to run.
    assert not re.search(r"<script|href=|url\(", svg(chart))


def test_output_is_byte_identical_between_builds() -> None:
    assert svg(_lines()) == svg(_lines())
    assert figure(_bars()) == figure(_bars())
    # No ids beyond those derived from the chart's key.
    ids = re.findall(r'id="([^"]+)"', figure(_lines()))
    assert all(i.startswith("gk-review") for i in ids)


def test_a_blank_is_a_gap_not_a_zero() -> None:
    root = etree.fromstring(svg(_bars()).encode("utf-8"))
    bars = root.findall("rect")
    assert len(bars) == 3  # 2022 has none, not a bar of height 0
    assert "—" in [t.text for t in root.iter("text")]
    # A line breaks at the gap: two runs, so two moves in the path.
    lines = etree.fromstring(svg(_lines()).encode("utf-8"))
    first = lines.find("path")
    assert first is not None
    assert first.get("d", "").count("M") == 2
    # A real 0 is drawn: 结果纠正 in 2022 has its marker on the baseline.
    assert 'y="185.5"' in svg(_lines()) or 'cy="190"' in svg(_lines())
    assert "2022年 无数据" in describe(_bars())
    assert "2022年 0件" in describe(_lines())


def test_series_differ_in_more_than_colour() -> None:
    root = etree.fromstring(svg(_lines()).encode("utf-8"))
    paths = root.findall("path")
    assert [p.get("stroke-dasharray") for p in paths] == [None, "6 3"]
    # Different marker shapes: circles for the first series, squares for the second.
    assert root.findall("circle") and root.findall("rect")
    # And a legend names each series in text.
    assert {"复议总计", "结果纠正"} <= {t.text for t in root.iter("text")}


def test_the_data_table_matches_the_chart() -> None:
    chart = _lines()
    doc = html.fromstring(data_table(chart))
    assert doc.find("caption").text_content() == "行政复议：数据表"
    headers = [th.text_content() for th in doc.findall("thead/tr/th")]
    assert headers == ["年度", "复议总计（件）", "结果纠正（件）"]
    assert all(th.get("scope") == "col" for th in doc.findall("thead/tr/th"))
    rows = [[c.text_content() for c in tr] for tr in doc.findall("tbody/tr")]
    assert rows == [
        ["2021年", "3", "1"],
        ["2022年", "—", "0"],
        ["2023年", "5", "—"],
        ["2024年", "4", "2"],
    ]
    for row, category in zip(rows, chart.categories, strict=True):
        assert row[0] == category


def test_percent_charts_run_to_100_and_print_one_decimal() -> None:
    chart = Chart(
        "gk-granted",
        "予以公开比例",
        "%",
        YEARS[:2],
        (Series("予以公开", (41.875, None)),),
        bars=True,
    )
    text = svg(chart)
    assert ">100%<" in text and ">41.9%<" in text
    assert number(41.875, "%") == "41.9%"
    assert number(12.0, "件") == "12"


def test_bad_charts_are_refused() -> None:
    with pytest.raises(ValueError, match="key"):
        Chart("图", "t", "件", YEARS, ())
    with pytest.raises(ValueError, match="values"):
        Chart("k", "t", "件", YEARS, (Series("a", (1,)),))
    with pytest.raises(ValueError, match="one series"):
        Chart("k", "t", "件", YEARS[:1], (Series("a", (1,)), Series("b", (2,))), bars=True)


def test_markup_in_names_is_escaped() -> None:
    chart = Chart("k", "<b>&", "件", ("2024年",), (Series("</svg>", (1,)),))
    etree.fromstring(svg(chart).encode("utf-8"))  # still well-formed
    assert "</svg>" not in svg(chart)[:-6]
