"""The no-third-party-requests check, the material bundle rewrite and the CSP, on hand-made
site directories."""

from __future__ import annotations

import base64
import hashlib
import shutil
from pathlib import Path

import pytest

from gongkai.site.offline import (
    ExternalFetch,
    apply_content_security_policy,
    content_security_policy,
    find_external_fetches,
    neutralise_theme_bundle,
    scan_page,
    with_content_security_policy,
)
from gongkai.site.offline.tree import site_files


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _where(text: str, url: str, what: str, file: str) -> ExternalFetch:
    """The fetch of `url`, found at its only occurrence in `text`."""
    assert text.count(url) == 1, url
    before = text[: text.index(url)]
    line = before.count("\n") + 1
    return ExternalFetch(file, line, len(before) - (before.rfind("\n") + 1) + 1, url, what)


HTML_FETCHES = [
    (
        '<script src="https://cdn.example/a.js"></script>',
        "https://cdn.example/a.js",
        "<script src>",
    ),
    ('<img src="//img.example/b.png" alt="">', "//img.example/b.png", "<img src>"),
    (
        '<img srcset="c1.png 1x, https://img.example/c2.png 2x" alt="">',
        "https://img.example/c2.png",
        "<img srcset>",
    ),
    ('<iframe src="https://frame.example/"></iframe>', "https://frame.example/", "<iframe src>"),
    (
        '<audio src="https://media.example/d.mp3"></audio>',
        "https://media.example/d.mp3",
        "<audio src>",
    ),
    (
        '<video poster="https://media.example/e.jpg"></video>',
        "https://media.example/e.jpg",
        "<video poster>",
    ),
    (
        '<picture><source srcset="https://img.example/f.webp"></picture>',
        "https://img.example/f.webp",
        "<source srcset>",
    ),
    ('<track src="https://media.example/g.vtt">', "https://media.example/g.vtt", "<track src>"),
    ('<embed src="https://media.example/h.swf">', "https://media.example/h.swf", "<embed src>"),
    (
        '<object data="https://media.example/i.pdf"></object>',
        "https://media.example/i.pdf",
        "<object data>",
    ),
    (
        '<input type="image" src="https://img.example/j.png" alt="j">',
        "https://img.example/j.png",
        "<input src>",
    ),
    (
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Noto">',
        "https://fonts.googleapis.com/css?family=Noto",
        "<link rel=stylesheet href>",
    ),
    (
        '<link rel="shortcut icon" href="https://img.example/k.ico">',
        "https://img.example/k.ico",
        "<link rel=shortcut icon href>",
    ),
    (
        '<link rel="preload" as="font" href="https://fonts.gstatic.com/l.woff2">',
        "https://fonts.gstatic.com/l.woff2",
        "<link rel=preload href>",
    ),
    (
        '<link rel="modulepreload" href="https://cdn.example/m.mjs">',
        "https://cdn.example/m.mjs",
        "<link rel=modulepreload href>",
    ),
    (
        '<link rel="manifest" href="https://cdn.example/n.webmanifest">',
        "https://cdn.example/n.webmanifest",
        "<link rel=manifest href>",
    ),
    (
        '<link rel="apple-touch-icon" href="https://img.example/o.png">',
        "https://img.example/o.png",
        "<link rel=apple-touch-icon href>",
    ),
    (
        '<link rel="preconnect" href="https://fonts.gstatic.cn">',
        "https://fonts.gstatic.cn",
        "<link rel=preconnect href>",
    ),
    (
        '<meta http-equiv="refresh" content="0; url=https://elsewhere.example/p">',
        "https://elsewhere.example/p",
        "<meta http-equiv=refresh>",
    ),
    (
        '<div style="background: url(https://img.example/q.png)"></div>',
        "https://img.example/q.png",
        "CSS url()",
    ),
    ("<style>@import 'https://cdn.example/r.css';</style>", "https://cdn.example/r.css", "@import"),
    (
        "<style>p { background: url('//img.example/s.png') }</style>",
        "//img.example/s.png",
        "CSS url()",
    ),
    (
        "<script>load('https://analytics.example/t.js')</script>",
        "https://analytics.example/t.js",
        "JS string",
    ),
    (
        '<script type="application/json">{"search": "https://cdn.example/u.js"}</script>',
        "https://cdn.example/u.js",
        "JS string",
    ),
    (
        '<svg><image href="https://img.example/v.png"/></svg>',
        "https://img.example/v.png",
        "<image href>",
    ),
    (
        '<svg><use xlink:href="https://img.example/sprite.svg#w"/></svg>',
        "https://img.example/sprite.svg#w",
        "<use xlink:href>",
    ),
    ('<base href="https://base.example/">', "https://base.example/", "<base href>"),
]


