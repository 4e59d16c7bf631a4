"""`gongkai import`: published TXT and HTML → a draft report whose tables are blocks.

The inputs are written here by hand (no report text is copied); the corpus test reads the
real 001.txt when ../shared is checked out next to the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.model.loader import load_report
from gongkai.profiles import load_profile
from gongkai.tables.resolve import ReportTables, tables_of
from importcli import run
from samples import TABLE_3_GROUPS

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS = SHARED / "real" / "xxgk" / "001.txt"


def _values(*numbers: int) -> str:
    return "".join(f"<td>{n}</td>" for n in numbers)


_ZERO = (0, 0, 0, 0, 0, 0, 0)
_TYPO = {"2.其他法律行政法规禁止公开": "2.其他法律行政止公开"}
_FILLED = {"2.其他法律行政法规禁止公开": (1, 0, 0, 0, 0, 0, 1)}
# 表三 (2021 format) in full, with the official merged headers and label cells; “其他法律
# 行政止公开” is a typo as found in real reports, and two cells of 四 are left blank.
_TABLE_3_ROWS = [
    ('<td colspan="3">一、本年新收政府信息公开申请数量</td>', _values(10, 2, 0, 0, 1, 0, 13)),
    ('<td colspan="3">二、上年结转政府信息公开申请数量</td>', _values(1, 0, 0, 0, 0, 0, 1)),
    (
        '<td rowspan="22">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>',
        _values(6, 1, 0, 0, 1, 0, 8),
    ),
    (
        '<td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td>',
        _values(*_ZERO),
    ),
    *(
        (
            (f'<td rowspan="{len(labels)}">{group}</td>' if not n else "")
            + f"<td>{_TYPO.get(label, label)}</td>",
            _values(*_FILLED.get(label, _ZERO)),
        )
        for group, labels in TABLE_3_GROUPS.items()
        for n, label in enumerate(labels)
    ),
    ('<td colspan="2">（七）总计</td>', _values(7, 1, 0, 0, 1, 0, 9)),
    (
        '<td colspan="3">四、结转下年度继续办理</td>',
        "<td>4</td><td>1</td><td></td><td></td><td>0</td><td>0</td><td>5</td>",
    ),
]


def _table_3(rows: list[tuple[str, str]]) -> str:
    body = "\n".join(f"<tr>{labels}{values}</tr>" for labels, values in rows)
    return f"""<table border="1">
<tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
    <td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
{body}
</table>"""


# Only some of 表三's rows, and “（九）其他”, which is no row of the format: a table the
# importer must keep out rather than fill in part.
_PARTIAL_TABLE_3 = _table_3(
    [
        *_TABLE_3_ROWS[:2],
        (
            '<td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>',
            _values(6, 1, 0, 0, 1, 0, 8),
        ),
        ('<td colspan="2">（九）其他</td>', _values(*_ZERO)),
        *_TABLE_3_ROWS[-2:],
    ]
)

HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>示例</title><style>p {{ margin: 0 }}</style></head>
<body>
<h1>示例县人民政府2024年政府信息公开工作年度报告</h1>
<div class="content">
<p>本年度报告中所列数据的统计期限为2024年1月1日至2024年12月31日。</p>
<p>一、总体情况</p>
<p>全年新收政府信息公开申请13件。</p>
<p>二、主动公开政府信息情况</p>
<p>主动公开政府信息120条。</p>
<p>三、收到和处理政府信息公开申请情况</p>
<!-- 统计表 -->
{_table_3(_TABLE_3_ROWS)}
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td>
    <td rowspan="2">尚未审结</td><td rowspan="2">总计</td>
    <td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
    <td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr>{_values(2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0)}</tr>
</table>
<p>五、存在的主要问题及改进情况</p>
<p>一是公开不够及时。</p>
<p>六、其他需要报告的事项</p>
<p>无。</p>
<p style="text-align: right">示例县人民政府<br>2025年1月20日</p>
</div>
</body></html>
"""

