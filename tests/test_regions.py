"""Regional roll-ups: sums over the issuers under a region, blanks not counted as 0."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from gongkai.model.levels import IssuerLevel
from gongkai.profiles import load_profile
from gongkai.registry import Issuer, Registry
from gongkai.site.records import PublishedReport
from gongkai.site.region_pages import region_page, regions_index
from gongkai.site.regions import (
    REGION_FIELDS,
    CellSum,
    format_number,
    regions,
    roll_ups,
    write_regions_csv,
)
from gongkai.tables.export import Value, export_columns
from opendata_checks import assert_valid_regions_csv
from records import published_report

COUNTY, TOWN_A, TOWN_B, DEPT = (
    "青山县人民政府",
    "青山县东湖镇人民政府",
    "青山县西岭镇人民政府",
    "青山县教育局",
)
CITY, OTHER = "青山市人民政府", "白水县人民政府"

REGISTRY = Registry(
    issuers=(
        Issuer(name=CITY, level=IssuerLevel.city, region_code="419900", owes=("xxgk",)),
        Issuer(
            name=COUNTY,
            level=IssuerLevel.county,
            parent=CITY,
            region_code="419901",
            owes=("xxgk",),
        ),
        Issuer(name=TOWN_A, level=IssuerLevel.township, parent=COUNTY, owes=("xxgk",)),
        Issuer(name=TOWN_B, level=IssuerLevel.township, parent=COUNTY, owes=("xxgk",)),
        Issuer(name=DEPT, level=IssuerLevel.department, parent=COUNTY, owes=("xxgk",)),
        Issuer(name=OTHER, level=IssuerLevel.county, owes=("xxgk",)),
    )
)

NEW_T3 = "t3.r1.natural_person"  # 本年新收申请 / 自然人
REVIEW = "t4.cases.review_upheld"


def _report(issuer: str, year: int = 2024, status: str = "published") -> PublishedReport:
    return published_report(issuer, year, report_type="xxgk", status=status)


def _cells(values: dict[str, Value], fmt: str | None = "2021") -> dict[str, Value]:
    """A report's export row: every key None, the tables in `fmt`, then the given cells."""
    row: dict[str, Value] = dict.fromkeys(export_columns(load_profile("xxgk")))
    if fmt is not None:
        row.update({"t2.format": fmt, "t3.format": fmt, "t4.format": fmt})
    row.update(values)
    return row


FEE = "t2.fees.amount"  # 表二 / 行政事业性收费 / 本年收费金额 (万元)


def _by_key(cells: tuple[CellSum, ...]) -> dict[str, CellSum]:
    return {cell.key: cell for cell in cells}


def test_a_region_is_an_issuer_with_others_under_it_at_any_depth() -> None:
    covered = regions(REGISTRY)
    assert list(covered) == [CITY, COUNTY]
    assert [i.name for i in covered[COUNTY]] == [COUNTY, TOWN_A, TOWN_B, DEPT]
    assert [i.name for i in covered[CITY]] == [CITY, COUNTY, TOWN_A, TOWN_B, DEPT]
    assert regions(None) == {}


def test_a_parent_loop_does_not_hang() -> None:
    loop = Registry(
        issuers=(
            Issuer(name="甲县人民政府", level=IssuerLevel.county, parent="乙县人民政府"),
            Issuer(name="乙县人民政府", level=IssuerLevel.county, parent="甲县人民政府"),
        )
    )
    assert {name: len(members) for name, members in regions(loop).items()} == {
        "甲县人民政府": 2,
        "乙县人民政府": 2,
    }


def _collection() -> tuple[list[PublishedReport], dict[str, dict[str, Value]]]:
    reports = [
        _report(COUNTY),
        _report(TOWN_A),
        _report(TOWN_B),
        _report(DEPT, status="withdrawn"),  # left out, as in the per-year CSV
        _report(OTHER),  # in no region of ours
        _report(COUNTY, 2023),
    ]
    fee = FEE
    cells = {
        reports[0].url: _cells({NEW_T3: 86, REVIEW: 2, fee: 0.1}),
        # A blank cell (None) and a value that is not a number: neither is 0.
        reports[1].url: _cells({NEW_T3: None, REVIEW: "无"}),
        reports[2].url: _cells({NEW_T3: 14, REVIEW: 1, fee: 0.2}),
        reports[3].url: _cells({NEW_T3: 1000}),
        reports[4].url: _cells({NEW_T3: 500}),
        reports[5].url: _cells({NEW_T3: 70}),
    }
    return reports, cells


