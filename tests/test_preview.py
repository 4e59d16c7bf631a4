"""The editor's preview: findings on the page next to what they are about, drafts included,
rebuilt on save by `mkdocs serve`; the published build is unaffected."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import html as lxml_html

from gongkai.config import Config
from gongkai.model.loader import load_report
from gongkai.site.collect import collect
from gongkai.site.preview import Note, place

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitebuild import make_project, report, run_mkdocs

DRAFT = report(
    "青山县东湖镇人民政府",
    "township",
    extra="status: draft\n",
    body="本镇XX村完成了任务。\n\n```text\n代码块里\n\n空一行\n```\n",
)
REPORTS = {"2024/fazhi/qingshan.md": report(), "2024/fazhi/donghu.md": DRAFT}


def _note(line: int) -> Note:
    return Note(line, 1, "error", f"第{line}行的问题", "GK402")


def test_notes_go_before_their_block_and_front_matter_notes_into_the_panel() -> None:
    text = "---\ntitle: x\n---\n\n第一段\n接着第一段\n\n```text\n一\n\n二\n```\n## 标题\n正文\n"
    loaded = load_report("a.md", text.encode())
    placed = place(loaded, [_note(2), _note(6), _note(11), _note(13), _note(14)], "a/", "zh")
    lines = text.split("\n")
    at = {loaded.source.position(offset)[0]: html for offset, html in placed.insertions}  # type: ignore[union-attr]
    assert sorted(at) == [5, 8, 13]
    assert "第6行" in at[5]  # inside a paragraph: before the paragraph
    assert "第11行" in at[8] and lines[7] == "```text"  # inside a fence: before the fence
    assert "第13行" in at[13] and "第14行" in at[13]  # a heading starts a block
    assert "第2行" in placed.panel and "第6行" not in placed.panel
    assert 'href="../rules/GK402/"' in at[5]


def test_collect_in_preview_keeps_drafts_and_places_findings(tmp_path: Path) -> None:
    project = make_project(tmp_path, REPORTS)
    os.chdir(project)
    published = collect(project, Config(), use_cache=False)
    assert [r.path for r in published.reports] == ["reports/2024/fazhi/qingshan.md"]
    assert published.previews == []
    assert "gk-finding" not in "".join(published.bodies.values())
    preview = collect(project, Config(), use_cache=False, preview=True)
    assert [r.path for r in preview.reports] == ["reports/2024/fazhi/qingshan.md"]
    (draft,) = preview.previews
    assert draft.url == "2024/fazhi/青山县东湖镇人民政府/"
    assert draft.reason == "有 1 个错误，改正前不会发布"
    before, after = draft.body.split("本镇XX村完成了任务。")
    assert "GK402" in before and "“XX”" in before and "GK402" not in after


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(params=[(), ("--clean",)], ids=["serve", "serve-clean"])
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str]]:
    project = make_project(tmp_path, REPORTS)
    port = _free_port()
    mkdocs = Path(sys.executable).with_name("mkdocs")
    process = subprocess.Popen(
        # `--clean` tells the hooks it is a build, yet serves from its own directory.
        [str(mkdocs), "serve", *request.param, "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/gongkai/"
    try:
        yield project, base
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()


def _fetch(url: str, *, until: str | None = None, absent: str | None = None) -> str:
    """The page, once it exists (and contains `until` / lacks `absent`); serve rebuilds
    in the background."""
    deadline = time.monotonic() + 90
    page = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                page = response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            page = ""
        if page and (until is None or until in page) and (absent is None or absent not in page):
            return page
        time.sleep(0.5)
    raise AssertionError(f"{url} did not become ready; last content: {page[:300]!r}")


@pytest.mark.site
def test_serve_shows_findings_on_the_page_and_rebuilds_on_save(
    served: tuple[Path, str],
) -> None:
    project, base = served
    url = base + quote("2024/fazhi/青山县东湖镇人民政府/")
    page = _fetch(url, until="gk-finding")
    tree = lxml_html.fromstring(page)
    finding = tree.xpath('//div[contains(concat(" ", @class, " "), " gk-finding ")]')[0]
    following = finding.xpath("following-sibling::p[1]")[0].text_content()
    assert following == "本镇XX村完成了任务。"
    assert "“XX”是模板中的占位内容" in finding.text_content()
    assert "GK402" in finding.xpath(".//a/@href")[0]
    assert "预览" in tree.xpath('//div[contains(@class, "gk-preview")]')[0].text_content()
    index = _fetch(base + "preview/", until="donghu.md")
    assert "不会发布" in index

    source = project / "reports/2024/fazhi/donghu.md"
    source.write_text(source.read_text(encoding="utf-8").replace("XX村", "青石村"), "utf-8")
    page = _fetch(url, until="青石村", absent="“XX”")
    assert "本镇青石村完成了任务。" in page


@pytest.mark.site
def test_serve_shows_every_save_and_leaves_nothing_behind(tmp_path: Path) -> None:
    """Rebuilds write only what changed and swap it in: a save back to an earlier text
    shows that text again, and a stopped server leaves no tree beside its own."""
    project = make_project(tmp_path, REPORTS)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("mkdocs")), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)},
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/gongkai/" + quote("2024/fazhi/青山县东湖镇人民政府/")
        _fetch(url, until="“XX”")
        # Linked while the server started, not on the first save, which would wait for it.
        (shadow,) = (p for p in temporary.iterdir() if p.name.endswith(".shadow"))
        served = shadow.with_name(shadow.name.removeprefix(".").removesuffix(".shadow"))
        assert (shadow / "index.html").stat().st_ino == (served / "index.html").stat().st_ino
        source = project / "reports/2024/fazhi/donghu.md"
        original = source.read_text(encoding="utf-8")
        for text in ("青石村", "白石村"):
            source.write_text(original.replace("XX村", text), "utf-8")
            assert "GK402" not in _fetch(url, until=f"本镇{text}完成了任务。")
        source.write_text(original, "utf-8")
        assert "本镇XX村完成了任务。" in _fetch(url, until="“XX”")
        assert [p.name for p in temporary.iterdir() if p.name.startswith(".mkdocs_")] != []
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl-C: serve stops and cleans up
        process.wait(timeout=60)
    assert list(temporary.iterdir()) == []


@pytest.mark.site
def test_the_published_build_still_leaves_drafts_out(tmp_path: Path) -> None:
    project = make_project(tmp_path, REPORTS)
    result = run_mkdocs(project)
    assert result.returncode == 1  # the draft's placeholder is an error
    assert not (project / "site").exists()


def test_a_report_edited_after_its_check_is_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gongkai.site.collect as collect_module

    project = make_project(tmp_path, {"2024/fazhi/qingshan.md": report()})
    os.chdir(project)
    checked = collect_module.check_paths

    def check_then_edit(*args: object, **kwargs: object) -> object:
        results = checked(*args, **kwargs)  # type: ignore[arg-type]
        source = project / "reports/2024/fazhi/qingshan.md"
        source.write_text(source.read_text(encoding="utf-8") + "\n<script>未检查</script>\n")
        return results

    monkeypatch.setattr(collect_module, "check_paths", check_then_edit)
    collection = collect(project, Config(), use_cache=False)
    assert collection.reports == []
    assert collection.failed
    (problem,) = collection.problems
    assert (problem.path, problem.line, problem.severity) == (
        "reports/2024/fazhi/qingshan.md",
        1,
        "error",
    )
    assert "报告在检查之后被修改" in problem.message
