"""The allow-list sanitiser (gongkai.site.sanitize) against known XSS vectors.

Each vector of tests/hostile_html.py goes through the Markdown the site renders with (the
extensions of mkdocs.yml) and then `sanitise()`, and also straight into `sanitise()` as raw
HTML, since Markdown escapes some spellings that an HTML block would pass through. The output
is parsed with lxml and must hold only allowed elements and attributes, no event handler and
no URL with a scheme outside the allow-list. tests/browser/test_xss_browser.py proves the same
in Chromium on a built site. Rule GK409 (unsafe-html) must warn of whatever the sanitiser
removes, and stay silent on the real reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
import markdown  # type: ignore[import-untyped]
import pytest
from lxml.etree import _Element
from mkdocs.config import load_config

from gongkai.config import Config
from gongkai.engine import context_for, load_report
from gongkai.htmlpolicy import ALIGNMENTS, ATTRIBUTES, TAGS, allowed_url
from gongkai.rules.base import Finding
from gongkai.rules.gk409_unsafe_html import unsafe_html
from gongkai.site import offline
from gongkai.site.sanitize import sanitise
from gongkai.site.search import SearchDoc
from hostile_html import CATEGORIES, VECTORS, Vector
from sitebuild import ROOT
from sitebuild import report as site_report

# Every attribute a browser reads a URL from, on any element.
URL_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "data",
        "formaction",
        "href",
        "longdesc",
        "ping",
        "poster",
        "src",
        "srcdoc",
        "srcset",
        "xlink:href",
    }
)
_STYLE = re.compile(rf"text-align:(?:{'|'.join(sorted(ALIGNMENTS))})")


@pytest.fixture(scope="module")
def render() -> markdown.Markdown:
    """Markdown with the extensions and settings of the site's mkdocs.yml."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )


def to_html(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return str(md.convert(text))


def problems(html: str) -> list[str]:
    """Everything in `html` that the allow-list forbids, one line each."""
    root = lxml.html.fragment_fromstring(html, create_parent="gk-root")
    found = []
    for element in root.iter():
        if element is root:
            continue
        if not isinstance(element.tag, str):  # a comment or processing instruction
            found.append(f"comment or instruction {lxml.html.tostring(element)!r}")
            continue
        found += _element_problems(element)
    return found


def _element_problems(element: _Element) -> Iterator[str]:
    tag = str(element.tag).lower()
    if tag not in TAGS:
        yield f"element <{tag}>"
    allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
    for name, value in element.attrib.items():
        name = str(name).lower()
        if name.startswith("on"):
            yield f"handler <{tag} {name}>"
        elif name not in allowed and not (name == "style" and tag in {"td", "th"}):
            yield f"attribute <{tag} {name}>"
        if name in URL_ATTRIBUTES and not allowed_url(value):
            yield f"URL <{tag} {name}={value!r}>"
        if name == "style" and not _STYLE.fullmatch(value):
            yield f"style <{tag} style={value!r}>"


def test_the_vectors_cover_every_category() -> None:
    assert len(VECTORS) >= 60
    assert len({v.id for v in VECTORS}) == len(VECTORS)
    assert {v.category for v in VECTORS} == set(CATEGORIES)


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_vector_is_harmless_after_markdown_and_sanitising(
    render: markdown.Markdown, vector: Vector
) -> None:
    clean = sanitise(to_html(render, vector.payload))
    assert problems(clean) == []
    # A second pass changes nothing: what the browser parses is what was checked.
    assert sanitise(clean) == clean


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_vector_is_harmless_as_raw_html(vector: Vector) -> None:
    clean = sanitise(vector.payload)
    assert problems(clean) == []
    assert sanitise(clean) == clean


# Vectors that the checks below cannot see as live: markup inside an attribute value
# (dangerous only to a sanitiser that writes it back unescaped, which the second-pass checks
# above would catch), a second <body>, which lxml drops where a browser adds its attributes
# to the page's own, and a link title that Python-Markdown already escapes.
_LXML_BLIND = frozenset(
    {"script-in-attribute", "quote-breaking-title", "body-onload", "md-link-title-breakout"}
)


@pytest.mark.parametrize(
    "vector",
    [v for v in VECTORS if v.category != "link" and v.id not in _LXML_BLIND],
    ids=lambda v: v.id,
)
def test_vector_is_live_without_the_sanitiser(render: markdown.Markdown, vector: Vector) -> None:
    """Without the sanitiser the vector breaks the allow-list, as raw HTML or as Markdown, so
    that the tests above prove something."""
    assert problems(vector.payload) + problems(to_html(render, vector.payload)) != []


def test_a_link_to_another_site_stays_a_link(render: markdown.Markdown) -> None:
    for vector in VECTORS:
        if vector.category == "link":
            clean = sanitise(to_html(render, vector.payload))
            assert '<a href="https://evil.example/">其他网站</a>' in clean, vector.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Markdown links and images meet the same scheme allow-list as raw HTML.
        ("[点击](javascript:alert(1))", "<p><a>点击</a></p>"),
        ("[点击](<JavaScript:alert(1)>)", "<p><a>点击</a></p>"),
        ("![图](javascript:alert(1))", '<p><img alt="图"></p>'),
        ("![图](data:image/png;base64,iVBORw0KGgo=)", '<p><img alt="图"></p>'),
        ("[点击](data:text/html,x)", "<p><a>点击</a></p>"),
        ("[点击][r]\n\n[r]: vbscript:x", "<p><a>点击</a></p>"),
        # What a report legitimately links to is kept as written.
        (
            "[司法部](https://www.moj.gov.cn/)",
            '<p><a href="https://www.moj.gov.cn/">司法部</a></p>',
        ),
        (
            "[信箱](mailto:fzb@example.gov.cn)",
            '<p><a href="mailto:fzb@example.gov.cn">信箱</a></p>',
        ),
        ("[电话](tel:010-12345678)", '<p><a href="tel:010-12345678">电话</a></p>'),
        ("[上一年](../2023/)", '<p><a href="../2023/">上一年</a></p>'),
        ("![组织图](组织图.png)", '<p><img alt="组织图" src="组织图.png"></p>'),
    ],
)
def test_markdown_links_and_images(render: markdown.Markdown, text: str, expected: str) -> None:
    assert sanitise(to_html(render, text)) == expected


