"""Types and settings shared by the browser harness (`conftest.py`) and the browser tests."""

from __future__ import annotations

import http.server
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page

CHROMIUM = Path("/usr/bin/chromium")
# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The rest keep the
# browser from talking to Google by itself, so the only traffic is what the page asks for.
# --disable-dev-shm-usage: containers often mount a 64 MB /dev/shm, too small for Chromium.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Schemes that never leave the browser.
_LOCAL_SCHEMES = frozenset({"data", "blob", "about"})

Serve = Callable[[Path], str]


def unavailable(reason: str) -> NoReturn:
    """Skip for want of a browser-test tool, except under CI, where that is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests, not skip them", pytrace=False)
    pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep one line per request out of the test output."""


@dataclass
class PageLog:
    """What one page did: every request URL, the ones that went to another host, and the
    console errors and uncaught exceptions."""

    allowed_origins: set[str]
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def is_external(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in _LOCAL_SCHEMES:
            return False
        return parts.netloc not in self.allowed_origins

    def problems(self) -> list[str]:
        return [f"request to another host: {url}" for url in self.external] + [
            f"console error: {text}" for text in self.console_errors
        ]


def watch(page: Page, log: PageLog) -> None:
    """Record the page's console errors and uncaught exceptions in `log`."""

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            log.console_errors.append(f"{message.text} ({where['url']}:{where['lineNumber'] + 1})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.console_errors.append(f"uncaught: {error}"))
