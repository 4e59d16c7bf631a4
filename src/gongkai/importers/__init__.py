"""Turning reports published as plain text, Word or web pages into our Markdown format."""

from __future__ import annotations
