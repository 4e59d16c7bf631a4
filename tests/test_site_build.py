"""End to end: `mkdocs build` turns a reports tree into the public site, and refuses to
publish one that fails the checks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT, build_site, make_project, report, run_mkdocs

pytestmark = [
    pytest.mark.site,
    pytest.mark.skipif(
        not Path(sys.executable).with_name("mkdocs").exists(),
        reason="mkdocs is not installed in this environment (install '.[site]')",
    ),
]


REGISTRY = """\
issuers:
  - {name: 青山县人民政府, level: county, owes: [fazhi]}
  - {name: 青山县东湖镇人民政府, level: township, parent: 青山县人民政府, owes: [fazhi]}
  - {name: 青山县西岭镇人民政府, level: township, parent: 青山县人民政府, owes: [fazhi]}
"""

HOSTILE_BODY = """\
<script>alert("body")</script>
<p onclick="alert('click')">点击</p>
<img src="x" onerror="alert('img')">
<iframe src="https://example.com/"></iframe>
[链接](javascript:alert('link'))
<a href="JaVaScRiPt:alert(1)">混合大小写</a>

附件 <![ 见原件
"""

# 2026-11-27 12:00 China time: the dashboard's "today" in these tests.
EPOCH = "1795752000"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = {
        "2024/fazhi/qingshan.md": report(
            extra="doc_number: 青政〔2025〕3号\nattachments: [原件.pdf]\n", body=HOSTILE_BODY
        ),
        "2024/fazhi/原件.pdf": b"%PDF-1.4\n%fake but harmless\n",
        "2024/fazhi/donghu.md": report(
            "青山县东湖镇人民政府",
            "township",
            published="2025-04-03",
            extra="status: corrected\ncorrection: {date: 2025-04-10, note: 第二部分数据有误，已更正}\n",
        ),
        "2023/fazhi/donghu.md": report(
            "青山县东湖镇人民政府",
            "township",
            2023,
            "2024-03-01",
            extra="status: withdrawn\nwithdrawal: {date: 2024-05-06, reason: 误发}\n",
        ),
        "2024/fazhi/xiling-draft.md": report(
            "青山县西岭镇人民政府", "township", extra="status: draft\n"
        ),
    }
    # One report is late on purpose (the dashboard shows it), one holds hostile HTML (the
    # sanitiser removes it, images and all); the check's findings are not the point.
    config = "rules:\n  deadline-missed: off\n  unsafe-html: off\n  image-invalid: off\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return build_site(tmp_path_factory.mktemp("site"), reports, REGISTRY, config)


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_sample_reports_are_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "check", "--strict", "--no-cache", "reports"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stderr


def test_report_pages_live_at_urls_from_front_matter(site: Path) -> None:
    text = page(site, "2024/fazhi/青山县人民政府")
    assert '<html lang="zh-CN"' in text
    assert "<title>关于2024年法治政府建设情况的报告" in text
    assert "青政〔2025〕3号" in text
    assert '<span class="gk-badge gk-on-time">按时公开</span>' in text
    assert 'href="原件.pdf">原件.pdf</a>' in text
    assert (site / "2024/fazhi/青山县人民政府/原件.pdf").read_bytes().startswith(b"%PDF")
    # A table of contents from the report's own headings, with readable anchors.
    assert 'href="#一主要举措和成效"' in text or 'href="#一、主要举措和成效"' in text


def test_raw_html_in_a_report_cannot_run(site: Path) -> None:
    text = page(site, "2024/fazhi/青山县人民政府")
    article = text[text.index("<article") : text.index("</article>")]
    for fragment in ("<script", "onclick", "onerror", "<iframe", "javascript:", "JaVaScRiPt"):
        assert fragment not in article, fragment
    assert "点击" in article  # the harmless text survives
    # Python's HTML parser stops at it, and MkDocs' reader of anchors stopped the build.
    assert "附件 &lt;![ 见原件" in article


def test_drafts_are_not_published(site: Path) -> None:
    assert not (site / "2024/fazhi/青山县西岭镇人民政府").exists()
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert all("西岭镇" not in r["issuer"] for r in catalog["reports"])


def test_corrections_and_withdrawals_are_public(site: Path) -> None:
    corrected = page(site, "2024/fazhi/青山县东湖镇人民政府")
    assert "更正说明（2025年4月10日）" in corrected
    assert "第二部分数据有误，已更正" in corrected
    withdrawn = page(site, "2023/fazhi/青山县东湖镇人民政府")
    assert "本报告已于2024年5月6日撤回" in withdrawn
    assert "撤回原因：误发" in withdrawn
    assert "主要举措和成效" not in withdrawn  # the body is no longer published
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "第二部分数据有误，已更正" in feed and "[撤回]" in feed


def test_listings_and_dashboard(site: Path) -> None:
    assert "青山县东湖镇人民政府" in page(site, "2024")
    assert "青山县人民政府" in page(site, "types/fazhi")
    issuers = page(site, "issuers")
    assert issuers.index("县级") < issuers.index("乡镇（街道）")
    assert "青山县西岭镇人民政府" in page(site, "issuers/青山县西岭镇人民政府")
    dashboard = page(site, "dashboard")
    section_2024 = dashboard[dashboard.index("2024年法治政府建设年度报告公开情况") :]
    section_2024 = section_2024[: section_2024.index("2023年")]
    assert "按时公开 1　逾期公开 1　未公开 1" in section_2024
    assert "逾期 3 天" in section_2024  # 东湖镇: 2025-04-03 against 03-31
    assert "2025年法治政府建设年度报告公开情况" in dashboard  # last year, all missing
    assert "已撤回" in dashboard


def test_home_page_lists_the_latest_and_counts(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'action="search/"' in home
    assert "最新公开" in home and "按年度和类型统计" in home
    assert home.index("青山县东湖镇人民政府") < home.index("青山县人民政府</a>")


def test_open_data_and_search_index_are_written(site: Path) -> None:
    from opendata_checks import (
        assert_valid_catalog,
        assert_valid_dcat,
        assert_valid_feed,
        assert_valid_regions_csv,
        assert_valid_sitemap,
    )

    assert_valid_catalog(site)
    assert_valid_feed(site / "feed.xml")
    assert_valid_sitemap(site / "sitemap.xml")
    assert_valid_dcat(site)
    assert_valid_regions_csv(site)
    assert (site / "search-index" / "manifest.json").is_file()
    assert (site / "schema" / "report.schema.json").is_file()


def test_an_error_stops_the_build_and_keeps_the_last_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"2024/fazhi/a.md": report()}, REGISTRY)
    assert run_mkdocs(project, "--strict").returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    broken = report("青山县东湖镇人民政府", "township").replace("year: 2024", "year: 2O24")
    (project / "reports/2024/fazhi/b.md").write_text(broken, encoding="utf-8")
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 1
    assert "reports/2024/fazhi/b.md:4:7: GK004 [error]" in result.stderr
    assert "网站未生成" in result.stderr
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    # No staging directory or lock is left; the shadow tree is kept for the next build.
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == [".site.shadow"]


def test_warnings_fail_only_a_strict_build(tmp_path: Path) -> None:
    late = report(published="2025-06-01")
    project = make_project(tmp_path, {"2024/fazhi/a.md": late}, REGISTRY)
    strict = run_mkdocs(project, "--strict")
    assert strict.returncode == 1
    assert "reports/2024/fazhi/a.md:7:12: GK202 [warning]" in strict.stderr
    assert not (project / "site").exists()
    assert run_mkdocs(project).returncode == 0
    assert (project / "site/2024/fazhi/青山县人民政府/index.html").is_file()


def test_a_published_url_cannot_silently_move(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"2024/fazhi/a.md": report()}, REGISTRY)
    assert run_mkdocs(project, "--strict").returncode == 0
    assert "2024/fazhi/青山县人民政府/" in (project / "published-urls.txt").read_text("utf-8")
    source = project / "reports/2024/fazhi/a.md"
    renamed = report().replace("issuer: 青山县人民政府", "issuer: 青山县人民政府办公室")
    source.write_text(renamed.replace("issuer_level: county", "issuer_level: department"))
    (project / "registry.yml").write_text(
        REGISTRY.replace("青山县人民政府,", "青山县人民政府办公室,")
    )
    moved = run_mkdocs(project, "--strict")
    assert moved.returncode == 1
    assert "已发布的网址 2024/fazhi/青山县人民政府/ 在本次构建中不存在" in moved.stderr
    (project / "gongkai.yml").write_text(
        "site:\n  redirects:\n    2024/fazhi/青山县人民政府/: 2024/fazhi/青山县人民政府办公室/\n",
        encoding="utf-8",
    )
    assert run_mkdocs(project, "--strict").returncode == 0
    redirect = (project / "site/2024/fazhi/青山县人民政府/index.html").read_text("utf-8")
    assert 'content="0; url=../../../2024/fazhi/青山县人民政府办公室/"' in redirect


def test_an_unregistered_issuer_is_a_warning(tmp_path: Path) -> None:
    project = make_project(
        tmp_path, {"2024/fazhi/a.md": report("青山县南坡镇人民政府", "township")}, REGISTRY
    )
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 1
    assert "GK501 [warning] 发布机关“青山县南坡镇人民政府”不在发布机关名录" in result.stderr


def test_a_site_without_registry_builds_without_dashboard(tmp_path: Path) -> None:
    site = build_site(tmp_path, {"2024/fazhi/a.md": report()})
    assert "本站没有配置发布机关名录" in page(site, "dashboard")


def test_the_repository_site_builds_with_its_tables(tmp_path: Path) -> None:
    import csv

    site = build_site(tmp_path)
    # The repository's URL lock already lists every sample report: nothing to add.
    lock = "published-urls.txt"
    assert (site.parent / lock).read_bytes() == (ROOT / lock).read_bytes()
    xxgk = page(site, "2024/xxgk/示例县人民政府")
    assert "```" not in xxgk and "gongkai-table" not in xxgk
    assert all(f'<table id="{t}">' in xxgk for t in ("t2", "t3", "t4"))
    assert 'scope="col"' in xxgk and "colspan=" in xxgk
    with (site / "data/xxgk-2024-tables.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [row["issuer"] for row in rows] == ["示例县人民政府"]
    assert rows[0]["t3.format"] == "2021" and rows[0]["t3.r1.natural_person"].isdigit()
    assert 'href="xxgk-2024-tables.csv"' in page(site, "data")


def test_an_empty_tree_builds(tmp_path: Path) -> None:
    site = build_site(tmp_path, {})
    assert "暂无报告" in page(site, "years")
    assert json.loads((site / "catalog.json").read_text(encoding="utf-8"))["count"] == 0


def test_an_issuer_name_cannot_leave_its_directory(tmp_path: Path) -> None:
    odd = "青山县/../../<b>人民政府</b>"
    site = build_site(tmp_path, {"2024/fazhi/a.md": report(odd)})
    (url,) = [p.parent.relative_to(site).as_posix() for p in site.glob("2024/fazhi/*/index.html")]
    assert url == "2024/fazhi/青山县-b-人民政府-b"
    text = page(site, url)
    assert "<b>人民政府</b>" not in text and "&lt;b&gt;人民政府&lt;/b&gt;" in text
