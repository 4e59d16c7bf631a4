"""Every XSS vector of tests/hostile_html.py in a report of a real built site, in Chromium: no
payload runs, calls a dialog, adds a handler or fetches anything, before or after every link
and button in the report is clicked.

Each report page is opened twice, in a fresh context each time: as published, where a
Content-Security-Policy violation (something that tried to run or load and was stopped only by
the policy) fails the test, and with the policy taken out, so that the sanitiser alone is shown
to be enough.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest

from gongkai.htmlpolicy import TAGS, URL_SCHEMES
from gongkai.site.urls import report_url
from hostile_html import VECTORS, Vector
from sitebuild import build_site, report

from .harness import PageLog, Serve, watch

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route

pytestmark = pytest.mark.browser

# A vector that leaves an element open would swallow the ones after it: it gets a report of
# its own, and all the others share one (a dialog's message and every finding name the vector).
PAGES: tuple[tuple[Vector, ...], ...] = (
    tuple(v for v in VECTORS if not v.unclosed),
    *((v,) for v in VECTORS if v.unclosed),
)
ISSUERS = tuple(f"青山县{name}镇人民政府" for name in "甲乙丙丁戊己庚辛壬癸")
# The deadline, the reports' likeness and the check's findings about their HTML and images
# are not the point: these reports must reach the sanitiser, which is what is tested here.
CONFIG = (
    "rules:\n  deadline-missed: off\n  duplicate-content: off\n  unsafe-html: off\n"
    "  image-invalid: off\n"
)
# Records what the Content-Security-Policy stopped, from the first moment of every document.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
"""
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
HAS_CSP = """() => document.querySelector('meta[http-equiv="Content-Security-Policy"]') !== null"""
# Images with relative URLs (`<img src=x>`) are kept and not found: the only console error
# a clean page may log.
_MISSING_IMAGE = "Failed to load resource: the server responded with a status of 404"

# Everything in the report that could run or load something, as the live DOM has it.
INSPECT = """([tags, schemes]) => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "data", "srcset", "poster",
                         "ping", "background", "cite", "xlink:href"];
  for (const el of document.querySelectorAll("article *")) {
    const tag = el.localName;
    if (!tags.includes(tag)) found.push(`element <${tag}>`);
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith("on")) found.push(`handler <${tag} ${attr.name}>`);
      if (urlAttributes.includes(attr.name.toLowerCase())) {
        const scheme = new URL(attr.value, document.baseURI).protocol.slice(0, -1);
        if (!schemes.includes(scheme)) found.push(`URL <${tag} ${attr.name}="${attr.value}">`);
      }
    }
    // Handlers set as properties (el.onclick = …) have no attribute to show.
    for (const key in el) {
      if (key.startsWith("on") && el[key]) found.push(`handler property <${tag}>.${key}`);
    }
  }
  if (document.baseURI !== location.href.split("#")[0]) found.push(`<base> ${document.baseURI}`);
  if (document.querySelector("meta[http-equiv=refresh]")) found.push("<meta refresh>");
  return found;
}"""
# Activates what a reader could: links without an http(s) URL (a removed javascript: URL leaves
# an <a> without href) and every button or summary. HTMLElement.click() follows a link's href
# and submits a button's form, as a real click does.
CLICK = """() => {
  let clicked = 0;
  for (const el of document.querySelectorAll("article a, article button, article summary")) {
    const href = el.getAttribute("href");
    if (el.localName === "a" && href !== null && !href.startsWith("#")
        && /^https?:$/.test(new URL(href, document.baseURI).protocol)) continue;
    el.click();
    clicked += 1;
  }
  return clicked;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve: Serve) -> str:
    assert len(ISSUERS) >= len(PAGES)
    reports: dict[str, str | bytes] = {
        f"2024/fazhi/{number:02}.md": report(issuer, "township")
        + "\n"
        + "\n\n".join(v.payload for v in group)
        + "\n"
        for number, (issuer, group) in enumerate(zip(ISSUERS, PAGES, strict=False))
    }
    return serve(build_site(tmp_path_factory.mktemp("xss"), reports, config=CONFIG))


def _page_id(group: tuple[Vector, ...]) -> str:
    return group[0].id if group[0].unclosed else "closed-vectors"


@pytest.mark.parametrize("with_csp", [True, False], ids=["as-published", "without-csp"])
@pytest.mark.parametrize(
    ("issuer", "group"), list(zip(ISSUERS, PAGES, strict=False)), ids=[_page_id(g) for g in PAGES]
)
def test_no_payload_runs(
    site: str,
    browser_context: BrowserContext,
    page_log: PageLog,
    issuer: str,
    group: tuple[Vector, ...],
    with_csp: bool,
) -> None:
    url = site + report_url(2024, "fazhi", issuer)
    page = browser_context.new_page()
    watch(page, page_log)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(RECORD_VIOLATIONS)
    if not with_csp:
        page.route(url, _without_csp)

    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200
    has_csp = page.evaluate(HAS_CSP)
    assert has_csp == with_csp
    page.wait_for_timeout(100)  # time for a timer, an autofocus or a refresh to fire
    assert _what_ran(page, dialogs) == NOTHING
    assert page.evaluate(INSPECT, [sorted(TAGS), sorted(URL_SCHEMES)]) == []

    assert page.evaluate(CLICK) > 0
    page.wait_for_timeout(100)
    assert _what_ran(page, dialogs) == NOTHING
    assert unquote(page.url.split("#")[0]) == url  # nothing navigated away
    assert browser_context.pages == [page]  # no window opened
    assert not [u for u in page_log.requests if "xss.invalid" in u or "evil.example" in u]
    assert page_log.external == []
    assert [e for e in page_log.console_errors if not e.startswith(_MISSING_IMAGE)] == []


NOTHING = {"dialogs": [], "window.__xss": "undefined", "policy violations": []}


def _what_ran(page: Page, dialogs: list[str]) -> dict[str, object]:
    return {
        "dialogs": dialogs,
        "window.__xss": page.evaluate("() => typeof window.__xss"),
        "policy violations": page.evaluate("() => window.__violations"),
    }


def _without_csp(route: Route) -> None:
    response = route.fetch()
    route.fulfill(response=response, body=_CSP_META.sub("", response.text()))