def test_every_kind_of_html_fetch_is_found_where_it_is(tmp_path: Path) -> None:
    # A CJK title first, so columns must count code points, not bytes.
    text = "<!doctype html>\n<title>示例县政府</title>" + "\n".join(
        tag for tag, _, _ in HTML_FETCHES
    )
    site = _site(tmp_path, {"2024/fazhi/index.html": text})
    expected = [_where(text, url, what, "2024/fazhi/index.html") for _, url, what in HTML_FETCHES]
    assert find_external_fetches(site) == sorted(expected)


def test_positions_follow_attributes_onto_later_lines(tmp_path: Path) -> None:
    text = '<p>报告</p>\n<img alt="示例"\n     src="https://img.example/a.png">\n'
    site = _site(tmp_path, {"index.html": text})
    assert [str(f) for f in find_external_fetches(site)] == [
        "index.html:3:11: <img src> https://img.example/a.png"
    ]


def test_clicks_namespaces_metadata_and_local_urls_are_not_fetches(tmp_path: Path) -> None:
    text = """<!doctype html>
<html lang="zh-CN"><head>
<link rel="canonical" href="https://www.example.gov.cn/2024/">
<link rel="alternate" type="application/atom+xml" href="https://www.example.gov.cn/feed.xml">
<link rel="stylesheet" href="assets/site.css">
<link rel="icon" href="data:image/png;base64,AAAA">
<script type="application/ld+json">{"@context": "https://schema.org"}</script>
</head><body>
<a href="https://www.gov.cn/">中国政府网</a> 见 https://www.gov.cn/ 的说明
<form action="https://search.example/"><input name="q"></form>
<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>
<img src="/images/a.png" srcset="a.png 1x, b,c.png 2x" alt="">
<img src="https://www.example.gov.cn/images/own.png" alt="">
<script>var ns = "http://www.w3.org/2000/svg"; var local = "/search/index.json";</script>
</body></html>
"""
    site = _site(tmp_path, {"index.html": text})
    assert find_external_fetches(site, site_url="https://www.example.gov.cn/") == []
    # Without the site's own address, its absolute URL is another host like any other.
    assert [f.url for f in find_external_fetches(site)] == [
        "https://www.example.gov.cn/images/own.png"
    ]


def test_disguised_hosts_are_found_and_comments_ignored(tmp_path: Path) -> None:
    text = (
        '<!-- <script src="https://cdn.example/commented-out.js"></script> -->\n'
        '<script src="&#47;&#47;cdn.example/a.js"></script>\n'
        '<img src="/\\img.example/b.png" alt="">\n'
        '<p title="https://not.a.fetch.example/">https://nor.is.this.example/</p>\n'
    )
    site = _site(tmp_path, {"index.html": text})
    assert [str(f) for f in find_external_fetches(site)] == [
        "index.html:2:14: <script src> //cdn.example/a.js",
        "index.html:3:11: <img src> /\\img.example/b.png",
    ]


def test_fetches_after_quoted_brackets_or_with_split_slashes_are_found(tmp_path: Path) -> None:
    # The fast path finds tags by their "//"; an earlier attribute with a quoted ">" or "<",
    # or slashes split by a newline or written as entities, must not hide a fetch from it.
    text = (
        '<img alt="a>b" src="https://a.example/1.png">\n'
        "<img title='<b>' src=\"//b.example/2.png\">\n"
        '<img src="/\n/c.example/3.png">\n'
        '<img src="&#47;&#10;&#47;d.example/4.png">\n'
    )
    site = _site(tmp_path, {"index.html": text})
    hosts = [f.url for f in find_external_fetches(site)]
    assert len(hosts) == 4
    assert [h for h in hosts if "example" in h] == hosts
    assert scan_page("index.html", text) == find_external_fetches(site)


def test_stylesheets(tmp_path: Path) -> None:
    text = """/* url(https://in.a.comment/x.png) @import "https://in.a.comment/y.css"; */
@import url("https://cdn.example/a.css");
@import "https://cdn.example/b.css";
.icon { mask-image: url("data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>") }
@font-face { font-family: X; src: local("Noto Sans CJK SC"), url(//fonts.example/c.woff2) }
.own { background: url(../images/d.png) }
"""
    site = _site(tmp_path, {"assets/site.css": text})
    assert find_external_fetches(site) == [
        ExternalFetch("assets/site.css", 2, 14, "https://cdn.example/a.css", "@import"),
        ExternalFetch("assets/site.css", 3, 10, "https://cdn.example/b.css", "@import"),
        ExternalFetch("assets/site.css", 5, 66, "//fonts.example/c.woff2", "CSS url()"),
    ]


