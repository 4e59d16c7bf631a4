"""The real site, built once from the repository's sample reports (one of them made late) and
registry, in headless Chromium: nothing is fetched from another host, nothing logs an error, the
pages are Chinese (zh-CN, drawn in a CJK font), accessible to axe-core, and the dashboard shows
who published on time, late or not at all."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest

from gongkai.site.urls import issuer_url, report_url, year_url
from sitebuild import ROOT, build_site

from .axe import assert_accessible
from .harness import PageLog, Serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

COUNTY, TOWN, NORTH_HILL = "示例县人民政府", "示例县示例镇人民政府", "示例县北山镇人民政府"
# The sample reports are all on time; here the town's 2023 report comes out after the
# 31 March deadline instead. The deadline rule would (rightly) fail the build, so it is switched
# off for this site.
LATE_REPORT = "2023/fazhi/shili-xian-shili-zhen.md"
LATE_DATE = "2024-04-18"
CONFIG = "rules:\n  deadline-missed: off\n"

HOME = ""
REPORT = report_url(2024, "fazhi", COUNTY)
DASHBOARD = "dashboard/"
SEARCH = "search/"
LISTING = year_url(2024)
ISSUER = issuer_url(TOWN)


def _reports() -> dict[str, str | bytes]:
    reports: dict[str, str | bytes] = {
        path.relative_to(ROOT / "reports").as_posix(): path.read_bytes()
        for path in (ROOT / "reports").rglob("*.md")
    }
    text = (ROOT / "reports" / LATE_REPORT).read_text(encoding="utf-8")
    reports[LATE_REPORT], count = re.subn(r"(?m)^published: .*$", f"published: {LATE_DATE}", text)
    assert count == 1
    return reports


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve: Serve) -> str:
    registry = (ROOT / "registry.yml").read_text(encoding="utf-8")
    built = build_site(tmp_path_factory.mktemp("site"), _reports(), registry, CONFIG)
    return serve(built)


@pytest.mark.parametrize(
    "path", [HOME, REPORT, DASHBOARD, SEARCH, LISTING, ISSUER], ids=lambda p: p or "home"
)
def test_page_loads_cleanly_from_the_site_alone(
    site: str, page: Page, page_log: PageLog, path: str
) -> None:
    response = page.goto(site + path)
    assert response is not None
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").count() == 1
    # The `page` fixture fails the test on any request to another host or console error;
    # checked here too so that the reason shows next to the page it belongs to.
    assert page_log.problems() == []


@pytest.mark.parametrize("path", [HOME, REPORT, DASHBOARD], ids=["home", "report", "dashboard"])
def test_no_serious_accessibility_violation(site: str, page: Page, path: str) -> None:
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert_accessible(page)


def test_chinese_is_drawn_in_a_cjk_font(site: str, page: Page) -> None:
    """Without a CJK system font (Debian: fonts-noto-cjk) Chinese comes out as empty boxes,
    and axe cannot tell."""
    page.goto(site + DASHBOARD)
    session = page.context.new_cdp_session(page)
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    heading = session.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    session.send("CSS.enable")
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
    families = [font["familyName"] for font in fonts]
    assert families, "the heading was not drawn"
    cjk = re.compile(r"CJK|Source Han|Hei|PingFang|WenQuanYi|Song|Ming", re.IGNORECASE)
    assert all(cjk.search(family) for family in families), families


def _states(page: Page, section: str) -> dict[str, str]:
    """Issuer → the state class of its badge (gk-on-time, gk-late, gk-missing, …) in the
    dashboard table that follows the heading `section`. The badge's wording may change; the
    class is what styles it."""
    # The theme's script wraps each table in scrolling <div>s, so "h2 + table" no longer holds.
    rows = page.locator(f"xpath=//h2[@id='{section}']/following::table[1]/tbody/tr")
    states = {}
    for row in rows.all():
        classes = (row.locator(".gk-badge").get_attribute("class") or "").split()
        states[row.locator("th").inner_text().strip()] = " ".join(
            c for c in classes if c != "gk-badge"
        )
    return states


def test_dashboard_shows_on_time_late_and_missing(site: str, page: Page) -> None:
    page.goto(site + DASHBOARD)
    assert _states(page, "fazhi-2024") == {
        COUNTY: "gk-on-time",
        NORTH_HILL: "gk-missing",
        TOWN: "gk-on-time",
    }
    assert _states(page, "fazhi-2023") == {
        COUNTY: "gk-missing",
        NORTH_HILL: "gk-missing",
        TOWN: "gk-late",
    }
    table = page.locator("xpath=//h2[@id='fazhi-2023']/following::table[1]")
    row = table.locator("tbody tr", has_text=TOWN)
    assert "逾期" in row.locator(".gk-badge").inner_text()
    # A published state links to the report it is about.
    row.locator("td a").click()
    page.wait_for_load_state()
    assert unquote(page.url) == site + report_url(2023, "fazhi", TOWN)


def test_search_finds_a_report_offline(site: str, page: Page) -> None:
    page.goto(site + SEARCH)
    box = page.locator("#gk-search-q")
    box.fill("法治政府")
    box.press("Enter")
    first = page.locator("#gk-search-results li a").first
    first.wait_for(timeout=10_000)
    assert "法治政府" in page.locator("#gk-search-results").inner_text()
