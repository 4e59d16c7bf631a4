"""Plain text as published on a government site → Markdown with front-matter.

The published text has no Markdown: its structure is the 一、/（一） numbering. Lines that
carry such a number and read as a heading (short, no sentence end) become headings; a
numbered line that runs on into its paragraph stays a paragraph, as in the original.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_NUMERALS = "一二三四五六七八九十"
_SECTION = re.compile(rf"^[{_NUMERALS}]{{1,3}}、")
_SUBSECTION = re.compile(rf"^[（(][{_NUMERALS}]{{1,3}}[）)]")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_HEADING_LIMIT = 40
_LEVELS = (
    ("province", re.compile(r"省人民政府|自治区人民政府|^(北京|天津|上海|重庆)市人民政府$")),
    ("township", re.compile(r"(镇|乡|街道)(人民政府|办事处)?$|街道|镇人民政府|乡人民政府")),
    ("department", re.compile(r"(局|厅|委员会|办公室|办公厅|中心|所|室)$")),
    ("county", re.compile(r"(县|区|旗)人民政府$|(县|区)$")),
    ("city", re.compile(r"(市|州|盟)人民政府$|市$")),
)


def issuer_level(issuer: str) -> str | None:
    """The administrative level an issuer's full name implies, if it implies one."""
    name = re.sub(r"[（(].*?[)）]", "", issuer).strip()
    return next((level for level, pattern in _LEVELS if pattern.search(name)), None)


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
