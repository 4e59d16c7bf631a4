"""The harness itself: it serves files, sees requests to other hosts (from pages and from
workers) and console errors, and a clean page passes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .harness import PageLog, Serve, watch

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser


def test_clean_page_passes(tmp_path: Path, serve: Serve, page: Page, page_log: PageLog) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>示例</title><p>你好</p></html>',
        encoding="utf-8",
    )
    base = serve(tmp_path)
    page.goto(base)
    assert page.locator("p").inner_text() == "你好"
    assert page_log.requests == [base]
    assert page_log.problems() == []


def test_external_requests_and_errors_are_recorded(
    tmp_path: Path, serve: Serve, browser_context: BrowserContext, page_log: PageLog
) -> None:
    (tmp_path / "worker.js").write_text(
        "fetch('https://cdn.example.org/from-worker.js').catch(() => {});", encoding="utf-8"
    )
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><title>t</title>"
        '<img src="//images.example.net/a.png" alt="">'
        "<script>new Worker('worker.js'); console.error('boom');</script></html>",
        encoding="utf-8",
    )
    page = browser_context.new_page()
    watch(page, page_log)
    page.goto(serve(tmp_path))
    # The worker starts after the page's load event; give its request time to be routed.
    for _ in range(50):
        if len(page_log.external) == 2:
            break
        page.wait_for_timeout(100)
    assert sorted(page_log.external) == [
        "http://images.example.net/a.png",
        "https://cdn.example.org/from-worker.js",
    ]
    assert any(error.startswith("boom (") for error in page_log.console_errors)
    assert len(page_log.problems()) == len(page_log.external) + len(page_log.console_errors)
