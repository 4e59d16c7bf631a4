"""Run the checker over every real report in ../shared/corpus that can be converted.

The texts are public documents kept outside the repository; they are read at test time
and never copied here. Most are truncated web excerpts, so missing contents are expected
in them: what must hold is that nothing crashes, every finding is well-formed, and the
complete seed report gets exactly the findings a reviewer would give it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.importers.plaintext import issuer_level, to_markdown
from gongkai.rules import RULES_BY_ID

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "real"
SEED = SHARED / "domain" / "seed-report.txt"

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"real-report corpus not found at {CORPUS}"
)


def _index() -> list[dict[str, str]]:
    if not CORPUS.is_dir():
        return []
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


def _title(text: str, issuer: str, year: str) -> str:
    for line in text.splitlines()[:12]:
        line = line.strip()
        if "报告" in line and len(line) <= 80 and year in line:
            return line
    return f"{issuer}{year}年度报告"


def _convert(text: str, issuer: str, year: int, report_type: str) -> bytes:
    fields = {
        "title": _title(text, issuer, str(year)),
        "type": report_type,
        "year": year,
        "issuer": issuer,
        "issuer_level": issuer_level(issuer) or "department",
        "status": "draft",  # the publication date is not in the excerpt
    }
    return to_markdown(text, fields).encode("utf-8")


def _assert_well_formed(data: bytes, findings: list) -> None:
    lines = data.decode("utf-8").count("\n") + 1
    for finding in findings:
        rule = RULES_BY_ID[finding.rule]
        assert 1 <= finding.line <= lines
        assert finding.col >= 1
        assert rule.render(finding, "zh") and rule.render(finding, "en")


@needs_corpus
@pytest.mark.parametrize("row", _index(), ids=lambda row: row["path"])
def test_every_real_report_checks_cleanly(row: dict[str, str]) -> None:
    text = (CORPUS / row["path"]).read_text(encoding="utf-8")
    issuer = re.sub(r"[（(].*?[)）]", "", row["issuing_body"]).strip()
    report_type = "fazhi" if row["type"] == "fazhi" else "xxgk"
    data = _convert(text, issuer, int(row["year_covered"]), report_type)
    findings = check_bytes(row["path"], data, Config())
    _assert_well_formed(data, findings)
    rules = {f.rule for f in findings}
    # Conversion itself must produce valid front-matter for every file.
    assert not rules & {"GK001", "GK002", "GK003", "GK004", "GK005"}, findings
    if report_type == "fazhi":
        assert "GK006" not in rules
    else:
        # 政府信息公开工作年度报告 gets its profile in a later release; until then the type
        # is reported, not silently accepted.
        assert rules == {"GK006"} | (rules & {"GK103", "GK201"})


@needs_corpus
def test_first_responsible_is_recognised_wherever_it_is_written() -> None:
    """A report that mentions 第一责任人 anywhere never gets a 'missing' for it."""
    for row in _index():
        if row["type"] != "fazhi":
            continue
        text = (CORPUS / row["path"]).read_text(encoding="utf-8")
        if "第一责任人" not in text:
            continue
        data = _convert(text, row["issuing_body"], int(row["year_covered"]), "fazhi")
        findings = check_bytes(row["path"], data, Config())
        missing = [
            f for f in findings if f.rule == "GK101" and "第一责任人" in f.args.get("name_zh", "")
        ]
        assert not missing, (row["path"], missing)


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed report not found at {SEED}")
def test_seed_report_gets_exactly_the_reviewers_findings() -> None:
    data = _convert(SEED.read_text(encoding="utf-8"), "南阳市卧龙区陆营镇人民政府", 2024, "fazhi")
    findings = check_bytes("seed.md", data, Config())
    summary = [
        (f.rule, f.severity.value, f.args.get("title") or f.args.get("name_zh")) for f in findings
    ]
    assert summary == [
        # 六、存在的问题 lists problems with no cause at all.
        ("GK102", "warning", "六、存在的问题"),
        # The seed has no 其他需要报告的情况 part; measures, shortcomings, 第一责任人 (a
        # paragraph in section 一) and next-year plans are all recognised.
        ("GK101", "warning", "其他需要报告的情况"),
    ]
