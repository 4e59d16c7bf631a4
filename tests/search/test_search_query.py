"""Ranking, filters and downloads of the reference query, and the search page's HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from gongkai.site.search import search_box_html, search_page_html, write_index
from gongkai.site.search.query import cold_bytes, cold_files, run, search

from .test_search_index import doc

FILLER = "区政府召开常务会议研究部署年度重点工作安排。" * 60


@pytest.fixture
def built(tmp_path: Path) -> Path:
    write_index(
        [
            doc("scattered/", "法治工作。治政有方。政府职能。" * 5),
            doc("exact/", "建设法治政府。"),
            doc("long/", FILLER + "办理行政复议案件。" + FILLER),
            doc("short/", "办理行政复议案件。"),
            doc("fengqiao/", "坚持和发展新时代枫桥经验。", year=2023, issuer="示例镇人民政府"),
            doc(
                "bridge/",
                "枫桥镇、枫桥村的经验做法。",
                type="xxgk",
                type_name="政府信息公开工作年度报告",
            ),
        ],
        tmp_path,
    )
    return tmp_path


def urls(index_dir: Path, query: str, **filters: str) -> list[str]:
    return [hit.url for hit in search(index_dir, query, filters)]


def test_exact_phrase_ranks_above_a_page_with_only_its_pieces(built: Path) -> None:
    hits = search(built, "法治政府")
    assert [(h.url, h.exact) for h in hits] == [("exact/", True), ("scattered/", False)]
    assert hits[1].score > hits[0].score  # the scattered page scores higher, yet ranks lower


def test_short_relevant_page_ranks_above_long_page(built: Path) -> None:
    assert urls(built, "行政复议") == ["short/", "long/"]


def test_the_last_character_of_the_query_counts(built: Path) -> None:
    assert urls(built, "枫桥经验") == ["fengqiao/"]
    assert sorted(urls(built, "枫桥")) == ["bridge/", "fengqiao/"]
    assert urls(built, "枫桥经") == ["fengqiao/"]


def test_a_single_character_and_a_phrase_with_spaces(built: Path) -> None:
    assert sorted(urls(built, "枫")) == ["bridge/", "fengqiao/"]
    # Both pages have both words, though only one has them together.
    assert [(h.url, h.exact) for h in search(built, "经验 枫桥")] == [
        ("bridge/", True),
        ("fengqiao/", True),
    ]


def test_filters_by_year_type_and_issuer(built: Path) -> None:
    assert urls(built, "枫桥", year="2023") == ["fengqiao/"]
    assert urls(built, "枫桥", type="xxgk") == ["bridge/"]
    assert urls(built, "枫桥", issuer="示例镇") == ["fengqiao/"]
    assert urls(built, "枫桥", issuer="示例") != []
    assert urls(built, "枫桥", year="2023", type="xxgk") == []
    assert urls(built, "枫桥", year="1999") == []
    assert urls(built, "枫桥", year=" ", type="") == urls(built, "枫桥")


def test_an_unknown_filter_is_an_error(built: Path) -> None:
    with pytest.raises(ValueError, match="unknown search filter"):
        search(built, "枫桥", {"region": "1"})


def test_hits_carry_what_the_results_list_shows(built: Path) -> None:
    (hit,) = search(built, "枫桥经验")
    assert (hit.title, hit.issuer, hit.year, hit.type_name, hit.published) == (
        "fengqiao/的报告",
        "示例镇人民政府",
        2023,
        "法治政府建设年度报告",
        "2025-03-20",
    )
    assert hit.snippet == (("坚持和发展新时代", False), ("枫桥经验", True), ("。", False))


def test_a_longer_page_continues_the_shorter_one(tmp_path: Path) -> None:
    write_index(
        [doc(f"{n:02d}/", "行政复议。" * (n % 7 + 1) + "他" * n) for n in range(30)], tmp_path
    )
    first = run(tmp_path, "行政复议", limit=10)
    both = run(tmp_path, "行政复议", limit=20)
    assert (first.total, both.total) == (30, 30)
    assert both.hits[:10] == first.hits
    assert len({h.url for h in both.hits}) == 20


def test_a_cold_query_reads_the_manifest_its_shards_and_one_page_of_documents(
    tmp_path: Path,
) -> None:
    write_index([doc(f"{n:02d}/", "行政复议。") for n in range(30)], tmp_path)
    files = cold_files(tmp_path, "复议")
    assert files == ["manifest.json", "s/0.bin", "lengths.bin", *[f"d/{n}.bin" for n in range(10)]]
    assert cold_bytes(tmp_path, "复议") == sum((tmp_path / f).stat().st_size for f in files)
    assert "filters.bin" in cold_files(tmp_path, "复议", {"year": "2024"})
    assert cold_files(tmp_path, "。，") == ["manifest.json"]
    # The lengths come with the shards, before it is known whether every term is there.
    assert cold_files(tmp_path, "枫桥") == ["manifest.json", "s/0.bin", "lengths.bin"]


def test_the_search_page_is_one_block_python_markdown_leaves_alone() -> None:
    page = search_page_html("../search/", "../assets/search.js?a=1&b=2", "../assets/search.css")
    assert "\n\n" not in page
    root = lxml_html.fragment_fromstring(page)  # raises unless exactly one element
    assert (root.tag, root.get("data-index")) == ("div", "../search/")
    assert root.xpath("//script/@src") == ["../assets/search.js?a=1&b=2"]
    assert '&amp;b=2"' in page
    markdown = pytest.importorskip("markdown")
    assert page in markdown.markdown(f"# 搜索\n\n{page}\n")


def test_the_search_page_is_accessible_and_has_every_element_the_script_uses() -> None:
    root = lxml_html.fragment_fromstring(search_page_html("s/", "s.js", "s.css"))
    (form,) = root.xpath("//form[@role='search']")
    for control in form.xpath(".//input | .//select"):
        assert root.xpath(f"//label[@for='{control.get('id')}']"), control.get("id")
    assert root.xpath("//*[@role='status'][@aria-live='polite']")
    assert root.xpath("//ol[@id='gk-search-results']")
    script = (Path(__file__).parents[2] / "src/gongkai/site/static/search.js").read_text()
    used = set(re.findall(r'\$\("(\w+)"\)', script))
    assert used == {"q", "year", "type", "issuer", "status", "results", "more", "issuers"}
    assert {f"gk-search-{name}" for name in used} <= set(root.xpath("//@id"))


def test_the_search_box_sends_q_to_the_search_page() -> None:
    box = search_box_html("../搜索/?from=home&x=1")
    form = lxml_html.fragment_fromstring(box)
    assert (form.get("role"), form.get("method"), form.get("action")) == (
        "search",
        "get",
        "../搜索/?from=home&x=1",
    )
    (field,) = form.xpath(".//input[@name='q']")
    assert form.xpath(f".//label[@for='{field.get('id')}']/text()") == ["搜索报告全文"]
    assert "\n" not in box


def test_checking_for_the_phrase_stops_after_five_documents_per_hit(tmp_path: Path) -> None:
    # Every page has both pairs of 法治法治法 (法治, 治法); only zz/, ranked last, has it.
    pages = [doc(f"{n:02d}/", "法治。治法。" * (n + 1)) for n in range(60)]
    write_index([*pages, doc("zz/", "法治法治法" + "他" * 500)], tmp_path)
    first = run(tmp_path, "法治法治法", limit=10)
    assert first.total == 61
    assert len([f for f in first.fetched if f.startswith("d/")]) == 50
    assert [h.exact for h in first.hits] == [False] * 10
    more = run(tmp_path, "法治法治法", limit=20)  # the budget now covers every candidate
    assert [(h.url, h.exact) for h in more.hits[:2]] == [("zz/", True), (more.hits[1].url, False)]
