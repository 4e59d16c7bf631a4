"""Take the screenshots of the editor's guide (docs/guide/img/*.png) from the real site.

Usage: .venv/bin/python scripts/screenshots.py [NAME ...]   (default: every shot)

Shots: home report search dashboard opendata check preview issuer compare.

The site is built from a copy of the project (the reports as they are; the working tree is
not touched), served on 127.0.0.1 and photographed in headless Chromium: Debian's
/usr/bin/chromium with the launch flags of the browser tests, at 1280×800 and device scale 1.
`issuer` and `compare` need
several years of the same issuers, which the sample reports do not have: they are taken from
a second site built from the three-year reports tree of the end-to-end tests
(tests/yearsite.py), built only when one of them is asked for. `check` photographs the real output of `gongkai check` on a report with a mistake; `preview`
runs `mkdocs serve` on a copy with a draft that has errors, and needs the findings on the
page (elements of class gk-finding): without them the shot is skipped and named.

Same input, same pictures: "today" is pinned through SOURCE_DATE_EPOCH (default 2025-04-15
in Beijing, after the deadline of the sample reports; set it to override), nothing outside
127.0.0.1 is fetched, and Pillow writes the PNGs (palette, optimised) without timestamps.

Exit status: 0 every shot taken, 1 a shot was skipped (the older picture stays),
2 the site could not be built or the browser not started.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import io
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[1]
# The browser tests' Chromium settings and project copier, shared rather than repeated.
sys.path.insert(0, str(ROOT / "tests"))
from browser.harness import CHROMIUM, CHROMIUM_ARGS, QuietHandler  # noqa: E402
from gongkai.site.urls import compare_url, issuer_url, report_url  # noqa: E402
from sitebuild import make_project, run_mkdocs  # noqa: E402
from yearsite import CONFIG as YEARS_CONFIG  # noqa: E402
from yearsite import COUNTY, WEST_RIDGE  # noqa: E402
from yearsite import REGISTRY as YEARS_REGISTRY  # noqa: E402
from yearsite import reports as years_reports  # noqa: E402

OUT = ROOT / "docs" / "guide" / "img"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
FRAME = (200, 200, 200)
DEFAULT_EPOCH = "1744646400"  # 2025-04-15 00:00 China Standard Time
BIN = Path(sys.executable).parent
SAMPLE = Path("2024/fazhi/shili-xian-shili-zhen.md")
# The mistake the guide explains: last year's heading left in this year's report.
MISTAKE = ("## 四、2025年", "## 四、2023年")


class Skipped(Exception):
    """A shot that cannot be taken now; the message says why and what to do."""


@dataclass(frozen=True)
class Shot:
    name: str
    take: Callable[[Page, str], bytes]  # (page, base URL of the built site) → PNG
    years: bool = False  # taken from the three-year site, not the sample reports'


# ---------------------------------------------------------------- serving


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def mkdocs_serve(project: Path, timeout: float = 120) -> Iterator[str]:
    """`mkdocs serve` on the project, as an editor previews; yields the site's URL."""
    port = free_port()
    # A file, not a pipe: serve logs every finding, and a full pipe would stall it.
    log = project / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=output,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    # serve mounts the site at the path of site_url, e.g. /gongkai/.
    url = f"http://127.0.0.1:{port}{urlsplit(site_url(project)).path or '/'}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise Skipped(f"mkdocs serve stopped:\n{log.read_text(encoding='utf-8')}")
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise Skipped(f"mkdocs serve did not answer at {url}") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def site_url(project: Path) -> str:
    from mkdocs.config import load_config

    return str(load_config(str(project / "mkdocs.yml")).site_url or "")


# ---------------------------------------------------------------- pictures


def save_png(data: bytes, name: str) -> Path:
    """Palette PNG, optimised: a screenshot of text and flat colours loses nothing visible.
    A grey frame keeps a screenshot of a page apart from the guide page it is shown on."""
    from PIL import Image, ImageOps

    target = OUT / f"{name}.png"
    with Image.open(io.BytesIO(data)) as image:
        framed = ImageOps.expand(image.convert("RGB"), border=1, fill=FRAME)
        palette = framed.quantize(colors=256, dither=Image.Dither.NONE)
        palette.save(target, format="PNG", optimize=True)
    return target


def photograph(page: Page) -> bytes:
    return page.screenshot(animations="disabled", caret="hide")