# No year or issuer in the title: they must be given. 表二 (2019 format) and 表四 as `|` lines.
TXT = """政府信息公开工作年度报告
一、总体情况
本机关认真落实《条例》。
二、主动公开政府信息情况
| 第二十条第（一）项 |
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
| 规章 | 0 | 0 | 0 |
| 规范性文件 | 2 | 2 | 15 |
| 第二十条第（五）项 |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政许可 | 3 | -1 | 40 |
| 行政强制 | 1 | 0 |
三、收到和处理政府信息公开申请情况
本年度未收到申请。
四、政府信息公开行政复议、行政诉讼情况
| 行政复议 | 行政诉讼 |
| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
五、政府信息公开工作存在的主要问题及改进情况
无。
六、其他需要报告的事项
无。
"""


pytestmark = pytest.mark.usefixtures("in_tmp")


def _tables(path: Path) -> ReportTables:
    return tables_of(load_report(str(path), path.read_bytes()), load_profile("xxgk"))


def _rules(path: Path) -> set[str]:
    return {f.rule for f in check_bytes(str(path), path.read_bytes(), Config())}


def test_html_table_with_merged_cells_lands_in_the_right_cells() -> None:
    Path("page.html").write_text(HTML, encoding="utf-8")
    result = run("page.html")
    assert result.exit_code == 0, result.stderr
    target = Path("reports/2024/xxgk/示例县人民政府.md")
    assert f"已写入 {target}" in result.stderr
    text = target.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {
        "title": "示例县人民政府2024年政府信息公开工作年度报告",
        "type": "xxgk",
        "year": 2024,
        "issuer": "示例县人民政府",
        "issuer_level": "county",
        "status": "draft",
    }
    assert "## 三、收到和处理政府信息公开申请情况\n\n```gongkai-table\ntable: 三\n" in text
    assert not {"GK302", "GK307"} & _rules(target)
    tables = _tables(target).tables
    t3, t4 = tables["t3"], tables["t4"]
    assert t3.layout.version == "2021"
    assert t3.number("r1", "natural_person") == 10
    assert t3.number("r1", "total") == 13
    assert t3.number("r3_1", "legal_service") == 1
    assert t3.number("r3_3_2", "natural_person") == 1  # the typo'd label
    assert t3.number("r3_7", "total") == 9
    assert t3.cell("r4", "research").blank and t3.number("r4", "commercial") == 1
    assert t4.number("cases", "review_upheld") == 2
    assert t4.number("cases", "direct_total") == 2
    # What could not be mapped is named, in Chinese.
    assert "未找到表二（应在第二部分），请手工录入" in result.stderr


def test_html_table_found_in_part_is_kept_out_with_its_rows_as_text() -> None:
    """Rows missing and a row of no format: no block, a note the check reports once, and
    every row of the source kept for the editor; no sum over rows that were never read."""
    Path("page.html").write_text(
        HTML.replace(_table_3(_TABLE_3_ROWS), _PARTIAL_TABLE_3), encoding="utf-8"
    )
    result = run("page.html", "-o", "out.md")
    assert result.exit_code == 0, result.stderr
    text = Path("out.md").read_text(encoding="utf-8")
    assert "table: 三" not in text
    assert (
        "## 三、收到和处理政府信息公开申请情况\n\n<!-- 表三未能识别，请手工补录 -->\n```text\n"
        in text
    )
    assert "一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 1 | 0 | 13\n" in text
    assert "三、本年度办理结果 | （九）其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n" in text
    assert "四、结转下年度继续办理 | 4 | 1 |  |  | 0 | 0 | 5\n" in text
    assert "表三：未能识别的行「三、本年度办理结果 | （九）其他」" in result.stderr
    assert "表三：原文中未找到这些行，请手工补录：（二）部分公开" in result.stderr
    findings = check_bytes("out.md", Path("out.md").read_bytes(), Config())
    line = text.splitlines().index("<!-- 表三未能识别，请手工补录 -->") + 1
    table_3 = [f for f in findings if f.rule == "GK301" and f.args["number"] == "三"]
    assert [(f.line, f.message) for f in table_3] == [(line, "kept_out")]
    assert not {"GK303", "GK304", "GK305"} & {f.rule for f in findings}


