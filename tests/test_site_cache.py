"""The build cache and the render pool change how a site is built, never what is built: a
cold build, a warm one and one after an edit give the same bytes as a cold build of the
same reports, whether pages were rendered in the pool, in the build or taken from the cache."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import sys
import zlib
from pathlib import Path

import lxml.html
import pytest

from gongkai.site.buildcache import BuildCache, parse
from gongkai.site.prerender import code_digest
from gongkai.site.publish import HashRecord
from gongkai.site.search.index import _state_key
from sitebuild import make_project, report, run_mkdocs

pytestmark = [
    pytest.mark.site,
    pytest.mark.skipif(
        not Path(sys.executable).with_name("mkdocs").exists(),
        reason="mkdocs is not installed in this environment (install '.[site]')",
    ),
]

# More reports than gongkai.site.prerender.POOL_MIN, so a cold build renders in the pool.
TOWNS = 70

FOOTNOTE = "依法行政[^1]取得进展。\n\n[^1]: 见本机关年度工作要点。\n"
# A relative link depends on the site's files and an absolute one makes MkDocs log: both
# pages are rendered by MkDocs in the build, not in the pool.
RELATIVE = "详见[上一年度的报告](../../2023/fazhi/)。\n"
ABSOLUTE = "详见[网站首页](/index.html)。\n"


def reports() -> dict[str, str | bytes]:
    tree: dict[str, str | bytes] = {}
    for number in range(TOWNS):
        issuer = f"青山县第{number}镇人民政府"
        body = (FOOTNOTE, RELATIVE, ABSOLUTE, "")[number % 4]
        tree[f"2024/fazhi/t{number}.md"] = report(issuer, "township", body=body)
    return tree


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def kept(project: Path, kind: str) -> dict[str, bytes]:
    """The entries of one kind the last published build left in the build cache."""
    return BuildCache.open(project, "publish", kind).loaded


def add_hook(project: Path, name: str, code: str, *, after: bool = False) -> None:
    """Another plugin: a hook `hooks/<name>.py`, before the site's hook or `after` it."""
    (project / f"hooks/{name}.py").write_text(code, encoding="utf-8")
    config = project / "mkdocs.yml"
    site = "  - hooks/gongkai_site.py\n"
    hook = f"  - hooks/{name}.py\n"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(site, site + hook if after else hook + site), encoding="utf-8")


def build(project: Path) -> dict[str, bytes]:
    # Not strict: seventy look-alike reports are GK406 warnings.
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return tree(project / "site")


def test_cold_warm_and_edited_builds_are_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    (tmp_path / "a").mkdir()
    project = make_project(tmp_path / "a", reports())
    cold = build(project)
    entries = kept(project, "render")
    # Pages that depend on other files or log are not kept: the rest are.
    assert len(entries) == sum(1 for n in range(TOWNS) if (n % 4) not in (1, 2))
    assert build(project) == cold

    edited = project / "reports/2024/fazhi/t3.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    warm = build(project)
    assert warm != cold
    (tmp_path / "b").mkdir()
    same = {
        p.relative_to(project / "reports").as_posix(): p.read_bytes()
        for p in project.glob("reports/**/*.md")
    }
    assert build(make_project(tmp_path / "b", same)) == warm
    page = warm["2024/fazhi/青山县第3镇人民政府/index.html"].decode()
    assert "新增一段。" in page
    # The edited page's old entry is gone; its new one is there.
    assert len(kept(project, "render")) == len(entries)
    assert kept(project, "render") != entries


def test_a_damaged_cache_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    project = make_project(tmp_path, {"2024/fazhi/a.md": report(body=FOOTNOTE)})
    cold = build(project)
    # The report's rendering; its finished page and those of the listings beside it.
    assert len(kept(project, "render")) == 1
    assert len(kept(project, "page")) > 1
    pages = kept(project, "page")
    packs = project / ".gongkai-cache/build/publish"
    for pack in packs.iterdir():
        pack.write_bytes(pack.read_bytes()[:-20])
    assert kept(project, "page") == {}
    assert build(project) == cold
    assert kept(project, "page").keys() == pages.keys()