def test_sums_count_numbers_only_and_say_how_many_reports_gave_one() -> None:
    reports, cells = _collection()
    roll = roll_ups(reports, cells, REGISTRY)
    keys = [(r.region.name, r.year) for r in roll]
    assert keys == [(CITY, 2023), (CITY, 2024), (COUNTY, 2023), (COUNTY, 2024)]
    county = roll[3]
    assert [r.issuer for r in county.reports] == sorted([COUNTY, TOWN_A, TOWN_B])
    assert county.expected == (COUNTY, TOWN_A, TOWN_B, DEPT)
    assert county.missing == (DEPT,)  # its only report is withdrawn
    sums = _by_key(county.cells)
    # 86 + blank + 14: two reports gave a number, one left it blank.
    assert sums[NEW_T3] == CellSum(NEW_T3, sums[NEW_T3].label, 100, 2, 1)
    assert sums[NEW_T3].label == "表三 / 一、本年新收政府信息公开申请数量 / 自然人"
    # 2 + "无" (not a number) + 1.
    assert (sums[REVIEW].total, sums[REVIEW].reported, sums[REVIEW].blank) == (3, 2, 1)
    # Amounts are summed as the decimals they are written as.
    assert sums[FEE].total == Decimal("0.3")
    assert format_number(sums[FEE].total) == "0.3"
    # A cell no report filled has no sum at all, not 0.
    empty = sums["t3.r1.commercial"]
    assert (empty.total, empty.reported, empty.blank) == (None, 0, 3)
    # The city covers the county's reports; its own is missing.
    city = roll[1]
    assert _by_key(city.cells)[NEW_T3].total == 100
    assert city.missing == (CITY, DEPT)
    # The year before: one report, the townships missing.
    assert _by_key(roll[2].cells)[NEW_T3] == CellSum(NEW_T3, sums[NEW_T3].label, 70, 1, 0)
    assert roll[2].missing == (TOWN_A, TOWN_B, DEPT)


def test_another_format_is_neither_summed_nor_blank_and_a_missing_table_is_blank() -> None:
    reports = [_report(COUNTY), _report(TOWN_A), _report(TOWN_B)]
    cells = {
        reports[0].url: _cells({NEW_T3: 5}, "2021"),
        reports[1].url: _cells({NEW_T3: 7}, "2019"),
        reports[2].url: _cells({}, None),  # no tables at all
    }
    roll = roll_ups(reports, cells, REGISTRY)
    sums = _by_key(next(r for r in roll if r.region.name == COUNTY).cells)
    # Both formats have this cell: the report without tables is its one blank.
    assert (sums[NEW_T3].total, sums[NEW_T3].reported, sums[NEW_T3].blank) == (12, 2, 1)
    layouts = {layout.version: layout for layout in load_profile("xxgk").tables[0].formats}
    keys_2019 = {f"t2.{r}.{c}" for (r, c), _row, _col in layouts["2019"].cell_list}
    keys_2021 = {f"t2.{r}.{c}" for (r, c), _row, _col in layouts["2021"].cell_list}
    only_2019_key = sorted(keys_2019 - keys_2021)[0]
    only = sums[only_2019_key]
    # The 2021 report has no such cell: not counted; the 2019 one left it blank, and so
    # does the report without tables.
    assert (only.total, only.reported, only.blank) == (None, 0, 2)


def test_regions_csv_header_and_rows(tmp_path: Path) -> None:
    reports, cells = _collection()
    roll = roll_ups(reports, cells, REGISTRY)
    write_regions_csv(roll, tmp_path)
    records = assert_valid_regions_csv(tmp_path)
    assert REGION_FIELDS == (
        "region",
        "region_code",
        "region_level",
        "type",
        "year",
        "cell",
        "label",
        "sum",
        "reported",
        "blank",
        "reports",
        "expected",
        "missing",
        "missing_issuers",
    )
    row = next(
        r for r in records if (r["region"], r["year"], r["cell"]) == (COUNTY, "2024", NEW_T3)
    )
    assert row == {
        "region": COUNTY,
        "region_code": "419901",
        "region_level": "county",
        "type": "xxgk",
        "year": "2024",
        "cell": NEW_T3,
        "label": "表三 / 一、本年新收政府信息公开申请数量 / 自然人",
        "sum": "100",
        "reported": "2",
        "blank": "1",
        "reports": "3",
        "expected": "4",
        "missing": "1",
        "missing_issuers": DEPT,
    }
    blank = next(
        r
        for r in records
        if (r["region"], r["year"], r["cell"]) == (COUNTY, "2024", "t3.r1.commercial")
    )
    assert (blank["sum"], blank["reported"], blank["blank"]) == ("", "0", "3")


def test_no_registry_writes_a_header_only_csv(tmp_path: Path) -> None:
    reports, cells = _collection()
    write_regions_csv(roll_ups(reports, cells, None), tmp_path)
    assert assert_valid_regions_csv(tmp_path) == []


def test_pages_say_what_they_show_and_scroll_wide_tables_in_a_box() -> None:
    reports, cells = _collection()
    roll = roll_ups(reports, cells, REGISTRY)
    covered = regions(REGISTRY)
    index = regions_index(covered, roll, True).html
    assert "空白或不是数字的单元格不按 0 计算" in index
    assert 'href="青山县人民政府/"' in index and "419901" in index
    county = region_page(covered[COUNTY], [r for r in roll if r.region.name == COUNTY]).html
    assert county.index("<p>本页按地区汇总") < county.index("<table")
    assert county.count('<div class="gk-scroll"') == county.count("<table")
    assert "2024年（3 份报告）" in county
    # 86 + 14 from two of the three reports: the page says so.
    assert "100<br><small>2 份合计，1 份空白</small>" in county
    assert "0.3" in county
    assert "1 个：" in county and DEPT in county  # who did not publish
    assert "没有配置发布机关名录" in regions_index({}, [], False).html