def test_txt_needs_year_and_issuer_when_the_title_lacks_them() -> None:
    Path("report.txt").write_text(TXT, encoding="utf-8")
    result = run("report.txt")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 无法从原文判断年度（请用 --year 指定）、发布机关（请用 --issuer 指定）\n"
    )
    assert not Path("reports").exists()

    result = run("report.txt", "--year", "2019", "--issuer", "示例市交通运输局", "-o", "out.md")
    assert result.exit_code == 0, result.stderr
    text = Path("out.md").read_text(encoding="utf-8")
    # The title stays as the source has it; the check says what it lacks.
    assert "title: 政府信息公开工作年度报告  # 自动识别，请核对\n" in text
    assert (
        "year: 2019\nissuer: 示例市交通运输局\nissuer_level: department  # 自动识别，请核对\n"
        in text
    )
    assert "原标题“政府信息公开工作年度报告”没有写明年度，已照原文保留" in result.stderr
    # 表二 lacks rows and has one with a value missing: kept out, its rows as text.
    assert "table: 二" not in text
    assert "<!-- 表二未能识别，请手工补录 -->\n```text\n第二十条第（一）项\n" in text
    assert "规范性文件 | 2 | 2 | 15\n第二十条第（五）项\n" in text
    assert "行政许可 | 3 | -1 | 40\n行政强制 | 1 | 0\n```" in text
    assert "cells: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]" in text
    # 表三 is prose in this report: nothing is invented, and the editor is told.
    assert "本年度未收到申请。" in text
    assert "表二：「行政强制」有 2 个数值，应为 3 个，未写入表格块" in result.stderr
    assert "未找到表三（应在第三部分），请手工录入" in result.stderr
    assert not {"GK302", "GK307"} & _rules(Path("out.md"))
    assert "GK201" in _rules(Path("out.md"))  # the title that lacks its year


def test_existing_file_is_kept_unless_forced() -> None:
    Path("page.html").write_text(HTML, encoding="utf-8")
    Path("old.md").write_text("编辑改过的稿子\n", encoding="utf-8")
    result = run("page.html", "-o", "old.md")
    assert result.exit_code == 2
    assert result.stderr == "Error: old.md 已存在；如要覆盖，请加 --force\n"
    assert Path("old.md").read_text(encoding="utf-8") == "编辑改过的稿子\n"

    result = run("page.html", "-o", "old.md", "--force")
    assert result.exit_code == 0, result.stderr
    assert Path("old.md").read_text(encoding="utf-8").startswith("---\ntitle: 示例县人民政府")
    assert sorted(p.name for p in Path().iterdir()) == ["old.md", "page.html"]  # no temp file


def test_options_override_what_is_inferred() -> None:
    Path("page.htm").write_text(HTML, encoding="utf-8")
    result = run("page.htm", "--year", "2023", "--issuer", "示例县政务服务管理局")
    assert result.exit_code == 0, result.stderr
    text = Path("reports/2023/xxgk/示例县政务服务管理局.md").read_text(encoding="utf-8")
    assert (
        "year: 2023\nissuer: 示例县政务服务管理局\nissuer_level: department  # 自动识别，请核对\n"
        in text
    )


