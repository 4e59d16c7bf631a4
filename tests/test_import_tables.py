"""Tables on import, form by form: each is mapped whole into a block or kept out.

The inputs are small texts written here (no report text is copied): a table as `|` rows,
one cell a line, broken across a page into sub-tables, 表四 printed as three captioned
sub-tables, rows written as text, a Word table. What is checked is the block's values
against the source, where the kept-out note and rows go, and that no table label or row
becomes a heading.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docxfixtures import from_text
from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.importers.report import import_file
from gongkai.importers.tables import cell_streams
from gongkai.model.loader import load_report
from gongkai.profiles import load_profile
from gongkai.tables.resolve import ReportTables, tables_of
from samples import TABLE_3_GROUPS, XXGK_SECTIONS

ISSUER = "示例县人民政府"

# 表三 (2021 format) as published: each row's label path, then its seven values.
_FILLED = {"3.补正后申请内容仍不明确": [1, 0, 0, 0, 0, 0, 1]}
_RESULTS = [
    ("三、本年度办理结果 | （一）予以公开", [6, 1, 0, 0, 1, 0, 8]),
    (
        "三、本年度办理结果 | （二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        [1, 0, 0, 0, 0, 0, 1],
    ),
    *(
        (f"三、本年度办理结果 | {group} | {label}", _FILLED.get(label, [0] * 7))
        for group, labels in TABLE_3_GROUPS.items()
        for label in labels
    ),
    ("三、本年度办理结果 | （七）总计", [8, 1, 0, 0, 1, 0, 10]),
]
_TABLE_3 = [
    ("一、本年新收政府信息公开申请数量", [10, 2, 0, 0, 1, 0, 13]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    *_RESULTS,
    ("四、结转下年度继续办理", [3, 1, 0, 0, 0, 0, 4]),
]
_HEADER_3 = (
    "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |\n"
)


def _rows(rows: list[tuple[str, list[int]]]) -> str:
    return "".join(f"| {label} | {' | '.join(map(str, values))} |\n" for label, values in rows)


def _report(table_2: str, table_3: str, table_4: str) -> str:
    return (
        f"{ISSUER}2024年政府信息公开工作年度报告\n"
        "一、总体情况\n全年新收政府信息公开申请13件。\n"
        f"二、主动公开政府信息情况\n{table_2}"
        f"三、收到和处理政府信息公开申请情况\n{table_3}"
        f"四、政府信息公开行政复议、行政诉讼情况\n{table_4}"
        "五、存在的主要问题及改进情况\n一是公开不够及时。\n"
        "六、其他需要报告的事项\n无。\n"
    )


TABLE_2 = """| 第二十条第（一）项 |
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 3 | 1 | 12 |
| 第二十条第（五）项 |
| 信息内容 | 本年处理决定数量 |
| 行政许可 | 120 |
| 第二十条第（六）项 |
| 信息内容 | 本年处理决定数量 |
| 行政处罚 | 45 |
| 行政强制 | 2 |
| 第二十条第（八）项 |
| 信息内容 | 本年收费金额（单位：万元） |
| 行政事业性收费 | 1.5 |
"""
TABLE_3 = _HEADER_3 + _rows(_TABLE_3)
TABLE_4 = """| 行政复议 | 行政诉讼 |
| 2 | 1 | 0 | 0 | 3 | 1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 |
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _import(text: str, name: str = "report.txt") -> tuple[str, list[str], ReportTables]:
    source = Path(name)
    if name.endswith(".docx"):
        from_text(text, source)
    else:
        source.write_text(text, encoding="utf-8")
    imported = import_file(source, report_type="xxgk", year=2024, issuer=ISSUER)
    Path("out.md").write_text(imported.text, encoding="utf-8")
    report = load_report("out.md", imported.text.encode("utf-8"))
    return imported.text, list(map(str, imported.notes)), tables_of(report, load_profile("xxgk"))


def _headings(text: str) -> list[str]:
    body = text.split("\n---\n", 1)[1]
    return [line for line in body.splitlines() if line.startswith("#")]


def _errors(text: str) -> list[str]:
    findings = check_bytes("out.md", text.encode("utf-8"), Config())
    return [f"{f.rule}:{f.message}" for f in findings if f.severity.value == "error"]


def _assert_table_3(tables: ReportTables) -> None:
    t3 = tables.tables["t3"]
    assert t3.layout.version == "2021"
    assert [t3.number("r1", c) for c in ("natural_person", "commercial", "total")] == [10, 2, 13]
    assert t3.number("r3_2", "total") == 1
    assert t3.number("r3_4_3", "natural_person") == 1
    assert t3.number("r3_7", "total") == 10
    assert t3.number("r4", "commercial") == 1
    assert not any(cell.blank for cell in t3.cells.values())


