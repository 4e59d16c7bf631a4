"""`gongkai import`: a published report (Word, TXT, HTML or PDF) → a draft report in our format.

The result is a draft (status: draft): the editor compares it with the original, then
publishes. Every front-matter field read from the text rather than given as an option
carries the comment `# 自动识别，请核对`. Every table that could be read becomes a
```gongkai-table block in its section; anything that could not be read is kept as text
and named in `Imported.notes`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from gongkai import writes
from gongkai.bilingual import Note
from gongkai.config import find_config, load_config
from gongkai.errors import GongkaiError
from gongkai.importers.blocks import ASSETS_LINK, Block, Heading, Markup, Read
from gongkai.importers.failure import ImportFailure
from gongkai.importers.furniture import (
    is_furniture,
    metadata_lines,
    strip_residue,
    text_after_furniture,
)
from gongkai.importers.infer import Inferred, infer, level_of, registered
from gongkai.importers.placement import place_tables
from gongkai.importers.plaintext import body_to_markdown, heading_level, recover_lines
from gongkai.importers.tables import Part, grid_text
from gongkai.layout import report_file
from gongkai.model.source import guess_encoding
from gongkai.profiles import Profile, load_profile, profile_ids
from gongkai.registry import Registry

# The formats a folder's files are imported from.
READERS = (".docx", ".txt", ".html", ".htm", ".pdf")
# Text as a converter saved it, `#` headings and `|` tables (gongkai.importers.txt): read
# when named, but not taken from a folder, where .md files are drafts and notes.
_MARKDOWN = ".md"
# Formats Word and WPS still open but that are no zip of XML: the editor re-saves them.
_LEGACY = {
    ".doc": Note("Word 97-2003 文档", "a Word 97-2003 document"),
    ".wps": Note("WPS 文字文档", "a WPS Writer document"),
    ".rtf": Note("RTF 文档", "an RTF document"),
}
INFERRED_MARK = "# 自动识别，请核对"


@dataclass
class Imported:
    text: str
    fields: dict[str, Any]
    notes: list[Note]
    assets: dict[str, bytes] = field(default_factory=dict)  # file name → content (images)

    def text_for(self, target: Path) -> str:
        """The report as written to `target`, its images linked in the folder beside it."""
        return self.text.replace(ASSETS_LINK, assets_dir(target).name)


def assets_dir(target: Path) -> Path:
    """The folder beside a report that holds its images: `<name>.assets`."""
    return target.with_name(f"{target.stem}.assets")


def import_file(
    path: Path,
    *,
    report_type: str | None,
    year: int | None,
    issuer: str | None,
    registry: Registry | None = None,
) -> Imported:
    """Read `path` and build the report; the given fields override what is inferred. An
    inferred issuer is looked up in `registry`, by default the project's: the registry.yml
    of the gongkai.yml above the current directory, where the report is written."""
    if registry is None:
        registry = load_config(find_config(Path.cwd())).registry
    return build(
        read_source(path), report_type=report_type, year=year, issuer=issuer, registry=registry
    )


def read_source(path: Path) -> Read:
    """The blocks of a source file, by its format."""
    suffix = path.suffix.lower()
    if suffix in _LEGACY:
        raise ImportFailure(
            f"{path} 是{_LEGACY[suffix].zh}（{suffix}），无法直接导入：请用 Word 或 WPS 打开，"
            "“另存为” .docx 文件后再导入",
            f"{path} is {_LEGACY[suffix].en} ({suffix}), which cannot be imported as it is: "
            "open it in Word or WPS, save it as a .docx file, and import that",
        )
    if suffix not in (*READERS, _MARKDOWN):
        raise ImportFailure(
            f"无法识别的文件格式“{suffix or path.name}”：支持 .docx、.txt、.md、.html、.htm、.pdf",
            f"unknown file format “{suffix or path.name}”: .docx, .txt, .md, .html, .htm and "
            ".pdf can be imported",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(
            f"无法读取文件 {path}：{exc.strerror or exc}",
            f"cannot read {path}: {exc.strerror or exc}",
        ) from exc
    if suffix == ".docx":
        from gongkai.importers.docx import read_docx

        return read_docx(data, path)
    if suffix == ".pdf":
        return Read(_read_pdf(data, path))
    if suffix in (".txt", _MARKDOWN):
        from gongkai.importers.txt import read_txt

        return Read(read_txt(_decode(data, path)))
    from gongkai.importers.html import read_html

    return Read(read_html(_decode(data, path)))


def _read_pdf(data: bytes, path: Path) -> list[Part]:
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    from gongkai.importers.pdf import read_pdf

    try:
        return read_pdf(data)
    except (PdfminerException, MalformedPDFException) as exc:
        raise ImportFailure(
            f"无法读取 PDF 文件 {path}：文件已损坏或加密",
            f"cannot read the PDF file {path}: it is damaged or encrypted",
        ) from exc


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = guess_encoding(data)
        try:
            if encoding is None:
                raise LookupError
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ImportFailure(
                f"无法识别 {path} 的文字编码，请另存为 UTF-8 后重试",
                f"cannot tell the text encoding of {path}: save it as UTF-8 and try again",
            ) from exc


def _text(block: Block) -> str | None:
    """The paragraph text of a block, None for a table or the reader's own Markdown."""
    if isinstance(block, Heading):
        return block.text
    return block if isinstance(block, str) else None


