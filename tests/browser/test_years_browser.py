"""The three-year site (yearsite.py) in headless Chromium: the issuer page with its charts and
the compare page at phone (390 px) and desktop (1280 px) widths, screenshot, no sideways
scrolling of the page as a whole on a phone, and no serious axe-core violation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from gongkai.site.urls import compare_url, issuer_url, report_url
from yearsite import COUNTY, build

from .axe import assert_accessible
from .harness import Serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 390, 1280
ISSUER = issuer_url(COUNTY)
COMPARE = compare_url(2024, "xxgk", COUNTY)
REPORT = report_url(2024, "xxgk", COUNTY)
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve: Serve) -> str:
    return serve(build(tmp_path_factory.mktemp("years")))


def _open(page: Page, url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")


def _fits(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide at {widths[1]} px"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("path", [ISSUER, COMPARE], ids=["issuer", "compare"])
def test_screenshot_width_and_axe(
    site: str, page: Page, tmp_path: Path, path: str, width: int
) -> None:
    _open(page, site + path, width)
    shot = tmp_path / f"{'compare' if path == COMPARE else 'issuer'}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(PNG) and len(data) > 1000
    if width == PHONE:
        _fits(page)
    assert_accessible(page)


def test_the_xxgk_report_page_fits_a_phone(site: str, page: Page) -> None:
    _open(page, site + REPORT, PHONE)
    _fits(page)
    assert page.locator("table").count() >= 3
