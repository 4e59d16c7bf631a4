"""The report model: decoding, positions, front-matter and headings."""

from __future__ import annotations

import random

import pytest
import yaml

from gongkai.memo import memo
from gongkai.model import frontmatter
from gongkai.model.frontmatter import parse_front_matter
from gongkai.model.headings import scan_headings
from gongkai.model.loader import load_report
from gongkai.model.report import Report
from gongkai.model.source import DecodeFailure, SourceText, decode


def _text(data: bytes) -> SourceText:
    decoded = decode(data)
    assert isinstance(decoded, SourceText)
    return decoded


def test_bom_and_crlf_are_accepted_and_positions_count_characters() -> None:
    source = _text("\ufeff第一行\r\n第二行：年份2024\r\n".encode())
    assert source.had_bom
    assert source.text == "第一行\n第二行：年份2024\n"
    assert source.position(source.text.index("2024")) == (2, 7)
    assert source.line_text(2) == "第二行：年份2024"


def test_gb18030_is_located_and_named() -> None:
    data = "---\ntitle: 报告\n---\n正文第一段\n".encode("gb18030")
    failure = decode(data)
    assert isinstance(failure, DecodeFailure)
    assert (failure.line, failure.col) == (2, 8)
    assert failure.guess == "GB18030"


def test_utf16_is_recognised_by_its_bom() -> None:
    failure = decode("---\n".encode("utf-16"))
    assert isinstance(failure, DecodeFailure) and failure.guess.startswith("UTF-16")


@pytest.mark.parametrize(
    ("text", "kind", "line", "col"),
    [
        ("正文\n", "missing", 1, 1),
        ("---\ntitle: x\n", "unclosed", 1, 1),
        ("---\n---\n", "empty", 1, 1),
        ("---\n- a\n---\n", "not-mapping", 2, 1),
        ("---\n!!set {a, b}\n---\n", "not-mapping", 2, 1),
        ("---\n!!set\ntitle: x\n---\n", "not-mapping", 2, 1),
        ("---\ntitle: x\ntitle: y\n---\n", "duplicate-key", 3, 1),
        ("---\ntitle: 报告\nyear： 2024\n---\n", "fullwidth-colon", 3, 5),
        ("---\ntitle: 报告\n  year: 2024\n---\n", "syntax", 3, 7),
        ("---\ntitle: !!python/object:os.system x\n---\n", "syntax", 2, 8),
    ],
)
def test_front_matter_errors_are_located(text: str, kind: str, line: int, col: int) -> None:
    error = parse_front_matter(_text(text.encode())).error
    assert error is not None
    assert (error.kind, error.line, error.col) == (kind, line, col)


def test_dates_stay_text_until_the_schema_reads_them() -> None:
    front = parse_front_matter(_text(b"---\npublished: 2025-02-30\n---\n"))
    assert front.data == {"published": "2025-02-30"}
    assert front.keys["published"].value_line == 2
    assert front.keys["published"].value_col == 12


# Values of every kind a front-matter line may hold: implicit and explicit tags, aliases,
# a constructor that fails, a refused tag, collections (which take PyYAML's own path).
_VALUES = [
    "报告",
    "2019",
    "0x1F",
    "1_000",
    "1:20",
    "3.5",
    ".inf",
    "yes",
    "~",
    "'2024'",
    '"\\u0041"',
    "!!binary AAAA",
    "!!int 5",
    "!!str 5",
    "!!bool 0",
    "!foo x",
    "&a 1",
    "*a",
    "2020-01-01",
    "[1, 2]",
    "{a: 1}",
    "|\n  块",
    "",
    "!!float 1",
    "!!set {a}",
]


def _built(text: str, fast: bool) -> tuple[str, str]:
    loader = frontmatter._Loader(text)
    try:
        node = loader.get_single_node()
        assert isinstance(node, yaml.MappingNode)
        for key, _value in node.value:
            key.tag = "tag:yaml.org,2002:str"  # as _load makes every key
        built = frontmatter.construct(loader, node) if fast else loader.construct_document(node)
        return "built", repr(built)
    except Exception as exc:  # PyYAML's constructors raise what their input provokes
        return "failed", f"{type(exc).__name__}: {exc}"
    finally:
        loader.dispose()


@pytest.mark.parametrize("seed", range(4))
def test_plain_front_matter_is_built_as_pyyaml_builds_it(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        keys = rng.choices(["title", "year", "true", "2024", "<<", "a"], k=rng.randint(1, 6))
        text = "\n".join(f"{key}: {rng.choice(_VALUES)}" for key in keys)
        try:
            yaml.compose(text, Loader=frontmatter._Loader)
        except yaml.YAMLError:
            continue  # an alias before its anchor: never built
        assert _built(text, fast=True) == _built(text, fast=False), text


def test_headings_skip_fences_and_read_setext() -> None:
    text = (
        "# 标题\n\n## 一、总体\n\n```\n## 代码里的井号\n```\n\n~~~~\n# 也不是\n~~~~\n\n"
        "二、存在的问题\n---\n\n内容\n\n| a |\n| --- |\n"
    )
    headings = scan_headings(_text(text.encode()))
    assert [(h.level, h.title, h.line, h.col) for h in headings] == [
        (1, "标题", 1, 3),
        (2, "一、总体", 3, 4),
        (2, "二、存在的问题", 13, 1),
    ]
    assert headings[0].section_end == len(text)
    assert headings[1].section_end == headings[2].start


def test_ten_thousand_headings_stay_linear() -> None:
    text = "".join(f"## 第{i}节\n\n内容\n\n### 小节\n\n内容\n\n" for i in range(10_000))
    headings = scan_headings(_text(text.encode()))
    assert len(headings) == 20_000
    assert headings[0].section_end == headings[2].start


def test_a_field_error_keeps_the_other_fields_usable() -> None:
    data = (
        "---\ntitle: 关于2024年的报告\ntype: fazhi\nyear: 2024\nissuer: 示例县示例镇人民政府\n"
        "issuer_level: town\npublished: 2025-03-20\n---\n"
    ).encode()
    report = load_report("r.md", data)
    assert report.fields["year"] == 2024
    assert "issuer_level" not in report.fields
    assert [(i.kind, i.field, i.line, i.col) for i in report.field_issues] == [
        ("invalid", "issuer_level", 6, 15)
    ]


def test_memo_computes_each_view_once_per_report_and_argument() -> None:
    calls: list[object] = []

    def view(report: Report) -> int:
        calls.append(report)
        return len(calls)

    def view_of(report: Report, arg: object) -> object:
        calls.append(arg)
        return arg

    first, second = Report("a.md"), Report("b.md")
    assert memo(first, view) == memo(first, view) == 1
    assert memo(second, view) == 2
    one, other = ["x"], ["x"]  # equal but distinct: told apart by identity, as profiles are
    assert memo(first, view_of, one) is one
    assert memo(first, view_of, other) is other
    assert memo(first, view_of, one) is one
    assert len(calls) == 4


def test_defaults_of_a_report_with_invalid_fields_are_its_own() -> None:
    """Beside an invalid field, the valid ones and the defaults are kept; a default list is
    a new one for each report, not one shared by every report that lacks the field."""
    data = "---\ntitle: 报告\ntype: fazhi\nyear: 2024\nissuer: 青山县人民政府\n---\n正文\n".encode()
    first, second = load_report("a.md", data), load_report("b.md", data)
    assert [issue.field for issue in first.field_issues] == ["issuer_level", "published"]
    assert first.fields["attachments"] == [] == second.fields["attachments"]
    assert first.fields["attachments"] is not second.fields["attachments"]
    assert first.fields["status"].value == "published"