def test_scripts(tmp_path: Path) -> None:
    text = r"""// Licence: https://in.a.comment.example/licence
/* see https://also.in.a.comment.example/ */
var half = width / 2, re = /^(?:[a-z]+:)?\/\//i, r2 = /"https:\/\/in.a.regex"/;
var a = "https://cdn.example/a.js";
var b = '//cdn.example/b.js';
var c = `https://${host}/api/${id}`;
var d = "<img src=\"https://img.example/d.png\">";
var e = "https:\/\/cdn.example\/e.js";
var svg = "http://www.w3.org/2000/svg";
throw new Error("bad query, see https://docs.example/help");
"""
    site = _site(tmp_path, {"assets/app.js": text})
    assert [str(f) for f in find_external_fetches(site)] == [
        "assets/app.js:4:10: JS string https://cdn.example/a.js",
        "assets/app.js:5:10: JS string //cdn.example/b.js",
        "assets/app.js:6:10: JS string https://${host}/api/${id}",
        "assets/app.js:7:21: JS string https://img.example/d.png",
        "assets/app.js:8:10: JS string https://cdn.example/e.js",
    ]


def test_material_bundle_is_neutralised(tmp_path: Path) -> None:
    material = Path(str(pytest.importorskip("material").__file__)).parent
    [bundle] = (material / "templates/assets/javascripts").glob("bundle.*.min.js")
    target = tmp_path / "assets/javascripts" / bundle.name
    target.parent.mkdir(parents=True)
    shutil.copyfile(bundle, target)
    before = find_external_fetches(tmp_path)
    assert sorted({f.url.split("/")[2] for f in before}) == [
        "${e}",
        "api.github.com",
        "unpkg.com",
    ]

    changes = neutralise_theme_bundle(tmp_path)

    assert len(changes) == len(before) == 5
    assert find_external_fetches(tmp_path) == []
    # Padded to the same length, so the source map still lines up.
    assert target.stat().st_size == bundle.stat().st_size
    assert neutralise_theme_bundle(tmp_path) == []


def test_unknown_url_in_the_bundle_is_left_for_the_check(tmp_path: Path) -> None:
    text = 'fetch("https://unpkg.com/resize-observer-polyfill");fetch("https://new.example/x")'
    site = _site(tmp_path, {"assets/javascripts/bundle.0123abcd.min.js": text})
    assert neutralise_theme_bundle(site) == [
        'assets/javascripts/bundle.0123abcd.min.js: "https://unpkg.com/resize-observer-polyfill"'
        ' -> ""'
    ]
    assert [f.url for f in find_external_fetches(site)] == ["https://new.example/x"]


def _sha256(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def test_content_security_policy() -> None:
    assert content_security_policy(["sha256-b", "sha256-a", "sha256-b"]) == (
        "default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
    )


def test_policy_trusts_theme_scripts_only_and_goes_after_the_charset(tmp_path: Path) -> None:
    theme_head, theme_body = "var a=1", 'var b="</p>"'
    page = (
        f'<!doctype html><html><head><meta charset="utf-8"><script>{theme_head}</script></head>'
        f"<body><article><p>报告</p><script>alert(1)</script></article>"
        f'<script>{theme_body}</script><script type="application/json">{{}}</script></body></html>'
    )
    other = page.replace("a=1", "a=2")
    site = _site(tmp_path, {"index.html": page, "2024/index.html": other, "done.html": page})

    apply_content_security_policy(site, skip={"done.html"})

    # Each page trusts exactly its own theme scripts, never one inside the article.
    for name, source, head in (
        ("index.html", page, theme_head),
        ("2024/index.html", other, "var a=2"),
    ):
        policy = content_security_policy({_sha256(head), _sha256(theme_body)})
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        written = (site / name).read_text(encoding="utf-8")
        assert written == source.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + meta)
        assert written == with_content_security_policy(source)
        assert _sha256("alert(1)") not in written
    assert (site / "done.html").read_text(encoding="utf-8") == page


def test_the_checks_read_every_file_of_theirs_at_any_depth_and_none_skipped(
    tmp_path: Path,
) -> None:
    site = _site(
        tmp_path,
        {
            "a/b/c/page.HTML": "",
            "a/b/style.css": "",
            "a/skipped.html": "",
            "a/data.bin": "",
            "x.html/inside.js": "",  # a directory whose name looks like a page
            "index.html": "",
        },
    )
    found = site_files(site, {".html", ".css", ".js"}, skip={"a/skipped.html"})
    assert sorted(found) == [
        (name, site / name)
        for name in ["a/b/c/page.HTML", "a/b/style.css", "index.html", "x.html/inside.js"]
    ]
