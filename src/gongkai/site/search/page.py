"""The HTML of the search page and of the small search box other pages carry.

Both go into generated Markdown as raw HTML: each is one top-level element without blank
lines, which Python-Markdown passes through untouched. Without JavaScript the box still
works as a plain GET form: the search page reads `?q=` when the script starts.
"""

from __future__ import annotations

from html import escape

# The ids the script looks for (static/search.js, function `start`).
_PAGE = """\
<div class="gk-search" data-index="{index}">
<link rel="stylesheet" href="{css}">
<form class="gk-search__form" role="search" aria-label="搜索报告" action="" method="get">
<p class="gk-search__query"><label for="gk-search-q">搜索报告全文</label>
<input id="gk-search-q" name="q" type="search" autocomplete="off" spellcheck="false" \
enterkeyhint="search">
<button type="submit">搜索</button></p>
<fieldset class="gk-search__filters"><legend>筛选</legend>
<label for="gk-search-year">年度</label>
<select id="gk-search-year" name="year"><option value="">全部年度</option></select>
<label for="gk-search-type">报告类型</label>
<select id="gk-search-type" name="type"><option value="">全部类型</option></select>
<label for="gk-search-issuer">发布机关</label>
<input id="gk-search-issuer" name="issuer" list="gk-search-issuers" autocomplete="off">
<datalist id="gk-search-issuers"></datalist>
</fieldset>
</form>
<p id="gk-search-status" class="gk-search__status" role="status" aria-live="polite"></p>
<ol id="gk-search-results" class="gk-search__results" aria-labelledby="gk-search-status"></ol>
<p><button type="button" id="gk-search-more" class="gk-search__more" hidden>显示更多结果</button></p>
<noscript><p>全文搜索需要浏览器启用 JavaScript。</p></noscript>
<script src="{script}" defer></script>
</div>"""


def search_page_html(index_url: str, script_url: str, css_url: str) -> str:
    """The body of the search page. URLs are as the page's `<a href>` would write them;
    `index_url` is the directory `write_index` wrote, whose parent is the site root."""
    return _PAGE.format(index=escape(index_url), script=escape(script_url), css=escape(css_url))


def search_box_html(search_page_url: str) -> str:
    """A search box that sends its query to the search page as `?q=`."""
    return (
        f'<form class="gk-search-box" role="search" aria-label="搜索报告" '
        f'action="{escape(search_page_url)}" method="get">'
        '<label for="gk-search-box-q">搜索报告全文</label> '
        '<input id="gk-search-box-q" name="q" type="search" required> '
        '<button type="submit">搜索</button></form>'
    )
