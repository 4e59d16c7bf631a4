"""`gongkai import`: a published report (TXT, HTML or PDF) → a draft report in our format.

The result is a draft (status: draft): the editor compares it with the original, then
publishes. Every table that could be read becomes a ```gongkai-table block in its section;
anything that could not be read is kept as text and named in `Imported.notes`.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gongkai.errors import GongkaiError
from gongkai.importers.infer import infer
from gongkai.importers.plaintext import body_to_markdown, heading_level, issuer_level
from gongkai.importers.tables import Part, grid_text, map_table
from gongkai.model.source import guess_encoding
from gongkai.profiles import Profile, load_profile, profile_ids

READERS = (".txt", ".html", ".htm", ".pdf")


class ImportFailure(GongkaiError):
    """The file cannot be imported; the message says why, in Chinese."""


@dataclass
class Imported:
    text: str
    fields: dict[str, Any]
    notes: list[str]


def import_file(
    path: Path, *, report_type: str | None, year: int | None, issuer: str | None
) -> Imported:
    """Read `path` and build the report; the given fields override what is inferred."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise ImportFailure(
            f"无法识别的文件格式“{suffix or path.name}”：支持 .txt、.html、.htm、.pdf"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    if suffix == ".pdf":
        return build(_read_pdf(data, path), report_type=report_type, year=year, issuer=issuer)
    text = _decode(data, path)
    if suffix == ".txt":
        from gongkai.importers.txt import read_txt

        parts = read_txt(text)
    else:
        from gongkai.importers.html import read_html

        parts = read_html(text)
    return build(parts, report_type=report_type, year=year, issuer=issuer)


def _read_pdf(data: bytes, path: Path) -> list[Part]:
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    from gongkai.importers.pdf import read_pdf

    try:
        return read_pdf(data)
    except (PdfminerException, MalformedPDFException) as exc:
        raise ImportFailure(f"无法读取 PDF 文件 {path}：文件已损坏或加密") from exc


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
            raise ImportFailure(f"无法识别 {path} 的文字编码，请另存为 UTF-8 后重试") from exc


def build(
    parts: list[Part], *, report_type: str | None, year: int | None, issuer: str | None
) -> Imported:
    """The report from the paragraphs and tables of a published text."""
    positions = [index for index, part in enumerate(parts) if isinstance(part, str)]
    inferred = infer([part for part in parts if isinstance(part, str)])
    report_type = report_type or inferred.type
    year = year or inferred.year
    issuer = issuer or inferred.issuer
    if not report_type or not year or not issuer:
        missing = [
            f"{name}（请用 {option} 指定）"
            for name, value, option in (
                ("报告类型", report_type, "--type"),
                ("年度", year, "--year"),
                ("发布机关", issuer, "--issuer"),
            )
            if not value
        ]
        raise ImportFailure("无法从原文判断" + "、".join(missing))
    if report_type not in profile_ids():
        raise ImportFailure(f"未知的报告类型“{report_type}”：可用 {'、'.join(profile_ids())}")
    profile = load_profile(report_type)
    skipped = {positions[index] for index in inferred.used}
    body = [part for index, part in enumerate(parts) if index not in skipped]
    notes: list[str] = []
    level = issuer_level(issuer)
    if level is None:
        notes.append(f"无法从“{issuer}”判断发布机关层级，请补填 issuer_level")
    title = inferred.title
    # The site and the checks name a report by its title: one without its year or issuer
    # (“政府信息公开工作年度报告”) would not say which report it is.
    if title is None or str(year) not in title or issuer not in title:
        title = f"{issuer}{year}年{profile.name.zh}"
        if inferred.title:
            notes.append(f"原标题“{inferred.title}”缺少年度或发布机关，已改为“{title}”")
    fields: dict[str, Any] = {
        "title": title,
        "type": report_type,
        "year": year,
        "issuer": issuer,
    }
    if level:
        fields["issuer_level"] = level
    if inferred.published:
        fields["published"] = inferred.published
    fields["status"] = "draft"
    markdown = _body(body, profile, year, notes)
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return Imported(f"---\n{front}---\n\n{markdown}", fields, notes)


def _body(parts: list[Part], profile: Profile, year: int, notes: list[str]) -> str:
    """The Markdown body: headings from the numbering, tables as blocks where they map."""
    specs = {spec.number: spec for spec in profile.tables}
    # The section (一、二、…) each part is in, by the headings before it.
    section = ""
    sections: list[str] = []
    for part in parts:
        if isinstance(part, str) and heading_level(part) == 2:
            section = part.split("、", 1)[0]
        sections.append(section)
    blocks: dict[int, str] = {}  # the index of a section's first mapped grid → its block
    dropped: set[int] = set()  # further grids of that section, merged into the block
    for number, spec in specs.items():
        grids = [
            (i, p) for i, p in enumerate(parts) if sections[i] == number and isinstance(p, list)
        ]
        if not grids:
            notes.append(f"未找到表{number}（应在第{number}部分），请手工录入")
            continue
        mapped = map_table(spec, spec.layout_for_year(year), [grid for _i, grid in grids])
        notes.extend(mapped.notes)
        if mapped.block is None:
            notes.append(f"表{number}：未能识别任何一行，保留为原文文字")
            continue
        used = [grids[index][0] for index in mapped.used]
        blocks[used[0]] = mapped.block
        dropped.update(used[1:])
    chunks: list[str] = []
    run: list[str] = []
    for index, part in enumerate(parts):
        if isinstance(part, str):
            run.append(part)
            continue
        if run:
            chunks.append(body_to_markdown("\n".join(run)).strip())
            run = []
        if index in blocks:
            chunks.append(blocks[index])
        elif index not in dropped:
            chunks.append(grid_text(part))
    if run:
        chunks.append(body_to_markdown("\n".join(run)).strip())
    return "\n\n".join(chunk for chunk in chunks if chunk) + "\n"


def default_path(fields: dict[str, Any]) -> Path:
    """Where the repository layout puts the report: reports/<year>/<type>/<issuer slug>.md."""
    from gongkai.site.urls import slug

    return Path("reports", str(fields["year"]), str(fields["type"]), f"{slug(fields['issuer'])}.md")


def write_new(target: Path, text: str, *, force: bool) -> None:
    """Write atomically; an existing file is replaced only with `force`."""
    if target.exists() and not force:
        raise ImportFailure(f"{target} 已存在；如要覆盖，请加 --force")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".md")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            # mkstemp makes the file private (0600); a report is an ordinary file.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:
        raise ImportFailure(f"无法写入 {target}：{exc.strerror or exc}") from exc
