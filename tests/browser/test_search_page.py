"""The search page in headless Chromium over an index of the real reports: it ranks exactly as
the Python reference, downloads exactly what the reference predicts for a cold query, escapes
report text and never searches the pinyin an input method is still composing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from gongkai.site.search import SearchDoc, search_page_html, write_index
from gongkai.site.search.query import cold_files, run, search
from search.quality import load_query_set, quality
from search.test_search_index import doc

from .harness import Serve

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Request

pytestmark = pytest.mark.browser
STATIC = Path(__file__).resolve().parents[2] / "src" / "gongkai" / "site" / "static"
TARGET = 0.95


def publish(index_dir: Path) -> Path:
    """A site around the index: /search/ (the index), /assets/ and the page /find/."""
    site = index_dir.parent
    (site / "assets").mkdir(exist_ok=True)
    for name in ("search.js", "search.css"):
        shutil.copy(STATIC / name, site / "assets" / name)
    (site / "find").mkdir(exist_ok=True)
    body = search_page_html("../search/", "../assets/search.js", "../assets/search.css")
    (site / "find" / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索</title>'
        # No favicon: its 404 would be the one console error on the page.
        '<link rel="icon" href="data:,"></head>'
        f"<body><h1>搜索</h1>{body}</body></html>",
        encoding="utf-8",
    )
    return site


class Visit:
    """One search page in the browser, recording every request and every script error."""

    def __init__(self, context: BrowserContext, origin: str, query: str = "") -> None:
        self.origin = origin.rstrip("/")
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page: Page = context.new_page()
        self.page.on("request", self._record)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.goto(f"{self.origin}/find/" + (f"?q={query}" if query else ""))

    def _record(self, request: Request) -> None:
        self.requests.append(request.url)

    def settled(self, query: str) -> None:
        self.page.wait_for_function(
            "q => { const box = document.querySelector('.gk-search');"
            " return box.dataset.state === 'done' && box.dataset.query === q; }",
            arg=query,
        )

    def type(self, query: str) -> list[str]:
        box = self.page.locator("#gk-search-q")
        box.fill("")
        box.press_sequentially(query)
        self.settled(query)
        return self.results()

    def results(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all(
            "#gk-search-results li a", "links => links.map(a => a.href)"
        )
        return [unquote(urlsplit(h).path).removeprefix("/") for h in hrefs]

    def status(self) -> str:
        return self.page.locator("#gk-search-status").inner_text()

    def index_files(self) -> list[str]:
        prefix = f"{self.origin}/search/"
        return [
            urlsplit(u).path.removeprefix("/search/") for u in self.requests if u.startswith(prefix)
        ]

    def close(self) -> None:
        self.page.close()
        assert self.errors == []
        assert [u for u in self.requests if not u.startswith(self.origin + "/")] == []


def test_browser_quality(
    browser_context: BrowserContext, serve: Serve, corpus: list[SearchDoc], corpus_index: Path
) -> None:
    query_set = load_query_set()
    browser = browser_context
    origin = serve(publish(corpus_index))

    # A cold page opened with ?q= downloads exactly what the reference says a cold query does.
    first = query_set.queries[0]
    visit = Visit(browser, origin, first)
    visit.settled(first)
    assert sorted(visit.index_files()) == sorted(cold_files(corpus_index, first))
    visit.close()

    visit = Visit(browser, origin)
    ranked = {q: visit.type(q) for q in query_set.queries}
    for query, urls in ranked.items():
        assert urls == [h.url for h in search(corpus_index, query)], query
    measured = quality(corpus, ranked)
    assert measured.mrr >= TARGET, measured
    assert measured.recall >= TARGET, measured

    for query in query_set.absent:
        assert visit.type(query) == []
        assert visit.status() == f"没有找到包含“{query}”的报告"

    query = "行政复议"
    visit.type(query)
    assert visit.status() == f"找到 {run(corpus_index, query).total} 篇报告"
    assert urlsplit(visit.page.url).query == "q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE"
    visit.page.select_option("#gk-search-year", "2024")
    visit.page.wait_for_function("() => location.search.includes('year=2024')")
    visit.settled(query)
    assert visit.results() == [h.url for h in search(corpus_index, query, {"year": "2024"})]
    assert visit.status().endswith("（已按筛选条件）")
    visit.close()


def test_browser_escapes_report_text_and_handles_ime(
    browser_context: BrowserContext, serve: Serve, tmp_path: Path
) -> None:
    browser = browser_context
    hostile = '<img src=x onerror="window.pwned=1">'
    write_index(
        [
            doc("a/", f"{hostile}依法办理行政复议案件\u200b。", title=f"报告{hostile}"),
            doc("b/", "行政复议" + "其他内容。" * 100 + "行政复议"),
        ],
        tmp_path / "search",
    )
    visit = Visit(browser, serve(publish(tmp_path / "search")))
    page = visit.page
    assert visit.type("行政复议") == ["a/", "b/"]
    assert page.evaluate("window.pwned") is None
    assert page.locator("#gk-search-results img").count() == 0
    assert page.locator("#gk-search-results a").first.inner_text() == f"报告{hostile}"
    # One mark each: b/'s second 行政复议 lies beyond its snippet.
    assert page.locator("#gk-search-results mark").all_inner_texts() == ["行政复议"] * 2
    snippets = page.locator(".gk-search__snippet").all_inner_texts()
    assert not any("\u200b" in s for s in snippets)

    # While an input method composes, the box holds pinyin: no search may use it, not even
    # one that was already waiting when the composition began.
    state = "(() => { const d = document.querySelector('.gk-search').dataset; return [d.state, d.query]; })()"
    page.locator("#gk-search-q").fill("")
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Input.imeSetComposition", {"text": "xingzheng", "selectionStart": 9, "selectionEnd": 9}
    )
    page.wait_for_timeout(400)
    assert page.evaluate(state) == ["done", "行政复议"]
    cdp.send("Input.insertText", {"text": "行政"})
    visit.settled("行政")
    assert visit.results() == ["a/", "b/"]
    visit.close()
