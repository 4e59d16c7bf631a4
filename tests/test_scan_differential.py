"""The shared literal scan (gongkai.model.scan) changes what is tried, never what is found.

Each pattern rule tries its regexes only on reports holding one of its literals, as one
Aho–Corasick pass over the body reports them. The reference path below tries every regex
on every report (`found` answers "all of them"): were a literal not in fact needed for a
match, or the automaton to miss one, the two would disagree. They are compared on the
whole analysis of a report (findings, digests, suppressions) over the real reports in
../shared/corpus and over 2,000 generated reports mutated at random (lines deleted and
repeated, residue, placeholders and odd punctuation injected), all seeded.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai.config import Config
from gongkai.engine import analyse_report
from gongkai.importers.plaintext import to_markdown
from gongkai.model import scan
from gongkai.model.loader import load_report

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # the benchmark's synthetic reports
from bench_check import report as synthetic_report  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
CONFIG = Config()

# Lines and fragments that give the pattern rules something to find, each holding one or
# more of their literals; some are near misses that must still find nothing.
_INJECTED = (
    "[bookmark:_Toc123]",
    "PAGEREF _Toc4567 \\h",
    "错误！未找到引用源。",
    "- 3 -",
    "第 2 页 共 9 页",
    "||||||||||||",
    "来源：百度文库",
    "发布时间：2024-03-28 09:18",
    "【打印本页】 【关闭窗口】",
    "当前位置：首页 > 政务公开",
    "首页 走进本县 新闻中心 政府信息公开",
    "[ 索引号 ] 11410000",
    "20XX年，XX镇完成了××项工作。",
    "（单位名称）此处填写。示例文本。",
    "〔〕号，第 号",
    '他说"依法行政"很重要,也很难;对吗?',
    "(一)加强组织领导（二)",
    "全年办理案件１２３件。",
    "工作，，推进。。落实、、",
    "2021一2025年",
    "<b>加粗</b><script>alert(1)</script>",
    '![图一](../outside.png) <IMG SRC="http://example.org/b.gif">',
    "~~~\n《国民经济和社会发展第十三个五年规划纲要》\n~~~",
    "[链接](javascript:alert(1))",
    '{: onclick="x()" }',
    "`代码`与 https://example.org/a 与 www.example.org",
    "<!-- gongkai-disable-next-line placeholder-text -- 示例 -->",
    "```\n20XX年\n```",
    "贯彻党的十九大三中全会精神",
    "《法治政府建设实施纲要（2015—2020年）》",
    "《中华人民共和国政府信息公开条例》",
    "依据青政〔2024〕3号、（2023）第5号文件",
    "全镇 我镇 本街道 全街道",
    "（三）（一）一、三、",
    "依法行政 2024年 2 0 2 4 年",
    "原国土资源局与环境保护局宣传《合同法》《中华人民共和国物权法》",
    "深入学习贯彻党的十九大精神和党的第二十届全国代表大会精神",
    "湘办发[2004]4号、宛政2023〕5号、宛政〔2023 5号、〔2027〕",
    "落实“十三五”规划，推进‘七五’普法，宣传教育的第八个五年规划",
)


def analysis(name: str, data: bytes) -> dict[str, Any]:
    return analyse_report(load_report(name, data, limits=CONFIG.limits), CONFIG).to_json()


def every_pattern_tried(name: str, data: bytes, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patched:
        patched.setattr(scan, "found", lambda report: frozenset(scan._declared))
        return analysis(name, data)


def mutated(index: int) -> bytes:
    rng = random.Random(index)
    text, _year, _defect = synthetic_report(index, seed=14)
    head, separator, body = text.partition("\n---\n")
    lines = body.split("\n")
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(lines))
        action = rng.random()
        if action < 0.3:
            del lines[at]
        elif action < 0.5:
            lines.insert(at, lines[at])
        elif action < 0.8:
            lines.insert(at, rng.choice(_INJECTED))
        else:  # mid-line, where a line-anchored pattern must not match
            cut = rng.randint(0, len(lines[at]))
            lines[at] = lines[at][:cut] + rng.choice(_INJECTED) + lines[at][cut:]
        if not lines:
            lines.append("")
    return (head + separator + "\n".join(lines)).encode()


def corpus_reports() -> Iterator[tuple[str, bytes]]:
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix not in {".txt", ".md"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(CORPUS).as_posix()
        # As found (no front-matter, so no profile) and as an imported report would be.
        yield name, text.encode()
        fields = {"title": "报告", "type": "fazhi", "year": 2024, "issuer": "青山县人民政府"}
        yield name + " (imported)", to_markdown(text, {**fields, "status": "draft"}).encode()


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"real-report corpus not found at {CORPUS}")
def test_the_scan_finds_what_every_pattern_finds_on_the_corpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked = 0
    for name, data in corpus_reports():
        assert analysis(name, data) == every_pattern_tried(name, data, monkeypatch), name
        checked += 1
    assert checked >= 100


@pytest.mark.slow
def test_the_scan_finds_what_every_pattern_finds_on_mutated_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    differing = []
    found_any = 0
    for index in range(2000):
        data = mutated(index)
        fast = analysis(f"m{index}.md", data)
        found_any += bool(fast["findings"])
        if fast != every_pattern_tried(f"m{index}.md", data, monkeypatch):
            differing.append(index)
    assert not differing
    # The mutations must give the rules work: most mutated reports have findings.
    assert found_any > 1000


def test_a_literal_declared_late_is_still_found() -> None:
    report = load_report("late.md", "---\ntitle: x\n---\n正文有一个迟到词。\n".encode())
    before = scan.found(report)
    late = scan.literals("迟到词")
    assert late <= scan.found(report)
    assert not late <= before


def test_an_empty_literal_is_refused() -> None:
    with pytest.raises(ValueError):
        scan.literals("")
