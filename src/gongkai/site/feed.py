"""The Atom feed (RFC 4287) of new publications, corrections and withdrawals."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from urllib.parse import quote, urljoin, urlsplit

from lxml import etree

from gongkai.site.records import PublishedReport

# China has a single time zone, UTC+8, with no daylight saving time since 1991, so a fixed
# offset is exact and needs no tz database (which Windows lacks without the tzdata package).
# Report dates are calendar dates in Beijing: a date with no time becomes midnight +08:00,
# the start of that day where it was published, not midnight UTC (08:00 in China).
CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "CST")

FEED_FILE = "feed.xml"
MAX_ENTRIES = 50
# Where the categories' terms are defined: the catalog schema describes each field.
TYPE_SCHEME = "schema/catalog.schema.json#/$defs/report/properties/type"
YEAR_SCHEME = "schema/catalog.schema.json#/$defs/report/properties/year"

# Media types of the attachment formats reports come with. A fixed table, not `mimetypes`:
# that reads the machine's /etc/mime.types, so the feed would differ between machines (and
# some map .wps, which in China is a Kingsoft WPS document, to Microsoft Works). An unknown
# format gets no type, which Atom allows.
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}

# Entry title prefixes: a correction or withdrawal must be visible in the list of entries.
_PREFIXES = {"corrected": "[更正]", "withdrawn": "[撤回]"}

_ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry at all, not even escaped: one stray control character
# pasted into a correction note would otherwise make every feed reader reject the whole feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def site_base(site_url: str) -> str:
    """The absolute http(s) site URL with a trailing slash; feed ids and catalog URLs need it."""
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(
            f"site_url must be an absolute http(s) URL, e.g. https://gk.example.gov.cn/, "
            f"not {site_url!r}: set site_url in mkdocs.yml"
        )
    return site_url if site_url.endswith("/") else site_url + "/"


def absolute_url(base: str, url: str) -> str:
    """`url` (site-relative, not percent-encoded) under `base`, quoted exactly as MkDocs
    quotes page URLs, so the catalog, the feed and MkDocs' sitemap name a page identically."""
    return urljoin(base, quote(url))


def timestamp(value: dt.date | dt.datetime) -> str:
    """RFC 3339 with the China Standard Time offset; a date is midnight of that day."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime has no defined instant: {value!r}")
        return value.astimezone(CHINA_STANDARD_TIME).isoformat(timespec="seconds")
    return dt.datetime.combine(value, dt.time(), CHINA_STANDARD_TIME).isoformat()


def atom_feed(
    reports: Sequence[PublishedReport], site_url: str, site_title: str, generated: dt.datetime
) -> bytes:
    """The newest MAX_ENTRIES reports by last change, as an Atom document in UTF-8."""
    base = site_base(site_url)
    by_change = sorted(reports, key=lambda report: (report.updated, report.url), reverse=True)
    newest = by_change[:MAX_ENTRIES]
    feed = etree.Element(f"{{{_ATOM}}}feed", {_XML_LANG: "zh-CN"}, nsmap={None: _ATOM})
    _add(feed, "id", base)
    _add(feed, "title", site_title)
    _add(feed, "subtitle", "新发布、更正和撤回的政府年度公开报告")
    # The newest change, not the build time: an unchanged site then rebuilds to the same
    # bytes, and readers and caches see no update that isn't one.
    _add(feed, "updated", timestamp(newest[0].updated if newest else generated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_FILE)
    _add(feed, "link", rel="alternate", type="text/html", href=base)
    author = _add(feed, "author")
    _add(author, "name", site_title)
    _add(author, "uri", base)
    _add(feed, "generator", "gongkai")
    for report in newest:
        _add_entry(feed, report, base)
    etree.indent(feed)
    return etree.tostring(feed, encoding="utf-8", xml_declaration=True)


def _add_entry(feed: etree._Element, report: PublishedReport, base: str) -> None:
    url = absolute_url(base, report.url)
    entry = _add(feed, "entry")
    # The page URL is the report's identity: it is derived from year, type and issuer and
    # a published URL never moves, so the id is stable across rebuilds and corrections.
    _add(entry, "id", url)
    _add(entry, "title", _PREFIXES.get(report.status, "") + report.title)
    _add(entry, "published", timestamp(report.published))
    _add(entry, "updated", timestamp(report.updated))
    author = _add(entry, "author")
    _add(author, "name", report.issuer)
    _add(entry, "link", rel="alternate", type="text/html", href=url)
    for attachment in report.attachments:
        media_type = MEDIA_TYPES.get(PurePosixPath(attachment.name).suffix.lower())
        extra = {"type": media_type} if media_type else {}
        href = absolute_url(base, attachment.url)
        _add(entry, "link", rel="enclosure", href=href, title=attachment.name, **extra)
    _add(entry, "category", term=report.type, label=report.type_name, scheme=base + TYPE_SCHEME)
    _add(
        entry,
        "category",
        term=str(report.year),
        label=f"{report.year}年度",
        scheme=base + YEAR_SCHEME,
    )
    _add(entry, "summary", "\n".join(summary_lines(report)), type="text")


def summary_lines(report: PublishedReport) -> list[str]:
    """What a reader needs without opening the page, correction and withdrawal included."""
    lines = [
        f"发布机关：{report.issuer}",
        f"报告类型：{report.type_name}",
        f"报告年度：{report.year}年",
    ]
    if report.doc_number:
        lines.append(f"发文字号：{report.doc_number}")
    lines.append(f"公开日期：{report.published.isoformat()}")
    if report.correction_date and report.correction_note:
        lines.append(f"更正日期：{report.correction_date.isoformat()}")
        lines.append(f"更正说明：{report.correction_note}")
    if report.status == "withdrawn" and report.withdrawal_date and report.withdrawal_reason:
        lines.append(f"本报告已于{report.withdrawal_date.isoformat()}撤回，原页面保留撤回说明。")
        lines.append(f"撤回原因：{report.withdrawal_reason}")
    return lines


def _add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(
        parent, f"{{{_ATOM}}}{tag}", {name: _NOT_XML.sub("", v) for name, v in attrs.items()}
    )
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element
