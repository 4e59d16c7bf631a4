"""Tables of real published reports on import: mapped with the source's values, or kept out
with the note and their rows; never a heading; no error the source text does not have.

Reads ../shared/corpus at test time (skipped with a reason where it is absent): complete
texts (real/xxgk/001-003), a page excerpt written one cell a line (real/xxgk/014), PDFs
(full/xxgk/001-002), a web page with real <table>s (full/xxgk/004), PDF-to-text extractions
(full/xxgk/006-007). The expected values were read off the sources by eye; every error a
draft may have is listed with what in the source causes it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.importers.report import import_file
from gongkai.model.loader import load_report
from gongkai.profiles import load_profile
from gongkai.profiles.rowlabels import core
from gongkai.tables.resolve import tables_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_TABLE_LABEL = re.compile(r"^#+\s*表\s*[一二三四]")


@dataclass(frozen=True)
class Case:
    path: str
    year: int
    issuer: str
    # (table, row, column) → the value printed in the source
    values: dict[tuple[str, str, str], int | str] = field(default_factory=dict)
    # table number → a row of the source, as the kept-out text must hold it
    kept_out: dict[str, str] = field(default_factory=dict)
    # (rule, message key, why the source has it)
    errors: tuple[tuple[str, str, str], ...] = ()
    formats: dict[str, str] = field(default_factory=dict)


_HZ_T4 = "表四 as published: 行政复议 10+1 with 总计 0, 复议后起诉 5 with 总计 0"
CASES = [
    Case(
        "real/xxgk/001.txt",
        2019,
        "上海市人民政府办公厅",
        {
            ("t2", "normative_docs", "public_total"): 368,
            ("t3", "r1", "natural_person"): 821,
            ("t3", "r1", "total"): 859,
            ("t3", "r3_1", "total"): "~",  # left blank in the source
            ("t4", "cases", "direct_total"): 9,
        },
        formats={"t2": "2019", "t3": "2019", "t4": "2019"},
    ),
    Case(
        "real/xxgk/002.txt",
        2024,
        "上海市科学技术委员会",
        {
            ("t2", "normative_docs", "valid"): 55,
            ("t2", "licensing", "decisions"): 97,  # a line of text, “行政许可 97”
            ("t4", "cases", "review_upheld"): 1,
        },
        kept_out={"三": "一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |"},
        errors=(("GK301", "kept_out", "表三 shattered by the PDF extraction"),),
    ),
    Case(
        "real/xxgk/003.txt",
        2025,
        "沭阳县人民政府",
        {
            ("t2", "licensing", "decisions"): 517645,
            ("t3", "r1", "natural_person"): 705,
            ("t3", "r2", "total"): 36,
            ("t3", "r4", "total"): 31,
            ("t4", "cases", "review_total"): 61,  # 表四 as three sub-tables
            ("t4", "cases", "direct_total"): 3,
            ("t4", "cases", "after_review_total"): 10,
        },
    ),
    Case(
        "real/xxgk/014.txt",
        2021,
        "天镇县信访局",
        kept_out={"二": "规章 | 0 | 0 | 0"},  # one cell a line; the excerpt ends in 表二
        errors=(
            ("GK301", "kept_out", "the excerpt ends inside 表二"),
            *(("GK101", "after", "the excerpt ends inside 表二") for _ in range(4)),
        ),
    ),
    Case(
        "real/xxgk/008.txt",
        2022,
        "上海市人民政府参事室",
        # A row a line, “规章 | 0 | 0 | 0 |”; the excerpt ends inside 表二.
        kept_out={"二": "规章 | 0 | 0 | 0"},
        errors=(
            ("GK301", "kept_out", "the excerpt ends inside 表二"),
            *(("GK101", "after", "the excerpt ends inside 表二") for _ in range(4)),
        ),
    ),
    Case(
        "real/xxgk/015.txt",
        2021,
        "某区机关事务管理局",
        {("t2", "licensing", "decisions"): 0, ("t2", "normative_docs", "valid"): 0},
        errors=(
            ("GK301", "default", "the excerpt ends in 表三's header"),
            *(("GK101", "after", "the excerpt ends in 表三's header") for _ in range(3)),
        ),
    ),
    Case(
        "full/xxgk/001.pdf",
        2023,
        "淮安市洪泽区人民政府",
        {
            ("t2", "licensing", "decisions"): 550,
            ("t3", "r1", "total"): 21,
            ("t3", "r3_4_1", "total"): 10,
            ("t4", "cases", "review_upheld"): 10,
        },
        errors=(("GK303", "total", _HZ_T4), ("GK303", "total", _HZ_T4)),
        formats={"t3": "2019"},  # 2019's single （六）其他处理 row, as published
    ),
    Case(
        "full/xxgk/002.pdf",
        2024,
        "淮安市洪泽区人民政府",
        {("t3", "r1", "total"): 95, ("t4", "cases", "after_review_total"): 3},
        formats={"t3": "2019"},
    ),
    Case(
        "full/xxgk/004.html",
        2023,
        "沭阳县发展和改革局",
        {
            ("t2", "normative_docs", "made"): 8,
            ("t2", "licensing", "decisions"): 0,  # a merged value cell, read once
            ("t3", "r1", "natural_person"): 26,
            ("t3", "r1", "commercial"): "~",  # 法人 columns left blank in the source
            ("t4", "cases", "review_pending"): 1,
        },
    ),
    Case(
        "full/xxgk/007.md",
        2025,
        "上海市人民政府办公厅",
        {("t4", "cases", "after_review_total"): 22},
        kept_out={
            "二": "规章 | 22 | 235",  # a column lost in the extraction
            "三": "二、上年结转政府信息公开申请数量 | 170 | 15 | 0 | 0 | 4 | 0 | 189",
        },
        errors=(
            ("GK301", "kept_out", "表二 cut to three columns by the extraction"),
            ("GK301", "kept_out", "表三 rows scrambled by the extraction"),
        ),
    ),
]


def _labels() -> set[str]:
    profile = load_profile("xxgk")
    return {
        core(part)
        for spec in profile.tables
        for layout in spec.formats
        for row in layout.rows
        for part in row.label
    }


@pytest.mark.parametrize("case", CASES, ids=[case.path for case in CASES])
def test_corpus_tables_are_mapped_or_kept_out(case: Case, tmp_path: Path) -> None:
    source = CORPUS / case.path
    if not source.is_file():
        pytest.skip(f"the shared corpus is not checked out next to the repo ({source})")
    # Markdown extractions are read as the text they are.
    copy = tmp_path / (source.stem + (".txt" if source.suffix == ".md" else source.suffix))
    shutil.copyfile(source, copy)
    imported = import_file(copy, report_type="xxgk", year=case.year, issuer=case.issuer)
    text = imported.text
    data = text.encode("utf-8")
    tables = tables_of(load_report("draft.md", data), load_profile("xxgk")).tables
    for (table, row, column), value in case.values.items():
        cell = tables[table].cell(row, column)
        assert ("~" if cell.blank else cell.value) == value, (table, row, column)
    for table, version in case.formats.items():
        assert tables[table].layout.version == version
    for number, row in case.kept_out.items():
        note = f"<!-- 表{number}未能识别，请手工补录 -->\n```text\n"
        assert note in text
        assert f"\n{row}\n" in text.split(note, 1)[1].split("\n```\n", 1)[0]
    mapped = {spec.number for spec in load_profile("xxgk").tables if spec.id in tables}
    assert not mapped & set(case.kept_out)
    labels = _labels()
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert not [h for h in headings if _TABLE_LABEL.match(h) or core(h.lstrip("# ")) in labels]
    errors = sorted(
        (f.rule, f.message)
        for f in check_bytes("draft.md", data, Config())
        if f.severity.value == "error"
    )
    assert errors == sorted((rule, message) for rule, message, _why in case.errors)
