"""The site's open data: catalog.json, catalog.csv, the catalog's JSON Schema and the feed.

catalog.json and catalog.csv carry one record per published report, in the order of
CATALOG_FIELDS. The CSV has exactly those columns; the JSON has the same keys, except that
the two attachment columns are one `attachments` list of {name, url} objects. Dates are ISO
8601 (YYYY-MM-DD); a value that does not apply is null in JSON and empty in CSV; lists are
joined with ";" in CSV. Column names are a public contract: add columns, never rename them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gongkai.model.levels import IssuerLevel
from gongkai.model.metadata import Status, json_schema
from gongkai.site.feed import FEED_FILE, absolute_url, atom_feed, site_base, timestamp
from gongkai.site.records import PublishedReport, Timeliness
from gongkai.writes import write_atomically

CATALOG_JSON = "catalog.json"
CATALOG_CSV = "catalog.csv"
CATALOG_SCHEMA = "schema/catalog.schema.json"

# Each column with its meaning, in the published order.
_COLUMNS: dict[str, str] = {
    "year": "报告年度 / year reported on",
    "type": "报告类型标识，如 fazhi / report-type id",
    "type_name": "报告类型名称，如 法治政府建设年度报告 / report type in Chinese",
    "issuer": "发布机关全称 / issuing body",
    "issuer_level": "发布机关层级 / level of the issuing body",
    "region_code": "GB/T 2260 六位行政区划代码 / administrative division code",
    "title": "报告标题 / title",
    "doc_number": "发文字号 / document number",
    "published": "公开日期 / publication date",
    "deadline": "法定公开期限 / last day allowed for publication",
    "timeliness": "是否按期公开：on-time 按期、late 逾期、unknown 无法判断 / published on time?",
    "status": "发布状态：published 已发布、corrected 已更正、withdrawn 已撤回 / status",
    "updated": "最后变更日期（公开、更正或撤回）/ date of the last public change",
    "correction_date": "更正日期 / date of the correction",
    "correction_note": "更正说明 / what was corrected",
    "withdrawal_date": "撤回日期 / date of the withdrawal",
    "withdrawal_reason": "撤回原因 / why the report was withdrawn",
    "url": "报告页面地址 / URL of the report page",
    "attachment_names": "原件附件文件名，以 ; 分隔 / attachment file names, ';'-separated",
    "attachment_urls": "原件附件地址，以 ; 分隔 / attachment URLs, ';'-separated",
    "source_path": "报告源文件在仓库中的路径 / source file in the repository",
}
CATALOG_FIELDS: tuple[str, ...] = tuple(_COLUMNS)
_ATTACHMENT_COLUMNS = ("attachment_names", "attachment_urls")


def catalog_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of catalog.json."""
    front = json_schema()["properties"]

    def same_as_front_matter(name: str) -> dict[str, Any]:
        # One definition of what a valid title, year or document number is.
        schema = {k: v for k, v in front[name].items() if k not in {"title", "default"}}
        return {**schema, "description": _COLUMNS[name]}

    def column(description: str, **schema: Any) -> dict[str, Any]:
        return {**schema, "description": description}

    # `format` is only an annotation to most validators, so dates and URLs also get a pattern.
    date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    optional_date = {**date, "type": ["string", "null"]}
    url = {"type": "string", "format": "uri", "pattern": "^https?://[^\\s]+$"}
    optional_text = {"type": ["string", "null"], "minLength": 1}
    properties: dict[str, Any] = {
        "year": same_as_front_matter("year"),
        "type": same_as_front_matter("type"),
        "type_name": column(_COLUMNS["type_name"], type="string", minLength=1),
        "issuer": same_as_front_matter("issuer"),
        "issuer_level": column(_COLUMNS["issuer_level"], enum=[v.value for v in IssuerLevel]),
        "region_code": same_as_front_matter("region_code"),
        "title": same_as_front_matter("title"),
        "doc_number": same_as_front_matter("doc_number"),
        "published": column(_COLUMNS["published"], **date),
        "deadline": column(_COLUMNS["deadline"], **optional_date),
        "timeliness": column(_COLUMNS["timeliness"], enum=[v.value for v in Timeliness]),
        "status": column(
            _COLUMNS["status"], enum=[v.value for v in Status if v is not Status.draft]
        ),
        "updated": column(_COLUMNS["updated"], **date),
        "correction_date": column(_COLUMNS["correction_date"], **optional_date),
        "correction_note": column(_COLUMNS["correction_note"], **optional_text),
        "withdrawal_date": column(_COLUMNS["withdrawal_date"], **optional_date),
        "withdrawal_reason": column(_COLUMNS["withdrawal_reason"], **optional_text),
        "url": column(_COLUMNS["url"], **url),
        "attachments": {
            "description": "原件附件 / original documents (PDF, DOCX …)",
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "url": url,
                },
                "required": ["name", "url"],
                "additionalProperties": False,
            },
        },
        "source_path": column(_COLUMNS["source_path"], type="string", minLength=1),
    }
    report = {
        "type": "object",
        "properties": properties,
        # Every key is always present, null when it does not apply: one shape for every row.
        "required": list(properties),
        "additionalProperties": False,
        # A corrected or withdrawn report always tells readers when and why.
        "allOf": [
            _when_status("corrected", "correction_date", "correction_note"),
            _when_status("withdrawn", "withdrawal_date", "withdrawal_reason"),
        ],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "gongkai open-data catalog",
        "description": "每份已发布报告的元数据和地址 / metadata and URL of every published report",
        "type": "object",
        "properties": {
            "$schema": {"type": "string", "format": "uri"},
            "generated": {
                "type": "string",
                "format": "date-time",
                "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$",
            },
            "count": {"type": "integer", "minimum": 0},
            "reports": {"type": "array", "items": {"$ref": "#/$defs/report"}},
        },
        "required": ["$schema", "generated", "count", "reports"],
        "additionalProperties": False,
        "$defs": {"report": report},
    }


