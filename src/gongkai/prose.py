"""The report body as prose, for the content rules: what a reader of the page reads.

Content rules look for words and punctuation in what the published page shows, not in
Markdown syntax: front-matter, fenced code, inline code, HTML comments and tags, link
targets and bare URLs are blanked out. Blanking keeps every offset (and so every line
and column) pointing at the original file, and keeps line breaks where they were.
"""

from __future__ import annotations

import re

from gongkai.memo import memo
from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
# An unclosed `<!--`, `<a` or `](` is tried again at every later one, each scan running to
# the end of the file or line: quadratic (a 1 MB line took hours). Each span therefore also
# stops at the next opener of its kind, and a domain at DNS's 253 characters.
_MARKUP = re.compile(
    r"<!--(?:(?!<!--).)*?-->"  # comments, suppression directives included
    r"|`[^`\n]+`"  # inline code
    r"|\]\([^)\]\n]*\)"  # link targets: [text](https://…)
    r"|<[A-Za-z/][^<>\n]*>"  # raw HTML tags
    r"|(?:https?|ftp)://[^\s<>()（）\u3000-\u303f\uff00-\uffef]+"  # bare URLs
    r"|www\.[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}[^\s<>()（）\u3000-\u303f\uff00-\uffef]*",
    re.DOTALL,
)


def _spaces(text: str) -> str:
    """`text` with every character but a line break replaced by a space."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def blank(match: re.Match[str]) -> str:
    """A regex replacement that blanks what it matched, keeping offsets and line breaks."""
    return _spaces(match.group())


# Literals one of which a fence or a markup span must contain: most reports have neither,
# and a substring test is far cheaper than a regex pass over Chinese text.
_FENCE_MARKS = ("```", "~~~")
_FENCE_LITERALS = literals(*_FENCE_MARKS)
_MARKUP_MARKS = literals("<", "`", "](", "://", "www.")


# Comments (with the forms that end at once, `<!-->` and `<!--->`, after which a browser
# reads the rest as markup) and inline code, for the rules that read the body's markup. An
# unclosed comment stops at the next opener, or each would rescan to the end: quadratic.
COMMENT_OR_CODE = re.compile(r"<!--(?:-?>|(?:(?!<!--).)*?-->)|`[^`\n]+`", re.DOTALL)


def without_fences(body: str) -> str:
    """`body` with its fenced code blocks blanked out."""
    if any(mark in body for mark in _FENCE_MARKS):
        return _FENCE.sub(blank, body)
    return body


def prose(report: Report) -> str:
    """The report text with everything but readable body prose replaced by spaces."""
    return memo(report, _prose)


def _prose(report: Report) -> str:
    text = report.text
    body = text[report.body_offset :]
    if occurs(report, _FENCE_LITERALS):
        body = without_fences(body)
    if occurs(report, _MARKUP_MARKS):
        body = _MARKUP.sub(blank, body)
    return _spaces(text[: report.body_offset]) + body
