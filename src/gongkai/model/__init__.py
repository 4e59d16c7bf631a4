"""The report model: source text with positions, front-matter, headings."""

from __future__ import annotations