def test_a_kept_page_is_read_only_when_the_shadow_tree_lacks_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept page whose hash the shadow tree's file has is neither read nor written; the
    shadow tree is never trusted: a page that differs there is written again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    project = make_project(tmp_path, {"2024/fazhi/a.md": report(body=FOOTNOTE)})
    cold = build(project)
    result = run_mkdocs(project, "--verbose")
    assert result.returncode == 0, result.stderr
    assert tree(project / "site") == cold
    held = re.search(r"gongkai: (\d+) 个页面与上一次生成的完全相同", result.stderr)
    assert held is not None
    assert int(held[1]) == len(kept(project, "page")) > 1
    # Printed blank, so MkDocs writes them nowhere; and says nothing of it.
    assert "Page skipped" not in result.stderr
    assert kept(project, "pagehash").keys() == kept(project, "page").keys()
    page = "2024/fazhi/青山县人民政府/index.html"
    shadow = project / ".site.shadow" / page
    shadow.write_bytes(shadow.read_bytes().replace(b"</body>", b"<p>stale</p></body>"))
    assert build(project) == cold
    assert build(project) == cold


def test_a_shadow_file_rewritten_with_the_same_size_and_time_is_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next build trusts the recorded hashes of the shadow tree's files only while each
    file's status is the same: one rewritten in place, same size, its modification time put
    back, is compared again and the page written as a cold build makes it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    project = make_project(tmp_path, {"2024/fazhi/a.md": report(body=FOOTNOTE)})
    cold = build(project)
    # Against a shadow tree of hard links made in this build, too new to be recorded; then
    # against the first site, its files now older than the record.
    assert build(project) == build(project) == cold
    shadow = project / ".site.shadow" / "2024/fazhi/青山县人民政府/index.html"
    data, stamp = shadow.read_bytes(), shadow.stat()
    record = project / ".gongkai-cache/build/publish/shadow.hashes"
    recorded = {row[:2] for row in HashRecord._rows(record.read_bytes())}
    assert (stamp.st_dev, stamp.st_ino) in recorded
    at = data.index(b"</body>")
    with shadow.open("r+b") as stream:  # shared with the site: both change
        stream.seek(at - 1)
        stream.write(b"X")
    os.utime(shadow, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert shadow.stat().st_size == stamp.st_size
    assert build(project) == cold
    assert build(project) == cold


def test_another_plugin_on_post_page_gets_each_kept_page_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page the shadow tree holds is handed over whole when another plugin reads the
    pages' output: the skipped read is for the hook alone."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    project = make_project(tmp_path, {"2024/fazhi/a.md": report()})
    add_hook(
        project,
        "seen",
        "import pathlib\n"
        "def on_post_page(output, page, config):\n"
        "    with open(pathlib.Path(config.config_file_path).parent / 'seen.txt', 'a') as f:\n"
        "        f.write(f'{page.file.src_uri}\\t{output.count(\"</html>\")}\\n')\n"
        "    return output\n",
    )
    seen = project / "seen.txt"
    cold = build(project)
    for _build in range(2):
        seen.unlink()
        assert build(project) == cold
        pages = seen.read_text(encoding="utf-8").splitlines()
        assert "2024/fazhi/青山县人民政府/index.md\t1" in pages
        assert all(line.endswith("\t1") for line in pages)


def test_a_page_another_plugin_changed_is_kept_by_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finished page is keyed by its rendering's key only while its content is that
    rendering: content another plugin's `on_page_content` changed is keyed by itself, so a
    change the rendering does not show is not hidden by the page kept before it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    project = make_project(tmp_path, {"2024/fazhi/a.md": report()})
    # After the site's hook: the content it changes is the cleaned rendering.
    add_hook(
        project,
        "extra",
        "import pathlib\n"
        "def on_page_content(html, page, config, files):\n"
        "    extra = pathlib.Path(config.config_file_path).parent / 'extra.txt'\n"
        "    return html + extra.read_text(encoding='utf-8')\n",
        after=True,
    )
    config = project / "mkdocs.yml"
    page = "2024/fazhi/青山县人民政府/index.html"
    (project / "extra.txt").write_text("<p>第一版附言</p>", encoding="utf-8")
    assert "第一版附言" in build(project)[page].decode()
    (project / "extra.txt").write_text("<p>第二版附言</p>", encoding="utf-8")
    second = build(project)
    assert "第二版附言" in second[page].decode()
    assert "第一版附言" not in second[page].decode()
    (tmp_path / "cold").mkdir()
    cold = make_project(tmp_path / "cold", {"2024/fazhi/a.md": report()})
    shutil.copy(project / "hooks/extra.py", cold / "hooks/extra.py")
    shutil.copy(config, cold / "mkdocs.yml")
    shutil.copy(project / "extra.txt", cold / "extra.txt")
    assert build(cold) == second


def test_the_nav_of_pages_outside_it_leads_to_the_same_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nav is rendered once per URL depth: its relative links must not depend on which
    page at that depth came first (rules/GK001/'s "../" is not 2024/fazhi/'s way to rules/)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    site = tmp_path / "site"
    site.mkdir()
    files = build(make_project(site, {"2024/fazhi/a.md": report()}))
    for url in ("rules/GK001/", "2024/fazhi/", "2024/fazhi/青山县人民政府/"):
        page = lxml.html.fromstring(files[url + "index.html"])
        targets = {
            " ".join(link.text_content().split()): posixpath.normpath(
                posixpath.join(url, link.get("href", ""))
            )
            for link in page.cssselect("nav.md-nav--primary a.md-nav__link[href]")
        }
        assert targets["检查规则"] == "rules", url
        assert targets["按年度"] == "years", url


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    """Which file each path is, and when it was last written."""
    found = {}
    for path in site.rglob("*"):
        if path.is_file():
            status = path.stat()
            found[path.relative_to(site).as_posix()] = (status.st_ino, status.st_mtime_ns)
    return found


def test_a_build_writes_only_what_changed_and_removes_what_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    (tmp_path / "a").mkdir()
    towns = {f"2024/fazhi/t{n}.md": report(f"青山县第{n}镇人民政府", "township") for n in range(3)}
    project = make_project(tmp_path / "a", towns)
    (project / "docs/old").mkdir()
    (project / "docs/old/note.txt").write_text("旧文件", encoding="utf-8")
    site = project / "site"
    cold = build(project)
    first = stamps(site)
    assert build(project) == cold  # against a shadow tree of hard links to the first site
    # The shadow tree is now the first build's site: nothing changed, so nothing is written.
    assert build(project) == cold
    assert stamps(site) == first

    edited = project / "reports/2024/fazhi/t1.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    shutil.rmtree(project / "docs/old")
    before, behind = stamps(site), stamps(project / ".site.shadow")
    after = build(project)
    (tmp_path / "b").mkdir()
    same = {
        p.relative_to(project / "reports").as_posix(): p.read_bytes()
        for p in project.glob("reports/**/*.md")
    }
    assert build(make_project(tmp_path / "b", same)) == after
    assert "old/note.txt" in cold
    assert not (site / "old").exists()
    now = stamps(site)
    # The shadow tree was brought up to date and swapped in: only what changed was written.
    rewritten = {path for path in now if now[path] != behind.get(path)}
    changed = {path for path in after if after[path] != cold.get(path)}
    assert "2024/fazhi/青山县第1镇人民政府/index.html" in rewritten
    assert rewritten == changed
    assert len(rewritten) < len(after) / 2
    # The site of the build before is the shadow tree now, and nothing else is left beside.
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == [
        ".site.shadow"
    ]
    assert stamps(project / ".site.shadow") == before


def test_an_unchanged_search_index_is_kept_and_a_damaged_one_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    project = make_project(tmp_path, {"2024/fazhi/a.md": report(body=FOOTNOTE)})
    kept_index = "gongkai: 搜索索引的内容没有变化，沿用上一次生成的文件"
    cold = build(project)
    # The shadow tree starts as hard links to the first site, index included.
    result = run_mkdocs(project, "--verbose")
    assert result.returncode == 0, result.stderr
    assert kept_index in result.stderr
    assert tree(project / "site") == cold
    # Never trusted: a shard that differs from what was recorded, in the shadow tree and in
    # the site (hard links to one file), is not kept; the index is made whole.
    shard = project / ".site.shadow/search-index/s/0.bin"
    shard.write_bytes(shard.read_bytes() + b" ")
    result = run_mkdocs(project, "--verbose")
    assert result.returncode == 0, result.stderr
    assert kept_index not in result.stderr
    assert tree(project / "site") == cold
    # A changed document makes the index again.
    edited = project / "reports/2024/fazhi/a.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    result = run_mkdocs(project, "--verbose")
    assert kept_index not in result.stderr
    assert tree(project / "site") != cold


def index_files(site: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in site.items() if path.startswith("search-index/")}


def cold_build_of(project: Path, where: Path) -> dict[str, bytes]:
    """A cold build, in a new project under `where`, of the reports `project` has now."""
    where.mkdir()
    reports = project / "reports"
    now: dict[str, str | bytes] = {
        p.relative_to(reports).as_posix(): p.read_bytes() for p in reports.glob("**/*.md")
    }
    return build(make_project(where, now))


def test_after_an_edit_the_search_index_counts_that_report_only_and_is_as_if_cold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    four = dict(list(reports().items())[:4])
    project = make_project(tmp_path, four)
    first = build(project)
    record = _state_key(code_digest())
    counted = kept(project, "search-terms")
    assert record in counted  # beside each document's counted terms
    assert len(counted) - 1 == json.loads(first["search-index/manifest.json"])["docs"] == 4
    edited = project / "reports/2024/fazhi/t1.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    # The shadow tree of the next build starts as hard links to this site.
    before = stamps(project / "site")
    result = run_mkdocs(project, "--verbose")
    assert result.returncode == 0, result.stderr
    assert "gongkai: 搜索索引只改写了 1 份有变化的文档涉及的文件" in result.stderr
    after = tree(project / "site")
    recounted = kept(project, "search-terms")
    # Only the edited report was counted again; the entry of its old text, read to patch
    # the index, is kept this once.
    assert len(recounted.keys() - counted.keys()) == 1
    assert counted.keys() <= recounted.keys()
    cold = cold_build_of(project, tmp_path / "cold")
    assert index_files(after) == index_files(cold) != index_files(first)
    # The index files whose bytes did not change were not written again.
    now = stamps(project / "site")
    rewritten = {path for path in index_files(after) if now[path] != before.get(path)}
    assert rewritten == {path for path in index_files(after) if after[path] != first.get(path)}
    assert "search-index/d/0.bin" not in rewritten

    # Damaged entries (one that does not inflate, one that is not a counted document) are
    # counted again; the index is made whole without the record of the last one. The entry
    # of the edited report's old text is not read any more, and is gone.
    pack = project / ".gongkai-cache/build/publish/search-terms.pack"
    entries = parse(pack.read_bytes())
    damaged = BuildCache(pack, entries)
    keys = sorted(entries.keys() - {record})
    damaged.kept = {**entries, keys[0]: b"not zlib", keys[1]: zlib.compress(b"\0" * 5)}
    del damaged.kept[record]
    damaged.save()
    assert index_files(build(project)) == index_files(cold)
    now_kept = kept(project, "search-terms")
    gone = recounted.keys() - now_kept.keys()
    assert len(gone) == 1 and gone < counted.keys()
    assert now_kept.keys() == recounted.keys() - gone
    assert {k: v for k, v in now_kept.items() if k != record} == {
        k: v for k, v in recounted.items() if k not in gone | {record}
    }