def test_pipe_rows_map_every_table_with_the_source_values() -> None:
    text, notes, tables = _import(_report(TABLE_2, TABLE_3, TABLE_4))
    assert notes == []
    _assert_table_3(tables)
    t2, t4 = tables.tables["t2"], tables.tables["t4"]
    assert t2.number("normative_docs", "valid") == 12
    assert t2.number("licensing", "decisions") == 120
    assert str(t2.number("fees", "amount")) == "1.5"
    assert t4.number("cases", "review_total") == 3
    assert t4.number("cases", "direct_total") == 2
    assert _headings(text) == [f"## {n}" for n in XXGK_SECTIONS]
    assert _errors(text) == []


def test_a_word_table_maps_as_the_text_one_does() -> None:
    text, notes, tables = _import(_report(TABLE_2, TABLE_3, TABLE_4), "report.docx")
    assert notes == []
    _assert_table_3(tables)
    assert _errors(text) == []


def _one_cell_a_line(rows: str, width: int) -> str:
    """`|` rows as some pages' text has them: every cell on a line of its own ending in
    “ |”, a short row padded to the table's width with bare “|”."""
    lines = []
    for row in rows.splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        lines += [f"{cell} |" for cell in cells]
        if len(cells) < width:
            lines.append("|" * (width - len(cells)))
    return "\n".join(lines) + "\n"


def test_a_table_written_one_cell_a_line_maps_and_gives_no_heading() -> None:
    text, notes, tables = _import(_report(_one_cell_a_line(TABLE_2, 4), TABLE_3, TABLE_4))
    assert notes == []
    t2 = tables.tables["t2"]
    assert t2.number("normative_docs", "made") == 3
    assert t2.number("coercion", "decisions") == 2
    assert _headings(text) == [f"## {n}" for n in XXGK_SECTIONS]
    assert "|\n" not in text.split("## 二、", 1)[1].split("## 三、", 1)[0]