def test_gb18030_text_is_read() -> None:
    Path("gbk.txt").write_bytes(TXT.encode("gb18030"))
    result = run("gbk.txt", "--year", "2019", "--issuer", "示例市交通运输局", "-o", "gbk.md")
    assert result.exit_code == 0, result.stderr
    assert "规范性文件 | 2 | 2 | 15" in Path("gbk.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("report.pdf", "Error: 无法读取 PDF 文件 report.pdf：文件已损坏或加密\n"),
        (
            "report.odt",
            "Error: 无法识别的文件格式“.odt”：支持 .docx、.txt、.md、.html、.htm、.pdf\n",
        ),
    ],
)
def test_unreadable_and_unknown_formats_exit_2(name: str, message: str) -> None:
    Path(name).write_bytes(b"%PDF-1.7 not really")
    result = run(name)
    assert (result.exit_code, result.stderr) == (2, message)
    assert not Path("reports").exists()


def test_missing_file_and_unknown_type_exit_2() -> None:
    result = run("absent.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: 无法读取文件 absent.txt：")

    Path("report.txt").write_text(TXT, encoding="utf-8")
    result = run("report.txt", "--type", "budget", "--year", "2019", "--issuer", "示例市财政局")
    assert result.exit_code == 2
    assert result.stderr == "Error: 未知的报告类型“budget”：可用 fazhi、xxgk\n"


_BLANK_TOTALS = {
    "三、（一）予以公开[总计]",
    "三、（二）部分公开[总计]",
    "三、（三）1.属于国家秘密[总计]",
    "三、（三）5.属于三类内部事务信息[总计]",
    "三、（三）6.属于四类过程性信息[总计]",
    "三、（三）8.属于行政查询事项[总计]",
    "三、（四）1.本机关不掌握相关政府信息[总计]",
    "三、（四）2.没有现成信息需要另行制作[总计]",
    "三、（四）3.补正后申请内容仍不明确[总计]",
    "三、（五）1.信访举报投诉类申请[总计]",
    "三、（五）2.重复申请[总计]",
}


