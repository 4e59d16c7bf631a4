"""The public site: turning checked reports into MkDocs pages and build artefacts."""

from __future__ import annotations
