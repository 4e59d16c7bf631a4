"""Pages outside the nav filled into frames (gongkai.site.slots) are byte for byte the pages
the theme renders: a site is built both ways and every file compared."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

from gongkai.site.slots import Answers, make_frame
from sitebuild import make_project, report, run_mkdocs

site = pytest.mark.site
needs_mkdocs = pytest.mark.skipif(
    not Path(sys.executable).with_name("mkdocs").exists(),
    reason="mkdocs is not installed in this environment (install '.[site]')",
)

HOSTILE = (
    "<script>alert(\"x\")</script> & {{ config.site_name }} 'q' &amp; &lt;b&gt;",
    "{% raw %}{{ page.title }}{% endraw %} {# c #}",
    "  两  个\t空格  ",
    "<h1>标题里的 h1</h1>",
)
# Headings whose text the toc prints: markup, braces, entities, and many of them.
LONG_TOC = "\n".join(
    f'## 第{i}节 <b>&amp;</b> {{{{ x }}}} "引号"\n\n文字。\n\n### 子{i} &lt;i&gt;\n\n更多。\n'
    for i in range(40)
)


def reports() -> dict[str, str | bytes]:
    tree: dict[str, str | bytes] = {}
    for number in range(8):
        issuer = f"青山县第{number}镇人民政府"
        extra = ""
        if number == 1:
            extra = 'status: withdrawn\nwithdrawal: {date: 2025-05-06, reason: "误发 <b>&</b>"}\n'
        if number == 2:
            extra = 'status: corrected\ncorrection: {date: 2025-04-10, note: "更正了 <i>x</i> &"}\n'
        text = report(issuer, "township", body=LONG_TOC if number == 3 else "", extra=extra)
        if number < len(HOSTILE):
            title = json.dumps("2024年" + HOSTILE[number], ensure_ascii=False)
            text = text.replace("title: 关于2024年法治政府建设情况的报告", f"title: {title}")
        tree[f"2024/fazhi/t{number}.md"] = text
        # The year before: each report of 2024 gets a compare page.
        tree[f"2023/fazhi/t{number}.md"] = report(
            issuer, "township", year=2023, published="2024-03-20"
        )
    return tree


def files(site_dir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site_dir).as_posix(): p.read_bytes()
        for p in site_dir.rglob("*")
        if p.is_file()
    }


@site
@needs_mkdocs
def test_framed_pages_are_the_pages_the_theme_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795752000")
    (tmp_path / "framed").mkdir()
    (tmp_path / "theme").mkdir()
    (tmp_path / "older").mkdir()
    framed = make_project(tmp_path / "framed", reports())
    themed = make_project(tmp_path / "theme", reports())
    # A project that kept the override of before gongkai_toc(): its pages with a toc cannot
    # be framed, and must not each cost a try.
    older = make_project(tmp_path / "older", reports())
    override = older / "overrides/main.html"
    text = override.read_text(encoding="utf-8")
    assert "{{ gongkai_toc() }}" in text
    override.write_text(
        text.replace("{{ gongkai_toc() }}", '{% include "partials/toc.html" %}'), encoding="utf-8"
    )
    # Another plugin that sees each page's context: every page is rendered by the theme.
    (themed / "hooks/context.py").write_text(
        "def on_page_context(context, page, config, nav):\n    return context\n", encoding="utf-8"
    )
    config = themed / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - hooks/context.py\n"),
        encoding="utf-8",
    )
    logs = {}
    for project in (framed, themed, older):
        result = run_mkdocs(project, "--verbose")
        assert result.returncode == 0, result.stderr
        logs[project] = result.stderr
    counted = {}
    for project in (framed, older):
        found = re.search(
            r"gongkai: (\d+) 个页面填入 (\d+) 个框架（试做 (\d+) 次），(\d+) 个由主题渲染",
            logs[project],
        )
        assert found is not None
        counted[project] = tuple(map(int, found.groups()))
    filled, frames, tries, rendered = counted[framed]
    assert tries == frames
    # Report, compare and listing pages at three depths, a few frames each.
    assert filled > 30 and rendered == 0
    assert 3 <= frames <= 12
    assert "gongkai: 0 个页面填入 0 个框架" in logs[themed]
    one, other = files(framed / "site"), files(themed / "site")
    assert one.keys() == other.keys()
    assert [name for name in one if one[name] != other[name]] == []
    assert files(older / "site") == other
    _filled, _frames, tries, rendered = counted[older]
    # The pages with a toc went to the theme without a try each (MAX_FRAMES per depth).
    assert rendered > 0 and tries < rendered
    page = one["2024/fazhi/青山县第0镇人民政府/index.html"].decode()
    assert "<title>2024年＜script＞alert" in page
    assert "&lt;script&gt;" in page  # the header and the visible title, escaped
    assert page.count('class="md-nav__link"') > 0
    toc = one["2024/fazhi/青山县第3镇人民政府/index.html"].decode()
    assert toc.count("第39节") >= 2  # in the toc and in the text


# ---------------------------------------------------------------- the frame itself


def _page(config: MkDocsConfig, title: str, content: str) -> Page:
    file = File("a/b/index.md", src_dir=None, dest_dir="/site", use_directory_urls=True)
    page = Page(title, file, config)
    page.markdown, page.content = "", content
    page.toc = get_toc([{"level": 2, "id": "x", "name": "X", "children": []}])
    page.meta = {"title": title}
    return page


def _frame(source: str, page: Page) -> str | None:
    env = Environment(loader=DictLoader({"t.html": source}))
    frame = make_frame(env, "t.html", {"base_url": "../.."}, page, dict(page.meta))
    if frame is None:
        return None
    answers = Answers(page, dict(page.meta), "../..")
    assert frame.matches(answers, {"base_url": "../..", "page": page})
    return frame.fill(answers, {})


@pytest.mark.parametrize(
    "source",
    [
        "<title>{{ page.title | striptags }}</title><p>{{ page.title }}</p>",
        "{{ page.meta.title | e }}|{{ page.title | striptags | e }}",
        '{% if "<h1" not in page.content %}<h1>{{ page.title | d("x", true) }}</h1>{% endif %}'
        "{{ page.content }}",
        "{% if page.toc | first is defined %}{{ (page.toc | first).url }}{% endif %}",
        "{% if page.meta and page.meta.hide %}hidden{% endif %}{{ page.title }}",
    ],
)
def test_a_frame_filled_is_what_the_template_renders(source: str) -> None:
    config = MkDocsConfig()
    config.load_dict({"site_name": "s", "site_url": "https://example.org/"})
    for title in ('<b>&amp; "x"</b>  y', "{{ z }}", "平常"):
        for content in ("<p>正文</p>", '<h1 id="t">T</h1>'):
            page = _page(config, title, content)
            env = Environment(loader=DictLoader({"t.html": source}))
            assert _frame(source, page) == env.get_template("t.html").render(page=page)


@pytest.mark.parametrize(
    "source",
    [
        "{{ page.title | upper }}",  # a transformation the frame does not know
        "{{ page.title[0] }}",
        "{{ page.title.replace('a', 'b') }}",
        "{% for item in page.toc %}{{ item.title }}{% endfor %}",  # the whole toc
        "{{ page }}",
    ],
)
def test_a_template_that_uses_a_value_otherwise_gets_no_frame(source: str) -> None:
    config = MkDocsConfig()
    config.load_dict({"site_name": "s"})
    assert _frame(source, _page(config, "abc", "<p>x</p>")) is None


def test_a_page_that_answers_otherwise_does_not_match() -> None:
    config = MkDocsConfig()
    config.load_dict({"site_name": "s"})
    source = '{% if "<h1" not in page.content %}<h1>{{ page.title }}</h1>{% endif %}'
    env = Environment(loader=DictLoader({"t.html": source}))
    first = _page(config, "a", "<p>x</p>")
    frame = make_frame(env, "t.html", {}, first, dict(first.meta))
    assert frame is not None
    second = _page(config, "b", "<h1>y</h1>")
    assert not frame.matches(Answers(second, dict(second.meta), ""), {"page": second})
    third = _page(config, "", "<p>z</p>")
    assert frame.matches(Answers(third, dict(third.meta), ""), {"page": third})


@pytest.mark.parametrize(
    "url", ["2024/fazhi/青山县/", "assets/x/", "a/b/", "2024/", "a/./b/", "a//b/", "x.html"]
)
def test_the_url_filter_answers_as_mkdocs_for_any_path(url: str) -> None:
    """Answered from the page's depth alone where the page's first directory is not the
    path's; anything else goes through MkDocs."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "s"})
    page = _page(config, "t", "")
    page.file.url = url
    answers = Answers(page, {}, "")
    paths = [
        *("assets/x.css", "", ".", "./", "2024/", "2024/fazhi/", "./2024/x", "a//b", "a/b/c"),
        *("../x", "a/../2024/x", "a\\b", "#x", "https://x/y", "/abs", "\0/x", "feed.xml"),
    ]
    for path in paths:
        assert answers.answer(("url", path)) == normalize_url(path, page, ""), path


