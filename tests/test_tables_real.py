"""Table 三 and 四 of a real report against the arithmetic regulations.md §2.4.3 and §2.5
work out by hand: 2019年上海市人民政府办公厅政府信息公开工作年度报告 (2019 trial format).

The numbers are transcribed here (no report text is copied); when ../shared is present,
the transcription is also compared with the text version of the report in the corpus.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.model.loader import load_report
from gongkai.profiles import load_profile
from gongkai.tables.check import arithmetic
from gongkai.tables.resolve import tables_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "xxgk" / "001.txt"

# Columns: 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计; None = blank.
_ = None
TABLE_3 = [
    ("本年新收政府信息公开申请数量", [821, 35, _, _, 2, 1, 859]),
    ("上年结转政府信息公开申请数量", [18, _, _, _, _, _, 18]),
    ("予以公开", [258, 12, _, _, 1, 1, _]),
    ("部分公开", [3, _, _, _, _, _, _]),
    ("属于国家秘密", [14, _, _, _, _, _, _]),
    ("其他法律行政法规禁止公开", [_, _, _, _, _, _, _]),
    ("危及“三安全一稳定”", [_, _, _, _, _, _, _]),
    ("保护第三方合法权益", [_, _, _, _, _, _, _]),
    ("属于三类内部事务信息", [5, _, _, _, _, _, _]),
    ("属于四类过程性信息", [3, 1, _, _, _, _, _]),
    ("属于行政执法案卷", [_, _, _, _, _, _, _]),
    ("属于行政查询事项", [10, 2, _, _, _, _, _]),
    ("本机关不掌握相关政府信息", [252, 12, _, _, 1, _, _]),
    ("没有现成信息需要另行制作", [44, 3, _, _, _, _, _]),
    ("补正后申请内容仍不明确", [25, _, _, _, _, _, _]),
    ("信访举报投诉类申请", [148, 1, _, _, _, _, _]),
    ("重复申请", [5, 4, _, _, _, _, _]),
    ("要求提供公开出版物", [_, _, _, _, _, _, _]),
    ("无正当理由大量反复申请", [_, _, _, _, _, _, _]),
    ("要求行政机关确认或重新出具已获取信息", [_, _, _, _, _, _, _]),
    ("其他处理", [_, _, _, _, _, _, _]),
    ("总计", [767, 35, _, _, 2, 1, 805]),
    ("结转下年度继续办理", [72, _, _, _, _, _, 72]),
]
# 行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5 (结果维持、结果纠正、其他结果、尚未审结、总计).
TABLE_4 = [5, _, _, 2, 7, 8, _, _, 1, 9, _, _, _, _, _]


def _list(values: list[int | None]) -> str:
    return "[" + ", ".join("~" if v is None else str(v) for v in values) + "]"


def _report() -> bytes:
    rows = "\n".join(f"  {label}: {_list(values)}" for label, values in TABLE_3)
    return f"""---
title: 2019年上海市人民政府办公厅政府信息公开工作年度报告
type: xxgk
year: 2019
issuer: 上海市人民政府办公厅
issuer_level: province
published: 2020-01-31
---

## 一、总体情况

共受理政府信息公开申请859件；答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请顺延到下年度答复）。信息公开类行政复议7件，诉讼9件。考核、社会评估、责任追究。

## 二、主动公开政府信息情况

```gongkai-table
table: 二
rows:
  规章: [13, 13, 524]
  规范性文件: [60, 60, 368]
  行政许可: [0, 0, 0]
  其他对外管理服务事项: [0, 0, 0]
  行政处罚: [0, 0, 0]
  行政强制: [0, 0, 0]
  行政事业性收费: [0, 0]
  政府集中采购: [6, 251000元]
```

## 三、收到和处理政府信息公开申请情况

```gongkai-table
table: 三
rows:
{rows}
```

## 四、政府信息公开行政复议、行政诉讼情况

```gongkai-table
table: 四
cells: {_list(TABLE_4)}
```

## 五、政府信息公开工作存在的主要问题及改进情况

（略）

## 六、其他需要报告的事项

