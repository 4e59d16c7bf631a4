"""The one error `gongkai import` raises for a file it cannot import.

Its own module: every reader (docx, pdf, …) raises it and the import pipeline
(importers.report) calls the readers, so it cannot live in either without a cycle.
"""

from __future__ import annotations

from gongkai.errors import GongkaiError


class ImportFailure(GongkaiError):
    """The file cannot be imported; the message says why, in Chinese."""