def _cleaned(block: Block) -> Block:
    if isinstance(block, str):
        return strip_residue(block)
    if isinstance(block, Heading):
        return Heading(strip_residue(block.text), block.level)
    return block


def prepare(read: Read) -> tuple[list[Block], Inferred]:
    """The blocks without page furniture and residue, and the fields read from them."""
    # Line breaks first: a one-line page starts with its furniture.
    furniture: list[str] = []
    parts: list[Block] = []
    for part in _recovered(read.parts):
        text = _text(part)
        if isinstance(part, list) and (metadata := metadata_lines(part)):
            furniture += metadata
            continue
        if text is None or not is_furniture(text):
            parts.append(_cleaned(part))
            continue
        furniture.append(text)
        # “… 微信 微博 QQ空间 根据…要求，将我局有关工作情况总结如下：”: the report's first
        # sentence, run on from the page's header when the line breaks were lost.
        if isinstance(part, str) and (sentence := text_after_furniture(text)):
            parts.append(sentence)
    parts = [part for part in parts if _text(part) != ""]
    lines = [text for part in parts if (text := _text(part)) is not None]
    return parts, infer(lines, furniture)


def _recovered(parts: Sequence[Block]) -> list[Block]:
    """The blocks with each run of paragraph lines given back the line breaks it lost."""
    result: list[Block] = []
    for is_line, run in itertools.groupby(parts, key=lambda part: isinstance(part, str)):
        blocks = list(run)
        result += recover_lines(cast(list[str], blocks)) if is_line else blocks
    return result


def build(
    read: Read,
    *,
    report_type: str | None,
    year: int | None,
    issuer: str | None,
    registry: Registry | None = None,
) -> Imported:
    """The report from the paragraphs and tables of a published text."""
    parts, inferred = prepare(read)
    positions = [index for index, part in enumerate(parts) if _text(part) is not None]
    given = {"type": report_type, "year": year, "issuer": issuer}
    notes = list(read.notes)
    report_type = report_type or inferred.type
    year = year or inferred.year
    listed = None
    if issuer is None and registry is not None:
        read_name = inferred.issuer or inferred.named
        listed = registry.find(registered(read_name, registry.names()) or "") if read_name else None
        if listed is not None and listed.name != read_name:
            notes.append(
                Note(
                    f"原文中的发布机关“{read_name}”已按名录（registry.yml）写为“{listed.name}”，"
                    "请核对",
                    f"the issuer “{read_name}” in the source was written as “{listed.name}”, "
                    "as the registry (registry.yml) names it: please check",
                )
            )
    issuer = issuer or (listed.name if listed else inferred.issuer)
    if not report_type or not year or not issuer:
        missing = [
            (name, option)
            for name, value, option in (
                (Note("报告类型", "the report type"), report_type, "--type"),
                (Note("年度", "the year"), year, "--year"),
                (Note("发布机关", "the issuer"), issuer, "--issuer"),
            )
            if not value
        ]
        raise ImportFailure(
            "无法从原文判断"
            + "、".join(f"{name.zh}（请用 {option} 指定）" for name, option in missing),
            "the source does not say "
            + ", ".join(f"{name.en} (give it with {option})" for name, option in missing),
        )
    if report_type not in profile_ids():
        raise ImportFailure(
            f"未知的报告类型“{report_type}”：可用 {'、'.join(profile_ids())}",
            f"unknown report type “{report_type}”: known are {', '.join(profile_ids())}",
        )
    profile = load_profile(report_type)
    skipped = {positions[index] for index in inferred.used}
    body = [part for index, part in enumerate(parts) if index not in skipped]
    level = listed.level if listed else level_of(issuer)
    if level is None:
        notes.append(
            Note(
                f"无法从“{issuer}”判断发布机关层级，请补填 issuer_level",
                f"the issuer's level cannot be told from “{issuer}”: please fill in issuer_level",
            )
        )
    title = inferred.title
    # A title without its year is the source's defect, which the check reports (GK201):
    # replaced, it would be hidden.
    if title is None:
        title = f"{issuer}{year}年{profile.name.zh}"
        notes.append(
            Note(
                f"原文中未找到标题，已按发布机关和年度写为“{title}”，请核对",
                f"no title found in the source; written from the issuer and year as “{title}”: "
                "please check",
            )
        )
    elif str(year) not in title:
        notes.append(
            Note(
                f"原标题“{title}”没有写明年度，已照原文保留",
                f"the title “{title}” does not name the year; kept as the source has it",
            )
        )
    fields: dict[str, Any] = {
        "title": title,
        "type": report_type,
        "year": year,
        "issuer": issuer,
    }
    if level:
        fields["issuer_level"] = level.value  # yaml.safe_dump cannot write an enum
    if inferred.published:
        fields["published"] = inferred.published
    fields["status"] = "draft"
    markdown = _body(body, profile, year, notes)
    marked = {key for key in fields if key != "status" and given.get(key) is None}
    return Imported(
        f"---\n{front_matter(fields, marked)}---\n\n{markdown}", fields, notes, dict(read.assets)
    )


