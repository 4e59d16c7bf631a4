"""`gongkai import FILE.docx`: Word reports → draft reports, on files built at test time.

tests/docxfixtures.py builds every .docx here with python-docx (nothing binary is kept in
the repository); the real-content test saves corpus texts as Word into tmp_path.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from docxfixtures import (
    auto_numbered_report,
    bold_numbered_report,
    from_text,
    png,
    styled_report,
)
from gongkai.cli import cli
from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.importers.report import INFERRED_MARK, import_file

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
MARK = f"  {INFERRED_MARK}"

STYLED = f"""---
title: 示例县人民政府2024年政府信息公开工作年度报告{MARK}
type: xxgk{MARK}
year: 2024{MARK}
issuer: 示例县人民政府{MARK}
issuer_level: county{MARK}
status: draft
---

## 前言

本报告依据《条例》[^1]编制。统计期限为2024年1月1日至12月31日。

## 一、总体情况

### 公开渠道

全年主动公开政府信息120条，新增的话。

批注所在的句子。

说明：见下图。

![图1](out.assets/image1.png)

## 三、收到和处理政府信息公开申请情况

<!-- 表三未能识别，请手工补录 -->
```text
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计
一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 1 | 0 | 13
三、本年度办理结果 | （一）予以公开 | 6 | 1 | 0 | 0 | 1 | 0 | 8
三、本年度办理结果 | （七）总计 | 7 | 1 | 0 | 0 | 1 | 0 | 9
```

## 六、其他需要报告的事项

### 附表

| 项目 | 数量 |
| --- | --- |
| 网站\\|专栏 | 3 |

示例县人民政府

2025年1月20日

[^1]: 《中华人民共和国政府信息公开条例》。
"""

BOLD_BODY = """## 一、主要举措和成效

### （一）健全依法决策机制

#### 1.重大决策程序

全年完成重大行政决策3项。

2.一般事项全部依法办理。

## 二、存在的不足和原因

目录

示例县人民政府

2025年3月20日
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["import", *args], catch_exceptions=False)


def _findings(path: Path) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in check_bytes(str(path), path.read_bytes(), Config()))


def test_word_structures_become_markdown_and_residue_goes() -> None:
    """Headings by Word and WPS style, a TOC field, bookmarks, tracked changes, a comment,
    a manual line break, a page footer, an image, a footnote and two tables."""
    styled_report(Path("report.docx"))
    result = run("report.docx", "-o", "out.md")
    assert result.exit_code == 0, result.stderr
    assert Path("out.md").read_text(encoding="utf-8") == STYLED
    assert Path("out.assets/image1.png").read_bytes() == png()
    assert result.stderr.splitlines()[0] == (
        "report.docx: 原文中的 1 张图片已另存到 out.assets/：image1.png，"
        "请核对图片位置，并为每张图片写明替换文字"
    )
    assert result.stderr.endswith("已写入 out.md（status: draft，请与原文核对后再发布）\n")


def test_bold_numbered_paragraphs_are_headings() -> None:
    bold_numbered_report(Path("report.docx"))
    result = run("report.docx", "-o", "out.md")
    assert result.exit_code == 0, result.stderr
    text = Path("out.md").read_text(encoding="utf-8")
    assert text.split("---\n\n", 1)[1] == BOLD_BODY
    assert yaml.safe_load(text.split("---\n")[1]) == {
        "title": "示例县人民政府2024年法治政府建设年度报告",
        "type": "fazhi",
        "year": 2024,
        "issuer": "示例县人民政府",
        "issuer_level": "county",
        "status": "draft",
    }
    assert not Path("out.assets").exists()  # no images, no folder


def test_word_list_numbers_are_put_back() -> None:
    auto_numbered_report(Path("report.docx"))
    result = run("report.docx", "-o", "out.md")
    assert result.exit_code == 0, result.stderr
    assert Path("out.md").read_text(encoding="utf-8").split("---\n\n", 1)[1] == (
        "## 一、主要举措和成效\n\n### （一）健全依法决策机制\n\n1.重大决策程序\n\n"
        "全年完成重大行政决策3项。\n\n## 二、存在的不足和原因\n\n### （一）制度建设\n\n"
        "个别制度更新不及时。\n"
    )


def test_marked_fields_add_no_finding_and_word_leaves_no_residue() -> None:
    """The draft's findings are those of its missing contents, nothing from the marks."""
    styled_report(Path("report.docx"))
    assert run("report.docx", "-o", "out.md").exit_code == 0
    marked = Path("out.md")
    plain = Path("plain.md")
    plain.write_text(marked.read_text(encoding="utf-8").replace(MARK, ""), encoding="utf-8")
    findings = _findings(marked)
    assert findings == _findings(plain)
    # Missing sections, a numbering gap and 表三 kept out on import (it has only three of
    # its rows): no front-matter finding (GK0xx) and no conversion residue (GK403).
    assert {rule for rule, _line in findings} == {"GK101", "GK301", "GK404"}


def test_options_are_not_marked() -> None:
    bold_numbered_report(Path("report.docx"))
    result = run("report.docx", "-o", "out.md", "--year", "2023", "--issuer", "示例县司法局")
    assert result.exit_code == 0, result.stderr
    front = Path("out.md").read_text(encoding="utf-8").split("---\n")[1]
    assert front.splitlines()[1:5] == [
        f"type: fazhi{MARK}",
        "year: 2023",
        "issuer: 示例县司法局",
        f"issuer_level: department{MARK}",
    ]


