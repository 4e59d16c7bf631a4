"""Small builders for the HTML the site generates; every value from a report is escaped here."""

from __future__ import annotations

import json
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

    def as_markdown(self) -> str:
        return self.front_matter() + block(self.html)


def page(title: str, *parts: str, heading: str | None = None) -> HtmlPage:
    """A generated page: an <h1> (the title, unless `heading` replaces it), then the parts."""
    h1 = heading if heading is not None else f'<h1 id="gk-title">{esc(title)}</h1>'
    return HtmlPage(title, "\n".join(p for p in (h1, *parts) if p))
