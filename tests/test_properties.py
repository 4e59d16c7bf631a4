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

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for _hypothesis, any import mode

from _hypothesis import (
    Document,
    HeadingCase,
    check,
    check_headings,
    check_line_ends,
    documents,
    file_bytes,
    heading_documents,
    random_inputs,
)
from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.model.headings import scan_headings
from gongkai.model.source import SourceText
from gongkai.rules import RULES_BY_ID

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


@budget(150)
@given(st.binary(max_size=2000))
@example(b"")
@example(b"\xff\xfe---\n")
@example(b"\xef\xbb\xbf")
@example(b"---\n\xc4\xe3\xba\xc3\n---\n")
def test_random_bytes(data: bytes) -> None:
    check("reports/x.md", data)


@budget(150)
@given(st.text(), st.sampled_from(["", "---\n", "\ufeff---\n"]))
@example("", "---\n")
@example("---", "---\n")
@example("\n---\n# 标题", "---\n")
def test_random_text(text: str, prefix: str) -> None:
    data = (prefix + text).encode("utf-8", errors="surrogatepass")
    check("reports/x.md", data)


@budget(100)
@given(file_bytes())
def test_generated_reports(data: bytes) -> None:
    check("reports/2024/fazhi/x.md", data)


@budget(50)
@given(random_inputs())
def test_deterministic(data: bytes) -> None:
    first = check_bytes("x.md", data, Config())
    second = check_bytes("x.md", bytes(data), Config())
    assert first == second


# --------------------------------------------------------------------------------------
# Line ends and BOM change nothing: same findings, same lines and columns


@budget(75)
@given(documents())
def test_line_ends_and_bom_change_nothing(doc: Document) -> None:
    check_line_ends(doc)


# --------------------------------------------------------------------------------------
# The heading scanner against a reference, on documents of ATX headings and paragraphs


@budget(120)
@given(heading_documents())
def test_scan_headings_matches_reference(case: HeadingCase) -> None:
    check_headings(case)


# --------------------------------------------------------------------------------------
# Known bugs, found by the properties above and reported; strict, so a fix turns them red
# and the strategies in _hypothesis.py can stop avoiding their triggers.


def _known_bug(
    reason: str, raises: type[BaseException] | tuple[type[BaseException], ...] = AssertionError
) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason, raises=raises)


def _findings(data: bytes) -> list[tuple[str, int, int, str]]:
    return [(f.rule, f.line, f.col, f.message) for f in check_bytes("x.md", data, Config())]


@_known_bug(
    "1: gk004 _show() calls str() on the whole value: RecursionError when nested", RecursionError
)
def test_known_bug_1_deeply_nested_value() -> None:
    depth = 1200  # fails from about 990 levels
    check("x.md", f"---\ntitle: {'[' * depth}{']' * depth}\n---\n".encode())


@_known_bug("1: gk004 _show() renders an alias bomb in full before cutting it to 40 chars")
def test_known_bug_1_alias_bomb() -> None:
    lines = ["---", 'a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 6)]
    data = "\n".join([*lines, "title: *a5", "---", ""]).encode()  # 305 bytes
    tracemalloc.start()
    try:
        check("x.md", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A real 4 KB report peaks at about 25 KB; this one at 700 KB, and at 9 levels
    # (467 bytes) the check takes minutes and gigabytes.
    assert peak < 256 * 1024


@_known_bug("1: libyaml (CSafeLoader) recurses in C on deep nesting and segfaults")
def test_known_bug_1_segfault_on_deep_nesting() -> None:
    code = (
        "from gongkai.engine import check_bytes; from gongkai.config import Config; "
        "d = 50_000; check_bytes('x.md', ('---\\na: ' + '[' * d + ']' * d + '\\n---\\n')"
        ".encode(), Config())"
    )
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert process.returncode == 0, process.returncode  # -11: SIGSEGV


@_known_bug("2: YAML counts NEL/LS/PS as line breaks; SourceText does not", IndexError)
def test_known_bug_2_yaml_only_line_breaks_crash() -> None:
    check(
        "x.md",
        "---\n# \u2028\u2028\u2028\u2028\u2028\ntitle: 关于2023年的报告\nyear: 2024\n---\n".encode(),
    )


@_known_bug("2: YAML counts NEL/LS/PS as line breaks, so front-matter positions shift")
def test_known_bug_2_yaml_only_line_breaks_position() -> None:
    # `yaer` is on line 3; it is reported on line 4.
    assert ("GK005", 3, 1, "suggest") in _findings(
        '---\ntitle: "a\u2028b"\nyaer: 1\n---\n'.encode()
    )


@_known_bug("3: source._failure counts only LF, so CR-only files get line 1 and a huge col")
def test_known_bug_3_not_utf8_with_cr_line_ends() -> None:
    lf = b"---\ntitle: \xb9\xd8\n---\n"  # GB18030
    assert _findings(lf) == [("GK001", 2, 8, "default")]
    assert _findings(lf.replace(b"\n", b"\r")) == _findings(lf)  # actual: line 1, col 12


@_known_bug("4: yaml.ReaderError (control characters) is neither located nor one line")
def test_known_bug_4_control_character_in_front_matter() -> None:
    findings = check_bytes("x.md", b"---\ntitle: x\nyear: \x01\n---\n", Config())
    assert [(f.rule, f.line, f.col) for f in findings] == [("GK002", 3, 7)]  # actual: 2, 1
    assert "\n" not in RULES_BY_ID["GK002"].render(findings[0], "zh")


@_known_bug("5: field values are shown verbatim, so a message can span several lines")
def test_known_bug_5_multiline_value_in_message() -> None:
    findings = check_bytes("x.md", b"---\ntype: |\n  a\n  b\n---\n", Config())
    messages = [RULES_BY_ID[f.rule].render(f, lang) for f in findings for lang in ("zh", "en")]
    assert not [m for m in messages if "\n" in m]


@_known_bug("6: ATX titles differ from Python-Markdown's: trailing blank, U+3000")
@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("# # ", "#"),  # closing #s only count at the very end of the line
        ("## 总体 ##\t", "总体 ##"),
        ("#\u3000一、总体", "一、总体"),  # str.strip(), so the ideographic space goes too
        ("## 一、总体\u3000", "一、总体"),
    ],
)
def test_known_bug_6_atx_title_as_python_markdown_reads_it(line: str, title: str) -> None:
    assert [h.title for h in scan_headings(SourceText(line + "\n"))] == [title]


@_known_bug(
    "7: PyYAML raises KeyError/AttributeError for some explicit tags", (KeyError, AttributeError)
)
@pytest.mark.parametrize("value", ["!!bool 0", "!!timestamp 0"])
def test_known_bug_7_explicit_tag_crashes(value: str) -> None:
    check("x.md", f"---\ntitle: {value}\n---\n".encode())


@_known_bug("8: the encoding GK001 names depends on the line ends of the file")
def test_known_bug_8_encoding_guess_depends_on_line_ends() -> None:
    lf = "---\ntitle: *a\n·《: >+\n  \n\n\n---\n\n".encode("gb18030")
    guesses = [check_bytes("x.md", lf.replace(b"\n", end), Config()) for end in (b"\n", b"\r\n")]
    assert guesses[0] == guesses[1]  # BIG5 with LF, GB18030 with CRLF
