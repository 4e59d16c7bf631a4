"""The site's building blocks, without MkDocs: URLs, the dashboard, the URL lock, the swap."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import posixpath
from pathlib import Path

import pytest

from gongkai.config import Config
from gongkai.layout import slug
from gongkai.registry import Registry
from gongkai.site.dashboard import Period, State, compliance
from gongkai.site.moves import moved_problems, read_lock, write_lock, write_redirect
from gongkai.site.publish import Shadow, staging_dir
from gongkai.site.records import PublishedReport
from gongkai.site.urls import relative, report_url
from records import published_report


def test_urls_come_from_year_type_and_issuer() -> None:
    assert report_url(2024, "fazhi", "青山县人民政府") == "2024/fazhi/青山县人民政府/"
    # Characters that would need escaping or could leave the directory become "-".
    assert slug(" 青山县/../人民政府 ") == "青山县-人民政府"
    assert slug("青山县（试点）人民政府") == "青山县-试点-人民政府"
    assert slug("???") == "-"


@pytest.mark.parametrize(
    ("here", "target", "expected"),
    [
        ("2024/fazhi/a/", "2023/fazhi/b/", "../../../2023/fazhi/b/"),
        ("", "2024/", "2024/"),
        ("2024/", "", "../"),
        ("search/", "search/", "./"),
        ("data/", "catalog.json", "../catalog.json"),
    ],
)
def test_relative_links_work_under_any_prefix(here: str, target: str, expected: str) -> None:
    assert relative(here, target) == expected


def test_relative_links_are_those_of_posixpath_relpath() -> None:
    """`relative` takes a short way for site URLs; it must lead where relpath leads."""
    urls = ["", "/", "a/", "a", "a/b/", "a//b/", "./a/", "a/./b", "../a/", "a/../b/", "/a/"]
    urls += ["2024/fazhi/青山县人民政府/", "2024/fazhi/", "catalog.json", "a.b/c..d/"]
    for here, target in itertools.product(urls, repeat=2):
        path = posixpath.relpath(target or ".", here or ".")
        slash = target == "" or target.endswith("/")
        expected = "./" if path == "." else path + "/" if slash else path
        assert relative(here, target) == expected, (here, target)


def _report(issuer: str, year: int, published: str, **extra: object) -> PublishedReport:
    return published_report(issuer, year, published, issuer_level="township", **extra)


REGISTRY = Registry.model_validate(
    {
        "issuers": [
            {"name": "青山县人民政府", "level": "county", "owes": ["fazhi"]},
            {"name": "东湖镇", "level": "township", "parent": "青山县人民政府", "owes": ["fazhi"]},
            {"name": "西岭镇", "level": "township", "parent": "青山县人民政府", "owes": ["fazhi"]},
            {"name": "档案馆", "level": "department", "parent": "青山县人民政府"},
        ]
    }
)


def _states(periods: list[Period], year: int) -> dict[str, State]:
    period = next(p for p in periods if p.year == year)
    return {cell.issuer.name: cell.state for cell in period.cells}


def test_dashboard_states_against_deadlines() -> None:
    reports = [
        _report("东湖镇", 2024, "2025-03-31"),
        _report("西岭镇", 2024, "2025-04-01"),
        _report("东湖镇", 2023, "2024-03-01", status="withdrawn"),
    ]
    periods = compliance(reports, REGISTRY, Config(), dt.date(2025, 3, 15))
    # Before the 2024 deadline, a missing report is not yet late.
    assert [p.year for p in periods] == [2024, 2023]
    assert _states(periods, 2024) == {
        "青山县人民政府": State.pending,
        "东湖镇": State.on_time,
        "西岭镇": State.late,
    }
    later = compliance(reports, REGISTRY, Config(), dt.date(2026, 11, 27))
    assert [p.year for p in later] == [2025, 2024, 2023]
    assert _states(later, 2024)["青山县人民政府"] is State.missing
    assert _states(later, 2023)["东湖镇"] is State.withdrawn
    # Issuers that owe nothing (档案馆) are not listed.
    assert all(len(p.cells) == 3 for p in later)


def test_a_configured_deadline_changes_the_dashboard() -> None:
    reports = [_report("东湖镇", 2024, "2025-03-20")]
    config = Config.model_validate({"deadlines": {"fazhi": {"township": "03-01"}}})
    periods = compliance(reports, REGISTRY, config, dt.date(2026, 1, 1))
    assert _states(periods, 2024)["东湖镇"] is State.late


def test_moved_urls_need_a_redirect_to_an_existing_page() -> None:
    locked = {"2024/fazhi/a/", "2024/fazhi/b/"}
    assert moved_problems(locked, {"2024/fazhi/a/", "2024/fazhi/b/", "2025/fazhi/a/"}, {}) == []
    gone = moved_problems(locked, {"2024/fazhi/a/", "2024/fazhi/c/"}, {})
    assert len(gone) == 1 and "2024/fazhi/b/" in gone[0]
    redirect = {"2024/fazhi/b/": "2024/fazhi/c/"}
    assert moved_problems(locked, {"2024/fazhi/a/", "2024/fazhi/c/"}, redirect) == []
    nowhere = moved_problems(locked, {"2024/fazhi/a/"}, redirect)
    assert len(nowhere) == 1 and "不是本站的报告网址" in nowhere[0]
    shadowed = moved_problems(locked, locked | {"2024/fazhi/c/"}, redirect)
    assert len(shadowed) == 1 and "仍是一份报告的网址" in shadowed[0]


def test_the_lock_round_trips_and_keeps_comments_out(tmp_path: Path) -> None:
    lock = tmp_path / "published-urls.txt"
    assert read_lock(lock) == set()
    write_lock(lock, ["2024/fazhi/b/", "2024/fazhi/a/", "2024/fazhi/a/"])
    text = lock.read_text(encoding="utf-8")
    assert text.startswith("# ") and text.endswith("2024/fazhi/a/\n2024/fazhi/b/\n")
    assert read_lock(lock) == {"2024/fazhi/a/", "2024/fazhi/b/"}


def test_redirect_pages_point_to_the_new_url(tmp_path: Path) -> None:
    write_redirect(tmp_path, "2024/fazhi/旧/", "2024/fazhi/新/")
    text = (tmp_path / "2024/fazhi/旧/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../../../2024/fazhi/新/"' in text
    assert '<link rel="canonical" href="../../../2024/fazhi/新/">' in text


def test_publishing_replaces_the_whole_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    staging = staging_dir(site)
    assert staging.parent == tmp_path and staging.name.startswith(".site.staging-")
    (staging / "new.html").write_text("new")
    Shadow(site, staging).publish(site)
    assert sorted(p.name for p in site.iterdir()) == ["new.html"]
    # The previous site is kept as the next build's shadow tree.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.shadow", "site"]


def test_the_first_publishing_needs_no_previous_site(tmp_path: Path) -> None:
    staging = staging_dir(tmp_path / "site")
    (staging / "index.html").write_text("x")
    Shadow(tmp_path / "site", staging).publish(tmp_path / "site")
    assert os.listdir(tmp_path) == ["site"]
