"""The Content-Security-Policy from gongkai.site.offline, in Chromium, on a small
mkdocs-material site: the theme (inline scripts, search worker, CSS icons) works under it, and
a script that slipped into page content does not run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from gongkai.site.offline import (
    apply_content_security_policy,
    find_external_fetches,
    neutralise_theme_bundle,
)

from .harness import PageLog, Serve, watch

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser

MKDOCS_YML = """\
site_name: 示例
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
"""
INDEX = """\
# 法治政府建设

规则 GK101 的说明。

| 项目 | 数量 |
| :--: | ---: |
| 行政复议 | 3 |
"""
INJECTED = """\
# 粘贴的内容

<script>window.injected = true</script>
"""
# Collects CSP violations from the first moment of every document; init scripts are injected
# through the DevTools protocol, which the policy does not govern.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));
"""


@pytest.fixture(scope="module")
def material_site(tmp_path_factory: pytest.TempPathFactory, serve: Serve) -> str:
    project = tmp_path_factory.mktemp("material")
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (project / "docs" / "injected").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    (project / "docs" / "injected" / "index.md").write_text(INJECTED, encoding="utf-8")
    subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--quiet"],
        cwd=project,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    site = project / "site"
    assert len(neutralise_theme_bundle(site)) == 5
    apply_content_security_policy(site)
    assert find_external_fetches(site) == []
    return serve(site)


def test_theme_works_under_the_policy(material_site: str, page: Page, page_log: PageLog) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(material_site)
    # The theme's inline scripts ran (they define __md_get) and its bundle started.
    assert page.evaluate("typeof __md_get") == "function"
    assert page.locator("html.js").count() == 1
    # Markdown's alignment is an inline style= attribute, which the policy allows.
    cell = page.locator("td", has_text="3")
    assert cell.evaluate("e => getComputedStyle(e).textAlign") == "right"
    # Search runs in a web worker loaded from the site and fetches the index from it. The theme
    # searches on key release, which typed ASCII produces (fill() and CJK input do not).
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("GK101")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert page.evaluate("window.cspViolations") == []
    assert page_log.problems() == []


def test_script_in_page_content_is_refused(
    material_site: str, browser_context: BrowserContext, page_log: PageLog
) -> None:
    page = browser_context.new_page()
    watch(page, page_log)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(material_site + "injected/")
    assert page.evaluate("typeof __md_get") == "function"
    assert page.evaluate("window.injected") is None
    assert page.evaluate("window.cspViolations") == ["script-src-elem inline"]
    assert page_log.external == []
    assert [e for e in page_log.console_errors if "Content Security Policy" in e] != []
