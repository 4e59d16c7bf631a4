"""Open data: catalog.json/.csv against their schema, the Atom feed, the front-matter schema."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from lxml import etree

from gongkai.model.loader import load_report
from gongkai.model.metadata import json_schema
from gongkai.site.feed import CHINA_STANDARD_TIME, MAX_ENTRIES, atom_feed
from gongkai.site.opendata import (
    CATALOG_FIELDS,
    catalog,
    catalog_csv,
    catalog_schema,
    write_open_data,
)
from gongkai.site.records import Attachment, PublishedReport, Timeliness
from opendata_checks import (
    assert_valid_catalog,
    assert_valid_feed,
    assert_valid_sitemap,
    csv_cells,
)

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://gk.example.gov.cn/gk"
BASE = SITE_URL + "/"
TITLE = "示例县政务公开年度报告"
GENERATED = dt.datetime(2025, 6, 1, 1, 30, tzinfo=dt.UTC)
ATOM = "{http://www.w3.org/2005/Atom}"

COUNTY_URL = "2024/fazhi/示例县人民政府/"
COUNTY = PublishedReport(
    path="reports/2024/fazhi/shili-xian.md",
    url=COUNTY_URL,
    title="关于2024年法治政府建设情况的报告",
    type="fazhi",
    type_name="法治政府建设年度报告",
    year=2024,
    issuer="示例县人民政府",
    issuer_level="county",
    published=dt.date(2025, 3, 27),
    status="published",
    doc_number="示政〔2025〕8号",
    region_code="110101",
    deadline=dt.date(2025, 3, 31),
    timeliness=Timeliness.on_time,
    attachments=(
        Attachment("原件.pdf", COUNTY_URL + "原件.pdf"),
        Attachment('附件1 "统计表",2024.xlsx', COUNTY_URL + '附件1 "统计表",2024.xlsx'),
    ),
)
NOTE = '第二部分第3段"行政复议"数据有误，已更正。\n原文：收到申请12件, 应为15件'
CORRECTED = PublishedReport(
    path="reports/2024/fazhi/shili-xian-shili-zhen.md",
    url="2024/fazhi/示例县示例镇人民政府/",
    title="关于2024年法治政府建设情况的报告",
    type="fazhi",
    type_name="法治政府建设年度报告",
    year=2024,
    issuer="示例县示例镇人民政府",
    issuer_level="township",
    published=dt.date(2025, 3, 20),
    status="corrected",
    doc_number="示镇政〔2025〕3号",
    deadline=dt.date(2025, 3, 1),
    timeliness=Timeliness.late,
    correction_date=dt.date(2025, 4, 10),
    correction_note=NOTE,
)
REASON = "误发，已撤回 <b>&</b>"
WITHDRAWN = PublishedReport(
    path="reports/2023/fazhi/shili-xian-shili-zhen.md",
    url="2023/fazhi/示例县示例镇人民政府/",
    title="关于2023年法治政府建设情况的报告",
    type="fazhi",
    type_name="法治政府建设年度报告",
    year=2023,
    issuer="示例县示例镇人民政府",
    issuer_level="township",
    published=dt.date(2024, 3, 18),
    status="withdrawn",
    withdrawal_date=dt.date(2024, 5, 6),
    withdrawal_reason=REASON,
)
SCRIPT_TITLE = '关于2024年<script>alert("x")</script>政务公开 & 工作的报告'
SCRIPT = PublishedReport(
    path="reports/2024/zhengwu/sifaju.md",
    url="2024/zhengwu/示例县司法局/",
    title=SCRIPT_TITLE,
    type="zhengwu",
    type_name="政务公开工作年度报告",
    year=2024,
    issuer="示例县司法局",
    issuer_level="department",
    published=dt.date(2025, 1, 15),
    status="published",
)
REPORTS = (SCRIPT, WITHDRAWN, COUNTY, CORRECTED)


def _build_site(site_dir: Path, reports: tuple[PublishedReport, ...] = REPORTS) -> list[Path]:
    """The open data, plus stand-ins for the pages and attachments MkDocs would have built."""
    for report in reports:
        page = site_dir / report.url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<html></html>", encoding="utf-8")
        for attachment in report.attachments:
            (site_dir / attachment.url).write_bytes(b"%PDF-1.7")
    return write_open_data(reports, site_dir, SITE_URL, TITLE, GENERATED)


# catalog.json


def test_catalog_validates_against_its_schema() -> None:
    schema = catalog_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = catalog(REPORTS, SITE_URL, GENERATED)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["count"] == len(data["reports"]) == 4
    assert data["$schema"] == BASE + "schema/catalog.schema.json"
    # The build time in China Standard Time, with its offset.
    assert data["generated"] == "2025-06-01T09:30:00+08:00"


def test_catalog_record_has_every_field_with_absolute_encoded_urls() -> None:
    (record,) = catalog([COUNTY], SITE_URL, GENERATED)["reports"]
    page = BASE + "2024/fazhi/%E7%A4%BA%E4%BE%8B%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C/"
    assert record == {
        "year": 2024,
        "type": "fazhi",
        "type_name": "法治政府建设年度报告",
        "issuer": "示例县人民政府",
        "issuer_level": "county",
        "region_code": "110101",
        "title": "关于2024年法治政府建设情况的报告",
        "doc_number": "示政〔2025〕8号",
        "published": "2025-03-27",
        "deadline": "2025-03-31",
        "timeliness": "on-time",
        "status": "published",
        "updated": "2025-03-27",
        "correction_date": None,
        "correction_note": None,
        "withdrawal_date": None,
        "withdrawal_reason": None,
        "url": page,
        "attachments": [
            {"name": "原件.pdf", "url": page + "%E5%8E%9F%E4%BB%B6.pdf"},
            {
                "name": '附件1 "统计表",2024.xlsx',
                "url": page + "%E9%99%84%E4%BB%B61%20%22%E7%BB%9F%E8%AE%A1%E8%A1%A8%22%2C2024.xlsx",
            },
        ],
        "source_path": "reports/2024/fazhi/shili-xian.md",
    }
    # Same keys and order as the CSV columns, with one list in place of the two columns.
    assert [k for k in record if k != "attachments"] == [
        c for c in CATALOG_FIELDS if c not in {"attachment_names", "attachment_urls"}
    ]


def test_catalog_carries_correction_and_withdrawal() -> None:
    records = {r["status"]: r for r in catalog(REPORTS, SITE_URL, GENERATED)["reports"]}
    corrected, withdrawn = records["corrected"], records["withdrawn"]
    assert (corrected["correction_date"], corrected["correction_note"]) == ("2025-04-10", NOTE)
    assert (corrected["updated"], corrected["timeliness"]) == ("2025-04-10", "late")
    assert (withdrawn["withdrawal_date"], withdrawn["withdrawal_reason"]) == ("2024-05-06", REASON)
    assert withdrawn["updated"] == "2024-05-06"


def test_catalog_is_ordered_by_year_newest_first_then_type_then_issuer() -> None:
    records = catalog(REPORTS, SITE_URL, GENERATED)["reports"]
    assert [(r["year"], r["type"], r["issuer"]) for r in records] == [
        (2024, "fazhi", "示例县人民政府"),
        (2024, "fazhi", "示例县示例镇人民政府"),
        (2024, "zhengwu", "示例县司法局"),
        (2023, "fazhi", "示例县示例镇人民政府"),
    ]
    shuffled = catalog(tuple(reversed(REPORTS)), SITE_URL, GENERATED)["reports"]
    assert shuffled == records


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        *parents, last = path.split("/")
        for key in parents:
            target = target[int(key) if key.isdigit() else key]
        target[last] = value

    return mutate


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = data
        for key in parents:
            target = target[int(key) if key.isdigit() else key]
        del target[last]

    return mutate


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(_delete("reports/0/url"), id="missing-url"),
        pytest.param(_set("reports/0/url", "2024/fazhi/x/"), id="relative-url"),
        pytest.param(_set("reports/0/status", "draft"), id="draft"),
        pytest.param(_set("reports/0/published", "2025/3/27"), id="non-iso-date"),
        pytest.param(_set("reports/0/published", None), id="no-publication-date"),
        pytest.param(_set("reports/0/year", "2024"), id="year-as-text"),
        pytest.param(_set("reports/0/region_code", "11010"), id="short-region-code"),
        pytest.param(_set("reports/0/doc_number", "示政[2025]8号"), id="ascii-brackets"),
        pytest.param(_set("reports/0/issuer_level", "village"), id="unknown-level"),
        pytest.param(_set("reports/0/timeliness", "early"), id="unknown-timeliness"),
        pytest.param(_set("reports/0/extra", 1), id="unknown-field"),
        pytest.param(_set("reports/0/attachments/0/url", "原件.pdf"), id="relative-attachment"),
        pytest.param(_set("reports/1/correction_note", None), id="correction-without-note"),
        pytest.param(_set("reports/3/withdrawal_date", None), id="withdrawal-without-date"),
        pytest.param(_set("generated", "2025-06-01T09:30:00"), id="generated-without-zone"),
        pytest.param(_delete("count"), id="missing-count"),
    ],
)
def test_catalog_schema_rejects_an_invalid_catalog(
    mutate: Callable[[dict[str, Any]], None],
) -> None:
    data = copy.deepcopy(catalog(REPORTS, SITE_URL, GENERATED))
    assert [r["status"] for r in data["reports"]][1::2] == ["corrected", "withdrawn"]
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, catalog_schema(), format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("site_url", ["", "/gk/", "gk.example.gov.cn", "ftp://gk.example.gov.cn/"])
def test_site_url_must_be_absolute_http(site_url: str) -> None:
    with pytest.raises(ValueError, match="site_url must be an absolute http"):
        catalog(REPORTS, site_url, GENERATED)
    with pytest.raises(ValueError, match="site_url must be an absolute http"):
        atom_feed(REPORTS, site_url, TITLE, GENERATED)


def test_naive_generated_time_is_rejected() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        catalog(REPORTS, SITE_URL, dt.datetime(2025, 6, 1))  # noqa: DTZ001


# catalog.csv


def test_csv_round_trips_to_the_catalog_values() -> None:
    data = catalog(REPORTS, SITE_URL, GENERATED)
    raw = catalog_csv(data)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [tuple(row) for row in rows] == [CATALOG_FIELDS] * 4
    assert [list(row.values()) for row in rows] == [csv_cells(r) for r in data["reports"]]
    by_status = {row["status"]: row for row in rows}
    assert by_status["corrected"]["correction_note"] == NOTE
    assert by_status["withdrawn"]["withdrawal_reason"] == REASON
    county = rows[0]
    assert county["attachment_names"] == '原件.pdf;附件1 "统计表",2024.xlsx'
    assert [unquote(u).rsplit("/", 1)[1] for u in county["attachment_urls"].split(";")] == [
        "原件.pdf",
        '附件1 "统计表",2024.xlsx',
    ]
    assert (county["year"], county["region_code"], county["deadline"]) == (
        "2024",
        "110101",
        "2025-03-31",
    )
    assert rows[2]["doc_number"] == ""


def test_csv_is_rfc_4180_with_crlf() -> None:
    text = catalog_csv(catalog(REPORTS, SITE_URL, GENERATED)).decode("utf-8-sig")
    assert text.startswith(",".join(CATALOG_FIELDS) + "\r\n")
    assert text.endswith("\r\n")
    # Quotes are doubled inside a quoted field; the newline in the note stays inside it.
    assert '"第二部分第3段""行政复议""数据有误，已更正。\n原文：收到申请12件, 应为15件"' in text
    assert text.count("\r\n") == 1 + len(REPORTS)


# Writing the files


def test_write_open_data_writes_valid_files_atomically(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "schema").mkdir(parents=True)
    (site / "catalog.json").write_text("stale", encoding="utf-8")
    paths = _build_site(site)
    assert paths == [
        site / "catalog.json",
        site / "catalog.csv",
        site / "schema" / "catalog.schema.json",
        site / "feed.xml",
    ]
    assert_valid_catalog(site)
    assert_valid_feed(site / "feed.xml")
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert not [p for p in site.rglob("*") if p.name.endswith(".tmp")]
    raw = (site / "catalog.json").read_bytes()
    assert "示例县人民政府" in raw.decode("utf-8")
    assert json.loads(raw) == catalog(REPORTS, SITE_URL, GENERATED)


# The Atom feed


def _feed(reports: tuple[PublishedReport, ...] = REPORTS) -> etree._Element:
    return etree.fromstring(atom_feed(reports, SITE_URL, TITLE, GENERATED))


def _entry(feed: etree._Element, report: PublishedReport) -> etree._Element:
    (entry,) = [
        e
        for e in feed.iter(f"{ATOM}entry")
        if unquote(e.findtext(f"{ATOM}id") or "") == BASE + report.url
    ]
    return entry


def _links(element: etree._Element, rel: str) -> list[str | None]:
    return [link.get("href") for link in element.findall(f"{ATOM}link[@rel='{rel}']")]


def test_feed_is_valid_atom(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(atom_feed(REPORTS, SITE_URL, TITLE, GENERATED))
    assert_valid_feed(path)
    feed = etree.parse(path).getroot()
    assert feed.findtext(f"{ATOM}id") == BASE
    assert feed.findtext(f"{ATOM}title") == TITLE
    assert _links(feed, "self") == [BASE + "feed.xml"]
    assert _links(feed, "alternate") == [BASE]
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == TITLE
    # The newest change among the reports, not the build time: rebuilds give the same bytes.
    assert feed.findtext(f"{ATOM}updated") == "2025-04-10T00:00:00+08:00"


def test_feed_entry_of_a_published_report() -> None:
    entry = _entry(_feed(), COUNTY)
    page = BASE + "2024/fazhi/%E7%A4%BA%E4%BE%8B%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C/"
    assert entry.findtext(f"{ATOM}id") == page
    assert entry.findtext(f"{ATOM}title") == COUNTY.title
    # Dates become midnight in China Standard Time.
    assert entry.findtext(f"{ATOM}published") == "2025-03-27T00:00:00+08:00"
    assert entry.findtext(f"{ATOM}updated") == "2025-03-27T00:00:00+08:00"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "示例县人民政府"
    assert _links(entry, "alternate") == [page]
    enclosures = [
        (e.get("title"), e.get("type")) for e in entry.findall(f"{ATOM}link[@rel='enclosure']")
    ]
    assert enclosures == [
        ("原件.pdf", "application/pdf"),
        (
            '附件1 "统计表",2024.xlsx',
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ]
    categories = [(c.get("term"), c.get("label")) for c in entry.findall(f"{ATOM}category")]
    assert categories == [("fazhi", "法治政府建设年度报告"), ("2024", "2024年度")]
    assert entry.findtext(f"{ATOM}summary") == (
        "发布机关：示例县人民政府\n"
        "报告类型：法治政府建设年度报告\n"
        "报告年度：2024年\n"
        "发文字号：示政〔2025〕8号\n"
        "公开日期：2025-03-27"
    )


def test_feed_entry_of_a_corrected_report_carries_the_dated_note() -> None:
    entry = _entry(_feed(), CORRECTED)
    assert entry.findtext(f"{ATOM}title") == "[更正]" + CORRECTED.title
    assert entry.findtext(f"{ATOM}published") == "2025-03-20T00:00:00+08:00"
    assert entry.findtext(f"{ATOM}updated") == "2025-04-10T00:00:00+08:00"
    summary = entry.findtext(f"{ATOM}summary") or ""
    assert summary.endswith(f"更正日期：2025-04-10\n更正说明：{NOTE}")


def test_feed_entry_of_a_withdrawn_report_carries_the_reason() -> None:
    entry = _entry(_feed(), WITHDRAWN)
    assert entry.findtext(f"{ATOM}title") == "[撤回]" + WITHDRAWN.title
    assert entry.findtext(f"{ATOM}updated") == "2024-05-06T00:00:00+08:00"
    summary = entry.findtext(f"{ATOM}summary") or ""
    assert summary.endswith(f"本报告已于2024-05-06撤回，原页面保留撤回说明。\n撤回原因：{REASON}")


def test_feed_escapes_markup_in_titles_and_notes() -> None:
    raw = atom_feed(REPORTS, SITE_URL, TITLE, GENERATED)
    assert b"<script>" not in raw and b"<b>" not in raw
    assert '&lt;script&gt;alert("x")&lt;/script&gt;政务公开 &amp; 工作'.encode() in raw
    assert _entry(_feed(), SCRIPT).findtext(f"{ATOM}title") == SCRIPT_TITLE


def test_feed_drops_characters_xml_cannot_carry(tmp_path: Path) -> None:
    dirty = replace(CORRECTED, correction_note="数据有误\x00\x08\x0b已更正\ufffe")
    path = tmp_path / "feed.xml"
    path.write_bytes(atom_feed([dirty], SITE_URL, TITLE, GENERATED))
    assert_valid_feed(path)
    assert (etree.parse(path).findtext(f"{ATOM}entry/{ATOM}summary") or "").endswith(
        "数据有误已更正"
    )


def test_feed_keeps_the_newest_entries_by_last_change() -> None:
    many = tuple(
        replace(
            COUNTY,
            url=f"2024/fazhi/issuer-{n:02d}/",
            published=dt.date(2025, 1, 1) + dt.timedelta(days=n),
        )
        for n in range(MAX_ENTRIES + 10)
    )
    late_correction = replace(
        many[0], status="corrected", correction_date=dt.date(2026, 1, 1), correction_note="已更正"
    )
    entries = _feed((late_correction, *many[1:])).findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(entries) == MAX_ENTRIES == 50
    # A correction brings an old report back to the top.
    assert ids[0] == BASE + "2024/fazhi/issuer-00/"
    assert ids[1:] == [BASE + f"2024/fazhi/issuer-{n:02d}/" for n in range(59, 10, -1)]


def test_empty_feed_is_valid_and_dated_by_the_build(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(atom_feed([], SITE_URL, TITLE, GENERATED))
    assert_valid_feed(path)
    assert etree.parse(path).findtext(f"{ATOM}updated") == "2025-06-01T09:30:00+08:00"


def test_feed_is_deterministic() -> None:
    first = atom_feed(REPORTS, SITE_URL, TITLE, GENERATED)
    assert first == atom_feed(tuple(reversed(REPORTS)), SITE_URL, TITLE, GENERATED)
    assert first.startswith(
        b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">"
    )


def test_feed_times_are_china_standard_time() -> None:
    assert CHINA_STANDARD_TIME.utcoffset(None) == dt.timedelta(hours=8)
    times = [e.text for e in _feed().iter(f"{ATOM}published", f"{ATOM}updated")]
    assert times and all(t and t.endswith("T00:00:00+08:00") for t in times)


# The front-matter schema published at docs/schema/report.schema.json


def _iso_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso_dates(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _front_matter_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((ROOT / "docs/schema/report.schema.json").read_bytes())
    return schema


def test_published_front_matter_schema_is_the_models() -> None:
    schema = _front_matter_schema()
    assert schema == json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)


SAMPLES = sorted((ROOT / "reports").rglob("*.md"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.relative_to(ROOT).as_posix() for p in SAMPLES])
def test_sample_front_matter_matches_the_published_schema(path: Path) -> None:
    report = load_report(path.relative_to(ROOT).as_posix(), path.read_bytes())
    assert report.front_matter is not None and report.front_matter.data is not None
    data = _iso_dates(report.front_matter.data)
    jsonschema.validate(data, _front_matter_schema(), format_checker=jsonschema.FormatChecker())


def test_samples_exist() -> None:
    assert len(SAMPLES) >= 3


@pytest.mark.parametrize(
    "change",
    [
        {"status": "corrected"},
        {"status": "withdrawn"},
        {"region_code": 110101},
        {"published": "2025/3/20"},
        {"year": "2024"},
        {"colour": "red"},
    ],
)
def test_published_front_matter_schema_rejects_bad_front_matter(change: dict[str, Any]) -> None:
    report = load_report("x.md", SAMPLES[0].read_bytes())
    assert report.front_matter is not None and report.front_matter.data is not None
    data = {**_iso_dates(report.front_matter.data), **change}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _front_matter_schema(), format_checker=jsonschema.FormatChecker())


# The check helpers on hand-made files


_URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
_GOOD_URL = (
    "<url><loc>https://gk.example.gov.cn/gk/2024/fazhi/%E7%A4%BA%E4%BE%8B/</loc>"
    "<lastmod>2025-03-20</lastmod></url>"
)


def test_sitemap_check_accepts_a_valid_sitemap(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text(
        _URLSET.format(_GOOD_URL + "<url><loc>https://gk.example.gov.cn/gk/</loc></url>"),
        encoding="utf-8",
    )
    assert_valid_sitemap(path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "not a valid sitemap"),
        ("<url><lastmod>2025-03-20</lastmod></url>", "not a valid sitemap"),
        (
            "<url><loc>https://gk.example.gov.cn/</loc><lastmod>20.3.2025</lastmod></url>",
            "not a valid sitemap",
        ),
        (
            "<url><loc>https://gk.example.gov.cn/</loc><priority>2</priority></url>",
            "not a valid sitemap",
        ),
        ("<url><loc>/gk/2024/fazhi/shili/</loc></url>", "not an absolute http"),
        ("<url><loc>https://gk.example.gov.cn/gk/示例/</loc></url>", "not percent-encoded"),
        (_GOOD_URL + _GOOD_URL, "twice"),
        ("<url><loc>https://gk.example.gov.cn/</loc>", "not well-formed"),
    ],
)
def test_sitemap_check_rejects_an_invalid_sitemap(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text(_URLSET.format(body), encoding="utf-8")
    with pytest.raises(AssertionError, match=message):
        assert_valid_sitemap(path)


_FEED = (
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">'
    "<id>https://gk.example.gov.cn/</id><title>t</title>"
    "<updated>2025-03-20T00:00:00+08:00</updated>"
    '<link rel="self" href="https://gk.example.gov.cn/feed.xml"/>{author}{entries}</feed>'
)
_AUTHOR = "<author><name>示例县</name></author>"
_ENTRY = (
    "<entry><id>{id}</id><title>e</title><updated>{updated}</updated>"
    '<link rel="alternate" href="https://gk.example.gov.cn/a/"/></entry>'
)
_GOOD_ENTRY = _ENTRY.format(id="https://gk.example.gov.cn/a/", updated="2025-03-20T00:00:00+08:00")


@pytest.mark.parametrize(
    ("feed", "message"),
    [
        (
            _FEED.format(author=_AUTHOR, entries="").replace(
                "<id>https://gk.example.gov.cn/</id>", ""
            ),
            "not valid Atom",
        ),
        (_FEED.format(author=_AUTHOR, entries="<entry><title>e</title></entry>"), "not valid Atom"),
        (
            _FEED.format(author=_AUTHOR, entries=_GOOD_ENTRY).replace(
                "<title>e</title>", '<title type="xhtml">e</title>'
            ),
            "not valid Atom",
        ),
        (_FEED.format(author="", entries=_GOOD_ENTRY), "no author"),
        (
            _FEED.format(
                author=_AUTHOR, entries=_ENTRY.format(id="x", updated="2025-03-20T00:00:00")
            ),
            "RFC 3339",
        ),
        (_FEED.format(author=_AUTHOR, entries=_GOOD_ENTRY * 2), "share an id"),
        (
            _FEED.format(
                author=_AUTHOR, entries=_GOOD_ENTRY.replace('rel="alternate"', 'rel="related"')
            ),
            "rel=alternate link",
        ),
        (_FEED.format(author=_AUTHOR, entries="").replace(' xml:lang="zh-CN"', ""), "zh-CN"),
        (_FEED.format(author=_AUTHOR, entries="").replace('rel="self"', 'rel="via"'), "rel=self"),
        (
            _FEED.format(author=_AUTHOR, entries=_GOOD_ENTRY)
            .replace("&", "")
            .replace("<title>e", "<title>&nbsp;e"),
            "not well-formed",
        ),
    ],
)
def test_feed_check_rejects_an_invalid_feed(tmp_path: Path, feed: str, message: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(feed, encoding="utf-8")
    with pytest.raises(AssertionError, match=message):
        assert_valid_feed(path)


def test_feed_check_accepts_a_hand_made_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        _FEED.format(author="", entries=_GOOD_ENTRY.replace("<title>", _AUTHOR + "<title>")),
        encoding="utf-8",
    )
    assert_valid_feed(path)


def _break_count(site: Path) -> None:
    data = json.loads((site / "catalog.json").read_bytes())
    data["count"] += 1
    (site / "catalog.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _break_order(site: Path) -> None:
    data = json.loads((site / "catalog.json").read_bytes())
    data["reports"].reverse()
    (site / "catalog.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _break_schema(site: Path) -> None:
    data = json.loads((site / "catalog.json").read_bytes())
    data["reports"][0]["status"] = "draft"
    (site / "catalog.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _strip_bom(site: Path) -> None:
    path = site / "catalog.csv"
    path.write_bytes(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))


def _lf_line_ends(site: Path) -> None:
    path = site / "catalog.csv"
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))


def _csv_differs(site: Path) -> None:
    path = site / "catalog.csv"
    path.write_bytes(path.read_bytes().replace("示例县司法局".encode(), "示例县公安局".encode()))


def _stale_schema(site: Path) -> None:
    path = site / "schema" / "catalog.schema.json"
    path.write_text(json.dumps({"type": "object"}), encoding="utf-8")


def _missing_page(site: Path) -> None:
    (site / COUNTY_URL / "index.html").unlink()


def _missing_attachment(site: Path) -> None:
    (site / COUNTY_URL / "原件.pdf").unlink()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_break_count, "count is 5, not 4"),
        (_break_order, "not ordered"),
        (_break_schema, "does not match its schema"),
        (_strip_bom, "BOM"),
        (_lf_line_ends, "CRLF"),
        (_csv_differs, "does not match catalog.json"),
        (_stale_schema, "is not catalog_schema"),
        (_missing_page, "points at no file"),
        (_missing_attachment, "points at no file"),
    ],
)
def test_catalog_check_rejects_a_damaged_site(
    tmp_path: Path, damage: Callable[[Path], None], message: str
) -> None:
    _build_site(tmp_path)
    assert_valid_catalog(tmp_path)
    damage(tmp_path)
    with pytest.raises(AssertionError, match=message):
        assert_valid_catalog(tmp_path)
