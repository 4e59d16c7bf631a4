"""Year on year (gongkai.compare and the 与上年对比 page): sections matched by content,
passages marked as GK406 judges a copy, table cells compared by their stable keys."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

import pytest

from gongkai.compare.cells import Agreement, CellDelta, carry_overs, compare_tables
from gongkai.compare.pair import compare
from gongkai.compare.passages import Kind, keys, mark
from gongkai.compare.sections import REST, report_text
from gongkai.config import Config
from gongkai.model.loader import load_report
from gongkai.profiles import load_profile
from gongkai.site.collect import collect
from gongkai.site.comparedata import cell_rows, compare_rows
from gongkai.site.pages import site_pages
from gongkai.site.urls import compare_url
from sitebuild import make_project, report

FAZHI = load_profile("fazhi")
XXGK = load_profile("xxgk")

MEASURES = "常务会议修改了议事规则，重大事项先听取意见，再提交会议讨论。"


def _text(markdown: str, path: str = "r.md"):  # type: ignore[no-untyped-def]
    return report_text(load_report(path, markdown.encode()), FAZHI)


def _fazhi(body: str, year: int = 2024) -> str:
    return (
        f"---\ntitle: 关于{year}年法治政府建设情况的报告\ntype: fazhi\nyear: {year}\n"
        f"issuer: 青山县人民政府\nissuer_level: county\npublished: {year + 1}-03-20\n---\n\n" + body
    )


def test_sections_are_matched_by_content_not_by_heading_text() -> None:
    before = _text(
        _fazhi(
            f"## 一、主要举措和成效\n\n{MEASURES}\n\n## 二、存在的不足\n\n制度执行还不够规范。\n",
            2023,
        )
    )
    # Other titles, other numbers, other order: the same contents.
    now = _text(
        _fazhi(
            "## 一、存在的主要问题\n\n制度执行还不够规范。\n\n"
            f"## 二、推进法治政府建设的主要做法和成效\n\n{MEASURES}\n"
        )
    )
    comparison = compare(FAZHI, before, now, set())
    by_id = {s.id: s for s in comparison.sections}
    assert set(by_id) >= {"measures", "shortcomings"}
    measures = by_id["measures"]
    assert measures.current is not None and measures.previous is not None
    assert [p.text for para in measures.current for p in para.pieces if p.kind is Kind.same] == [
        MEASURES
    ]
    assert measures.rate is not None and measures.rate.value == 1.0


def test_text_under_no_required_content_is_its_own_section() -> None:
    text = _text(
        _fazhi(
            f"开头的一段说明文字，介绍本报告的编制依据。\n\n## 一、主要举措和成效\n\n{MEASURES}\n"
        )
    )
    assert [s.id for s in text.sections] == ["measures", REST]
    assert "编制依据" in text.sections[-1].text


def test_marking_same_numbers_only_new_and_short() -> None:
    last = keys(
        "全年共办理行政复议案件12件，均在法定期限内办结。\n"
        "组织全体工作人员参加法律知识培训，提高依法行政能力。\n"
    )
    paragraphs, rate = mark(
        "组织全体工作人员参加法律知识培训，提高依法行政能力。"
        "全年共办理行政复议案件15件，均在法定期限内办结。"
        "新建了行政执法监督平台，实现执法数据实时汇聚。"
        "无。\n",
        last,
        set(),
    )
    kinds = [piece.kind for piece in paragraphs[0].pieces]
    assert kinds == [Kind.same, Kind.numbers, Kind.new, Kind.short]
    same, numbers, new, short = paragraphs[0].pieces
    # 重复率: the carried characters over all of this year's characters (short ones too).
    assert rate.same == same.chars and rate.numbers == numbers.chars
    assert rate.chars == same.chars + numbers.chars + new.chars + short.chars
    assert rate.value == pytest.approx((same.chars + numbers.chars) / rate.chars)


def test_boilerplate_and_headings_are_not_judged() -> None:
    sentence = "本年度报告中所列数据的统计期限为2024年1月1日至2024年12月31日。"
    from gongkai.textsim import loose, sentence_hash

    common = {sentence_hash(loose(sentence))}
    paragraphs, rate = mark(
        f"## 一、主要举措和成效的总体情况说明\n\n{sentence}\n", keys(sentence), common
    )
    assert [p.pieces[0].kind for p in paragraphs] == [Kind.heading, Kind.common]
    assert rate.carried == 0 and rate.value is None  # nothing judged: no false 0%


def test_punctuation_and_spacing_do_not_make_a_sentence_new() -> None:
    paragraphs, _rate = mark(
        "组织全体工作人员参加法律知识培训, 提高依法行政能力。\n",
        keys("组织全体工作人员参加法律知识培训，提高依法行政能力。"),
        set(),
    )
    assert paragraphs[0].pieces[0].kind is Kind.same


def _t3(version: str, **values: object) -> dict[str, object]:
    return {"t3.format": version, **{k.replace("__", "."): v for k, v in values.items()}}


def test_a_blank_is_not_zero() -> None:
    blank_vs_number = CellDelta("t3.r1.total", None, 5)
    assert blank_vs_number.delta is None and blank_vs_number.percent is None
    zero_to_number = CellDelta("t3.r1.total", 0, 5)
    assert zero_to_number.delta == 5 and zero_to_number.percent is None
    down = CellDelta("t3.r1.total", 8, 6)
    assert down.delta == -2 and down.percent == -25.0
    assert CellDelta("t3.r1.total", "十二", 6).delta is None  # an invalid value, as written


def test_2019_and_2021_formats_line_up_by_key() -> None:
    previous = _t3("2019", t3__r3_6__total=4, t3__r1__total=100)
    current = _t3("2021", t3__r3_6_1__total=1, t3__r1__total=112)
    (t3,) = compare_tables(XXGK, previous, current)  # type: ignore[arg-type]
    assert (t3.previous_format, t3.current_format) == ("2019", "2021")
    rows = {row.key: row for group in t3.groups for row in group.rows}
    assert rows["r3_6"].only == "previous" and rows["r3_6_1"].only == "current"
    assert rows["r1"].only is None
    total = {c.key: c for c in rows["r1"].cells}["t3.r1.total"]
    assert (total.delta, total.percent) == (12, 12.0)
    old_only = {c.key: c for c in rows["r3_6"].cells}["t3.r3_6.total"]
    assert old_only.previous == 4 and not old_only.in_current and old_only.delta is None
    # The 2019 row sits where it was: after the rows it followed.
    order = [row.key for group in t3.groups for row in group.rows]
    assert order.index("r3_5_5") < order.index("r3_6") < order.index("r3_7")


def test_a_missing_previous_year_has_no_changes() -> None:
    (t3,) = compare_tables(XXGK, {}, _t3("2021", t3__r1__total=112))  # type: ignore[arg-type]
    assert t3.previous_format is None
    assert all(cell.delta is None and not cell.in_previous for cell in t3.cells())


def test_carry_over_pairs_and_disagreement() -> None:
    previous = _t3("2021", t3__r4__natural_person=5, t3__r4__total=6)
    current = _t3("2021", t3__r2__natural_person=5, t3__r2__total=7)
    pairs = {p.column: p for p in carry_overs(XXGK, previous, current)}  # type: ignore[arg-type]
    assert pairs["自然人"].agreement is Agreement.agree
    assert pairs["总计"].agreement is Agreement.disagree
    assert pairs["商业企业"].agreement is Agreement.unknown  # blank on both sides


# ---------------------------------------------------------------- the site


def _site(tmp_path: Path, reports: dict[str, str | bytes]):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, reports)
    cwd = Path.cwd()
    os.chdir(project)
    try:
        collection = collect(project, Config(), use_cache=False)
    finally:
        os.chdir(cwd)
    return site_pages(collection, Config(), dt.date(2025, 6, 1))


def test_compare_pages_only_with_a_previous_year(tmp_path: Path) -> None:
    copied = report(year=2024).replace("2024年，本机关", "2023年，本机关")
    site = _site(
        tmp_path,
        {
            "2023/fazhi/qingshan.md": report(year=2023, published="2024-03-20"),
            "2024/fazhi/qingshan.md": copied,
            "2024/fazhi/baishui.md": report(issuer="白水县人民政府"),
        },
    )
    compare_page = f"{compare_url(2024, 'fazhi', '青山县人民政府')}index.md"
    names = [name for name in site.pages if "/compare/" in name]
    assert names == [compare_page]
    html = site.pages[compare_page].html  # type: ignore[union-attr]
    assert "本页把本报告与本机关2023年的同类报告逐项对照" in html
    assert '<mark class="gk-same">' in html and "全文重复率" in html
    assert 'scope="col"' in html and "<script" not in html
    with_link = site.pages["2024/fazhi/青山县人民政府/index.md"]
    assert 'href="compare/"' in str(with_link) and "与上年对比" in str(with_link)
    for name in ("2023/fazhi/青山县人民政府/index.md", "2024/fazhi/白水县人民政府/index.md"):
        assert "与上年对比" not in str(site.pages[name])
    header, rows = compare_rows(site.comparisons)
    (row,) = (dict(zip(header, r, strict=True)) for r in rows)
    assert row["previous_url"] == "2023/fazhi/青山县人民政府/"
    assert 0 < float(row["repeat_rate"]) <= 1  # type: ignore[arg-type]
    assert cell_rows(site.comparisons)[1] == []  # fazhi has no tables


def test_compare_cells_csv_for_xxgk(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    this = (root / "reports/2024/xxgk/shili-xian.md").read_text(encoding="utf-8")
    last = (
        this.replace("2024", "2023")
        .replace("2025-03-26", "2024-03-20")
        .replace("行政许可: 3126", "行政许可: 3000")
    )
    site = _site(tmp_path, {"2024/xxgk/a.md": this, "2023/xxgk/a.md": last})
    (pair,) = site.comparisons
    header, rows = cell_rows(site.comparisons)
    cells = {r[header.index("cell")]: dict(zip(header, r, strict=True)) for r in rows}
    licensing = cells["t2.licensing.decisions"]
    assert (licensing["previous"], licensing["current"], licensing["delta"]) == (3000, 3126, 126)
    assert licensing["percent"] == 4.2
    html = site.pages[f"{compare_url(2024, 'xxgk', '示例县人民政府')}index.md"].html  # type: ignore[union-attr]
    assert "+126（+4.2%）" in html and "结转核对" in html
    assert any(p.agreement is Agreement.disagree for p in pair.comparison.carry_overs)
    # Round trip through the CSV writer's format.
    from gongkai.site.opendata import csv_bytes

    parsed = list(csv.reader(io.StringIO(csv_bytes(header, rows).decode("utf-8-sig"))))
    assert parsed[0] == header and len(parsed) == len(rows) + 1
