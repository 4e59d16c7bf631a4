"""Rendering and export: the official merged layout, blank kept blank, stable keys."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from gongkai.model.loader import load_report
from gongkai.profiles import load_profile
from gongkai.tables.export import export_columns, export_row, flat_cells, table_rows
from gongkai.tables.render import render_table_html
from gongkai.tables.resolve import Table, tables_of

SAMPLE = Path(__file__).resolve().parents[1] / "reports" / "2024" / "xxgk" / "shili-xian.md"


def _tables() -> dict[str, Table]:
    report = load_report(SAMPLE.name, SAMPLE.read_bytes())
    return tables_of(report, load_profile("xxgk")).tables


class _Grid(HTMLParser):
    """Lays the cells out on a grid the way a browser does, from rowspan and colspan."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[int, tuple[str, str, dict[str, str]]]] = []
        self.current = -1
        self.cell: tuple[str, dict[str, str]] | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.current += 1
            if self.current == len(self.rows):
                self.rows.append({})
        elif tag in ("th", "td"):
            self.cell, self.text = (tag, {k: v or "" for k, v in attrs}), ""

    def handle_data(self, data: str) -> None:
        self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("th", "td") or self.cell is None:
            return
        kind, attrs = self.cell
        row = self.current
        col = 0
        while col in self.rows[row]:
            col += 1
        for dr in range(int(attrs.get("rowspan", 1))):
            while len(self.rows) <= row + dr:
                self.rows.append({})
            for dc in range(int(attrs.get("colspan", 1))):
                assert col + dc not in self.rows[row + dr], "overlapping cells"
                self.rows[row + dr][col + dc] = (kind, self.text, attrs)
        self.cell = None

    def texts(self, row: int) -> list[str]:
        return [self.rows[row][col][1] for col in sorted(self.rows[row])]


def _grid(html: str) -> _Grid:
    grid = _Grid()
    grid.feed(html)
    return grid


@pytest.mark.parametrize(("key", "width", "rows"), [("t2", 4, 14), ("t3", 10, 28), ("t4", 15, 4)])
def test_every_row_fills_the_grid(key: str, width: int, rows: int) -> None:
    grid = _grid(render_table_html(_tables()[key]))
    assert len(grid.rows) == rows
    for row in grid.rows:
        assert sorted(row) == list(range(width))


def test_table_three_has_the_official_merged_headers() -> None:
    html = render_table_html(_tables()["t3"])
    assert "<caption>表三 收到和处理政府信息公开申请情况（2021年格式）</caption>" in html
    grid = _grid(html)
    corner = grid.rows[0][0]
    assert corner[1].startswith("（本列数据的勾稽关系为") and grid.rows[2][2] == corner
    assert grid.texts(0)[3:] == ["申请人情况"] * 7
    assert grid.texts(1)[3:] == ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert grid.texts(2)[3:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    results = [row for row in grid.rows if row[0][1] == "三、本年度办理结果"]
    assert len(results) == 22 and results[0][0][2]["rowspan"] == "22"
    withheld = [row for row in grid.rows if row[1][1] == "（三）不予公开"]
    assert len(withheld) == 8
    assert grid.texts(3)[:4] == ["一、本年新收政府信息公开申请数量"] * 3 + ["86"]


def test_headers_of_each_data_cell_name_its_row_and_column() -> None:
    grid = _grid(render_table_html(_tables()["t3"]))
    ids = {
        attrs["id"]: text for row in grid.rows for kind, text, attrs in row.values() if kind == "th"
    }
    cell = grid.rows[7][9]  # （三）1.属于国家秘密, 总计
    assert cell[0] == "td"
    names = [ids[h] for h in cell[2]["headers"].split()]
    assert names == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "申请人情况", "总计"]


def test_table_four_has_no_row_headers_and_three_header_rows() -> None:
    grid = _grid(render_table_html(_tables()["t4"]))
    assert grid.texts(0) == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert grid.texts(2)[:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert grid.texts(3) == [
        "2",
        "1",
        "0",
        "0",
        "3",
        "1",
        "0",
        "0",
        "1",
        "2",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]


def test_blank_is_shown_blank_and_exported_as_none() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "cells: [2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]",
        "cells: [2, 1, 0, 0, 3, 1, 0, 0, 1, 2, ~, ~, ~, ~, ~]",
    )
    report = load_report("r.md", text.encode())
    t4 = tables_of(report, load_profile("xxgk")).tables["t4"]
    assert _grid(render_table_html(t4)).texts(3)[9:] == ["2", "", "", "", "", ""]
    [row] = table_rows(t4)
    assert row["direct_total"] == 2 and row["after_review_upheld"] is None
    assert row["review_other"] == 0


def test_html_escapes_what_the_report_wrote() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("行政强制: 97", "行政强制: <b>97</b>")
    t2 = tables_of(load_report("r.md", text.encode()), load_profile("xxgk")).tables["t2"]
    html = render_table_html(t2, id_prefix="r1-t2")
    assert "&lt;b&gt;97&lt;/b&gt;" in html and "<b>" not in html
    assert 'id="r1-t2-h1"' in html


def test_export_keys_are_stable_and_cover_every_format() -> None:
    profile = load_profile("xxgk")
    columns = export_columns(profile)
    assert len(columns) == len(set(columns))
    assert columns[:4] == [
        "t2.format",
        "t2.regulations.made",
        "t2.regulations.repealed",
        "t2.regulations.valid",
    ]
    for key in (
        "t3.r3_6.total",
        "t3.r3_6_3.total",
        "t2.procurement.amount",
        "t4.cases.after_review_total",
    ):
        assert key in columns
    tables = _tables()
    flat = flat_cells(tables["t3"])
    assert flat["t3.format"] == "2021" and flat["t3.r3_7.total"] == 105
    row = export_row(tables_of(load_report(SAMPLE.name, SAMPLE.read_bytes()), profile), profile)
    assert list(row) == columns
    assert row["t2.fees.amount"] == 312.45 and row["t3.r3_6.total"] is None
