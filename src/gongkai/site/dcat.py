"""catalog.jsonld: the site's datasets as a DCAT catalog (DCAT 3 vocabulary, DCAT-AP's
mandatory and recommended properties), so CKAN-style open-data portals can harvest them.

Each dataset is one `Dataset` entry (see `site_datasets`): its files become its
distributions. The JSON-LD @context maps every key used here; expanding the document keeps
them all (tests/opendata_checks.py checks that, and reads the graph with rdflib).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.registry import Registry
from gongkai.site.feed import FEED_FILE, absolute_url, site_base
from gongkai.site.opendata import CATALOG_CSV, CATALOG_JSON, CATALOG_SCHEMA
from gongkai.site.records import PublishedReport
from gongkai.site.regions import REGIONS_CSV, REGIONS_URL
from gongkai.site.tablecsv import table_csv_name, table_groups
from gongkai.tables.export import Value
from gongkai.writes import write_atomically

CATALOG_JSONLD = "catalog.jsonld"
DATA_PAGE = "data/"
_IANA = "http://www.iana.org/assignments/media-types/"
# The EU Publications Office's file-type authority, which DCAT-AP uses for dct:format.
_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"

CONTEXT: dict[str, Any] = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "Catalog": "dcat:Catalog",
    "Dataset": "dcat:Dataset",
    "Distribution": "dcat:Distribution",
    "Agent": "foaf:Agent",
    "Kind": "vcard:Kind",
    "Location": "dct:Location",
    "PeriodOfTime": "dct:PeriodOfTime",
    "MediaType": "dct:MediaType",
    "MediaTypeOrExtent": "dct:MediaTypeOrExtent",
    "LicenseDocument": "dct:LicenseDocument",
    "title": {"@id": "dct:title", "@language": "zh"},
    "description": {"@id": "dct:description", "@language": "zh"},
    "keyword": {"@id": "dcat:keyword", "@language": "zh"},
    "name": {"@id": "foaf:name", "@language": "zh"},
    "fn": {"@id": "vcard:fn", "@language": "zh"},
    "prefLabel": {"@id": "skos:prefLabel", "@language": "zh"},
    "identifier": {"@id": "dct:identifier"},
    "language": {"@id": "dct:language", "@type": "@id"},
    "publisher": {"@id": "dct:publisher"},
    "contactPoint": {"@id": "dcat:contactPoint"},
    "hasURL": {"@id": "vcard:hasURL", "@type": "@id"},
    "homepage": {"@id": "foaf:homepage", "@type": "@id"},
    "landingPage": {"@id": "dcat:landingPage", "@type": "@id"},
    "dataset": {"@id": "dcat:dataset", "@container": "@set"},
    "distribution": {"@id": "dcat:distribution", "@container": "@set"},
    "accessURL": {"@id": "dcat:accessURL", "@type": "@id"},
    "downloadURL": {"@id": "dcat:downloadURL", "@type": "@id"},
    "mediaType": {"@id": "dcat:mediaType", "@type": "@id"},
    "format": {"@id": "dct:format", "@type": "@id"},
    "conformsTo": {"@id": "dct:conformsTo", "@type": "@id"},
    "license": {"@id": "dct:license", "@type": "@id"},
    "issued": {"@id": "dct:issued", "@type": "xsd:date"},
    "modified": {"@id": "dct:modified", "@type": "xsd:date"},
    "temporal": {"@id": "dct:temporal"},
    "startDate": {"@id": "dcat:startDate", "@type": "xsd:date"},
    "endDate": {"@id": "dcat:endDate", "@type": "xsd:date"},
    "spatial": {"@id": "dct:spatial", "@container": "@set"},
}
# The language every title and description is in (the EU language authority, as DCAT-AP asks).
_ZHO = "http://publications.europa.eu/resource/authority/language/ZHO"


@dataclass(frozen=True)
class File:
    """One distribution: a file of the site, its IANA media type and its file-type code."""

    path: str  # site path, e.g. data/xxgk-2024-tables.csv
    media_type: str  # text/csv
    file_type: str  # CSV, JSON, XML … (the file-type authority's code)
    title: str
    schema: str | None = None  # site path of the schema the file conforms to


@dataclass(frozen=True)
class Dataset:
    """One entry of the catalog; adding a dataset to the site is adding one of these."""

    key: str  # stable fragment of its @id, e.g. tables-xxgk-2024
    title: str
    description: str
    keywords: tuple[str, ...]
    files: tuple[File, ...]
    landing: str = DATA_PAGE  # site path of the page that explains it
    year: int | None = None  # the report year it covers, for dct:temporal
    issued: dt.date | None = None
    modified: dt.date | None = None


def _csv(path: str, title: str) -> File:
    return File(path, "text/csv", "CSV", title)


def site_datasets(
    reports: Sequence[PublishedReport],
    cells: dict[str, dict[str, Value]],
    site_dir: Path,
) -> list[Dataset]:
    """The site's datasets. The compare and dashboard CSVs are listed when this build wrote
    them; every other file here is always written."""
    first, last = _dates(reports)
    datasets = [
        Dataset(
            "reports",
            "报告目录",
            "本站每份已公开报告的元数据（发布机关、年度、公开日期、是否按期、更正和撤回）及网址。",
            ("政务公开", "年度报告", "报告目录"),
            (
                File(CATALOG_JSON, "application/json", "JSON", "报告目录（JSON）", CATALOG_SCHEMA),
                _csv(CATALOG_CSV, "报告目录（CSV）"),
            ),
            issued=first,
            modified=last,
        ),
        Dataset(
            "feed",
            "报告更新订阅",
            "新公开、更正和撤回的报告，最新 50 条，Atom 格式。",
            ("政务公开", "订阅", "Atom"),
            (File(FEED_FILE, "application/atom+xml", "ATOM", "订阅（Atom）"),),
            issued=first,
            modified=last,
        ),
    ]
    for (report_type, year), members in table_groups(reports, cells).items():
        name = members[0].type_name
        start, end = _dates(members)
        datasets.append(
            Dataset(
                f"tables-{report_type}-{year}",
                f"{year}年{name}表格数据",
                f"{year}年度{name}中每份报告一行、每个表格单元格一列的数字（列名稳定）。",
                ("政务公开", name, "统计表", f"{year}年"),
                (_csv(table_csv_name(report_type, year), f"{year}年{name}表格数据（CSV）"),),
                year=year,
                issued=start,
                modified=end,
            )
        )
    datasets.append(
        Dataset(
            "regions",
            "按地区汇总的报告表格数据",
            "每个地区（发布机关名录中下设其他机关的机关）、年度和表格单元格一行：其下各机关"
            "报告中该单元格数字之和、计入合计和空白的报告份数、未公开报告的机关。",
            ("政务公开", "地区汇总", "统计表"),
            (_csv(REGIONS_CSV, "按地区汇总（CSV）"),),
            landing=REGIONS_URL,
            issued=first,
            modified=last,
        )
    )
    optional = [
        Dataset(
            "compare",
            "与上年对比数据",
            "同一机关相邻两年报告的表格单元格变化和重复率。",
            ("政务公开", "年度对比", "重复率"),
            (
                _csv("data/compare.csv", "与上年对比：重复率（CSV）"),
                _csv("data/compare-cells.csv", "与上年对比：表格单元格变化（CSV）"),
            ),
            issued=first,
            modified=last,
        ),
        Dataset(
            "dashboard",
            "公开情况统计",
            "按年度、报告类型和发布机关层级统计的按期公开情况。",
            ("政务公开", "按期公开", "统计"),
            (_csv("data/dashboard.csv", "公开情况（CSV）"),),
            landing="dashboard/",
            issued=first,
            modified=last,
        ),
    ]
    datasets += [d for d in optional if all((site_dir / f.path).is_file() for f in d.files)]
    return datasets


def _dates(reports: Sequence[PublishedReport]) -> tuple[dt.date | None, dt.date | None]:
    """The first publication and the last change: the data's own dates, not the build's,
    so an unchanged site rebuilds to the same catalog."""
    if not reports:
        return None, None
    return min(r.published for r in reports), max(r.updated for r in reports)


def dcat_catalog(
    datasets: Sequence[Dataset],
    site_url: str,
    site_title: str,
    site_description: str,
    generated: dt.datetime,
    *,
    registry: Registry | None = None,
    license_url: str | None = None,
) -> dict[str, Any]:
    """catalog.jsonld as a dict. Raises ValueError when site_url is not absolute, as the
    feed does: a catalog of relative URLs cannot be harvested."""
    base = site_base(site_url)
    publisher = {"@id": base + "#publisher", "@type": "Agent", "name": site_title}
    # Who to ask about the data: the site itself, the only contact it publishes.
    contact = {"@type": "Kind", "fn": site_title, "hasURL": base}
    spatial = _spatial(registry)
    issued = [d.issued for d in datasets if d.issued]
    modified = [d.modified for d in datasets if d.modified]
    catalog: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": base + CATALOG_JSONLD,
        "@type": "Catalog",
        "title": site_title,
        "description": site_description or f"{site_title}的开放数据。",
        "publisher": publisher,
        "homepage": base,
        "language": _ZHO,
        "modified": (max(modified) if modified else generated.date()).isoformat(),
        "dataset": [
            _dataset(d, base, publisher["@id"], contact, spatial, license_url) for d in datasets
        ],
    }
    if issued:
        catalog["issued"] = min(issued).isoformat()
    if license_url:
        catalog["license"] = license_url
    if spatial:
        catalog["spatial"] = spatial
    return catalog


def _dataset(
    dataset: Dataset,
    base: str,
    publisher: str,
    contact: dict[str, Any],
    spatial: list[dict[str, Any]],
    license_url: str | None,
) -> dict[str, Any]:
    landing = absolute_url(base, dataset.landing)
    entry: dict[str, Any] = {
        "@id": f"{base}{CATALOG_JSONLD}#{dataset.key}",
        "@type": "Dataset",
        "identifier": dataset.key,
        "title": dataset.title,
        "description": dataset.description,
        "keyword": list(dataset.keywords),
        "publisher": {"@id": publisher},
        "contactPoint": contact,
        "landingPage": landing,
        "language": _ZHO,
        "distribution": [_distribution(f, base, landing, license_url) for f in dataset.files],
    }
    if dataset.issued:
        entry["issued"] = dataset.issued.isoformat()
    if dataset.modified:
        entry["modified"] = dataset.modified.isoformat()
    if dataset.year is not None:
        entry["temporal"] = {
            "@type": "PeriodOfTime",
            "startDate": f"{dataset.year}-01-01",
            "endDate": f"{dataset.year}-12-31",
        }
    if spatial:
        entry["spatial"] = spatial
    return entry


def _distribution(file: File, base: str, landing: str, license_url: str | None) -> dict[str, Any]:
    url = absolute_url(base, file.path)
    entry: dict[str, Any] = {
        "@id": url + "#distribution",
        "@type": "Distribution",
        "title": file.title,
        # DCAT-AP: accessURL is mandatory; for a file that is its own download, both are it.
        "accessURL": url,
        "downloadURL": url,
        "mediaType": {"@id": _IANA + file.media_type, "@type": "MediaType"},
        "format": {"@id": _FILE_TYPE + file.file_type, "@type": "MediaTypeOrExtent"},
    }
    if file.schema:
        entry["conformsTo"] = absolute_url(base, file.schema)
    if license_url:
        entry["license"] = license_url
    return entry


def _spatial(registry: Registry | None) -> list[dict[str, Any]]:
    """The registry's top-level bodies that have a division code: the area the site covers."""
    if registry is None:
        return []
    return [
        {
            "@type": "Location",
            "identifier": issuer.region_code,
            "prefLabel": issuer.name,
        }
        for issuer in registry.issuers
        if issuer.parent is None and issuer.region_code
    ]


def write_dcat(
    reports: Sequence[PublishedReport],
    cells: dict[str, dict[str, Value]],
    site_dir: Path,
    site_url: str,
    site_title: str,
    site_description: str,
    generated: dt.datetime,
    *,
    registry: Registry | None = None,
    license_url: str | None = None,
) -> Path:
    """Write catalog.jsonld, after every other data file: it lists those that exist."""
    data = dcat_catalog(
        site_datasets(reports, cells, site_dir),
        site_url,
        site_title,
        site_description,
        generated,
        registry=registry,
        license_url=license_url,
    )
    path = site_dir / CATALOG_JSONLD
    write_atomically(
        path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(), durable=False
    )
    return path
