"""The xxgk profile: its six sections as real reports write them, the 第五十条（四）content
that only governments owe, deadlines by issuer level, and the sample report."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.rules.base import Finding
from samples import XXGK_SECTIONS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "reports" / "2024" / "xxgk" / "shili-xian.md"
FRONT = """---
title: 示例县人民政府2024年政府信息公开工作年度报告
type: xxgk
year: 2024
issuer: {issuer}
issuer_level: {level}
published: {published}
---

"""
SECTIONS = XXGK_SECTIONS


def _check(
    sections: list[str],
    issuer: str = "示例县人民政府",
    level: str = "county",
    published: str = "2025-03-26",
    body: str = "全年工作有序开展。",
    heading: str = "## ",
) -> list[Finding]:
    text = FRONT.format(issuer=issuer, level=level, published=published)
    text += "".join(f"{heading}{title}\n\n{body}\n\n" for title in sections)
    return check_bytes("r.md", text.encode(), Config())


def _missing(findings: list[Finding]) -> set[str]:
    return {str(f.args["name_zh"]) for f in findings if f.rule == "GK101"}


GOVERNMENT_TEXT = "政务公开纳入年度考核，开展社会评议，未发生责任追究。"


@pytest.mark.parametrize(
    "sections",
    [
        SECTIONS,
        # 上海 2019 and 2022 and an older fixture's wording, other numbering and widths.
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "五、政府信息公开工作存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ],
        [
            "1.总体情况",
            "(二)主动公开政府信息的情况",
            "三．收到和处理政府信息公开申请情况",
            "4、政府信息公开行政复议,行政诉讼情况",
            "五、存在问题及改进情况",
            "六、其他需要报告的事项",
        ],
    ],
)
def test_six_sections_are_recognised_as_written(sections: list[str]) -> None:
    assert _missing(_check(sections, body=GOVERNMENT_TEXT)) == set()


def test_numbered_lines_count_as_sections() -> None:
    assert _missing(_check(SECTIONS, body=GOVERNMENT_TEXT, heading="")) == set()


def test_a_missing_section_is_named() -> None:
    assert _missing(_check(SECTIONS[:4] + SECTIONS[5:], body=GOVERNMENT_TEXT)) == {
        "存在的主要问题及改进情况"
    }


def test_assessment_appraisal_accountability_are_owed_by_governments_only() -> None:
    owed = {"工作考核结果情况", "社会评议结果情况", "责任追究结果情况"}
    for level in ("province", "city", "county", "township"):
        findings = _check(SECTIONS, level=level, published="2025-01-20")
        assert _missing(findings) == owed
        assert {f.severity.value for f in findings if f.rule == "GK101"} == {"warning"}
    assert (
        _missing(
            _check(SECTIONS, issuer="示例县财政局", level="department", published="2025-01-20")
        )
        == set()
    )


@pytest.mark.parametrize(
    ("level", "published", "late"),
    [
        ("department", "2025-01-31", False),
        ("department", "2025-02-01", True),
        ("county", "2025-03-31", False),
        ("county", "2025-04-01", True),
        ("province", "2025-03-31", False),
        ("township", "2025-02-01", True),  # 乡镇: 1月31日 until a national rule is confirmed
    ],
)
def test_deadline_depends_on_issuer_level(level: str, published: str, late: bool) -> None:
    findings = _check(SECTIONS, level=level, published=published, body=GOVERNMENT_TEXT)
    assert any(f.rule == "GK202" for f in findings) is late


def test_sample_report_passes_the_core_and_table_rules() -> None:
    findings = check_bytes(SAMPLE.name, SAMPLE.read_bytes(), Config())
    assert [f for f in findings if f.rule < "GK400"] == []
