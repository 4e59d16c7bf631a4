"""Full-text search for the site: an n-gram index built with the site, queried in the browser.

No server and no third party: `write_index` writes static files, `static/search.js` reads
them. Chinese has no spaces, so the index holds every character and every adjacent pair of
characters; a query needs every pair of its text, and the pages found are then checked for
the exact phrase. See `codec` for the file format and `query` for the query steps.
"""

from __future__ import annotations

from gongkai.site.search.index import (
    Cache,
    IndexStats,
    Previous,
    SearchDoc,
    counted,
    write_index,
)
from gongkai.site.search.page import search_box_html, search_page_html
from gongkai.site.search.text import html_to_text

__all__ = [
    "Cache",
    "IndexStats",
    "Previous",
    "SearchDoc",
    "counted",
    "html_to_text",
    "search_box_html",
    "search_page_html",
    "write_index",
]
