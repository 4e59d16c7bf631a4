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
from gongkai.engine import analyse_report, check_bytes, corpus_findings
from gongkai.importers.plaintext import to_markdown
from gongkai.model.levels import IssuerLevel, issuer_level
from gongkai.model.loader import load_report
from gongkai.rules import RULES_BY_ID
from gongkai.rules.base import Finding

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
        "issuer_level": (issuer_level(issuer) or IssuerLevel.department).value,
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
    report_type = row["type"] if row["type"] in {"fazhi", "xxgk"} else "other"
    data = _convert(text, issuer, int(row["year_covered"]), report_type)
    findings = check_bytes(row["path"], data, Config())
    _assert_well_formed(data, findings)
    # The content rules (GK4xx) find real defects in these texts; they are asserted one by
    # one in the tests below.
    rules = {f.rule for f in findings if not f.rule.startswith("GK4")}
    # Conversion itself must produce valid front-matter for every file.
    assert not rules & {"GK001", "GK002", "GK003", "GK004", "GK005"}, findings
    if report_type == "other":
        # 部门决算, 解读 and statistics are not report types of ours: said, not guessed at.
        assert "GK006" in rules
        return
    assert "GK006" not in rules
    if report_type == "xxgk":
        # Plain text carries its tables as text, not as structured blocks: GK301 until
        # such a report is imported with its tables.
        rules -= {"GK301"}
    missing = {f.args["name_zh"] for f in findings if f.rule == "GK101"}
    if row["completeness"] == "complete":
        # Read by hand: 沭阳县 reports 考核 but neither 社会评议 nor 责任追究 (条例第五十条（四）).
        expected = {"xxgk/003.txt": {"社会评议结果情况", "责任追究结果情况"}}
        assert missing == expected.get(row["path"], set()), (row["path"], missing)
    assert rules <= {"GK101", "GK103", "GK201"}, (row["path"], rules)


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
        (
            f.rule,
            f.severity.value,
            f.args.get("title") or f.args.get("name_zh") or f.args.get("name"),
        )
        for f in findings
        if not f.rule.startswith("GK4")
    ]
    assert summary == [
        # 六、存在的问题 lists problems with no cause at all.
        ("GK102", "warning", "六、存在的问题"),
        # The seed has no 其他需要报告的情况 part; measures, shortcomings, 第一责任人 (a
        # paragraph in section 一) and next-year plans are all recognised.
        ("GK101", "warning", "其他需要报告的情况"),
    ]


# ------------------------------------------------------------------ content rules (GK4xx)

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason=f"seed report not found at {SEED}")


def _seed() -> bytes:
    return _convert(SEED.read_text(encoding="utf-8"), "南阳市卧龙区陆营镇人民政府", 2024, "fazhi")


def _corpus() -> dict[str, bytes]:
    """Every real report converted as the tests above do, by corpus path."""
    converted = {}
    for row in _index():
        text = (CORPUS / row["path"]).read_text(encoding="utf-8")
        issuer = re.sub(r"[（(].*?[)）]", "", row["issuing_body"]).strip()
        report_type = "fazhi" if row["type"] == "fazhi" else "xxgk"
        converted[row["path"]] = _convert(text, issuer, int(row["year_covered"]), report_type)
    return converted


def _content_findings(files: dict[str, bytes]) -> dict[str, list[Finding]]:
    """GK4xx findings of each file, cross-report ones included, as `check_paths` gives them."""
    analysed = {
        path: analyse_report(load_report(path, data), Config()) for path, data in files.items()
    }
    extra = corpus_findings(analysed, Config())
    return {
        path: sorted(
            (f for f in [*analysis.findings, *extra.get(path, [])] if f.rule.startswith("GK4")),
            key=lambda f: (f.line, f.col, f.rule),
        )
        for path, analysis in analysed.items()
    }


@needs_seed
def test_seed_content_findings_are_the_pasted_township_and_the_word_bookmark() -> None:
    findings = _content_findings({"seed.md": _seed()})["seed.md"]
    summary = [(f.rule, f.args.get("name") or f.args.get("text")) for f in findings]
    assert summary == [("GK401", "水口乡"), ("GK403", "[bookmark: _GoBack]")]
    # The issuer's own places and the bodies above it are never taken for copied names.
    named = " ".join(str(f.args.get("name") or f.args.get("text")) for f in findings)
    for own in ("南阳市", "卧龙区", "陆营镇", "区委", "区政府"):
        assert own not in named


@needs_corpus
def test_content_rules_on_the_real_corpus_find_only_the_known_defects() -> None:
    found = _content_findings(_corpus())
    by_rule: dict[str, list[tuple[str, int]]] = {}
    for path, findings in found.items():
        for f in findings:
            by_rule.setdefault(f.rule, []).append((path, f.line))
    # No foreign names, placeholders, bad suppressions or copied reports among these texts.
    for rule in ("GK401", "GK402", "GK406", "GK408"):
        assert rule not in by_rule, by_rule.get(rule)
    # The numbering breaks INDEX.tsv notes: xxgk/002 restarts at 一、 for its tables and
    # jumps to 五、; its shattered table 3 puts 1. after 5.; xxgk/003's table 3 heading;
    # fazhi/021's sub-heading 一) that lost its opening bracket.
    assert sorted(by_rule["GK404"]) == [
        ("fazhi/021.txt", 42),
        ("xxgk/002.txt", 140),
        ("xxgk/002.txt", 240),
        ("xxgk/002.txt", 294),
        ("xxgk/002.txt", 384),
        ("xxgk/003.txt", 136),
    ]
    # other/003 cites 湘办发[2004]4号 and 湘编办[2006]20号 with square brackets; fazhi/005, a
    # report on 2022, cites 《信访条例》, replaced by 《信访工作条例》 on 2022-05-01.
    assert by_rule["GK405"] == [
        ("fazhi/005.txt", 18),
        ("other/003.txt", 88),
        ("other/003.txt", 88),
    ]
    # xxgk/003 is 沭阳县's report with its own name read as 沐阳县 throughout.
    assert by_rule["GK410"] == [("xxgk/003.txt", 2)]  # in the title, which comes first
    # Page furniture, breadcrumbs, layout-table pipes and the mishuzj.com watermark.
    residue = {path for path, _line in by_rule["GK403"]}
    assert {"fazhi/007.txt", "xxgk/018.txt", "xxgk/021.txt", "fazhi/021.txt"} <= residue
    assert "fazhi/004.txt" not in residue  # INDEX: "clean otherwise"


@needs_corpus
def test_typography_leaves_official_full_width_prose_alone() -> None:
    """The complete reports with their original full-width punctuation: every typography
    finding is a real slip (a half-width comma among full-width ones), never a space added
    between Chinese and numbers, and the seed has none at all."""
    files = _corpus()
    found = _content_findings({"xxgk/001.txt": files["xxgk/001.txt"], "seed.md": _seed()})
    typography = {path: [f for f in fs if f.rule == "GK407"] for path, fs in found.items()}
    assert typography["seed.md"] == []
    assert [(f.line, f.message, f.args["count"]) for f in typography["xxgk/001.txt"]] == [
        (28, "punctuation", 1),
        (48, "punctuation", 2),
        (172, "punctuation", 2),
    ]
