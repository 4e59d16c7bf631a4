"""Checks of a built site's open data, shared by the unit tests and the end-to-end site test.

Each function raises AssertionError with a readable message when its file is invalid.
"""

from __future__ import annotations

import csv
import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
from lxml import etree

from gongkai.site.opendata import (
    CATALOG_CSV,
    CATALOG_FIELDS,
    CATALOG_JSON,
    CATALOG_SCHEMA,
    catalog_schema,
)

SCHEMAS = Path(__file__).parent / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 3339 date-time: unlike xsd:dateTime, the time zone is mandatory (RFC 4287 section 3.3).
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
# The sitemaps.org protocol's limits for one file.
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_BYTES = 50 * 1024 * 1024


@cache
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(SCHEMAS / "atom.rng"))


@cache
def sitemap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(SCHEMAS / "sitemap.xsd"))


def _parse_xml(path: Path) -> etree._ElementTree:
    # No entities and no network: a check must never fetch or expand what a file names.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        return etree.parse(path, parser)
    except etree.XMLSyntaxError as exc:
        raise AssertionError(f"{path} is not well-formed XML: {exc}") from exc


def assert_valid_feed(path: Path) -> None:
    """feed.xml is Atom 1.0: the RFC 4287 RELAX NG schema, plus the rules it cannot state."""
    document = _parse_xml(path)
    schema = atom_schema()
    assert schema.validate(document), f"{path} is not valid Atom:\n{schema.error_log}"
    feed = document.getroot()
    assert feed.tag == f"{ATOM}feed", f"{path}: the root is {feed.tag!r}, not an Atom feed"
    assert feed.get(XML_LANG) == "zh-CN", f'{path}: the feed lacks xml:lang="zh-CN"'
    for element in feed.iter(f"{ATOM}updated", f"{ATOM}published"):
        assert _RFC3339.fullmatch(element.text or ""), (
            f"{path}:{element.sourceline}: {element.text!r} is not an RFC 3339 date-time"
        )
    assert feed.findall(f"{ATOM}link[@rel='self']"), f"{path}: the feed has no rel=self link"
    entries = feed.findall(f"{ATOM}entry")
    # RFC 4287 4.1.1: a feed without an author needs one in every entry.
    if not feed.findall(f"{ATOM}author"):
        for entry in entries:
            assert entry.findall(f"{ATOM}author"), (
                f"{path}:{entry.sourceline}: no author in the feed nor in this entry"
            )
    for element in (feed, *entries):
        _assert_one_alternate_per_type(path, element)
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(ids) == len(set(ids)), f"{path}: entries share an id"
    for entry in entries:
        # RFC 4287 4.1.1.1: an entry without content must link to it.
        if entry.find(f"{ATOM}content") is None:
            assert entry.findall(f"{ATOM}link[@rel='alternate']"), (
                f"{path}:{entry.sourceline}: an entry without content needs a rel=alternate link"
            )


def _assert_one_alternate_per_type(path: Path, element: etree._Element) -> None:
    alternates = [
        (link.get("type"), link.get("hreflang"))
        for link in element.findall(f"{ATOM}link")
        if link.get("rel", "alternate") == "alternate"
    ]
    assert len(alternates) == len(set(alternates)), (
        f"{path}:{element.sourceline}: two rel=alternate links with the same type and hreflang"
    )


def assert_valid_sitemap(path: Path) -> None:
    """sitemap.xml follows the sitemaps.org 0.9 schema and protocol, with absolute page URLs."""
    assert path.stat().st_size <= SITEMAP_MAX_BYTES, f"{path} is larger than 50 MiB"
    document = _parse_xml(path)
    schema = sitemap_schema()
    assert schema.validate(document), f"{path} is not a valid sitemap:\n{schema.error_log}"
    locations = [loc.text or "" for loc in document.iter(f"{SITEMAP}loc")]
    assert len(locations) <= SITEMAP_MAX_URLS, f"{path} lists more than 50,000 URLs"
    for location in locations:
        # xsd:anyURI accepts relative references; crawlers need absolute, encoded URLs.
        assert re.fullmatch(r"https?://[^\s/]+/\S*", location), (
            f"{path}: {location!r} is not an absolute http(s) URL"
        )
        assert location.isascii(), f"{path}: {location!r} is not percent-encoded"
    duplicates = sorted({loc for loc in locations if locations.count(loc) > 1})
    assert not duplicates, f"{path} lists these URLs twice: {duplicates}"


