"""Word files for the import tests, built with python-docx at test time (none is committed).

python-docx writes paragraphs, styles, tables, pictures and comments; what it has no API
for (footnotes, bookmarks, fields, tracked changes) is added as WordprocessingML through
its XML and packaging (OPC) layer, shaped as Word itself saves it.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

TITLE = "示例县人民政府2024年政府信息公开工作年度报告"
ISSUER = "示例县人民政府"
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# 表三 (2021 format): the first row, two results and the total, under merged headers.
_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
TABLE_3 = [
    [_NOTE, "", "", "申请人情况", *[""] * 6],
    ["", "", "", *_APPLICANTS],
    ["一、本年新收政府信息公开申请数量", "", "", "10", "2", "0", "0", "1", "0", "13"],
    ["三、本年度办理结果", "（一）予以公开", "", "6", "1", "0", "0", "1", "0", "8"],
    ["", "（七）总计", "", "7", "1", "0", "0", "1", "0", "9"],
]
# Merged cells as (first row, first column, last row, last column).
_MERGES = [(0, 0, 1, 2), (0, 3, 0, 9), (2, 0, 2, 2), (3, 0, 4, 0), (3, 1, 3, 2), (4, 1, 4, 2)]


def png(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG (grey pixels), so no binary file is kept in the repository."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _xml(paragraph: Paragraph, fragment: str) -> None:
    """Append WordprocessingML run-level content to a paragraph."""
    wrapper = parse_xml(f"<w:p {nsdecls('w')}>{fragment}</w:p>")
    for child in list(wrapper):
        paragraph._p.append(child)


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(instruction: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def add_footnotes(document: Document, notes: dict[int, str]) -> None:
    """The footnotes part, with Word's two separator notes before the real ones."""
    body = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:r><w:footnoteRef/></w:r>{_run(" " + text)}'
        "</w:p></w:footnote>"
        for number, text in notes.items()
    )
    xml = (
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        f"{body}</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, xml.encode("utf-8"), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def footnote_reference(number: int) -> str:
    return f'<w:r><w:footnoteReference w:id="{number}"/></w:r>'


def toc(document: Document, entries: list[str]) -> None:
    """A table of contents as Word inserts it: one field over several paragraphs."""
    for index, entry in enumerate(entries):
        paragraph = document.add_paragraph()
        start = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            if index == 0
            else ""
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if index == len(entries) - 1 else ""
        page = _field(f"PAGEREF _Toc{index} " + "\\h", str(index + 1))
        _xml(
            paragraph,
            f'{start}<w:hyperlink w:anchor="_Toc{index}">{_run(entry)}<w:r><w:tab/></w:r>'
            f"{page}</w:hyperlink>{end}",
        )


def _table(document: Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    # Word merges a header cell over the empty cells beside and below it.
    for top, left, bottom, right in _MERGES:
        table.cell(top, left).merge(table.cell(bottom, right))


def styled_report(path: Path) -> Path:
    """Headings by style (Word's and WPS's names), with the Word residue an editor leaves."""
    document = docx.Document()
    document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph(TITLE, style="Title")
    toc(document, ["一、总体情况", "二、主动公开政府信息情况"])
    document.add_paragraph("前言", style="Heading 1")
    intro = document.add_paragraph()
    _xml(
        intro,
        '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'
        + _run("本报告依据《条例》")
        + footnote_reference(1)
        + _run("编制。统计期限为2024年1月1日至12月31日。"),
    )
    document.add_paragraph("一、总体情况", style="Heading 1")
    document.add_paragraph("公开渠道", style="标题 2")
    body = document.add_paragraph()
    _xml(
        body,
        '<w:bookmarkStart w:id="1" w:name="_Toc12345"/>'
        + _run("全年主动公开")
        + "<w:r><w:br/></w:r>"
        + _run("政府信息120条，")
        + '<w:del w:id="2" w:author="审稿人"><w:r><w:delText>删去的话，</w:delText></w:r></w:del>'
        + '<w:ins w:id="3" w:author="审稿人">'
        + _run("新增的话。")
        + "</w:ins>"
        + '<w:bookmarkEnd w:id="1"/>',
    )
    commented = document.add_paragraph("批注所在的句子。")
    document.add_comment(commented.runs, text="请核实", author="审稿人")
    document.add_paragraph("— 1 —")
    document.add_paragraph("说明：见下图。")
    document.add_picture(io.BytesIO(png()))
    document.add_paragraph("三、收到和处理政府信息公开申请情况", style="Heading 1")
    _table(document, TABLE_3)
    document.add_paragraph("六、其他需要报告的事项", style="Heading 1")
    document.add_paragraph("附表", style="Heading 2")
    other = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "项目", (0, 1): "数量", (1, 0): "网站|专栏", (1, 1): "3"}.items():
        other.cell(r, c).text = text
    document.add_paragraph(ISSUER + "          ")
    document.add_paragraph("2025年1月20日")
    add_footnotes(document, {1: "《中华人民共和国政府信息公开条例》。"})
    document.save(str(path))
    return path


def bold_numbered_report(path: Path) -> Path:
    """No heading styles: the author numbered bold paragraphs 一、（一）1. by hand."""
    document = docx.Document()
    document.add_paragraph(f"{ISSUER}2024年法治政府建设年度报告")
    for text, bold in [
        ("一、主要举措和成效", True),
        ("（一）健全依法决策机制", True),
        ("1.重大决策程序", True),
        ("全年完成重大行政决策3项。", False),
        ("2.一般事项全部依法办理。", False),
        ("二、存在的不足和原因", True),
        ("目  录", False),
    ]:
        document.add_paragraph().add_run(text).bold = bold
    document.add_paragraph(ISSUER)
    document.add_paragraph("2025年3月20日")
    document.save(str(path))
    return path


def from_text(text: str, path: Path) -> Path:
    """A Word version of a published text: a paragraph a line, `|` lines as a table, `#`
    lines as headings."""
    document = docx.Document()
    rows: list[list[str]] = []
    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        if rows:
            _text_table(document, rows)
            rows = []
        marks = len(line) - len(line.lstrip("#"))
        if marks and line[marks:].startswith(" "):
            # A `#` heading of a text saved from Markdown: a Word heading of that level.
            document.add_paragraph(line[marks:].strip(), style=f"Heading {max(marks - 1, 1)}")
        elif line:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def _text_table(document: Document, rows: list[list[str]]) -> None:
    """A text's `|` rows as a Word table: a short row's first cell spans the missing columns,
    as the merged label cell it was copied from did."""
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        span = width - len(row)
        for c, cell in enumerate(row):
            table.cell(r, c + span if c else 0).text = cell
        if span:
            table.cell(r, 0).merge(table.cell(r, span))


_LIST = 90  # ids of the list added below, clear of those in python-docx's template
_LIST_LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]