无。
""".encode()


def test_hand_worked_identities_hold() -> None:
    report = load_report("shanghai-2019.md", _report())
    tables = tables_of(report, load_profile("xxgk")).tables
    t3, t4 = tables["t3"], tables["t4"]
    assert t3.layout.version == "2019"  # chosen by the report year
    # T3-A, 总计 column: 859 + 18 = 877 = 805 + 72; 自然人: 821 + 18 = 839 = 767 + 72.
    assert t3.number("r1", "total") + t3.number("r2", "total") == 877
    assert t3.number("r3_7", "total") + t3.number("r4", "total") == 877
    assert t3.number("r1", "natural_person") + t3.number("r2", "natural_person") == 839
    # T3-B, 自然人: 258 + 3 + (14 + 5 + 3 + 10) + (252 + 44 + 25) + (148 + 5) + 0 = 767.
    results = [key for key, _c in t3.cells if key.startswith("r3_") and key != "r3_7"]
    assert sum(t3.number(row, "natural_person") for row in dict.fromkeys(results)) == 767
    # T3-C, （七）总计 row: 767 + 35 + 0 + 0 + 2 + 1 = 805.
    parts = ["natural_person", "commercial", "research", "public_welfare", "legal_service", "other"]
    assert sum(t3.number("r3_7", column) for column in parts) == 805
    # T4: 复议 5 + 0 + 0 + 2 = 7; 直接起诉 8 + 0 + 0 + 1 = 9; 复议后起诉 all blank.
    assert arithmetic(t4).failures == ()
    assert arithmetic(t3).failures == ()


def test_findings_are_the_blank_totals_only() -> None:
    """regulations.md §2.4.3: every identity holds; the 总计 column is blank on the result
    rows, which is a warning (总计列未填写), not an arithmetic error."""
    findings = check_bytes("shanghai-2019.md", _report(), Config())
    table_findings = [f for f in findings if f.rule.startswith("GK3")]
    assert {f.rule for f in table_findings} == {"GK304"}
    blank = {(f.args["cell"], f.args["sum"]) for f in table_findings}
    assert blank == {
        ("三、（一）予以公开[总计]", "272"),
        ("三、（二）部分公开[总计]", "3"),
        ("三、（三）1.属于国家秘密[总计]", "14"),
        ("三、（三）5.属于三类内部事务信息[总计]", "5"),
        ("三、（三）6.属于四类过程性信息[总计]", "4"),
        ("三、（三）8.属于行政查询事项[总计]", "12"),
        ("三、（四）1.本机关不掌握相关政府信息[总计]", "265"),
        ("三、（四）2.没有现成信息需要另行制作[总计]", "47"),
        ("三、（四）3.补正后申请内容仍不明确[总计]", "25"),
        ("三、（五）1.信访举报投诉类申请[总计]", "149"),
        ("三、（五）2.重复申请[总计]", "9"),
    }


def test_an_error_in_the_table_is_named_with_its_cells() -> None:
    """One 予以公开 application fewer: T3-B fails for 自然人, as in the issue's example."""
    data = _report().replace(b"[258, 12, ~, ~, 1, 1, ~]", b"[257, 12, ~, ~, 1, 1, ~]")
    findings = check_bytes("shanghai-2019.md", data, Config())
    messages = [f.args for f in findings if f.rule == "GK303"]
    assert [(m["identity"], m["cell"], m["left"], m["right"]) for m in messages] == [
        ("T3-B", "三、（七）总计[自然人]", "767", "766")
    ]


def _pipe_rows(text: str, start: str, end: str) -> list[list[str]]:
    section = text[text.index(start) : text.index(end)]
    return [
        [field.strip() for field in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    ]


def test_transcription_matches_the_corpus_text() -> None:
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} not found: the shared corpus is not checked out next to the repo")
    text = CORPUS.read_text(encoding="utf-8")
    number = re.compile(r"\d*")
    rows = [
        fields[-7:]
        for fields in _pipe_rows(text, "三、收到和处理", "四、政府信息公开行政复议")
        if len(fields) >= 8 and all(number.fullmatch(f) for f in fields[-7:])
    ]
    assert rows == [["" if v is None else str(v) for v in values] for _l, values in TABLE_3]
    review = _pipe_rows(text, "四、政府信息公开行政复议", "五、")[-1]
    assert review == ["" if v is None else str(v) for v in TABLE_4]