def test_one_cell_a_line_with_a_label_on_a_line_of_its_own() -> None:
    lines = ["第二十条第(一)项 |", "|||", "信息内容 |", "本年制发件数 |", "本年废止件数 |"]
    lines += ["现行有效件数 |", "规章 |", "0 |", "0 |", "0 |", "行政规范性文件", "|", "2 |"]
    lines += ["0 |", "5 |", "正文接着写。"]
    streams = cell_streams(lines)
    assert list(streams) == [0]
    end, grid = streams[0]
    assert lines[end] == "正文接着写。"
    assert grid == [
        ["第二十条第(一)项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "2", "0", "5"],
    ]


def test_a_stray_bar_is_no_table() -> None:
    assert cell_streams(["网站 |", "正文。", "另一段 |"]) == {}


def test_a_table_broken_across_a_page_into_sub_tables_maps_whole() -> None:
    """As PDF conversions print it: the rows up to the page end, the page number, the
    header again, the rest; a label broken over two lines between them."""
    first, rest = _TABLE_3[:8], _TABLE_3[8:]
    broken = (
        "表三：收到和处理政府信息公开申请情况\n"
        + _HEADER_3
        + _rows(first)
        + "— 3 —\n（本列数据的勾稽关系为：第一项加第二项\n之和，等于第三项加第四项之和）\n"
        + _HEADER_3
        + _rows(rest)
    )
    text, notes, tables = _import(_report(TABLE_2, broken, TABLE_4))
    assert notes == []
    _assert_table_3(tables)
    assert _headings(text) == [f"## {n}" for n in XXGK_SECTIONS]
    assert "表三：收到和处理" not in text  # the block stands for the table and its label


def test_table_four_printed_as_three_captioned_sub_tables_is_joined() -> None:
    sub_tables = (
        "行政复议\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 2 | 1 | 0 | 0 | 3 |\n"
        "行政诉讼（复议后起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "| 0 | 0 | 0 | 0 | 0 |\n"
        "行政诉讼（未经复议直接起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "| 1 | 0 | 0 | 1 | 2 |\n"
    )
    text, notes, tables = _import(_report(TABLE_2, TABLE_3, sub_tables))
    assert notes == []
    # Joined in the format's order, by the captions, not in the order printed.
    assert "cells: [2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]" in text
    assert tables.tables["t4"].number("cases", "after_review_total") == 0
    assert _headings(text) == [f"## {n}" for n in XXGK_SECTIONS]


def test_sub_tables_without_captions_are_kept_out() -> None:
    values = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 2 | 1 | 0 | 0 | 3 |\n"
    text, _notes, tables = _import(_report(TABLE_2, TABLE_3, values * 3))
    assert "t4" not in tables.tables
    assert "<!-- 表四未能识别，请手工补录 -->\n```text\n结果维持 | 结果纠正" in text


def test_rows_written_as_text_lines_are_read() -> None:
    """“行政许可 97”: a row of 表二 as a line of text, as PDF conversions leave them."""
    as_text = TABLE_2.replace("| 行政许可 | 120 |", "行政许可 120").replace(
        "| 行政事业性收费 | 1.5 |", "行政事业性收费 1.5"
    )
    text, notes, tables = _import(_report(as_text, TABLE_3, TABLE_4))
    assert notes == []
    assert tables.tables["t2"].number("licensing", "decisions") == 120
    assert str(tables.tables["t2"].number("fees", "amount")) == "1.5"
    assert "行政许可 120" not in text  # the block stands for it


def test_the_2019_single_other_row_maps_in_the_2019_format() -> None:
    """Some 2021-format reports keep 2019's single （六）其他处理 row: all there is."""
    rows = [row for row in _TABLE_3 if "（六）" not in row[0]]
    rows.insert(-2, ("三、本年度办理结果 | （六）其他处理", [0] * 7))
    text, notes, tables = _import(_report(TABLE_2, _HEADER_3 + _rows(rows), TABLE_4))
    assert notes == []
    t3 = tables.tables["t3"]
    assert t3.layout.version == "2019"
    assert t3.number("r3_6", "total") == 0
    assert _errors(text) == []


def test_a_row_missing_keeps_the_table_out_and_nothing_is_summed() -> None:
    """Rows 一 and 二 dropped: no block that would read them as 0, one finding at the note."""
    text, notes, tables = _import(_report(TABLE_2, _HEADER_3 + _rows(_TABLE_3[2:]), TABLE_4))
    assert "t3" not in tables.tables
    assert "表三：原文中未找到这些行，请手工补录：一、本年新收政府信息公开申请数量、" in notes[0]
    assert "（七）总计 | 8 | 1 | 0 | 0 | 1 | 0 | 10\n" in text
    assert _errors(text) == ["GK301:kept_out"]


def test_labels_and_rows_marked_as_headings_stay_in_the_table() -> None:
    """A text saved from Markdown: the table's label and its row groups marked `##`/`###`
    (“### 三、本年度办理结果” must not end section 三, nor the label start a section)."""
    marked = "## 表三：收到和处理政府信息公开申请情况\n" + _HEADER_3
    marked += _rows(_TABLE_3[:2]) + "### 三、本年度办理结果\n### （一）予以公开\n"
    marked += _rows(_TABLE_3[2:])
    text, notes, tables = _import(_report(TABLE_2, marked, TABLE_4))
    assert notes == []
    _assert_table_3(tables)
    assert _headings(text) == [f"## {n}" for n in XXGK_SECTIONS]
    assert _errors(text) == []


# 表二 as one four-column table, as pages and Word files lay it out: the one-column groups'
# headers and values merged across the three value columns.
_TABLE_2_ROWS = [
    ["第二十条第（一）项", "第二十条第（一）项", "第二十条第（一）项", "第二十条第（一）项"],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "0", "0", "0"],
    ["行政规范性文件", "3", "1", "12"],
    *(
        row
        for caption, header, rows in (
            ("第二十条第（五）项", "本年处理决定数量", [("行政许可", "120")]),
            ("第二十条第（六）项", "本年处理决定数量", [("行政处罚", "45"), ("行政强制", "2")]),
            ("第二十条第（八）项", "本年收费金额（单位：万元）", [("行政事业性收费", "1.5")]),
        )
        for row in (
            [caption] * 4,
            ["信息内容", header, header, header],
            *([label, value, value, value] for label, value in rows),
        )
    ),
]


def _merged_html(rows: list[list[str]]) -> str:
    cells = []
    for row in rows:
        if row[1] == row[0]:
            cells.append(f'<tr><td colspan="4">{row[0]}</td></tr>')
        elif row[1] == row[2] == row[3]:
            cells.append(f'<tr><td>{row[0]}</td><td colspan="3">{row[1]}</td></tr>')
        else:
            cells.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return "<table>" + "".join(cells) + "</table>"


def test_a_merged_value_cell_of_a_web_page_is_one_value() -> None:
    paragraphs = "".join(
        _merged_html(_TABLE_2_ROWS) if line == "@t2@" else f"<p>{line}</p>"
        for line in _report("@t2@\n", "", "").splitlines()
    )
    text, notes, tables = _import(f"<html><body>{paragraphs}</body></html>", "report.html")
    t2 = tables.tables["t2"]
    assert t2.number("licensing", "decisions") == 120
    assert t2.number("coercion", "decisions") == 2
    assert not [note for note in notes if note.startswith("表二")]
    assert _headings(text) == [f"## {n}" for n in XXGK_SECTIONS]