def test_a_context_value_that_differs_per_page_is_compared_or_refused() -> None:
    """MkDocs gives each page its own `build_date_utc` (the clock, unless SOURCE_DATE_EPOCH is
    set): a frame is made only when no template uses it, and then ignores it; any other
    value of the context must be the frame's."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "s"})
    page = _page(config, "a", "<p>x</p>")
    quiet = Environment(loader=DictLoader({"t.html": "{{ page.title }}|{{ base_url }}"}))
    frame = make_frame(quiet, "t.html", {"base_url": "..", "build_date_utc": 1}, page, {})
    assert frame is not None
    other = _page(config, "b", "<p>y</p>")
    answers = Answers(other, {}, "..")
    assert frame.matches(answers, {"base_url": "..", "build_date_utc": 2, "page": other})
    assert not frame.matches(answers, {"base_url": "../..", "build_date_utc": 2, "page": other})
    assert frame.fill(answers, {}) == "b|.."
    loud = Environment(loader=DictLoader({"t.html": "{{ build_date_utc }}{{ page.title }}"}))
    assert make_frame(loud, "t.html", {"build_date_utc": 1}, page, {}) is None


def test_an_answer_must_be_what_the_template_would_print() -> None:
    """True == 1, but the template prints "True" for one and "1" for the other."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "s"})
    env = Environment(loader=DictLoader({"t.html": "{{ page.meta.weight }}"}))
    first = _page(config, "a", "")
    first.meta["weight"] = True
    frame = make_frame(env, "t.html", {}, first, dict(first.meta))
    assert frame is not None
    second = _page(config, "b", "")
    second.meta["weight"] = 1
    assert not frame.matches(Answers(second, dict(second.meta), ""), {"page": second})
    third = _page(config, "c", "")
    third.meta["weight"] = True
    assert frame.matches(Answers(third, dict(third.meta), ""), {"page": third})
