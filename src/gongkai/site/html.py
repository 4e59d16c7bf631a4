"""Small builders for the HTML the site generates; every value from a report is escaped here."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
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


def page(title: str, *parts: str, heading: str | None = None) -> str:
    """A generated Markdown page: its title for the theme, an <h1>, then HTML blocks."""
    # The theme prints the page title into <title> without escaping, and Jinja's striptags
    # would turn "&lt;" back into "<": keep markup characters out of it altogether.
    inert = title.replace("<", "＜").replace(">", "＞").replace("&", "＆")
    h1 = heading if heading is not None else f'<h1 id="gk-title">{esc(title)}</h1>'
    front = f"---\ntitle: {json.dumps(inert, ensure_ascii=False)}\n---\n"
    return front + "".join(block(p) for p in (h1, *parts) if p)