def open_page(page: Page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")


# ---------------------------------------------------------------- the shots


def home(page: Page, base: str) -> bytes:
    open_page(page, base)
    return photograph(page)


def report(page: Page, base: str) -> bytes:
    open_page(page, base + quote(report_url(2024, "fazhi", "示例县人民政府")))
    return photograph(page)


def search(page: Page, base: str) -> bytes:
    open_page(page, base + "search/")
    page.fill("#gk-search-q", "行政复议")
    page.wait_for_selector("[data-state=done]")
    return photograph(page)


def dashboard(page: Page, base: str) -> bytes:
    open_page(page, base + "dashboard/")
    return photograph(page)


def opendata(page: Page, base: str) -> bytes:
    open_page(page, base + "data/")
    return photograph(page)


def check_output(page: Page, base: str) -> bytes:
    """The terminal after `gongkai check` on a report with a wrong year in a heading."""
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp))
        with_mistake(project / "reports" / SAMPLE)
        run = subprocess.run(
            [str(BIN / "gongkai"), "check"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
    if run.returncode != 1:
        raise Skipped(f"gongkai check exited {run.returncode}, not 1:\n{run.stdout}")
    page.set_content(terminal("gongkai check", run.stdout))
    page.evaluate("document.fonts.ready")
    return page.locator("pre").screenshot(animations="disabled")


def terminal(command: str, output: str) -> str:
    """A terminal window as an HTML page: the prompt, the command, its output."""
    text = html.escape(f"$ {command}\n{output}$ ")
    return (
        "<!doctype html><html lang='zh-CN'><meta charset='utf-8'><style>"
        "body{margin:0;background:#fff}"
        "pre{margin:0;padding:16px 20px;width:1240px;box-sizing:border-box;"
        "background:#1e1e1e;color:#e6e6e6;font:15px/1.6 'Noto Sans Mono CJK SC',monospace;"
        "white-space:pre-wrap;word-break:break-all}"
        f"</style><pre>{text}</pre></html>"
    )


def with_mistake(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    old, new = MISTAKE
    if old not in text:
        raise Skipped(f"{path.name} no longer has the heading {old!r}: update MISTAKE")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def preview(page: Page, base: str) -> bytes:
    """`mkdocs serve` with a draft that has errors: the findings on the page."""
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp))
        draft = project / "reports" / "2025" / "fazhi" / "shili-xian-shili-zhen.md"
        draft.parent.mkdir(parents=True)
        source = (project / "reports" / SAMPLE).read_text(encoding="utf-8")
        draft.write_text(as_next_years_draft(source), encoding="utf-8")
        with mkdocs_serve(project) as url:
            open_page(page, url + quote(report_url(2025, "fazhi", "示例县示例镇人民政府")))
            finding = page.locator(".gk-finding").first
            try:
                finding.wait_for(timeout=10_000)
            except PlaywrightError as exc:
                raise Skipped(
                    "no .gk-finding on the draft's page: the preview of findings is not in "
                    "this version yet; run `scripts/screenshots.py preview` once it is"
                ) from exc
            finding.scroll_into_view_if_needed()
            # Room above it for the paragraph it belongs to, under the sticky header.
            page.evaluate("window.scrollBy(0, -120)")
            return photograph(page)


def as_next_years_draft(text: str) -> str:
    """Last year's report copied as this year's draft, with only the front-matter changed:
    the mistake the checks are for (old years in headings, unchanged text)."""
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("year: 2024"):
            line = "year: 2025\n"
        elif line.startswith("title:"):
            line = line.replace("2024", "2025")
        elif line.startswith(("published:", "status:", "doc_number:")):
            continue
        lines.append(line)
    front_end = lines.index("---\n", 1)
    lines.insert(front_end, "status: draft\n")
    return "".join(lines)


def issuer(page: Page, base: str) -> bytes:
    """An issuer's page: its reports by year, then the charts with their data tables."""
    open_page(page, base + quote(issuer_url(COUNTY)))
    page.locator("figure.gk-chart").first.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -160)")
    return photograph(page)


def compare(page: Page, base: str) -> bytes:
    """The compare page of a report copied from the year before: the 重复率 and the marks."""
    open_page(page, base + quote(compare_url(2024, "fazhi", WEST_RIDGE)))
    page.evaluate("document.getElementById('gk-text-h').scrollIntoView()")
    page.evaluate("window.scrollBy(0, -80)")
    return photograph(page)


SHOTS = {
    shot.name: shot
    for shot in (
        Shot("home", home),
        Shot("report", report),
        Shot("search", search),
        Shot("dashboard", dashboard),
        Shot("opendata", opendata),
        Shot("check", check_output),
        Shot("preview", preview),
        Shot("issuer", issuer, years=True),
        Shot("compare", compare, years=True),
    )
}


# ---------------------------------------------------------------- main


def take(browser: Browser, shot: Shot, base: str) -> Path:
    context = browser.new_context(
        viewport=VIEWPORT,
        device_scale_factor=1,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        reduced_motion="reduce",
        service_workers="block",
    )
    # Nothing but the local servers: a picture must not depend on the network.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname in {"127.0.0.1", None}
            else route.abort("blockedbyclient")
        ),
    )
    try:
        return save_png(shot.take(context.new_page(), base), shot.name)
    finally:
        context.close()


def main(argv: list[str]) -> int:
    names = argv or list(SHOTS)
    unknown = [name for name in names if name not in SHOTS]
    if unknown:
        print(
            f"unknown shot: {', '.join(unknown)}; choose from {', '.join(SHOTS)}", file=sys.stderr
        )
        return 2
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    OUT.mkdir(parents=True, exist_ok=True)
    skipped = []
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        sites = {}
        for years in sorted({SHOTS[name].years for name in names}):
            where = Path(tmp) / ("years" if years else "sample")
            where.mkdir()
            if years:
                project = make_project(where, years_reports(), YEARS_REGISTRY, YEARS_CONFIG)
            else:
                project = make_project(where)
            built = run_mkdocs(project, "--strict") if years else run_mkdocs(project)
            if built.returncode != 0:
                print(f"the site did not build:\n{built.stderr}", file=sys.stderr)
                return 2
            sites[years] = stack.enter_context(serve(project / "site"))
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
            except PlaywrightError as exc:
                print(f"Chromium did not start: {exc}", file=sys.stderr)
                return 2
            for name in names:
                try:
                    path = take(browser, SHOTS[name], sites[SHOTS[name].years])
                except (Skipped, PlaywrightError) as exc:
                    skipped.append(name)
                    print(f"skipped {name}: {exc}", file=sys.stderr)
                    continue
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB")
            browser.close()
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
