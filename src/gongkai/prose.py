"""The report body as prose, for the content rules: what a reader of the page reads.

Content rules look for words and punctuation in what the published page shows, not in
Markdown syntax: front-matter, fenced code, inline code, HTML comments and tags, link
targets and bare URLs are blanked out. Blanking keeps every offset (and so every line
and column) pointing at the original file, and keeps line breaks where they were.
"""

from __future__ import annotations

import re

from gongkai.model.report import Report

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_MARKUP = re.compile(
    r"<!--.*?-->"  # comments, suppression directives included
    r"|`[^`\n]+`"  # inline code
    r"|\]\([^)\n]*\)"  # link targets: [text](https://…)
    r"|<[A-Za-z/][^>\n]*>"  # raw HTML tags
    r"|(?:https?|ftp)://[^\s<>()（）\u3000-\u303f\uff00-\uffef]+"  # bare URLs
    r"|www\.[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s<>()（）\u3000-\u303f\uff00-\uffef]*",
    re.DOTALL,
)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def prose(report: Report) -> str:
    """The report text with everything but readable body prose replaced by spaces."""
    cached = report.derived.get("prose")
    if cached is None:
        text = report.text
        head = re.sub(r"[^\n]", " ", text[: report.body_offset])
        body = _MARKUP.sub(_blank, _FENCE.sub(_blank, text[report.body_offset :]))
        cached = report.derived["prose"] = head + body
    return str(cached)
