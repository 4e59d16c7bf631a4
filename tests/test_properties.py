"""Property tests: the checker never crashes and its findings are always well formed.

Budgets are fixed per test so the module stays well under 20 s on a slow 2-core machine.
Profiles, chosen with the HYPOTHESIS_PROFILE environment variable (registered here, not in
conftest.py, so `pytest --hypothesis-profile=long` cannot see them; use the variable):

- ``ci``: derandomized (the same examples on every run), no example database, no
  deadline. Also the default whenever the CI environment variable is set.
- ``long``: 50× the examples of every test, for a local soak; scripts/fuzz_check.py runs
  the same strategies for a fixed number of minutes instead.
- otherwise Hypothesis' default profile, with these tests' budgets.

Failures found by `--hypothesis-profile=long` are stored in .hypothesis/ and replayed.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for _hypothesis, any import mode

from _hypothesis import (
    ROOT,
    Document,
    HeadingCase,
    check,
    check_headings,
    check_line_ends,
    check_render,
    documents,
    file_bytes,
    heading_documents,
    published_reports,
    random_inputs,
    site_markdown,
    site_markdown_bodies,
)
from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.model.headings import scan_headings
from gongkai.model.source import SourceText
from gongkai.rules import RULES_BY_ID
from gongkai.site.records import PublishedReport
from gongkai.site.report_page import report_page

# --------------------------------------------------------------------------------------
# Profiles. Registered here, at import, because conftest.py belongs to someone else; "ci"
# extends Hypothesis' built-in ci profile rather than replacing it.

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    "ci",
    settings.get_profile("ci"),
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    print_blob=True,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile("long", max_examples=100, deadline=None, suppress_health_check=_SLOW_OK)
_SCALE = {"long": 50}

_PROFILE_NAME = os.environ.get("HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI") else settings.get_current_profile_name()
)
_PROFILE = settings.get_profile(_PROFILE_NAME)


def budget(examples: int) -> settings:
    """This module's settings: the chosen profile with a fixed number of examples.

    The profile is applied to these tests only, so other test modules keep their own.
    """
    return settings(
        _PROFILE,
        max_examples=examples * _SCALE.get(_PROFILE_NAME, 1),
        deadline=None,
        suppress_health_check=_SLOW_OK,
    )


# --------------------------------------------------------------------------------------
# Never crashes, always well-formed findings


@pytest.mark.slow
@budget(150)
@given(st.binary(max_size=2000))
@example(b"")
@example(b"\xff\xfe---\n")
@example(b"\xef\xbb\xbf")
@example(b"---\n\xc4\xe3\xba\xc3\n---\n")
def test_random_bytes(data: bytes) -> None:
    check("reports/x.md", data)


@pytest.mark.slow
@budget(150)
@given(st.text(), st.sampled_from(["", "---\n", "\ufeff---\n"]))
@example("", "---\n")
@example("---", "---\n")
@example("\n---\n# 标题", "---\n")
def test_random_text(text: str, prefix: str) -> None:
    data = (prefix + text).encode("utf-8", errors="surrogatepass")
    check("reports/x.md", data)


@pytest.mark.slow
@budget(100)
@given(file_bytes())
def test_generated_reports(data: bytes) -> None:
    check("reports/2024/fazhi/x.md", data)


@pytest.mark.slow
@budget(50)
@given(random_inputs())
def test_deterministic(data: bytes) -> None:
    first = check_bytes("x.md", data, Config())
    second = check_bytes("x.md", bytes(data), Config())
    assert first == second


# --------------------------------------------------------------------------------------
# Line ends and BOM change nothing: same findings, same lines and columns


@pytest.mark.slow
@budget(75)
@given(documents())
def test_line_ends_and_bom_change_nothing(doc: Document) -> None:
    check_line_ends(doc)


# --------------------------------------------------------------------------------------
# The heading scanner against a reference, on documents of ATX headings and paragraphs


@pytest.mark.slow
@budget(120)
@given(heading_documents())
def test_scan_headings_matches_reference(case: HeadingCase) -> None:
    check_headings(case)


# --------------------------------------------------------------------------------------
# The site renderer: report pages parse, hold only allowed markup, render in bounded time


@pytest.mark.slow
@budget(60)
@given(st.tuples(published_reports(), site_markdown_bodies()))
def test_report_page_rendering(case: tuple[Any, str]) -> None:
    pytest.importorskip("nh3", reason="the renderer needs the `site` extra")
    check_render(case)


@functools.cache
def _site_config() -> Any:
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


@pytest.mark.slow
@budget(60)
@given(st.tuples(published_reports(), site_markdown_bodies()))
def test_a_report_page_prerenders_as_mkdocs_renders_it_whole(case: tuple[Any, str]) -> None:
    # The pool renders a mark for the page's head and puts the head in afterwards.
    pytest.importorskip("nh3", reason="the renderer needs the `site` extra")
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page
    from mkdocs.utils.meta import get_data

    from gongkai.site.prerender import render

    config, src_uri = _site_config(), "2024/fazhi/x/index.md"
    source = report_page(*case)
    rendered = render(config, src_uri, source)
    assume(rendered is not None)  # it looks up files or logs: MkDocs renders it whole
    assert rendered is not None
    file = File(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    page = Page(None, file, config)
    page.markdown = get_data(source)[0]
    page.render(config, Files([]))
    assert rendered.html == page.content
    assert rendered.anchors == sorted(page.present_anchor_ids or ())
    assert rendered.title == page._title_from_render
    assert [t["id"] for t in rendered.toc] == [a.id for a in page.toc]


def test_renderer_property_rejects_a_script() -> None:
    # The property must be able to fail: without sanitise(), a pasted script stays.
    pytest.importorskip("nh3", reason="the renderer needs the `site` extra")
    report = PublishedReport(
        "reports/x.md", "2024/fazhi/示例县人民政府/", "标题", "fazhi", "法治政府建设年度报告",
        2024, "示例县人民政府", "county", dt.date(2025, 3, 20), "published",
    )  # fmt: skip
    body = "<script>alert(1)</script>\n\n[x](javascript:alert(1))"
    check_render((report, body))
    with pytest.raises(AssertionError, match="script"):
        check_render((report, body), lambda r, b: site_markdown().reset().convert(b))


# --------------------------------------------------------------------------------------
# Regressions: inputs that once crashed the checker, hung it or misplaced its findings,
# found by the properties above. The strategies generate such input too; these pin it.


def _findings(data: bytes) -> list[tuple[str, int, int, str]]:
    return [(f.rule, f.line, f.col, f.message) for f in check("x.md", data)]


def _alias_bomb(levels: int) -> bytes:
    """Front-matter whose `title` expands to 9**levels strings (5 levels: 305 bytes)."""
    lines = ["---", 'a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join([*lines, f"title: *a{levels}", "---", ""]).encode()


def test_deeply_nested_value_is_a_finding_not_a_crash() -> None:
    depth = 1200  # GK004 once showed the value with str(): RecursionError from about 990
    data = f"---\ntitle: {'[' * depth}{']' * depth}\n---\n".encode()
    # Located at the first bracket past the limit of 32 levels: column 8 + 32.
    assert _findings(data) == [("GK002", 2, 40, "too-deep")]


@pytest.mark.parametrize("levels", [5, 9])
def test_alias_bomb_is_bounded(levels: int) -> None:
    tracemalloc.start()
    try:
        findings = check("x.md", _alias_bomb(levels))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(f.rule, f.line, f.col, f.message) for f in findings] == [
        ("GK002", 2, 1, "too-many-nodes")
    ]
    # A real 4 KB report peaks at about 25 KB. Once GK004 expanded the value in full:
    # 700 KB at 5 levels, minutes and gigabytes at 9 (467 bytes).
    assert peak < 256 * 1024


@pytest.mark.parametrize(
    ("depth", "finding"),
    [
        (32_000, ("GK002", 2, 36, "too-deep")),  # 64 KB: under the size limit
        (40_000, ("GK002", 2, 1, "too-large")),  # 80 KB: over the front-matter limit
    ],
)
def test_libyaml_never_sees_deep_nesting(depth: int, finding: tuple[str, int, int, str]) -> None:
    # libyaml (CSafeLoader) recurses in C and overflows its stack (SIGSEGV) on both.
    code = (
        "from gongkai.engine import check_bytes; from gongkai.config import Config; "
        f"d = {depth}; print([(f.rule, f.line, f.col, f.message) for f in check_bytes('x.md', "
        "('---\\na: ' + '[' * d + ']' * d + '\\n---\\n').encode(), Config())])"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert process.returncode == 0, (process.returncode, process.stderr[-2000:])
    assert process.stdout.strip() == repr([finding])


@pytest.mark.parametrize("brk", ["\x85", "\u2028", "\u2029"], ids=["NEL", "LS", "PS"])
def test_yaml_only_line_breaks_keep_positions(brk: str) -> None:
    # YAML breaks lines at NEL, LS and PS, the report model (and editors) do not: positions
    # used to shift by one line per such character, or run past the file (IndexError).
    comment = f"---\n# {brk * 5}\ntitle: 关于2023年的报告\nyear: 2024\n---\n".encode()
    assert ("GK201", 3, 10, "title") in _findings(comment)
    quoted = f'---\ntitle: "a{brk}b"\nyaer: 1\n---\n'.encode()
    assert ("GK005", 3, 1, "suggest") in _findings(quoted)


def test_not_utf8_position_with_cr_line_ends() -> None:
    lf = b"---\ntitle: \xb9\xd8\n---\n"  # GB18030
    assert _findings(lf) == [("GK001", 2, 8, "default")]
    # Lines used to be counted at LF only: line 1, column 12 with CR line ends.
    assert _findings(lf.replace(b"\n", b"\r")) == _findings(lf)
    assert _findings(lf.replace(b"\n", b"\r\n")) == _findings(lf)


@pytest.mark.parametrize(
    ("char", "code"), [("\x01", "U+0001"), ("\x1b", "U+001B"), ("\x7f", "U+007F")]
)
def test_control_character_in_front_matter_is_located(char: str, code: str) -> None:
    findings = check("x.md", f"---\ntitle: x\nyear: {char}\n---\n".encode())
    # Once line 2, column 1 and YAML's multi-line error message.
    assert [(f.rule, f.line, f.col, f.message) for f in findings] == [
        ("GK002", 3, 7, "control-character")
    ]
    assert findings[0].args == {"detail": code}
    for lang in ("zh", "en"):
        assert "\n" not in RULES_BY_ID["GK002"].render(findings[0], lang)


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [("---\ntitle: x\nyear: \x00\n---\n", 3, 7), ("---\n---\n\n正文\x00\n", 4, 3)],
)
def test_nul_is_not_text(text: str, line: int, col: int) -> None:
    # NUL in the body once passed unreported (valid UTF-8, invisible on the page).
    assert _findings(text.encode()) == [("GK001", line, col, "unknown")]


def test_multiline_value_stays_on_one_line() -> None:
    findings = check("x.md", b"---\ntype: |\n  a\n  b\n---\n")
    assert (findings[0].rule, findings[0].line, findings[0].col, findings[0].message) == (
        "GK004",
        2,
        7,
        "type-pattern",
    )
    assert findings[0].args["value"] == "a\\nb\\n"  # the line breaks shown escaped
    messages = [RULES_BY_ID[f.rule].render(f, lang) for f in findings for lang in ("zh", "en")]
    assert not [m for m in messages if "\n" in m]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("# # ", "#"),  # closing #s only count at the very end of the line
        ("## 总体 ##\t", "总体 ##"),
        ("#\u3000一、总体", "一、总体"),  # str.strip(), so the ideographic space goes too
        ("## 一、总体\u3000", "一、总体"),
    ],
)
def test_atx_title_as_python_markdown_reads_it(line: str, title: str) -> None:
    assert [h.title for h in scan_headings(SourceText(line + "\n"))] == [title]


@pytest.mark.parametrize("value", ["!!bool 0", "!!timestamp 0"])
def test_explicit_tags_never_crash(value: str) -> None:
    # PyYAML's constructors raise KeyError / AttributeError on these; once uncaught.
    findings = check("x.md", f"---\ntitle: {value}\n---\n".encode())
    assert [(f.rule, f.line, f.message) for f in findings] == [("GK002", 2, "syntax")]


def test_encoding_guess_ignores_line_ends() -> None:
    lf = "---\ntitle: *a\n·《: >+\n  \n\n\n---\n\n".encode("gb18030")
    found = [check("x.md", lf.replace(b"\n", end)) for end in (b"\n", b"\r\n", b"\r")]
    assert [(f.rule, f.line, f.col, f.message) for f in found[0]] == [("GK001", 3, 1, "default")]
    # The encoding named used to be BIG5 with LF, GB18030 with CRLF.
    assert found[1] == found[0]
    assert found[2] == found[0]
