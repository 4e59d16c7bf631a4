"""Reading table blocks: where they are, what each value is, and that the fast reader and
PyYAML agree on every block the fast reader accepts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.limits import Limits
from gongkai.model.loader import load_report
from gongkai.model.source import SourceText
from gongkai.model.tableblock import TableBlock
from gongkai.model.tableparse import _FastReader, _Unusual, _YamlReader, parse_block
from gongkai.model.tables import table_blocks

HEAD = "---\ntitle: t\ntype: xxgk\nyear: 2024\nissuer: 示例县\nissuer_level: county\n---\n\n"


def _blocks(body: str) -> list[TableBlock]:
    return table_blocks(load_report("r.md", (HEAD + body).encode()))


def test_every_value_is_located_in_the_file() -> None:
    [block] = _blocks("## 三\n\n```gongkai-table\ntable: 三\nrows:\n  予以公开: [6, ~, 0]\n```\n")
    assert (block.line, block.col) == (11, 1)
    assert block.table is not None and (block.table.text, block.table.line) == ("三", 12)
    [row] = block.rows
    assert row.label is not None and (row.label.line, row.label.col) == (14, 3)
    values = [(v.text, v.line, v.col, v.blank) for _name, v in row.cells]
    assert values == [("6", 14, 10, False), ("~", 14, 13, True), ("0", 14, 16, False)]


def test_blank_and_zero_differ() -> None:
    body = "```gongkai-table\ntable: 四\ncells: {总计: 0, 行政复议/结果维持: ~, 结果纠正: '', x: null}\n```\n"
    [block] = _blocks(body)
    assert [(v.text, v.blank) for _n, v in block.rows[0].cells] == [
        ("0", False),
        ("~", True),
        ("", True),
        ("null", True),
    ]


def test_other_fences_are_not_tables_and_a_fence_inside_one_does_not_count() -> None:
    body = (
        "````markdown\n```gongkai-table\ntable: 三\n```\n````\n\n"
        "```python\nx = 1\n```\n\n~~~gongkai-table\ntable: 四\ncells: [1]\n~~~\n"
    )
    [block] = _blocks(body)
    assert block.table is not None and block.table.text == "四"


def test_unclosed_block_runs_to_the_end_and_says_so() -> None:
    [block] = _blocks("```gongkai-table\ntable: 三\nrows:\n  予以公开: [1]\n")
    assert [p.kind for p in block.problems] == ["unclosed"]
    assert block.rows and block.end == len(HEAD) + len(
        "```gongkai-table\ntable: 三\nrows:\n  予以公开: [1]\n"
    )


@pytest.mark.parametrize(
    ("yaml_text", "kind", "line", "col"),
    [
        ("table: 三\nrows:\n  予以公开: [6, 2\n", "syntax", 3, 9),
        ("table: 三\ntabel: 三\nrows: {a: [1]}\n", "unknown-key", 2, 1),
        ("table: 三\nrows:\n  a: [1]\n  a: [2]\n", "duplicate-key", 4, 3),
        ("table: 三\nrows:\n  a: [[1, 2]]\n", "not-a-value", 3, 7),
        ("rows:\n  a: [1]\n", "no-table", 1, 1),
        ("table: 三\nrows: [1, 2]\n", "not-mapping", 2, 7),
        ("table: 三\nrows:\n  a: &x [1]\n  b: *x\n", "syntax", 3, 6),  # the anchored node
        ("table: 三\nrows:\n  a: " + "[" * 40 + "1" + "]" * 40 + "\n", "syntax", 3, 38),
    ],
)
def test_problems_are_located(yaml_text: str, kind: str, line: int, col: int) -> None:
    [block] = _blocks(f"```gongkai-table\n{yaml_text}```\n")
    problem = block.problems[0]
    assert (problem.kind, problem.line - 9, problem.col) == (kind, line, col)


# --------------------------------------------------------------------------------------
# The fast reader against PyYAML

# Labels and values as editors write them, with the edges of the fast reader's shape: a
# colon or a flow indicator where it is plain text in one position and not in another.
_LABELS = [
    "予以公开",
    "（一）予以公开",
    "危及“三安全一稳定”",
    "本年增/减",
    "a:b",
    "x　y",
    "-1",
    "总计 ",
    "自然人",
    "行政复议/总计",
    "null",
    "1",
    "《条例》",
]
_VALUES = [
    "0",
    "12",
    "~",
    "null",
    "",
    "12件",
    "-3",
    "+4",
    "2.5",
    "251000元",
    "x:y",
    "a b",
    "#",
    "　5",
    "6　",
    "[1]",
    "{a: 1}",
    "1,2",
    "yes",
]
# What the fast reader refuses wherever it stands: comments, quotes, indicators and tags in
# labels and values, a blank table name, no rows. A block with any of it is PyYAML's, with
# nothing to compare, so only one block in four may have it (the others are mostly read by
# the fast reader); those show that the fast reader accepts none of it.
_ODD_LABELS = ["#x", "a #b", "? q", "- z", "[x]", "&a"]
_ODD_VALUES = ["'3'", '"4"', "*a", "!!int 3"]


@st.composite
def _row(draw: st.DrawFn, indent: str, odd: bool) -> str:
    labels = st.sampled_from(_LABELS + _ODD_LABELS if odd else _LABELS)
    values = st.sampled_from(_VALUES + _ODD_VALUES if odd else _VALUES)
    label = draw(labels)
    form = draw(st.sampled_from(["list", "map", "scalar", "nested"]))
    cells = draw(st.lists(values, min_size=0, max_size=4))
    sep = draw(st.sampled_from([", ", ",", " , "]))
    if form == "list":
        return f"{indent}{label}: [{sep.join(cells)}]"
    # A repeated name is PyYAML's too: only odd blocks repeat one.
    names = draw(st.lists(labels, min_size=len(cells), max_size=len(cells), unique=not odd))
    if form == "map":
        pairs = sep.join(f"{n}: {v}" for n, v in zip(names, cells, strict=True))
        return f"{indent}{label}: {{{pairs}}}"
    if form == "scalar":
        return f"{indent}{label}: {cells[0] if cells else '~'}"
    lines = [f"{indent}{label}:"] + [
        f"{indent}{indent}{n}: {v}" for n, v in zip(names, cells, strict=True)
    ]
    return "\n".join(lines)


@st.composite
def _block_text(draw: st.DrawFn) -> str:
    odd = draw(st.integers(0, 3)) == 3
    indent = draw(st.sampled_from(["  ", "    ", " "]))
    tables = ["三", "表四", "t2", "~", ""] if odd else ["三", "表四", "t2"]
    lines = [f"table: {draw(st.sampled_from(tables))}"]
    if draw(st.booleans()):
        lines.append(f"format: {draw(st.sampled_from(['2021', '2019', '2020']))}")
    if draw(st.booleans()):
        lines.append("rows:")
        rows = st.lists(
            _row(indent, odd),
            min_size=0 if odd else 1,
            max_size=4,
            unique_by=None if odd else lambda row: row.lstrip(" ").split(":", 1)[0],
        )
        lines += draw(rows)
    else:
        row = draw(_row(indent, odd))
        lines.append(row.replace(indent, "", 1).split(":", 1)[1].join(["cells:", ""]))
    if draw(st.booleans()):
        lines.insert(
            draw(st.integers(0, len(lines))), draw(st.sampled_from(["# 注释", "", "  # x"]))
        )
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_block_text())
def test_fast_reader_agrees_with_yaml(text: str) -> None:
    source = SourceText("```gongkai-table\n" + text + "```\n")
    start = len("```gongkai-table\n")
    fast = TableBlock(1, 1, 0, len(source.text))
    try:
        _FastReader(text, 2, fast).read()
        usual = True
    except _Unusual:
        usual = False
    assume(usual)  # else PyYAML reads it alone; nothing to compare
    slow = TableBlock(1, 1, 0, len(source.text))
    _YamlReader(source, start, text, slow).read()
    assert slow.problems == []
    assert (fast.table, fast.format) == (slow.table, slow.format)
    assert fast.rows == slow.rows


def test_fast_path_handles_the_usual_shape() -> None:
    text = "table: 三\nformat: 2021\n# 注释\nrows:\n  予以公开: [6, ~, 0]  # 行尾注释\n  总计: {自然人: 6}\n  重复申请:\n    自然人: 1\n"
    block = TableBlock(1, 1, 0, 0)
    _FastReader(text, 1, block).read()
    assert [len(row.cells) for row in block.rows] == [3, 1, 1]


def test_parse_block_falls_back_for_quotes() -> None:
    source = SourceText("x\ntable: '三'\ncells: [1]\n")
    block = TableBlock(1, 1, 0, len(source.text))
    parse_block(source, 2, len(source.text), block)
    assert block.table is not None and (block.table.text, block.table.plain) == ("三", False)
    assert block.problems == []


# --------------------------------------------------------------------------------------
# The configured limits (gongkai.yml `limits:`)

_MAPPING_ROW = "table: 三\nrows:\n  重复申请:\n    自然人: 1\n"


def _blocks_within(body: str, limits: Limits) -> list[TableBlock]:
    return table_blocks(load_report("r.md", (HEAD + body).encode(), limits=limits))


def test_a_block_longer_than_table_block_chars_is_too_large() -> None:
    body = f"```gongkai-table\n{_MAPPING_ROW}```\n"
    [read] = _blocks_within(body, Limits())
    assert read.problems == [] and len(read.rows) == 1
    [refused] = _blocks_within(body, Limits(table_block_chars=len(_MAPPING_ROW) - 1))
    assert [(p.kind, p.line, p.col, p.detail) for p in refused.problems] == [
        ("too-large", 10, 1, str(len(_MAPPING_ROW) - 1))
    ]
    assert refused.table is None and refused.rows == []
    [exact] = _blocks_within(body, Limits(table_block_chars=len(_MAPPING_ROW)))
    assert exact.problems == []


def test_a_block_nested_deeper_than_front_matter_depth_is_refused() -> None:
    body = f"```gongkai-table\n{_MAPPING_ROW}```\n"
    [read] = _blocks_within(body, Limits(front_matter_depth=2))
    assert read.problems == [] and len(read.rows) == 1
    # The cells are indented 4: two levels, one more than a depth of 1 allows.
    [refused] = _blocks_within(body, Limits(front_matter_depth=1))
    assert [(p.kind, p.line, p.col, p.detail) for p in refused.problems] == [
        ("syntax", 13, 1, "嵌套超过 1 层 / nested too deep")
    ]


@pytest.mark.parametrize(
    ("text", "max_depth"),
    [
        (_MAPPING_ROW, 1),
        ("table: 三\nrows:\n  a: [1]\n", 0),
        ("table: 三\ncells: x" + "[" * 33 + "\n", 32),
    ],
)
def test_both_readers_refuse_a_block_too_deep_for_the_limit(text: str, max_depth: int) -> None:
    source = SourceText("```gongkai-table\n" + text + "```\n")
    start = len("```gongkai-table\n")
    with pytest.raises(_Unusual):
        _FastReader(text, 2, TableBlock(1, 1, 0, len(source.text)), max_depth).read()
    slow = TableBlock(1, 1, 0, len(source.text))
    _YamlReader(source, start, text, slow, max_depth).read()
    assert [p.kind for p in slow.problems] == ["syntax"]


def test_the_configured_limits_reach_the_table_check() -> None:
    body = f"## 三、收到和处理政府信息公开申请情况\n\n```gongkai-table\n{_MAPPING_ROW}```\n"
    data = (HEAD + body).encode()
    config = Config(limits=Limits(table_block_chars=10))
    assert "GK307" not in {f.rule for f in check_bytes("r.md", data, Config())}
    assert "GK307" in {f.rule for f in check_bytes("r.md", data, config)}


_ANY_BLOCK = st.text(
    alphabet=st.sampled_from(
        list("三四二表:：[]{},，~ \n\t-#&*'\"0123456789元万.自然人总计予以公开rowscelltableformat")
    ),
    max_size=200,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY_BLOCK)
def test_any_block_text_gives_located_findings_and_never_crashes(text: str) -> None:
    body = f"## 三、收到和处理政府信息公开申请情况\n\n```gongkai-table\n{text}\n```\n"
    data = (HEAD + body).encode()
    lines = data.decode().count("\n") + 1
    for finding in check_bytes("r.md", data, Config()):
        assert 1 <= finding.line <= lines and finding.col >= 1
