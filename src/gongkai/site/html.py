"""Small builders for the HTML the site generates; every value from a report is escaped here."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def link(href: str, text: str) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A data table; cells are HTML already (escape them with esc or link), the first is the
    row header. No class attribute: the theme styles only tables without one."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join(
        f'<tr><th scope="row">{cells[0]}</th>{"".join(f"<td>{c}</td>" for c in cells[1:])}</tr>'
        for cells in rows
    )
    return (
        f"<table><caption>{esc(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def block(html: str) -> str:
    """Raw HTML that Python-Markdown passes through untouched: one line, blank lines around."""
    return f"\n\n{html}\n\n"


@dataclass(frozen=True)
class HtmlPage:
    """A generated page that is HTML already: MkDocs gets only its title, and the hook hands
    the HTML over as the rendered content, so Python-Markdown never re-reads large tables."""

    title: str
    html: str

    def front_matter(self) -> str:
        # The theme prints the page title into <title> without escaping, and Jinja's
        # striptags would turn "&lt;" back into "<": keep markup characters out of it.
        inert = self.title.replace("<", "＜").replace(">", "＞").replace("&", "＆")
        return f"---\ntitle: {json.dumps(inert, ensure_ascii=False)}\n---\n"


# How every generated page's HTML starts (`page`).
HEAD_START = '<h1 id="gk-title">'
# What Python-Markdown's whitespace normalisation would change in a head (STX and ETX are
# its own marks) and a line break inside a value: every line of a head then starts with a
# tag, so neither a fence nor a blank line can start in it.
_UNPLAIN = re.compile("[\x02\x03]|[\t\r]|\n(?!<)")


def page(title: str, *parts: str, heading: str | None = None) -> HtmlPage:
    """A generated page: an <h1> (the title, unless `heading` replaces it), then the parts."""
    h1 = heading if heading is not None else f"{HEAD_START}{esc(title)}</h1>"
    return HtmlPage(title, "\n".join(p for p in (h1, *parts) if p))


def headed(head: HtmlPage, body: str | None = None) -> str:
    """The Markdown source of a generated page whose head is HTML already and whose body
    is Markdown (a report). The head is one raw HTML block whose lines each start with a
    tag (a line break, tab or carriage return in a value from a report is a space, which
    HTML shows alike), so `split_head` finds where it ends and Python-Markdown's core
    preprocessors pass it as it is."""
    html = _UNPLAIN.sub(lambda m: "" if m[0] in "\x02\x03" else " ", head.html)
    source = head.front_matter() + block(html)
    return source if body is None else f"{source}\n\n{body}"


def split_head(markdown: str) -> tuple[str, str]:
    """A generated page's Markdown without its front matter, as `headed` made it: the head's
    HTML and the rest; no head when the Markdown was not made so."""
    if not markdown.startswith(HEAD_START):
        return "", markdown
    end = markdown.find("\n\n")
    return (markdown, "") if end < 0 else (markdown[:end], markdown[end:])