def assert_valid_catalog(site_dir: Path) -> None:
    """catalog.json and catalog.csv agree, match the published schema, and name real files."""
    schema_file = site_dir / CATALOG_SCHEMA
    assert schema_file.is_file(), f"{schema_file} is missing"
    published_schema = json.loads(schema_file.read_bytes())
    assert published_schema == catalog_schema(), f"{schema_file} is not catalog_schema()"
    jsonschema.Draft202012Validator.check_schema(published_schema)

    raw = (site_dir / CATALOG_JSON).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "catalog.json must not start with a BOM"
    data = json.loads(raw)
    validator = jsonschema.Draft202012Validator(
        published_schema, format_checker=jsonschema.FormatChecker()
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, "catalog.json does not match its schema:\n" + "\n".join(errors)
    reports: list[dict[str, Any]] = data["reports"]
    assert data["count"] == len(reports), f"count is {data['count']}, not {len(reports)}"
    order = [(-r["year"], r["type"], r["issuer"]) for r in reports]
    assert order == sorted(order), (
        "catalog.json is not ordered by year (newest first), type, issuer"
    )
    urls = [r["url"] for r in reports]
    assert len(urls) == len(set(urls)), "two reports share a URL"

    suffix = CATALOG_SCHEMA
    assert data["$schema"].endswith(suffix), f"$schema {data['$schema']!r} does not end in {suffix}"
    base = data["$schema"].removesuffix(suffix)
    for report in reports:
        _assert_served(site_dir, base, report["url"])
        for attachment in report["attachments"]:
            _assert_served(site_dir, base, attachment["url"])

    _assert_csv_matches(site_dir / CATALOG_CSV, reports)


def _assert_served(site_dir: Path, base: str, url: str) -> None:
    assert url.startswith(base), f"{url} is not under the site URL {base}"
    target = site_dir / unquote(url.removeprefix(base))
    if url.endswith("/"):
        target /= "index.html"
    assert target.is_file(), f"{url} points at no file in the site ({target} is missing)"


_ATTACHMENT_KEYS = {"attachment_names": "name", "attachment_urls": "url"}


def csv_cells(report: dict[str, Any]) -> list[str]:
    """What catalog.csv must hold for one catalog.json record."""
    cells = []
    for name in CATALOG_FIELDS:
        if name in _ATTACHMENT_KEYS:
            cells.append(";".join(a[_ATTACHMENT_KEYS[name]] for a in report["attachments"]))
        else:
            value = report[name]
            cells.append("" if value is None else str(value))
    return cells


def _assert_csv_matches(path: Path, reports: list[dict[str, Any]]) -> None:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path} must start with a UTF-8 BOM (for Excel)"
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows, f"{path} is empty"
    assert tuple(rows[0]) == CATALOG_FIELDS, f"{path}: header {rows[0]} is not CATALOG_FIELDS"
    assert rows[1:] == [csv_cells(r) for r in reports], f"{path} does not match catalog.json"
    # RFC 4180 with CRLF: the file is exactly the canonical rendering of its own rows.
    canonical = io.StringIO(newline="")
    csv.writer(canonical, lineterminator="\r\n").writerows(rows)
    assert text == canonical.getvalue(), f"{path} is not RFC 4180 with CRLF line ends"


# ---------------------------------------------------------------- catalog.jsonld (DCAT)

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
_PREFIXES = f"PREFIX dcat: <{DCAT}>\nPREFIX dct: <{DCT}>\n"
# DCAT-AP 3: what each class must have, plus the recommended properties catalog.jsonld
# always emits; each is checked on every node of its class.
REQUIRED = {
    "dcat:Catalog": ("dct:title", "dct:description", "dct:publisher", "dcat:dataset"),
    "dcat:Dataset": (
        "dct:title",
        "dct:description",
        "dct:publisher",
        "dcat:distribution",
        "dcat:keyword",
        "dcat:landingPage",
        "dcat:contactPoint",
    ),
    "dcat:Distribution": ("dcat:accessURL", "dcat:downloadURL", "dcat:mediaType", "dct:format"),
    "foaf:Agent": ("foaf:name",),
}
_IANA = "http://www.iana.org/assignments/media-types/"