def test_an_image_from_another_host_fails_the_build_instead_of_vanishing(
    render: markdown.Markdown,
) -> None:
    """An image on another host is a fetch, not an XSS: the sanitiser keeps it (an https URL),
    and the site's offline check, which fails the build, reports it. Dropping it here instead
    would publish the report without a picture its editor meant to show, and nobody would
    know; the build failure says where it is, and the fix is to publish the image with the
    report."""
    clean = sanitise(to_html(render, "![组织图](https://evil.example/org.png)"))
    assert clean == '<p><img alt="组织图" src="https://evil.example/org.png"></p>'
    fetches = offline.scan_page("r/index.html", f"<html><body>{clean}</body></html>")
    assert [(f.url, f.what) for f in fetches] == [("https://evil.example/org.png", "<img src>")]


@pytest.mark.parametrize(
    ("style", "kept"),
    [
        ("text-align: center;", ' style="text-align:center"'),
        ("TEXT-ALIGN: Right", ' style="text-align:right"'),
        ("color: red; text-align: left", ' style="text-align:left"'),
        ("text-align: left; text-align: justify", ' style="text-align:justify"'),
        ("text-align: center; background: url(//xss.invalid/a)", ' style="text-align:center"'),
        # nh3 alone keeps the property whatever its value.
        ("text-align: url(//xss.invalid/a)", ""),
        ("text-align: expression(alert(1))", ""),
        ("text-align: \\63 enter", ""),
        ("background: url(//xss.invalid/b)", ""),
    ],
)
def test_cell_styles_keep_only_an_alignment_keyword(style: str, kept: str) -> None:
    html = f'<table><tr><td style="{style}">1</td></tr></table>'
    assert sanitise(html) == f"<table><tbody><tr><td{kept}>1</td></tr></tbody></table>"


@pytest.mark.parametrize(
    ("html", "kept", "dropped"),
    [
        ('<p onclick="x()">文字</p>', "<p>文字</p>", "onclick"),
        ("<script>alert(1)</script>正文", "正文", "alert"),
        ('<a href="javascript:alert(1)">链接</a>', "链接", "javascript"),
        ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', "<img>", "data:"),
        ("<svg><script>alert(1)</script></svg>后文", "后文", "svg"),
        ('<a href="../2024/">站内</a>', '<a href="../2024/">站内</a>', "rel="),
        (
            '<table><tr><th scope="col" colspan="2" onmouseover="x()">表头</th></tr></table>',
            'scope="col" colspan="2"',
            "onmouseover",
        ),
    ],
)
def test_sanitiser(html: str, kept: str, dropped: str) -> None:
    clean = sanitise(html)
    assert kept in clean
    assert dropped not in clean


def _unsafe_html_findings(body: str) -> list[Finding]:
    report = load_report(
        "r.md", site_report("青山县东湖镇人民政府", "township", body=body).encode()
    )
    return list(unsafe_html.check(report, context_for(report, Config())))


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_unsafe_html_warns_of_what_the_build_removes(
    render: markdown.Markdown, vector: Vector
) -> None:
    """GK409 tells the editor before the build whenever the sanitiser will remove an element,
    an event handler or a URL from the page."""
    removed = [
        problem
        for problem in problems(to_html(render, vector.payload))
        if problem.startswith(("element", "handler", "URL"))
    ]
    if removed:
        assert _unsafe_html_findings(vector.payload) != [], removed


def test_unsafe_html_is_silent_on_real_reports(corpus: list[SearchDoc]) -> None:
    """Real report texts as a report body: times (9:00), brackets and Chinese punctuation are
    not mistaken for HTML or URLs."""
    for doc in corpus:
        assert _unsafe_html_findings(doc.text) == [], doc.url