def test_real_report_imports_with_its_three_tables() -> None:
    """The same findings as tests/test_tables_real.py's hand transcription of 001.txt."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} not found: the shared corpus is not checked out next to the repo")
    result = run(str(CORPUS), "-o", "001.md")
    assert result.exit_code == 0, result.stderr
    assert "表" not in result.stderr  # every row of every table was mapped
    path = Path("001.md")
    text = path.read_text(encoding="utf-8")
    assert (
        "issuer: 上海市人民政府办公厅  # 自动识别，请核对\nissuer_level: department  # 自动识别，请核对\n"
        "published: 2020-01-31  # 自动识别，请核对\n"
    ) in text
    assert [line for line in text.splitlines() if line.startswith("table: ")] == [
        "table: 二",
        "table: 三",
        "table: 四",
    ]
    findings = check_bytes(str(path), path.read_bytes(), Config())
    table_findings = [f for f in findings if f.rule.startswith("GK3")]
    assert {f.rule for f in table_findings} == {"GK304"}
    assert {f.args["cell"] for f in table_findings} == _BLANK_TOTALS
    t3 = _tables(path).tables["t3"]
    assert (t3.number("r1", "total"), t3.number("r3_7", "total"), t3.number("r4", "total")) == (
        859,
        805,
        72,
    )


@pytest.mark.parametrize(
    ("lines", "year", "issuer"),
    [
        (["关于2024年度示例镇人民政府政府信息公开工作年度报告", "正文。"], 2024, "示例镇人民政府"),
        (["示例县人民政府2023年政府信息公开工作年度报告"], 2023, "示例县人民政府"),
        # Neither in the title: the statistics period and the signature give them.
        (
            [
                "政府信息公开工作年度报告",
                "本报告统计期限为2022年1月1日至12月31日。",
                "示例县交通运输局",
                "2023年1月20日",
            ],
            2022,
            "示例县交通运输局",
        ),
    ],
)
def test_year_and_issuer_inference(lines: list[str], year: int, issuer: str) -> None:
    from gongkai.importers.infer import infer

    inferred = infer(lines)
    assert (inferred.year, inferred.issuer, inferred.type) == (year, issuer, "xxgk")


def test_written_file_is_not_private() -> None:
    Path("page.html").write_text(HTML, encoding="utf-8")
    assert run("page.html", "-o", "out.md").exit_code == 0
    assert Path("out.md").stat().st_mode & 0o044 == 0o044 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_pdf_lines_are_joined_into_paragraphs_and_rows_into_tables() -> None:
    from gongkai.importers.pdf import _parts

    items: list[str | list[str]] = [
        "示例县人民政府",
        "2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度新收申请",
        "13件。",
        "- 2 -",
        "三、收到和处理政府信息公开申请情况",
        ["予以公开", "6", "1"],
        ["总计", "7", "1"],
        "（一）主动公开",
    ]
    assert _parts(items) == [
        "示例县人民政府2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度新收申请13件。",
        "三、收到和处理政府信息公开申请情况",
        [["予以公开", "6", "1"], ["总计", "7", "1"]],
        "（一）主动公开",
    ]


def test_peer_pdfs_import_and_show_the_published_errors() -> None:
    """淮安市洪泽区 2023 and 2024 (PDF). The 2023 表四 as published (checked against the
    page image) gives 行政复议 10 维持 + 1 纠正 with 总计 0, and 复议后起诉 5 维持 with 总计 0."""
    pdfs = [SHARED / "peer-fixtures" / f"hzq{year}_working.pdf" for year in (2023, 2024)]
    if not all(pdf.is_file() for pdf in pdfs):
        pytest.skip("the shared peer fixtures are not checked out next to the repo")
    results = [run(str(pdf), "-o", f"{pdf.stem}.md") for pdf in pdfs]
    assert [result.exit_code for result in results] == [0, 0]
    old, new = (Path(f"{pdf.stem}.md") for pdf in pdfs)
    # Both reports keep 2019's single row （六）其他处理 in 表三: read in the 2019 format,
    # every row as published, nothing left blank.
    for report in (old, new):
        table = _tables(report).tables["t3"]
        assert table.layout.version == "2019"
        assert not any(cell.blank for cell in table.cells.values())
    identities = [
        (f.args["identity"], f.args["left"], f.args["right"])
        for f in check_bytes(str(old), old.read_bytes(), Config())
        if f.rule == "GK303"
    ]
    assert identities == [("T4-A", "0", "11"), ("T4-C", "0", "5")]
    assert "GK303" not in _rules(new)
    # Carry-over: 2023's 结转下年度 equals 2024's 上年结转 (both 0 for every applicant).
    carried = _tables(old).tables["t3"]
    received = _tables(new).tables["t3"]
    columns = [column.key for column in carried.layout.groups[0].columns]
    assert [carried.number("r4", c) for c in columns] == [received.number("r2", c) for c in columns]
    assert received.number("r1", "total") == 95


# A page saved from a government site: its header, metadata bar and footer around the report.
PAGE = """<html><body>
<div class="top">今天是：2025年3月21日 星期五 <a>无障碍 简体</a></div>
<div class="crumb">当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>法治政府建设</a></div>
<div class="crumb">首页 &gt; 政务公开 &gt; 法治政府建设</div>
<h1>示例县人民政府2024年法治政府建设年度报告</h1>
<div class="meta">来源：示例县司法局 发布时间：2025-03-20 09:18 点击率：128</div>
<div class="meta">字体：[大 中 小]</div>
<div class="meta">分享到：微信 微博</div>
<div class="content">
<p>一、主要举措和成效</p><p>全年完成重大行政决策3项。</p>
<p>示例县人民政府</p><p>2025年3月20日</p>
</div>
<div class="foot">【打印本页】 【关闭窗口】</div>
</body></html>
"""


def test_page_furniture_is_dropped_before_inference() -> None:
    Path("page.html").write_text(PAGE, encoding="utf-8")
    result = run("page.html", "-o", "out.md")
    assert result.exit_code == 0, result.stderr
    mark = "  # 自动识别，请核对"
    assert Path("out.md").read_text(encoding="utf-8") == (
        f"---\ntitle: 示例县人民政府2024年法治政府建设年度报告{mark}\ntype: fazhi{mark}\n"
        f"year: 2024{mark}\nissuer: 示例县人民政府{mark}\nissuer_level: county{mark}\n"
        f"published: 2025-03-20{mark}\nstatus: draft\n---\n\n"
        "## 一、主要举措和成效\n\n全年完成重大行政决策3项。\n\n示例县人民政府\n\n2025年3月20日\n"
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A title split after the issuer; the signature's name agrees.
        (
            ["示例县人民政府办公室", "2024年政府信息公开工作年度报告", "正文。"],
            ("示例县人民政府办公室2024年政府信息公开工作年度报告", 2024, "示例县人民政府办公室"),
        ),
        # No title: the announcement names issuer, year and type, and gives the title.
        (
            [
                "根据《条例》，现将示例县交通运输局2023年政府信息公开工作年度报告公布如下：",
                "一、总体情况",
            ],
            ("示例县交通运输局2023年政府信息公开工作年度报告", 2023, "示例县交通运输局"),
        ),
        # A place alone in the title names its government, in full where the page has it.
        (
            [
                "示例市示例区人民政府 2025年3月21日",
                "示例区2023年度法治政府建设情况报告",
                "本区属于示例市示例区人民政府管辖。",
            ],
            ("示例区2023年度法治政府建设情况报告", 2023, "示例市示例区人民政府"),
        ),
        (
            ["示例市东城区政府2022年政府信息公开工作年度报告 2023-01-20"],
            ("示例市东城区政府2022年政府信息公开工作年度报告", 2022, "示例市东城区人民政府"),
        ),
        # Only the opening sentence: the year and the issuer, not an issuer referred back to.
        (
            ["2024年，在市委的正确领导下，示例县全面推进法治政府建设。", "一、法治政府建设情况"],
            (None, 2024, "示例县人民政府"),
        ),
        (
            ["2024年，我局坚持依法行政，推进法治政府建设。", "一、法治政府建设情况"],
            (None, 2024, None),
        ),
    ],
)
def test_fields_read_without_a_title_line(
    lines: list[str], expected: tuple[str | None, int, str | None]
) -> None:
    from gongkai.importers.infer import infer

    inferred = infer(lines)
    assert (inferred.title, inferred.year, inferred.issuer) == expected


def test_a_note_on_a_report_is_no_report() -> None:
    from gongkai.importers.infer import infer

    lines = ["关于《示例县2024年法治政府建设年度报告》的解读", "一、起草背景", "法治政府建设。" * 5]
    assert infer(lines).type is None


def test_long_title_stays_on_its_marked_line() -> None:
    from gongkai.importers.report import front_matter

    title = "示例县人民政府" * 12
    assert front_matter({"title": title, "status": "draft"}, {"title"}) == (
        f"title: {title}  # 自动识别，请核对\nstatus: draft\n"
    )


# Measured on the 46 texts of ../shared/corpus/real (see scripts/import_corpus.py): title
# 74.4 %, year 89.1 %, issuer 47.8 %, type 100 %, year and type 89.1 %.
_FLOORS = {"title": 0.70, "year": 0.85, "issuer": 0.45, "type": 0.97, "year+type": 0.87}


def test_every_corpus_text_imports_or_is_refused_with_a_reason() -> None:
    from gongkai.importers.corpus import evaluate_corpus, rates

    corpus = SHARED / "real"
    if not (corpus / "INDEX.tsv").is_file():
        pytest.skip(f"{corpus} not found: the shared corpus is not checked out next to the repo")
    outcomes = evaluate_corpus(corpus)  # anything but an ImportFailure propagates and fails
    refusals = [o.failure for o in outcomes if o.failure is not None]
    assert all(message.startswith("无法从原文判断") for message in refusals), refusals
    measured = rates(outcomes)
    assert {name: measured[name] >= floor for name, floor in _FLOORS.items()} == dict.fromkeys(
        _FLOORS, True
    ), measured
