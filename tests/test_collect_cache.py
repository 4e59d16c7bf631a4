"""collect() keeps each report's Record in the build cache under its content key: a build
whose reports did not change gathers exactly what a build without any cache gathers, without
reading or parsing a report again, and an edited report is never served from the cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import gongkai.site.collect as collect_module
from gongkai.config import Config, find_config
from gongkai.engine import load_checked_config
from gongkai.site.buildcache import BuildCache
from gongkai.site.collect import Collection, collect, record_of
from sitebuild import make_project, report
from yearsite import CONFIG, REGISTRY, WEST_RIDGE, reports

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    tree = reports()
    tree["2024/fazhi/draft.md"] = report(
        "青山县南坡镇人民政府", "township", extra="status: draft\n"
    )
    tree["2025/fazhi/xiling.md"] = report(
        WEST_RIDGE,
        "township",
        2025,
        "2026-01-20",
        extra="attachments: [原件.pdf]\n",
        body="![位置图](map.png)\n",
    )
    tree["2025/fazhi/原件.pdf"] = b"%PDF-1.4 original\n"
    tree["2025/fazhi/map.png"] = PNG
    cwd = Path.cwd()
    project = make_project(tmp_path, tree, REGISTRY, CONFIG)
    os.chdir(project)
    yield project
    os.chdir(cwd)


def _config(project: Path) -> Config:
    return load_checked_config(find_config(project), root=project)


def _gathered(collection: Collection) -> tuple[object, ...]:
    return (
        [(r.path, [f.rule for f in r.findings], r.key) for r in collection.results],
        collection.reports,
        collection.bodies,
        collection.files,
        collection.cells,
        collection.problems,
        collection.texts,
        collection.previews,
    )


def _unreadable(*args: object, **kwargs: object) -> None:
    raise AssertionError("a report was read again although its record is kept")


@pytest.mark.parametrize("preview", [False, True])
def test_a_kept_record_gathers_what_a_fresh_one_does(
    project: Path, preview: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(project)
    fresh = collect(project, config, use_cache=False, preview=preview)
    assert fresh.cells and fresh.texts and fresh.files and not fresh.failed  # all kinds of data
    assert any(r.attachments for r in fresh.reports)
    assert collect(project, config, preview=preview).reports == fresh.reports  # fills the cache
    if not preview:  # a preview places notes in the text of the drafts, read for that
        monkeypatch.setattr(collect_module, "read_report", _unreadable)
        monkeypatch.setattr(collect_module, "load_report", _unreadable)
    assert _gathered(collect(project, config, preview=preview)) == _gathered(fresh)


def test_an_edited_report_is_gathered_afresh(project: Path) -> None:
    config = _config(project)
    collect(project, config)
    source = project / "reports/2025/fazhi/xiling.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("每季度组织一次", "每月组织一次"),
        encoding="utf-8",
    )
    os.utime(source, ns=(1, 1))  # the stat index must not be what notices the edit
    kept = collect(project, config)
    assert _gathered(kept) == _gathered(collect(project, config, use_cache=False))
    assert "每月组织一次" in kept.bodies["2025/fazhi/青山县西岭镇人民政府/"]


def test_a_damaged_record_is_made_again(project: Path) -> None:
    config = _config(project)
    collect(project, config)
    cache = BuildCache.open(project, "publish", "collect")
    assert len(cache.loaded) == 11  # every report, drafts too
    for key in cache.loaded:
        cache.write(key, b'{"published": null}')
    cache.save()
    assert _gathered(collect(project, config)) == _gathered(
        collect(project, config, use_cache=False)
    )


def test_a_record_survives_the_round_trip_through_json() -> None:
    from gongkai.model.loader import load_report

    loaded = load_report("a.md", report(extra="attachments: [a.pdf]\n").encode())
    record = record_of(loaded, Config())
    kept = collect_module._RECORD.validate_json(collect_module._RECORD.dump_json(record))
    assert kept == record and record.published is not None
