"""catalog.jsonld: JSON-LD whose every key the @context maps, read as RDF, with DCAT-AP's
mandatory properties, and distributions that point at files the build wrote."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.model.levels import IssuerLevel
from gongkai.registry import Issuer, Registry
from gongkai.site.dcat import CATALOG_JSONLD, dcat_catalog, site_datasets, write_dcat
from gongkai.site.opendata import write_open_data
from gongkai.site.records import PublishedReport
from gongkai.site.regions import roll_ups, write_regions_csv
from gongkai.site.tablecsv import write_table_csvs
from gongkai.tables.export import Value
from opendata_checks import DCAT, DCT, assert_valid_dcat, dcat_graph
from records import published_report

SITE_URL = "https://gk.example.gov.cn/gk"
BASE = SITE_URL + "/"
GENERATED = dt.datetime(2025, 6, 1, 1, 30, tzinfo=dt.UTC)
REGISTRY = Registry(
    issuers=(
        Issuer(name="示例县人民政府", level=IssuerLevel.county, region_code="419901"),
        Issuer(name="示例县示例镇人民政府", level=IssuerLevel.township, parent="示例县人民政府"),
    )
)


def _report(issuer: str, year: int) -> PublishedReport:
    return published_report(issuer, year, report_type="xxgk")


REPORTS = (
    _report("示例县人民政府", 2023),
    _report("示例县人民政府", 2024),
    _report("示例县示例镇人民政府", 2024),
)
CELLS: dict[str, dict[str, Value]] = {
    r.url: {"t3.format": "2021", "t3.r1.natural_person": 3} for r in REPORTS
}


def _build(site: Path, license_url: str | None = None, extra: tuple[str, ...] = ()) -> Path:
    """The open-data files as the build writes them, and the pages the catalog links to."""
    for url in ("", "data/", "regions/", "dashboard/", *(r.url for r in REPORTS)):
        (site / url).mkdir(parents=True, exist_ok=True)
        (site / url / "index.html").write_text("<!doctype html>", encoding="utf-8")
    write_open_data(REPORTS, site, SITE_URL, "示例县政务公开", GENERATED)
    write_table_csvs(REPORTS, CELLS, site)
    write_regions_csv(roll_ups(REPORTS, CELLS, REGISTRY), site)
    for name in extra:
        (site / name).write_text("a\r\n", encoding="utf-8")
    return write_dcat(
        REPORTS,
        CELLS,
        site,
        SITE_URL,
        "示例县政务公开",
        "示例县政府年度报告",
        GENERATED,
        registry=REGISTRY,
        license_url=license_url,
    )


def test_catalog_is_valid_dcat_and_names_only_written_files(tmp_path: Path) -> None:
    path = _build(tmp_path)
    assert path == tmp_path / CATALOG_JSONLD
    assert_valid_dcat(tmp_path)
    data = json.loads(path.read_bytes())
    assert data["@id"] == BASE + "catalog.jsonld"
    keys = [d["identifier"] for d in data["dataset"]]
    assert keys == ["reports", "feed", "tables-xxgk-2023", "tables-xxgk-2024", "regions"]
    downloads = [f["downloadURL"] for d in data["dataset"] for f in d["distribution"]]
    assert downloads == [
        BASE + "catalog.json",
        BASE + "catalog.csv",
        BASE + "feed.xml",
        BASE + "data/xxgk-2023-tables.csv",
        BASE + "data/xxgk-2024-tables.csv",
        BASE + "data/regions.csv",
    ]


def test_graph_has_the_dcat_terms_harvesters_read(tmp_path: Path) -> None:
    import rdflib

    _build(tmp_path)
    graph = dcat_graph(tmp_path / CATALOG_JSONLD)
    dcat, dct = rdflib.Namespace(DCAT), rdflib.Namespace(DCT)
    tables = rdflib.URIRef(BASE + "catalog.jsonld#tables-xxgk-2024")
    assert (tables, rdflib.RDF.type, dcat.Dataset) in graph
    assert graph.value(tables, dct.title) == rdflib.Literal(
        "2024年政府信息公开工作年度报告表格数据", lang="zh"
    )
    period = graph.value(tables, dct.temporal)
    assert graph.value(period, dcat.startDate) == rdflib.Literal(
        "2024-01-01", datatype=rdflib.XSD.date
    )
    assert graph.value(tables, dct.modified) == rdflib.Literal(
        "2025-01-20", datatype=rdflib.XSD.date
    )
    distribution = graph.value(tables, dcat.distribution)
    assert graph.value(distribution, dcat.mediaType) == rdflib.URIRef(
        "http://www.iana.org/assignments/media-types/text/csv"
    )
    assert graph.value(distribution, dct["format"]) == rdflib.URIRef(
        "http://publications.europa.eu/resource/authority/file-type/CSV"
    )
    # The registry's top-level body with a division code is the area covered.
    place = graph.value(tables, dct.spatial)
    assert graph.value(place, dct.identifier) == rdflib.Literal("419901")
    # No licence is configured, so none is claimed.
    assert not list(graph.triples((None, dct.license, None)))


def test_a_configured_licence_is_on_every_distribution(tmp_path: Path) -> None:
    import rdflib

    licence = "https://creativecommons.org/licenses/by/4.0/"
    _build(tmp_path, license_url=licence)
    graph = dcat_graph(tmp_path / CATALOG_JSONLD)
    distributions = set(graph.subjects(rdflib.RDF.type, rdflib.Namespace(DCAT).Distribution))
    licensed = set(graph.subjects(rdflib.Namespace(DCT).license, rdflib.URIRef(licence)))
    assert distributions and distributions <= licensed


def test_other_helpers_data_files_are_listed_when_written(tmp_path: Path) -> None:
    _build(tmp_path, extra=("data/compare.csv", "data/compare-cells.csv", "data/dashboard.csv"))
    assert_valid_dcat(tmp_path)
    data = json.loads((tmp_path / CATALOG_JSONLD).read_bytes())
    assert [d["identifier"] for d in data["dataset"]][-2:] == ["compare", "dashboard"]


def test_empty_site_is_still_a_valid_catalog(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data/index.html").write_text("", encoding="utf-8")
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions/index.html").write_text("", encoding="utf-8")
    write_open_data((), tmp_path, SITE_URL, "站", GENERATED)
    write_regions_csv([], tmp_path)
    write_dcat((), {}, tmp_path, SITE_URL, "站", "", GENERATED)
    assert_valid_dcat(tmp_path)
    data = json.loads((tmp_path / CATALOG_JSONLD).read_bytes())
    assert data["modified"] == "2025-06-01"  # the build's date when nothing is published


def test_site_url_must_be_absolute_as_for_the_feed() -> None:
    datasets = site_datasets(REPORTS, CELLS, Path("/nonexistent"))
    with pytest.raises(ValueError, match="site_url"):
        dcat_catalog(datasets, "", "站", "", GENERATED)


def _break(data: dict[str, Any], change: str) -> None:
    if change == "unmapped key":
        data["dataset"][0]["theme"] = "政务"
    elif change == "no title":
        del data["dataset"][0]["title"]
    elif change == "no access url":
        del data["dataset"][0]["distribution"][0]["accessURL"]
    elif change == "missing file":
        data["dataset"][0]["distribution"][0]["downloadURL"] = BASE + "data/nowhere.csv"
    elif change == "untagged title":
        data["@context"]["title"] = {"@id": "dct:title"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unmapped key", "'theme' is not in the @context"),
        ("no title", "lacks dct:title"),
        ("no access url", "lacks dcat:accessURL"),
        ("missing file", "points at no file"),
        ("untagged title", "no @language zh"),
    ],
)
def test_dcat_check_rejects_a_broken_catalog(tmp_path: Path, change: str, message: str) -> None:
    path = _build(tmp_path)
    data = json.loads(path.read_bytes())
    _break(data, change)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(AssertionError, match=message):
        assert_valid_dcat(tmp_path)
