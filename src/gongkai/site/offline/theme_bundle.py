"""The built copy of mkdocs-material's JavaScript bundle, with its third-party URLs made inert."""

from __future__ import annotations

import re
from pathlib import Path

from gongkai.site.offline.js_literals import js_urls

# Every third-party URL in mkdocs-material 9.8.1's assets/javascripts/bundle.*.min.js (the
# search worker and the lunr files name URLs only in licence comments), what fetches it, and
# the inert literal that replaces it in the built copy:
#
# - resize-observer-polyfill: loaded as a <script> only where `ResizeObserver` is undefined
#   (Chrome < 64, Firefox < 69, Safari < 13.1, all from 2020 or before). An empty src fails at
#   once without a request; those browsers lose the theme's size-driven behaviour (header title
#   swap, sidebar height, tab scrolling), as they would on an intranet after a timeout anyway.
# - mermaid: loaded as a <script> only on a page with a `.mermaid` diagram and no global
#   `mermaid`. Reports are sanitised HTML and the site configures no mermaid fence, so no page
#   has one; if one ever did, the diagram would stay as its source text. A site that wants
#   diagrams should ship mermaid itself (extra_javascript defines the global, and then the
#   bundle loads nothing).
# - GitHub / GitLab APIs: fetched only when `repo_url` points at github.com or a GitLab host, to
#   show stars, forks and the latest release next to the repository link. "data:," never leaves
#   the browser (and the site's CSP refuses it); the facts are then left out, as on a network
#   that cannot reach the API.
_THEME_URLS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"https://unpkg\.com/resize-observer-polyfill\b"), '""'),
    (re.compile(r"https://unpkg\.com/mermaid@"), '""'),
    (re.compile(r"https://api\.github\.com/"), '"data:,"'),
    (re.compile(r"https://\$\{\w+\}/api/v4/"), '"data:,"'),
)
_THEME_BUNDLE = "assets/javascripts/bundle.*.min.js"


def neutralise_theme_bundle(site_dir: Path) -> list[str]:
    """Replace the third-party URLs in the built copy of mkdocs-material's bundle with inert
    literals (see `_THEME_URLS`) and return one line per replacement. Each new literal is
    padded with spaces to the old one's length, so the bundle's source map stays accurate.
    A URL not in the table is left alone for `find_external_fetches` to report."""
    changes: list[str] = []
    for path in sorted(site_dir.glob(_THEME_BUNDLE)):
        text = path.read_text(encoding="utf-8")
        pieces: list[str] = []
        done = 0
        for literal, match in js_urls(text):
            if literal.start < done:  # a second URL in a literal already replaced
                continue
            replacement = next(
                (new for rule, new in _THEME_URLS if rule.match(match.group())), None
            )
            if replacement is None:
                continue
            old = text[literal.start : literal.end]
            pieces += [text[done : literal.start], replacement.ljust(len(old))]
            done = literal.end
            changes.append(f"{path.relative_to(site_dir).as_posix()}: {old} -> {replacement}")
        if pieces:
            path.write_text("".join([*pieces, text[done:]]), encoding="utf-8")
    return changes
