"""Search quality on the real site: the corpus of real reports built with `mkdocs build`, each
query of tests/search/queries.yml typed into the site's own search box in headless Chromium.
Relevance is the exact phrase (NFKC) in the published page's text; the targets are MRR and
recall@10 of at least 0.95, and no request may leave the site."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html

from gongkai.importers.plaintext import to_markdown
from gongkai.model.levels import IssuerLevel, issuer_level
from gongkai.rules import RULES_BY_ID
from gongkai.site.search import SearchDoc, html_to_text
from search.quality import CORPUS, QuerySet, load_query_set, quality
from sitebuild import build_site

from .harness import Serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
TARGET = 0.95
# Every rule off: the corpus is real, defects and all, and this site exists to be searched.
CONFIG = "rules:\n" + "".join(f"  {rule_id}: 'off'\n" for rule_id in RULES_BY_ID)


def _corpus_reports() -> dict[str, str | bytes]:
    if not (CORPUS / "INDEX.tsv").is_file():
        pytest.skip(f"the real-report corpus is not at {CORPUS}")
    reports: dict[str, str | bytes] = {}
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8") as index:
        for row in csv.DictReader(index, delimiter="\t"):
            year = int(row["year_covered"])
            kind = row["type"] if row["type"] in {"fazhi", "xxgk"} else "other"
            # The path makes the issuer unique: several excerpts share a body and a year.
            issuer = re.sub(r"[（(].*?[)）]", "", row["issuing_body"]).strip()
            fields = {
                "title": f"{issuer}{year}年度报告",
                "type": kind,
                "year": year,
                "issuer": f"{issuer}{row['path'].replace('/', '-').removesuffix('.txt')}",
                "issuer_level": (issuer_level(issuer) or IssuerLevel.department).value,
                "published": f"{year + 1}-03-01",
            }
            text = (CORPUS / row["path"]).read_text(encoding="utf-8")
            reports[row["path"].replace(".txt", ".md")] = to_markdown(text, fields)
    return reports


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("corpus-site"), _corpus_reports(), None, CONFIG)


def _published_docs(site: Path) -> list[SearchDoc]:
    """Each report page's article text: what a reader sees, and what relevance is judged on."""
    docs = []
    for page in sorted(site.glob("*/*/*/index.html")):
        tree = lxml_html.fromstring(page.read_bytes())
        article = tree.find(".//article")
        if article is None or not article.xpath(".//section[@class='gk-card']"):
            continue
        url = page.parent.relative_to(site).as_posix() + "/"
        text = html_to_text(lxml_html.tostring(article, encoding="unicode"))
        docs.append(SearchDoc(url, "", "", "", 0, "", "", "", text))
    return docs


def _type(page: Page, query: str) -> list[str]:
    box = page.locator("#gk-search-q")
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(
        "q => { const box = document.querySelector('.gk-search');"
        " return box.dataset.state === 'done' && box.dataset.query === q; }",
        arg=query,
    )
    hrefs = page.eval_on_selector_all("#gk-search-results li a", "as => as.map(a => a.href)")
    return [unquote(urlsplit(href).path).removeprefix("/") for href in hrefs]


def test_search_quality_on_the_real_site(corpus_site: Path, serve: Serve, page: Page) -> None:
    query_set: QuerySet = load_query_set()
    docs = _published_docs(corpus_site)
    assert len(docs) == len(_corpus_reports())
    page.goto(serve(corpus_site) + "search/")
    ranked = {query: _type(page, query) for query in query_set.queries}
    measured = quality(docs, ranked)
    assert measured.mrr >= TARGET, measured
    assert measured.recall >= TARGET, measured
    for query in query_set.absent:
        assert _type(page, query) == []
        assert page.locator("#gk-search-status").inner_text() == f"没有找到包含“{query}”的报告"


def test_the_home_page_box_opens_the_results(corpus_site: Path, serve: Serve, page: Page) -> None:
    page.goto(serve(corpus_site))
    page.fill("#gk-search-box-q", "行政复议")
    page.press("#gk-search-box-q", "Enter")
    page.wait_for_function("() => document.querySelector('.gk-search')?.dataset.state === 'done'")
    assert urlsplit(page.url).path == "/search/"
    assert page.locator("#gk-search-results li").count() >= 1
