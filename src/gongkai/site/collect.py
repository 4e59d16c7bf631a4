"""From the reports tree to what the site publishes: the same checks as `gongkai check`, then
one PublishedReport per report that is not a draft.

What the site takes from a report (its Record) depends only on its bytes, its path, the code
and the configuration, so it is kept in the build cache (kind `collect`) under the content
key the check gave those bytes: a build whose check read nothing reads, parses and renders
no report again either.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from gongkai import attachments, images
from gongkai.cache import Cache, content_key
from gongkai.compare.sections import ReportText, report_text
from gongkai.config import Config
from gongkai.deadlines import due_date
from gongkai.engine import FileResult, UnsafePath, check_paths, read_report
from gongkai.model.loader import load_report
from gongkai.model.report import Report
from gongkai.profiles import load_profile, profile_ids
from gongkai.site.buildcache import BuildCache
from gongkai.site.html import block
from gongkai.site.prerender import digest
from gongkai.site.preview import Note, Placed, Preview, notes_for, place, preview_url
from gongkai.site.records import Attachment, PublishedReport, Timeliness
from gongkai.site.urls import report_url
from gongkai.tables.export import Value, export_row
from gongkai.tables.render import render_table_html
from gongkai.tables.resolve import tables_of


@dataclass(frozen=True)
class SiteProblem:
    """A problem the site build finds beyond the per-file rules, located in a report."""

    path: str
    line: int
    col: int
    severity: Literal["error", "warning"]
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: [{self.severity}] {self.message}"


@dataclass
class Collection:
    results: list[FileResult]
    reports: list[PublishedReport] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)  # url → Markdown body
    files: dict[str, Path] = field(default_factory=dict)  # site path → attachment source
    # Every table cell of each report whose type has tables, under its stable key.
    cells: dict[str, dict[str, Value]] = field(default_factory=dict)  # url → key → value
    problems: list[SiteProblem] = field(default_factory=list)
    # Each report's text by required content, for the year-on-year pages.
    texts: dict[str, ReportText] = field(default_factory=dict)  # url → text
    preview: bool = False
    previews: list[Preview] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return (
            any(f.severity.value == "error" for r in self.results for f in r.findings)
            or any(r.error for r in self.results)
            or any(p.severity == "error" for p in self.problems)
        )


def collect(
    root: Path, config: Config, *, use_cache: bool = True, preview: bool = False
) -> Collection:
    """Check every report under the configured reports directory and gather the published
    ones. With `preview` (`mkdocs serve`), every finding is also placed in its report's
    body, and drafts and reports with errors become preview pages instead of being left out."""
    reports_dir = root / config.site.reports
    if not reports_dir.is_dir():
        return Collection([], preview=preview)
    shown = _display(reports_dir)
    cache = Cache(root, config) if use_cache else None
    # Each report's Record is made where it is checked, from the report checked: reading
    # and parsing 2,000 reports again here cost more than a second, one after another.
    results = check_paths([shown], config, cache, extract=_record_if_valid)
    collection = Collection(results, preview=preview)
    records = _Records(root, config, cache, preview)
    seen: dict[str, str] = {}
    held_back: list[tuple[FileResult, Report, str]] = []
    for result in collection.results:
        if result.error:
            continue
        errors = sum(f.severity.value == "error" for f in result.findings)
        if errors and not preview:
            continue
        checked = _Checked(result, shown, config, collection)
        if errors:  # in preview: shown with its findings, never published
            if (report := checked.report()) is not None:
                held_back.append((result, report, _why_not_published(report, errors)))
            continue
        record = records.get(checked)
        if record is None:
            continue
        # Notes go into the report's own text: it is read and parsed again for them.
        report = None
        if preview and _notes(result, collection, config) and (report := checked.report()) is None:
            continue
        published = record.published
        if published is None:
            if preview and (report := checked.report()) is not None:
                held_back.append((result, report, _why_not_published(report, errors)))
            continue
        if published.url in seen:
            line, col = record.issuer_at
            collection.problems.append(
                SiteProblem(
                    result.path,
                    line,
                    col,
                    "error",
                    f"与 {seen[published.url]} 的年度、类型和发布机关相同，两份报告会占用同一网址 "
                    f"{published.url}。同一机关同一年度的同类报告只能有一份；更正请修改原报告并写明 "
                    "status: corrected 和 correction",
                )
            )
            if preview and (report := checked.report()) is not None:
                held_back.append((result, report, f"与 {seen[published.url]} 网址相同，不会发布"))
            continue
        seen[published.url] = result.path
        files = _attachments(result.path, record.attachments, published.url, collection)
        if files:
            published = replace(published, attachments=tuple(files))
        _images(result.path, record.images, published.url, collection)
        collection.reports.append(published)
        if record.cells is not None:
            collection.cells[published.url] = record.cells
        if record.text is not None:
            collection.texts[published.url] = record.text
        collection.bodies[published.url] = (
            record.body
            if report is None
            else _body(report, _placed(report, result, collection, published.url, config))
        )
    records.save()
    for result, report, reason in held_back:
        url = _preview_url(report, seen)
        seen[url] = result.path
        placed = _placed(report, result, collection, url, config)
        title = report.fields.get("title") or result.path
        collection.previews.append(Preview(result.path, url, title, reason, _body(report, placed)))
    return collection


@dataclass(frozen=True)
class Record:
    """What the site takes from one report, whatever its findings: the same for the same
    bytes at the same path under the same code and configuration."""

    published: PublishedReport | None  # None for a draft or one without a publication date
    issuer_at: tuple[int, int]  # where `issuer` is, for the duplicate-URL problem
    attachments: tuple[str, ...]  # as listed; checked against the file system every build
    images: tuple[images.Image, ...]
    cells: dict[str, Value] | None  # every table cell, for a published type with tables
    text: ReportText | None  # by required content, for a published report not withdrawn
    body: str  # the Markdown body, official tables in place, without preview notes


_RECORD = TypeAdapter(Record)


def record_of(report: Report, config: Config) -> Record:
    published = _published(report, config)
    cells = text = None
    if published is not None and published.type in profile_ids():
        profile = load_profile(published.type)
        if profile.tables:
            cells = export_row(tables_of(report, profile), profile)
        if published.status != "withdrawn":
            text = report_text(report, profile)
    return Record(
        published=published,
        issuer_at=_position(report, "issuer"),
        attachments=tuple(report.fields.get("attachments") or ()),
        images=tuple(images.images(report)),
        cells=cells,
        text=text,
        body=_body(report, None),
    )


def _record_if_valid(report: Report, config: Config) -> Record | None:
    """`record_of`, in the check's workers, for a report whose fields were all read and
    valid; one with a field error is not published, or left to `record_of` in the build
    where a project turned that error off."""
    if report.source is None or not report.fields or report.field_issues:
        return None
    return record_of(report, config)


class _Checked:
    """One checked report, read only when asked for, parsed only when its Report is asked
    for, and each only once."""

    def __init__(
        self, result: FileResult, reports_dir: str, config: Config, collection: Collection
    ) -> None:
        self.result, self.reports_dir, self.config = result, reports_dir, config
        self.collection = collection
        self._data: bytes | None = None
        self._report: Report | None = None
        self._read = self._parsed = False

    def data(self) -> bytes | None:
        """The bytes checked, if the file still holds them (`_read_checked`)."""
        if not self._read:
            self._read = True
            self._data = _read_checked(self.result, self.reports_dir, self.config, self.collection)
        return self._data

    def report(self) -> Report | None:
        if not self._parsed:
            self._parsed = True
            data = self.data()
            if data is not None:
                self._report = load_report(self.result.path, data, limits=self.config.limits)
        return self._report


class _Records:
    """Each report's Record, from the build cache when the check gave its bytes a content
    key (the cached record is then that of the very bytes checked, whatever the file holds
    now: published content and findings always agree), else the one the check's worker
    made of the bytes it checked (`check_paths`' extract), else made from the report."""

    def __init__(self, root: Path, config: Config, cache: Cache | None, preview: bool) -> None:
        self.config = config
        self.build_cache: BuildCache | None = None
        self.stamp = ""
        if cache is not None:
            mode = "preview" if preview else "publish"
            self.build_cache = BuildCache.open(root, mode, "collect", remember=preview)
            # The check cache's namespace: the package's code, the version and the settings
            # a finding depends on; the whole configuration besides, to be safe.
            self.stamp = f"{cache.namespace}\0{config.model_dump_json()}"

    def get(self, checked: _Checked) -> Record | None:
        key = None
        if self.build_cache is not None and checked.result.key is not None:
            key = digest(f"{self.stamp}\0{checked.result.path}\0{checked.result.key}")
            kept = self.build_cache.decoded(key, _record)
            if kept is not None:
                return kept
        made = checked.result.extracted
        # Made from the bytes checked; published only while the file holds them (reading and
        # hashing it costs a fraction of parsing it).
        record = made if isinstance(made, Record) and checked.data() is not None else None
        if record is None:
            report = checked.report()
            if report is None:
                return None
            record = record_of(report, self.config)
        if key is not None and self.build_cache is not None:
            self.build_cache.write(key, _RECORD.dump_json(record))
        return record

    def save(self) -> None:
        if self.build_cache is not None:
            self.build_cache.save()


def _record(data: bytes) -> Record | None:
    try:
        return _RECORD.validate_json(data)
    except ValidationError:
        return None  # damaged: made again


def _read_checked(
    result: FileResult, reports_dir: str, config: Config, collection: Collection
) -> bytes | None:
    """The report's bytes, read as the check read them, and only if they are the bytes it
    checked: a report edited during the build is not published unchecked."""
    try:
        data = read_report(result.path, reports_dir, config.limits)
    except (UnsafePath, OSError):
        return None  # GK008 or the read error is reported already
    if result.key is not None and content_key(data) != result.key:
        collection.problems.append(
            SiteProblem(
                result.path,
                1,
                1,
                "error",
                "报告在检查之后被修改，本次没有发布它。请保存好文件后重新生成网站",
            )
        )
        return None
    return data


def _why_not_published(report: Report, errors: int) -> str:
    if errors:
        return f"有 {errors} 个错误，改正前不会发布"
    return "草稿（status: draft），不会发布"


def _preview_url(report: Report, taken: dict[str, str]) -> str:
    fields = report.fields
    if all(isinstance(fields.get(key), str) for key in ("type", "issuer")) and isinstance(
        fields.get("year"), int
    ):
        url = report_url(fields["year"], fields["type"], fields["issuer"])
        if url not in taken:
            return url
    return preview_url(report.path)


def _notes(result: FileResult, collection: Collection, config: Config) -> list[Note]:
    notes = notes_for(result, config.lang)
    notes += [
        Note(p.line, p.col, p.severity, p.message)
        for p in collection.problems
        if p.path == result.path
    ]
    return notes


def _placed(
    report: Report, result: FileResult, collection: Collection, url: str, config: Config
) -> Placed | None:
    if not collection.preview:
        return None
    return place(report, _notes(result, collection, config), url, config.lang)


def _body(report: Report, placed: Placed | None) -> str:
    """The Markdown body, with each structured table block replaced by the official table,
    and in preview the notes placed before the blocks they are about."""
    edits: list[tuple[int, int, str]] = []
    report_type = report.fields.get("type")
    if report_type in profile_ids() and load_profile(report_type).tables:
        tables = tables_of(report, load_profile(report_type))
        edits += [
            (t.block.start, t.block.end, render_table_html(t)) for t in tables.tables.values()
        ]
    if placed is not None:
        edits += [(offset, offset, html) for offset, html in placed.insertions]
    text = report.text
    # From the end, so earlier offsets stay valid; at one offset the table goes in first
    # and the note then lands before it.
    for start, end, html in sorted(edits, reverse=True):
        text = f"{text[:start]}{block(html)}{text[end:]}"
    body = text[report.body_offset :]
    if placed is not None and placed.panel:
        body = block(placed.panel) + body
    return body


def _display(path: Path) -> str:
    """The reports directory as findings should name it: relative to the working directory
    when it is below it, so an editor can click `reports/2024/…:12:1`."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _published(report: Report, config: Config) -> PublishedReport | None:
    fields = report.fields
    status = _value(fields.get("status"))
    if status == "draft" or not isinstance(fields.get("published"), dt.date):
        return None
    report_type, year, level = fields["type"], fields["year"], _value(fields["issuer_level"])
    published: dt.date = fields["published"]
    type_name, deadline, timeliness = report_type, None, Timeliness.unknown
    if report_type in profile_ids():
        profile = load_profile(report_type)
        type_name = profile.name.zh
        deadline, _ = due_date(profile, config, year, level)
        timeliness = Timeliness.on_time if published <= deadline else Timeliness.late
    correction, withdrawal = fields.get("correction"), fields.get("withdrawal")
    return PublishedReport(
        path=report.path.replace(os.sep, "/"),
        url=report_url(year, report_type, fields["issuer"]),
        title=fields["title"],
        type=report_type,
        type_name=type_name,
        year=year,
        issuer=fields["issuer"],
        issuer_level=level,
        published=published,
        status=status,
        doc_number=fields.get("doc_number"),
        region_code=fields.get("region_code"),
        deadline=deadline,
        timeliness=timeliness,
        correction_date=correction.date if correction else None,
        correction_note=correction.note if correction else None,
        withdrawal_date=withdrawal.date if withdrawal else None,
        withdrawal_reason=withdrawal.reason if withdrawal else None,
    )


def _value(value: Any) -> str:
    return str(getattr(value, "value", value))


def _position(report: Report, key: str) -> tuple[int, int]:
    position = report.front_matter.keys.get(key) if report.front_matter else None
    return (position.value_line, position.value_col) if position else (1, 1)


def _images(
    report_path: str, found: tuple[images.Image, ...], url: str, collection: Collection
) -> None:
    """Publish the body's local images at the same path relative to the report's page, so
    its links work unchanged. GK010 reports the rest; none of them is ever copied."""
    path = Path(report_path)
    roots: dict[Path, Path] = {}
    for image in found:
        if image.path is not None and images.problem(path, image, roots) is None:
            site_path = posixpath.normpath(url + image.path)
            collection.files[site_path] = (path.parent / image.path).resolve()


def _attachments(
    report_path: str, names: tuple[str, ...], url: str, collection: Collection
) -> list[Attachment]:
    """The listed originals that may be published. GK009 reports each refused one; nothing
    outside the project is ever copied into the site, even with that rule turned off."""
    accepted: list[Attachment] = []
    path = Path(report_path)
    root = attachments.project_root(path.parent) if names else path.parent
    for name in names:
        if attachments.problem(path, name, root) is not None:
            continue
        source = (path.parent / name).resolve()
        site_path = url + source.name
        collection.files[site_path] = source
        accepted.append(Attachment(source.name, site_path))
    return accepted