def dcat_graph(path: Path) -> Any:
    """catalog.jsonld read as RDF. Its @context is inline, so rdflib fetches nothing."""
    import warnings

    import rdflib

    with warnings.catch_warnings():
        # rdflib 7's own JSON-LD parser still builds a ConjunctiveGraph internally.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return rdflib.Graph().parse(path, format="json-ld")


def assert_valid_dcat(site_dir: Path) -> None:
    """catalog.jsonld is JSON-LD whose every key maps to an IRI, and a DCAT catalog with
    DCAT-AP's mandatory (and our recommended) properties whose files all exist."""
    path = site_dir / "catalog.jsonld"
    data = json.loads(path.read_bytes())
    _assert_every_key_mapped(data, data["@context"])
    graph = dcat_graph(path)
    prefixes = _PREFIXES + "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
    catalogs = list(graph.query(prefixes + "SELECT ?c WHERE { ?c a dcat:Catalog }"))
    assert len(catalogs) == 1, f"{path}: {len(catalogs)} dcat:Catalog nodes, not one"
    for cls, properties in REQUIRED.items():
        nodes = [row[0] for row in graph.query(prefixes + f"SELECT ?n WHERE {{ ?n a {cls} }}")]
        assert nodes, f"{path}: no {cls}"
        for node in nodes:
            for prop in properties:
                found = graph.query(prefixes + f"ASK {{ <{node}> {prop} ?v }}")
                assert found.askAnswer, f"{path}: {cls} {node} lacks {prop}"
    # Titles, descriptions and keywords are Chinese, tagged as such.
    for row in graph.query(
        prefixes + "SELECT ?v WHERE { ?n dct:title|dct:description|dcat:keyword ?v }"
    ):
        assert row[0].language == "zh", f"{path}: {row[0]!r} has no @language zh"
    base = data["@id"].removesuffix("catalog.jsonld")
    query = "SELECT ?u ?m WHERE { ?d dcat:downloadURL ?u ; dcat:mediaType ?m }"
    for url, media in graph.query(_PREFIXES + query):
        assert str(media).startswith(_IANA), f"{path}: {media} is not an IANA media-type URI"
        _assert_served(site_dir, base, str(url))
    for row in graph.query(_PREFIXES + "SELECT ?u WHERE { ?d dcat:accessURL|dcat:landingPage ?u }"):
        _assert_served(site_dir, base, str(row[0]))
    dataset_ids = {
        str(r[0]) for r in graph.query(_PREFIXES + "SELECT ?d WHERE { ?d a dcat:Dataset }")
    }
    listed = {str(r[0]) for r in graph.query(_PREFIXES + "SELECT ?d WHERE { ?c dcat:dataset ?d }")}
    assert dataset_ids == listed, f"{path}: datasets outside the catalog: {dataset_ids - listed}"


def _assert_every_key_mapped(node: Any, context: dict[str, Any], where: str = "") -> None:
    """A JSON-LD processor silently drops a key the @context does not map: every key must be
    a keyword, a term of the context, or a compact IRI with one of its prefixes."""
    if isinstance(node, list):
        for item in node:
            _assert_every_key_mapped(item, context, where)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@context":
            continue
        prefix = key.split(":", 1)[0]
        mapped = key.startswith("@") or key in context or (":" in key and prefix in context)
        assert mapped, f"catalog.jsonld{where}: the key {key!r} is not in the @context"
        if key == "@type":
            for name in value if isinstance(value, list) else [value]:
                assert name in context or name.split(":", 1)[0] in context, (
                    f"catalog.jsonld{where}: the type {name!r} is not in the @context"
                )
        _assert_every_key_mapped(value, context, f"{where}/{key}")


def assert_valid_regions_csv(site_dir: Path) -> list[dict[str, str]]:
    """data/regions.csv has the documented header and consistent counts; its rows."""
    from gongkai.site.regions import REGION_FIELDS, REGIONS_CSV

    raw = (site_dir / REGIONS_CSV).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{REGIONS_CSV} must start with a UTF-8 BOM"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == REGION_FIELDS, f"{REGIONS_CSV}: header {rows[0]}"
    records = [dict(zip(REGION_FIELDS, row, strict=True)) for row in rows[1:]]
    for record in records:
        assert int(record["reported"]) + int(record["blank"]) <= int(record["reports"]), record
        assert (record["sum"] == "") == (record["reported"] == "0"), record
        assert int(record["missing"]) <= int(record["expected"]), record
    return records
