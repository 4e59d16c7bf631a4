"""A report saved as Word (.docx): paragraphs, headings, tables, images and footnotes.

python-docx gives the paragraphs and tables in document order, each paragraph's style and
each table's merged cells spread over the grid (what `map_table` expects); the text of a
paragraph is read from its XML here, because what Word shows is not all that it stores:
deleted tracked changes, field instructions and the entries of a table of contents are
left out, manual line breaks and alignment spaces are undone, and the numbers of Word's
automatic lists put back (`numbering`). Footnotes, which python-docx does not read, come
from the footnotes part of the package.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from gongkai.bilingual import Note
from gongkai.importers.blocks import ASSETS_LINK, Block, Heading, Markup, Read
from gongkai.importers.failure import ImportFailure
from gongkai.importers.numbering import Numbering
from gongkai.importers.plaintext import heading_level, heading_like
from gongkai.importers.tables import Grid, is_value

# Style names of headings: Word's (in any UI language it stores “heading 1”), WPS's “标题 1”.
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d*$|^toc heading$", re.IGNORECASE)
# Fields whose shown result is navigation, not text: a table of contents and its page numbers.
_NAVIGATION_FIELD = re.compile(r"^\s*(?:TOC|PAGEREF|PAGE|NUMPAGES)\b")
# A bold paragraph numbered 1. is a heading under a （一） one; a plain one is a list item.
_NUMBERED = re.compile(r"^\d{1,2}[.．、]\S")
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_BREAK_BETWEEN_CJK = re.compile(rf"(?<={_CJK})\n+(?={_CJK})")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
# “目  录”, “总 体 情 况”: a short line spread out letter by letter to fill a width.
_LETTER_SPACED = re.compile(rf"^{_CJK}(?:[ \u3000]+{_CJK})+$")
_LETTER_SPACED_LIMIT = 20
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_VML = "{urn:schemas-microsoft-com:vml}"
_IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/bmp": "png"}
# Word's own packages and Office encryption both start with an OLE2 header, not a zip's.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOTE_PARTS = (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES))
# Deleted tracked changes and the source of a tracked move: not in the document as shown.
_SKIPPED_RUNS = frozenset({qn("w:del"), qn("w:moveFrom")})


def read_docx(data: bytes, path: Path) -> Read:
    """The blocks of the document, its images and what could not be converted."""
    if data.startswith(_OLE2):
        raise ImportFailure(
            f"无法读取 {path}：文件设有打开密码，或其实是旧版 Word 文档（.doc）。请在 Word 或 "
            "WPS 中打开，去掉密码，“另存为” .docx 文件后再导入",
            f"cannot read {path}: it has an opening password, or it is an old Word document "
            "(.doc). Open it in Word or WPS, remove the password, save it as a .docx file, "
            "and import that",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    # python-docx reads a package it does not validate: a broken one fails anywhere inside it
    # (BadZipFile, KeyError, AttributeError on a part missing its elements, lxml errors).
    except Exception as exc:
        raise ImportFailure(
            f"无法读取 {path}：不是有效的 .docx 文件（文件已损坏，或并非 Word 文档）。"
            "请在 Word 或 WPS 中打开，“另存为” .docx 文件后再导入",
            f"cannot read {path}: not a valid .docx file (damaged, or not a Word document). "
            "Open it in Word or WPS, save it as a .docx file, and import that",
        ) from exc
    return _Reader(document, Numbering.of(document)).read()


_UNCONVERTED_IMAGE = Note(
    "有无法转换的图片或图形（如 EMF/WMF 矢量图、图表）",
    "images or drawings that cannot be converted (EMF/WMF vector images, charts)",
)


@dataclass
class _Reader:
    document: docx.document.Document
    numbering: Numbering
    parts: list[Block] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    note_labels: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, id) → [^n]
    fields: list[str] = field(default_factory=list)  # the instructions of the open fields
    lost: dict[Note, int] = field(default_factory=dict)  # what was dropped → how often

    def read(self) -> Read:
        for block in self._blocks(self.document.element.body):
            if isinstance(block, Table):
                self.parts.append(self._grid(block))
            else:
                self._paragraph(block)
        self._footnotes()
        if self.assets:
            self.notes.append(
                Note(
                    f"原文中的 {len(self.assets)} 张图片已另存到 {ASSETS_LINK}/："
                    + "、".join(self.assets)
                    + "，请核对图片位置，并为每张图片写明替换文字",
                    f"the source's {len(self.assets)} image(s) were saved to {ASSETS_LINK}/: "
                    + ", ".join(self.assets)
                    + "; check where each stands and give each a text alternative",
                )
            )
        self.notes += [
            Note(
                f"{what.zh}（{count} 处），请对照原文补录",
                f"{what.en} ({count}): enter by hand from the source",
            )
            for what, count in self.lost.items()
        ]
        return Read(self.parts, self.assets, self.notes)

    def _blocks(self, container: etree._Element) -> Iterator[Paragraph | Table]:
        """Paragraphs and tables in order, inside content controls too, but no TOC control."""
        for child in container:
            if child.tag == qn("w:p"):
                yield Paragraph(child, self.document.part)  # type: ignore[arg-type]
            elif child.tag == qn("w:tbl"):
                yield Table(child, self.document.part)  # type: ignore[arg-type]
            elif child.tag == qn("w:sdt") and not _is_toc_control(child):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self._blocks(content)

    def _paragraph(self, paragraph: Paragraph) -> None:
        images: list[tuple[str, str]] = []
        label = self.numbering.label(paragraph)
        text = self._text(paragraph._p, images)
        text = label + text if text else ""
        style = _style_name(paragraph)
        if text and not _TOC_STYLE.match(style):
            self.parts.append(self._classify(paragraph, style, text))
        self.parts += [Markup(f"![{alt}]({_assets_link(name)})") for name, alt in images]

    def _classify(self, paragraph: Paragraph, style: str, text: str) -> Block:
        level = _heading_level(paragraph, style)
        if level is None and _NUMBERED.match(text) and heading_like(text) and _all_bold(paragraph):
            level = 3
        # A heading the numbering already makes one stays text: `build` reads its section.
        if level is None or heading_level(text):
            return text
        return Heading(text, level)

    def _text(self, element: etree._Element, images: list[tuple[str, str]]) -> str:
        """What Word shows of a paragraph, as text (see the module note)."""
        pieces: list[str] = []
        self._collect(element, pieces, images)
        text = _BREAK_BETWEEN_CJK.sub("", "".join(pieces))
        text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
        if len(text) <= _LETTER_SPACED_LIMIT and _LETTER_SPACED.match(text):
            text = _SPACES.sub("", text)
        return text

    def _collect(
        self, element: etree._Element, pieces: list[str], images: list[tuple[str, str]]
    ) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED_RUNS:
                continue
            if tag == qn("w:fldChar"):
                self._field_char(child)
            elif tag == qn("w:instrText"):
                if self.fields:
                    self.fields[-1] += child.text or ""
            elif tag == qn("w:fldSimple"):
                # <w:fldSimple w:instr="PAGEREF _Toc1 \h">: the runs inside are its result.
                self.fields.append(child.get(qn("w:instr")) or "")
                self._collect(child, pieces, images)
                self.fields.pop()
            elif tag == qn("w:t"):
                if not self._in_navigation_field():
                    pieces.append(child.text or "")
            elif tag in (qn("w:tab"), qn("w:ptab")):
                pieces.append(" ")
            elif tag in (qn("w:br"), qn("w:cr")):
                if child.get(qn("w:type")) not in ("page", "column"):
                    pieces.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                pieces.append("-")
            elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                pieces.append(self._note_label(child))
            elif tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")):
                self._picture(child, images)
            elif tag == _MC + "AlternateContent":
                # Choice and Fallback are two versions of the same object: read one.
                choice = child.find(_MC + "Choice")
                self._collect(choice if choice is not None else child, pieces, images)
            else:
                self._collect(child, pieces, images)

    def _field_char(self, char: etree._Element) -> None:
        # A field spans runs, even paragraphs (a TOC): begin, instruction, result, end.
        kind = char.get(qn("w:fldCharType"))
        if kind == "begin":
            self.fields.append("")
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _in_navigation_field(self) -> bool:
        return any(_NAVIGATION_FIELD.match(instruction) for instruction in self.fields)

    def _note_label(self, reference: etree._Element) -> str:
        kind = "footnote" if reference.tag == qn("w:footnoteReference") else "endnote"
        key = (kind, reference.get(qn("w:id")) or "")
        label = self.note_labels.setdefault(key, len(self.note_labels) + 1)
        return f"[^{label}]"

    def _picture(self, element: etree._Element, images: list[tuple[str, str]]) -> None:
        blips = list(element.iter(qn("a:blip"), _VML + "imagedata"))
        for blip in blips:
            rid = blip.get(qn("r:embed")) or blip.get(qn("r:id"))
            part = self.document.part.related_parts.get(rid or "")
            extension = _IMAGE_TYPES.get(getattr(part, "content_type", ""))
            if part is None or extension is None:
                self._lose(_UNCONVERTED_IMAGE)
                continue
            blob = part.blob
            if part.content_type == "image/bmp":
                # Browsers show BMP, but the site publishes only web formats (GK010).
                converted = _as_png(blob)
                if converted is None:
                    self._lose(_UNCONVERTED_IMAGE)
                    continue
                blob = converted
            name = f"image{len(self.assets) + 1}.{extension}"
            self.assets[name] = blob
            # The description the author gave the picture in Word (替换文字), else its number.
            described = element.find(f".//{qn('wp:docPr')}")
            alt = described.get("descr") if described is not None else None
            images.append((name, alt or f"图{len(self.assets)}"))
            return
        if element.find(f".//{qn('w:txbxContent')}") is not None:
            self._lose(
                Note("有文本框，其中的文字未导入", "text boxes, whose text was not imported")
            )
        elif not blips:
            self._lose(
                Note(
                    "有无法转换的对象（如图表、公式、嵌入的表格）",
                    "objects that cannot be converted (charts, equations, embedded tables)",
                )
            )

    def _lose(self, what: Note) -> None:
        self.lost[what] = self.lost.get(what, 0) + 1

    def _grid(self, table: Table) -> Grid:
        grid: Grid = []
        above: list[etree._Element] = []
        for row in table.rows:
            cells = [""] * row.grid_cols_before
            here: list[etree._Element] = []
            for position, cell in enumerate(row.cells):
                tc = cell._tc
                here.append(tc)
                # python-docx gives a merged cell at every position it covers: a merged
                # label names them all, a merged value is one value (see html.py).
                merged = (position > 0 and here[position - 1] is tc) or (
                    position < len(above) and above[position] is tc
                )
                images: list[tuple[str, str]] = []
                lines = [self._text(p, images) for p in tc.iter(qn("w:p"))]
                if images and not merged:
                    self._lose(
                        Note("表格中有图片，未放入表格", "images in tables, not put in the table")
                    )
                text = _BREAK_BETWEEN_CJK.sub("", "\n".join(line for line in lines if line))
                cells.append("" if merged and is_value(text) else text)
            above = here
            grid.append([cell.replace("\n", " ") for cell in cells] + [""] * row.grid_cols_after)
        return grid

    def _footnotes(self) -> None:
        """The notes referred to, in the order of their first reference, as [^n]: text."""
        texts = {kind: self._note_texts(relationship, kind) for kind, relationship in _NOTE_PARTS}
        definitions = [
            f"[^{label}]: {texts[kind].get(note_id, '')}".rstrip()
            for (kind, note_id), label in self.note_labels.items()
        ]
        if definitions:
            self.parts.append(Markup("\n".join(definitions)))

    def _note_texts(self, relationship: str, kind: str) -> dict[str, str]:
        try:
            part = self.document.part.part_related_by(relationship)
        except KeyError:
            return {}
        try:
            root = parse_xml(part.blob)
        except etree.XMLSyntaxError:
            self._lose(
                Note(
                    f"{'脚注' if kind == 'footnote' else '尾注'}部分已损坏，其内容未导入",
                    f"the {kind}s part is damaged; its contents were not imported",
                )
            )
            return {}
        texts = {}
        for note in root.iter(qn(f"w:{kind}")):
            images: list[tuple[str, str]] = []
            lines = [self._text(p, images) for p in note.iter(qn("w:p"))]
            texts[note.get(qn("w:id")) or ""] = " ".join(line for line in lines if line)
        return texts


def _is_toc_control(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and "Table of Contents" in (gallery.get(qn("w:val")) or "")


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or "") if style is not None else ""


def _heading_level(paragraph: Paragraph, style_name: str) -> int | None:
    """Word's heading level of a paragraph: its style's (or a base style's) or outline level."""
    outline = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    style = paragraph.style
    while outline is None and style is not None:
        found = _HEADING_STYLE.match(style.name or "")
        if found:
            return int(found[1])
        outline = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        style = style.base_style
    if outline is not None:
        value = outline.get(qn("w:val")) or ""
        # Level 9 is Word's “body text”: no heading.
        return int(value) + 1 if value.isdigit() and int(value) < 9 else None
    return 1 if _TITLE_STYLE.match(style_name) else None


def _all_bold(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold or _style_bold(paragraph) for run in runs)


def _style_bold(paragraph: Paragraph) -> bool:
    style = paragraph.style
    return bool(style is not None and style.font.bold)


def _assets_link(name: str) -> str:
    return f"{ASSETS_LINK}/{name}"


def _as_png(data: bytes) -> bytes | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return None
