"""Plain text as published on a government site → Markdown with front-matter.

The published text has no Markdown: its structure is the 一、/（一） numbering. Lines that
carry such a number and read as a heading (short, no sentence end) become headings; a
numbered line that runs on into its paragraph stays a paragraph, as in the original.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from gongkai.numerals import NUMERALS

_SECTION = re.compile(rf"^[{NUMERALS}]{{1,3}}、")
_SUBSECTION = re.compile(rf"^[（(][{NUMERALS}]{{1,3}}[）)]")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_HEADING_LIMIT = 40


def heading_like(line: str) -> bool:
    """Whether a line is short enough and without a sentence end to be a heading."""
    return len(line) <= _HEADING_LIMIT and not _SENTENCE_END.search(line)


def heading_level(line: str) -> int | None:
    """2 for a 一、 heading, 3 for a （一） heading, None for a paragraph (see the module note)."""
    if not heading_like(line):
        return None
    if _SECTION.match(line):
        return 2
    return 3 if _SUBSECTION.match(line) else None


def body_to_markdown(text: str) -> str:
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        level = heading_level(line)
        if level:
            lines.append(f"\n{'#' * level} {line}\n")
        elif line:
            lines.append(f"{line}\n")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def to_markdown(text: str, fields: dict[str, Any]) -> str:
    """A report in our format: the given front-matter fields, then the converted body."""
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front}---\n\n{body_to_markdown(text)}"
