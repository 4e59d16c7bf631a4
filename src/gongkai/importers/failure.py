"""The one error `gongkai import` raises for a file it cannot import.

Its own module: every reader (docx, pdf, …) raises it and the import pipeline
(importers.report) calls the readers, so it cannot live in either without a cycle.
"""

from __future__ import annotations

from gongkai.bilingual import Note
from gongkai.errors import GongkaiError


class ImportFailure(GongkaiError):
    """The file cannot be imported; `note` says why. As a string it is the Chinese text."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.note = Note(zh, en)