def front_matter(fields: dict[str, Any], marked: set[str]) -> str:
    """The YAML of `fields`, one line each; the lines of `marked` keys end in INFERRED_MARK."""
    lines = []
    for key, value in fields.items():
        # No folding: a comment after a folded line would end the value there.
        line = yaml.safe_dump(
            {key: value}, allow_unicode=True, default_flow_style=False, width=2**31
        ).rstrip("\n")
        lines.append(f"{line}  {INFERRED_MARK}" if key in marked else line)
    return "\n".join(lines) + "\n"


def _body(parts: list[Block], profile: Profile, year: int, notes: list[Note]) -> str:
    """The Markdown body: headings from the numbering, tables as blocks where they map."""
    placement = place_tables(parts, profile, year, notes)
    parts = placement.parts
    chunks: list[str] = []
    run: list[str] = []
    for index, part in enumerate(parts):
        if index in placement.dropped:
            continue
        text = _text(part)
        plain = isinstance(part, str) or index in placement.plain
        if index not in placement.replace and text is not None and plain:
            run.append(text)
            continue
        if run:
            chunks.append(body_to_markdown("\n".join(run)).strip())
            run = []
        if index in placement.replace:
            chunks.append(placement.replace[index])
        elif isinstance(part, Heading):
            level = heading_level(part.text) or min(part.level + 1, 6)
            chunks.append(f"{'#' * level} {part.text}")
        elif isinstance(part, Markup):
            chunks.append(part.markdown)
        elif not isinstance(part, str):
            chunks.append(grid_text(part))
    if run:
        chunks.append(body_to_markdown("\n".join(run)).strip())
    return "\n\n".join(chunk for chunk in chunks if chunk) + "\n"


def write_imported(target: Path, imported: Imported, *, force: bool) -> None:
    """Write the report and its images beside it; nothing existing is replaced without force."""
    folder = assets_dir(target)
    images = {folder / name: data for name, data in imported.assets.items()}
    # Checked before anything is written: a refused report leaves no images behind.
    existing = next((path for path in (target, *images) if path.exists()), None)
    if existing is not None and not force:
        raise ImportFailure(
            f"{existing} 已存在；如要覆盖，请加 --force",
            f"{existing} exists; add --force to replace it",
        )
    for path, data in images.items():
        write_new(path, data, force=force)
    write_new(target, imported.text_for(target), force=force)
    # The notes name the folder the images went to, known only now.
    imported.notes = [note.replace(ASSETS_LINK, str(folder)) for note in imported.notes]


def default_path(fields: dict[str, Any]) -> Path:
    """Where the repository layout puts the report: reports/<year>/<type>/<issuer slug>.md."""
    return report_file(fields["year"], fields["type"], fields["issuer"])


def write_new(target: Path, data: str | bytes, *, force: bool) -> None:
    """Write atomically; an existing file is replaced only with `force`."""
    try:
        writes.write_new(target, data, force=force)
    except GongkaiError as exc:
        cause = exc.__cause__
        reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else cause
        raise ImportFailure(str(exc), f"cannot write {target}: {reason or exc}") from exc
