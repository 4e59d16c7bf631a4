"""The pages of docs/ are rendered once, kept by the process and in the build cache for the
next one: a kept rendering is exactly MkDocs' own, and is used only while the page's Markdown
and place, the Markdown settings and every file it looked up are as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from gongkai.site import docpages, mdfast
from gongkai.site.buildcache import BuildCache
from gongkai.site.docpages import KeptPage, keep_rendering, trusted
from gongkai.site.prerender import fingerprint

GUIDE = "# 指南\n\n## 一、写法\n\n见[规则](../rules/GK001.md#说明)和[首页](../index.md)。正文[^1]。\n\n[^1]: 注释。\n"


@pytest.fixture
def config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: 指南\n", encoding="utf-8")
    extensions = ["toc", "footnotes", "attr_list"]
    return load_config(str(tmp_path / "mkdocs.yml"), markdown_extensions=extensions)


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docpages, "_KEPT", {})


def site(config: MkDocsConfig, *names: str, excluded: str = "") -> Files:
    files = Files([])
    for name in names:
        inclusion = InclusionLevel.EXCLUDED if name == excluded else InclusionLevel.UNDEFINED
        files.append(
            File(
                name,
                src_dir=config.docs_dir,
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
                inclusion=inclusion,
            )
        )
    return files


def rendered(
    config: MkDocsConfig,
    files: Files,
    markdown: str,
    kept: bool,
    cache: BuildCache | None = None,
) -> tuple[Page, int]:
    """The guide rendered as a build renders it; and how many times Markdown ran."""
    page = Page("指南", files.get_file_from_path("guide/index.md"), config)  # type: ignore[arg-type]
    if kept:
        keep_rendering(files, fingerprint(config), cache)
        assert type(page) is KeptPage and page.title == "指南"
    page.markdown = markdown
    runs = 0
    # A page of MkDocs' own renders with `Page.render`, a kept one with `mdfast.render`.
    convert, quick = Page.render, mdfast.render

    def counted(self: Page, config: MkDocsConfig, files: Files) -> None:
        nonlocal runs
        runs += 1
        convert(self, config, files)

    def counted_quick(page: Page, config: MkDocsConfig, files: Files) -> None:
        nonlocal runs
        runs += 1
        quick(page, config, files)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Page, "render", counted)
        patch.setattr(mdfast, "render", counted_quick)
        page.render(config, files)
    return page, runs


def same(a: Page, b: Page) -> None:
    assert a.content == b.content
    assert [(t.id, t.title, t.level) for t in a.toc] == [(t.id, t.title, t.level) for t in b.toc]
    assert a.title == b.title
    assert a.present_anchor_ids == b.present_anchor_ids
    assert links(a) == links(b)


def links(page: Page) -> dict[str, dict[str, str]]:
    # By source name: two builds' File objects are not equal dictionary keys.
    return {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()}


def test_a_kept_rendering_is_mkdocs_own_while_nothing_it_used_changed(
    config: MkDocsConfig,
) -> None:
    names = ("guide/index.md", "rules/GK001.md", "index.md")
    first, runs = rendered(config, site(config, *names), GUIDE, kept=True)
    assert runs == 1
    again, runs = rendered(config, site(config, *names), GUIDE, kept=True)
    assert runs == 0
    plain, _ = rendered(config, site(config, *names), GUIDE, kept=False)
    same(again, plain)
    same(first, plain)
    # Its links to anchors name this build's files, for MkDocs' check after the build.
    files = site(config, *names)
    again, _ = rendered(config, files, GUIDE, kept=True)
    targets = list(again.links_to_anchors or {})
    assert {f.src_uri for f in targets} == {"guide/index.md", "rules/GK001.md"}
    assert all(f is files.get_file_from_path(f.src_uri) for f in targets)


@pytest.mark.parametrize(
    "change",
    ["markdown", "a linked page is gone", "a linked page is excluded", "the page moved"],
)
def test_anything_the_rendering_used_that_changed_renders_it_again(
    config: MkDocsConfig, change: str
) -> None:
    names = ["guide/index.md", "rules/GK001.md", "index.md"]
    rendered(config, site(config, *names), GUIDE, kept=True)
    markdown, excluded = GUIDE, ""
    if change == "markdown":
        markdown = GUIDE + "\n新增一段。\n"
    elif change == "a linked page is gone":
        names.remove("rules/GK001.md")
    elif change == "a linked page is excluded":
        excluded = "rules/GK001.md"
    else:
        config.use_directory_urls = False
    files = site(config, *names, excluded=excluded)
    page, runs = rendered(config, files, markdown, kept=True)
    assert runs == 1
    plain, _ = rendered(config, site(config, *names, excluded=excluded), markdown, kept=False)
    same(page, plain)


@pytest.mark.parametrize("damaged", [False, True])
def test_a_rendering_is_kept_in_the_build_cache_for_the_next_process(
    config: MkDocsConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damaged: bool
) -> None:
    names = ("guide/index.md", "rules/GK001.md", "index.md")
    cache = BuildCache.open(tmp_path, "publish", "docs")
    _page, runs = rendered(config, site(config, *names), GUIDE, kept=True, cache=cache)
    assert runs == 1
    if damaged:  # whole as far as its CRC tells, but not an entry
        for key in list(cache.kept):
            cache.write(key, b'{"key": "x", "answers": [["a", [1, 2, 3]]]}')
    cache.save()
    monkeypatch.setattr(docpages, "_KEPT", {})  # the next build process
    cache = BuildCache.open(tmp_path, "publish", "docs")
    again, runs = rendered(config, site(config, *names), GUIDE, kept=True, cache=cache)
    assert runs == (1 if damaged else 0)
    plain, _ = rendered(config, site(config, *names), GUIDE, kept=False)
    same(again, plain)
    cache.save()
    monkeypatch.setattr(docpages, "_KEPT", {})
    cache = BuildCache.open(tmp_path, "publish", "docs")
    changed, runs = rendered(config, site(config, *names), GUIDE + "\n新增。\n", True, cache)
    assert runs == 1
    assert "新增" in (changed.content or "")


def test_a_rendering_that_logged_is_not_kept(config: MkDocsConfig) -> None:
    """Its warning (here a broken link) is then shown on every rebuild."""
    files = ("guide/index.md", "index.md")
    rendered(config, site(config, *files), GUIDE, kept=True)
    _page, runs = rendered(config, site(config, *files), GUIDE, kept=True)
    assert runs == 1


def test_only_extensions_whose_output_the_key_covers_are_trusted(config: MkDocsConfig) -> None:
    assert trusted(config)
    config.markdown_extensions.append("pymdownx.snippets")
    assert not trusted(config)