def _add_list(document: Document) -> None:
    """A Word list numbering 一、 / （一） / 1., as Chinese templates define heading lists."""
    levels = "".join(
        f'<w:lvl w:ilvl="{depth}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for depth, (kind, text) in enumerate(_LIST_LEVELS)
    )
    root = document.part.numbering_part.element
    root.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_LIST}">{levels}</w:abstractNum>'
        ),
    )
    root.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{_LIST}"><w:abstractNumId w:val="{_LIST}"/></w:num>'
        )
    )


def _numbered(document: Document, text: str, depth: int, style: str | None = None) -> None:
    paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().insert(
        0,
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{depth}"/><w:numId w:val="{_LIST}"/></w:numPr>'
        ),
    )


def auto_numbered_report(path: Path) -> Path:
    """Headings numbered by a Word list: the text holds only their words."""
    document = docx.Document()
    _add_list(document)
    document.add_paragraph(f"{ISSUER}2024年法治政府建设年度报告", style="Title")
    _numbered(document, "主要举措和成效", 0, "Heading 1")
    _numbered(document, "健全依法决策机制", 1, "Heading 2")
    _numbered(document, "重大决策程序", 2)
    document.add_paragraph("全年完成重大行政决策3项。")
    _numbered(document, "存在的不足和原因", 0, "Heading 1")
    _numbered(document, "制度建设", 1, "Heading 2")
    document.add_paragraph("个别制度更新不及时。")
    document.save(str(path))
    return path