def _when_status(status: str, date: str, text: str) -> dict[str, Any]:
    return {
        "if": {"properties": {"status": {"const": status}}},
        "then": {"properties": {date: {"type": "string"}, text: {"type": "string"}}},
    }


def catalog(
    reports: Sequence[PublishedReport], site_url: str, generated: dt.datetime
) -> dict[str, Any]:
    """catalog.json as a dict: newest year first, then by type and issuer."""
    base = site_base(site_url)
    ordered = sorted(reports, key=lambda r: (-r.year, r.type, r.issuer, r.url))
    return {
        "$schema": base + CATALOG_SCHEMA,
        "generated": timestamp(generated),
        "count": len(ordered),
        "reports": [_record(report, base) for report in ordered],
    }


def _record(report: PublishedReport, base: str) -> dict[str, Any]:
    return {
        "year": report.year,
        "type": report.type,
        "type_name": report.type_name,
        "issuer": report.issuer,
        "issuer_level": report.issuer_level,
        "region_code": report.region_code,
        "title": report.title,
        "doc_number": report.doc_number,
        "published": report.published.isoformat(),
        "deadline": _iso(report.deadline),
        "timeliness": report.timeliness.value,
        "status": report.status,
        "updated": report.updated.isoformat(),
        "correction_date": _iso(report.correction_date),
        "correction_note": report.correction_note,
        "withdrawal_date": _iso(report.withdrawal_date),
        "withdrawal_reason": report.withdrawal_reason,
        "url": absolute_url(base, report.url),
        "attachments": [
            {"name": a.name, "url": absolute_url(base, a.url)} for a in report.attachments
        ],
        "source_path": report.path,
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def catalog_csv(catalog_data: dict[str, Any]) -> bytes:
    """catalog.csv from catalog.json's data."""
    rows = ([_cell(record, name) for name in CATALOG_FIELDS] for record in catalog_data["reports"])
    return csv_bytes(CATALOG_FIELDS, rows)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file for spreadsheets: RFC 4180, CRLF line ends, UTF-8 with a BOM; None is blank."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow("" if value is None else value for value in row)
    # Excel on Chinese Windows opens a CSV without a BOM in the ANSI code page (GBK), which
    # turns every Chinese character into mojibake; the BOM makes it read UTF-8. Python reads
    # the file with encoding="utf-8-sig", which drops the BOM.
    return out.getvalue().encode("utf-8-sig")


def _cell(record: dict[str, Any], name: str) -> str:
    if name in _ATTACHMENT_COLUMNS:
        # URLs are percent-encoded, so a ";" in them is a separator; a ";" inside a file
        # name would be ambiguous here, which is why catalog.json keeps the list as a list.
        key = "name" if name == "attachment_names" else "url"
        return ";".join(attachment[key] for attachment in record["attachments"])
    value = record[name]
    return "" if value is None else str(value)


def write_open_data(
    reports: Sequence[PublishedReport],
    site_dir: Path,
    site_url: str,
    site_title: str,
    generated: dt.datetime,
) -> list[Path]:
    """Write catalog.json, catalog.csv, the catalog schema and feed.xml into site_dir."""
    data = catalog(reports, site_url, generated)
    files = {
        CATALOG_JSON: _json_bytes(data),
        CATALOG_CSV: catalog_csv(data),
        CATALOG_SCHEMA: _json_bytes(catalog_schema()),
        FEED_FILE: atom_feed(reports, site_url, site_title, generated),
    }
    written = []
    for name, content in files.items():
        path = site_dir / name
        write_atomically(path, content, durable=False)
        written.append(path)
    return written


def _json_bytes(data: dict[str, Any]) -> bytes:
    # UTF-8 without a BOM, as RFC 8259 requires; Chinese left readable rather than \u-escaped.
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
