"""Headless-Chromium harness for the browser tests.

Fixtures:

- `serve(directory) -> base_url`: serves a directory over HTTP on 127.0.0.1 (random port) for
  the rest of the session.
- `page`: a fresh Playwright page in its own browser context. Every request and console error
  is recorded in `page_log`; a request to any host other than a `serve()` server is blocked and,
  like a console error or an uncaught exception, fails the test after its body has run.
- `browser_context` and `page_log`, for a test that expects a page to misbehave: open pages
  with `browser_context.new_page()`, call `harness.watch(page, page_log)`, and assert on
  `page_log` yourself (other hosts are still blocked and recorded).

The browser is Debian's `/usr/bin/chromium`, never a Playwright download. Without it (or without
the `playwright` package) the tests are skipped locally, but fail when `CI` is set, so CI can
never pass by silently skipping them.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .harness import CHROMIUM, CHROMIUM_ARGS, PageLog, QuietHandler, Serve, unavailable, watch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route


@dataclass
class _Servers:
    origins: set[str] = field(default_factory=set)
    running: list[http.server.ThreadingHTTPServer] = field(default_factory=list)


@pytest.fixture(scope="session")
def _servers() -> Iterator[_Servers]:
    servers = _Servers()
    yield servers
    for server in servers.running:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def serve(_servers: _Servers) -> Serve:
    """`serve(directory)` starts a threaded static server and returns its base URL (ending
    in "/"). Servers stop at the end of the session."""

    def start(directory: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        _servers.running.append(server)
        origin = f"127.0.0.1:{server.server_address[1]}"
        _servers.origins.add(origin)
        return f"http://{origin}/"

    return start


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The session's Chromium, with a fresh profile directory of Playwright's making."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install playwright==1.65.2)")
    if shutil.which(CHROMIUM) is None:
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        # Playwright's launch() refuses --user-data-dir and creates a new, empty profile in a
        # temporary directory for every launch, which is what we want; per-test isolation
        # comes from a new context per test.
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield instance
        instance.close()


@pytest.fixture
def page_log(_servers: _Servers) -> PageLog:
    return PageLog(allowed_origins=_servers.origins)


@pytest.fixture
def browser_context(browser: Browser, page_log: PageLog) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-CN", service_workers="block")

    def route(route: Route) -> None:
        url = route.request.url
        page_log.requests.append(url)
        if page_log.is_external(url):
            page_log.external.append(url)
            # Abort instead of letting it time out on an offline network.
            route.abort("blockedbyclient")
        else:
            route.continue_()

    # Routing the whole context also catches requests made by dedicated workers.
    context.route("**/*", route)
    yield context
    context.close()


@pytest.fixture
def page(browser_context: BrowserContext, page_log: PageLog) -> Page:
    new_page = browser_context.new_page()
    watch(new_page, page_log)
    return new_page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail (not error) a test whose page reached another host or logged an error, checked
    after the body so the test's own assertions are reported first."""
    result = yield
    log = getattr(item, "funcargs", {}).get("page_log")
    if isinstance(log, PageLog) and "page" in getattr(item, "fixturenames", ()):
        problems = log.problems()
        if problems:
            pytest.fail("\n".join(["the page misbehaved:", *problems]), pytrace=False)
    return result