def test_existing_report_or_image_is_never_overwritten() -> None:
    styled_report(Path("report.docx"))
    Path("out.assets").mkdir()
    Path("out.assets/image1.png").write_bytes(b"edited")
    result = run("report.docx", "-o", "out.md")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: out.assets/image1.png 已存在；如要覆盖，请加 --force\n",
    )
    assert not Path("out.md").exists()
    assert Path("out.assets/image1.png").read_bytes() == b"edited"

    Path("out.md").write_text("编辑改过的稿子\n", encoding="utf-8")
    Path("out.assets/image1.png").unlink()
    result = run("report.docx", "-o", "out.md")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: out.md 已存在；如要覆盖，请加 --force\n",
    )
    assert not Path("out.assets/image1.png").exists()  # nothing written beside it either

    assert run("report.docx", "-o", "out.md", "--force").exit_code == 0
    assert Path("out.md").read_text(encoding="utf-8") == STYLED
    assert Path("out.assets/image1.png").read_bytes() == png()


_REPAIR = "请在 Word 或 WPS 中打开，“另存为” .docx 文件后再导入"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.docx",
            b"not a zip",
            f"无法读取 report.docx：不是有效的 .docx 文件（文件已损坏，或并非 Word 文档）。{_REPAIR}",
        ),
        (
            "report.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "无法读取 report.docx：文件设有打开密码，或其实是旧版 Word 文档（.doc）。"
            "请在 Word 或 WPS 中打开，去掉密码，“另存为” .docx 文件后再导入",
        ),
        (
            "report.doc",
            b"\xd0\xcf\x11\xe0",
            "report.doc 是Word 97-2003 文档（.doc），无法直接导入：请用 Word 或 WPS 打开，"
            "“另存为” .docx 文件后再导入",
        ),
        (
            "report.wps",
            b"\xd0\xcf\x11\xe0",
            "report.wps 是WPS 文字文档（.wps），无法直接导入：请用 Word 或 WPS 打开，"
            "“另存为” .docx 文件后再导入",
        ),
    ],
)
def test_unreadable_word_files_exit_2(name: str, content: bytes, message: str) -> None:
    Path(name).write_bytes(content)
    result = run(name)
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
    assert not Path("reports").exists()


def test_zip_without_a_document_is_a_clean_failure() -> None:
    with zipfile.ZipFile("report.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    result = run("report.docx")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: 无法读取 report.docx：不是有效的 .docx 文件")


def test_broken_footnotes_are_reported_not_fatal() -> None:
    styled_report(Path("whole.docx"))
    with zipfile.ZipFile("whole.docx") as whole, zipfile.ZipFile("report.docx", "w") as broken:
        for name in whole.namelist():
            content = whole.read(name)
            broken.writestr(name, content[:-40] if name == "word/footnotes.xml" else content)
    result = run("report.docx", "-o", "out.md")
    assert result.exit_code == 0, result.stderr
    assert "report.docx: 脚注部分已损坏，其内容未导入（1 处），请对照原文补录\n" in result.stderr
    assert Path("out.md").read_text(encoding="utf-8").endswith("2025年1月20日\n\n[^1]:\n")


@pytest.mark.parametrize("name", ["001", "002", "003"])
def test_corpus_text_saved_as_word_imports_as_the_text_does(name: str, tmp_path: Path) -> None:
    """The three complete reports, saved as Word: the same draft (or the same refusal)."""
    source = CORPUS / "xxgk" / f"{name}.txt"
    if not source.is_file():
        pytest.skip(f"{source} not found: the shared corpus is not checked out next to the repo")
    word = from_text(source.read_text(encoding="utf-8"), tmp_path / f"{name}.docx")
    outcomes = []
    for path in (source, word):
        try:
            imported = import_file(path, report_type=None, year=None, issuer=None)
        except Exception as exc:  # compared below: both must fail alike, with ImportFailure
            outcomes.append((type(exc).__name__, str(exc)))
        else:
            outcomes.append((imported.text, "\n".join(map(str, imported.notes))))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] != "ImportFailure" or name == "002"  # 002 names no issuer


def test_a_bmp_picture_is_saved_as_png() -> None:
    """The site publishes only web image formats (GK010): a BMP pasted into Word (common
    from older scanners and screenshots) is converted rather than left unpublishable."""
    import io

    import docx
    from PIL import Image

    bmp = io.BytesIO()
    Image.new("RGB", (3, 2), (200, 30, 30)).save(bmp, format="BMP")
    document = docx.Document()
    document.add_paragraph("示例县人民政府2024年政府信息公开工作年度报告")
    document.add_picture(io.BytesIO(bmp.getvalue()))
    document.save("report.docx")
    result = run("report.docx", "-o", "out.md")
    assert result.exit_code == 0, result.stderr
    assert "![图1](out.assets/image1.png)" in Path("out.md").read_text(encoding="utf-8")
    with Image.open("out.assets/image1.png") as image:
        assert (image.format, image.size, image.getpixel((0, 0))) == ("PNG", (3, 2), (200, 30, 30))