def test_a_merged_value_cell_of_a_word_table_is_one_value() -> None:
    import docx

    document = docx.Document()
    for line in _report("@t2@\n", "", "").splitlines():
        if line != "@t2@":
            document.add_paragraph(line)
            continue
        table = document.add_table(rows=len(_TABLE_2_ROWS), cols=4)
        for r, row in enumerate(_TABLE_2_ROWS):
            for c, cell in enumerate(row):
                if c == 0 or row[c] != row[c - 1]:
                    table.cell(r, c).text = cell
            if row[1] == row[2] == row[3]:
                table.cell(r, 1).merge(table.cell(r, 3))
            if row[0] == row[1]:
                table.cell(r, 0).merge(table.cell(r, 3))
    document.save("report.docx")
    imported = import_file(Path("report.docx"), report_type="xxgk", year=2024, issuer=ISSUER)
    report = load_report("out.md", imported.text.encode("utf-8"))
    t2 = tables_of(report, load_profile("xxgk")).tables["t2"]
    assert t2.number("licensing", "decisions") == 120
    assert str(t2.number("fees", "amount")) == "1.5"
    assert not [note for note in imported.notes if note.zh.startswith("表二")]


def test_reading_cells_a_line_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted in calls, not seconds: twice the lines, twice the work (a row of labels
    that never reaches a value was once rescanned for each cell added to it)."""
    import gongkai.importers.tables as tables

    calls = 0
    original = tables.is_value

    def counted(cell: str) -> bool:
        nonlocal calls
        calls += 1
        return original(cell)

    monkeypatch.setattr(tables, "is_value", counted)
    work = []
    for lines in (2000, 4000):
        calls = 0
        assert cell_streams(["四、结转 |"] * lines + ["|"] * lines)
        work.append(calls)
    assert work[1] <= 2.2 * work[0]


def test_a_table_written_a_row_a_line_without_a_leading_bar_maps() -> None:
    """“规章 | 0 | 0 | 0 |”: each row a line, each cell ended by “|”, no bar before the first;
    a one-cell caption row padded with bare “|” or not."""
    rows = "".join(
        line.strip().lstrip("|").lstrip() + ("||\n" if line.count("|") == 2 else "\n")
        for line in TABLE_2.splitlines()
    )
    assert rows.startswith("第二十条第（一）项 |||\n信息内容 | 本年制发件数 |")
    text, notes, tables = _import(_report(rows, TABLE_3, TABLE_4))
    assert notes == []
    assert tables.tables["t2"].number("penalty", "decisions") == 45
    assert _headings(text) == [f"## {n}" for n in XXGK_SECTIONS]


def test_a_table_run_together_without_separators_is_kept_out_not_missing() -> None:
    """“规章000行政规范性文件6233440”: a page's cells run together, its rows not to be told
    apart. Kept out with its lines, and reported as not recovered, not as absent; the prose
    of the section stays prose."""
    run_together = (
        "主动公开政府信息120条。\n"
        "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件3112\n"
        "第二十条第（五）项信息内容本年处理决定数量行政许可120\n"
    )
    text, notes, tables = _import(_report(run_together, TABLE_3, TABLE_4))
    assert "t2" not in tables.tables
    assert "表二：未能完整识别，已在草稿中标注，原文保留在其下，请手工补录" in notes
    assert "主动公开政府信息120条。\n\n<!-- 表二未能识别，请手工补录 -->\n```text\n第二十条" in text
    assert "行政许可120\n```" in text
    assert _errors(text) == ["GK301:kept_out"]


def test_prose_naming_a_row_is_no_table() -> None:
    prose = "全年办理行政许可120件，均在法定期限内办结。\n"
    _text, notes, _tables = _import(_report(prose, TABLE_3, TABLE_4))
    assert "未找到表二（应在第二部分），请手工录入" in notes


def test_a_section_title_run_into_its_table_is_cut_from_it() -> None:
    """“四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持…213…”: the title is
    the section's heading, the rest the table's run-together text, kept out."""
    text, _notes, tables = _import(
        _report(TABLE_2, TABLE_3, "")
        .replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
        .replace(
            "五、",
            "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果"
            "尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计"
            "213170000013240\n五、",
            1,
        )
    )
    assert "t4" not in tables.tables
    assert _headings(text) == [f"## {n}" for n in XXGK_SECTIONS]
    assert (
        "## 四、政府信息公开行政复议、行政诉讼情况\n\n<!-- 表四未能识别，请手工补录 -->\n"
        "```text\n行政复议行政诉讼结果维持" in text
    )
    assert _errors(text) == ["GK301:kept_out"]


def test_table_four_with_two_different_rows_of_values_is_kept_out() -> None:
    second = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    text, notes, tables = _import(_report(TABLE_2, TABLE_3, TABLE_4 + second))
    assert "t4" not in tables.tables
    assert "表四：未能确定与表头对应的那一行数值" in notes
    assert "<!-- 表四未能识别，请手工补录 -->" in text
