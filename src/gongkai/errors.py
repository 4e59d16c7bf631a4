"""Failures of the tool itself, as opposed to findings about a report."""

from __future__ import annotations


class GongkaiError(Exception):
    """The tool cannot do what it was asked; the CLI exits with code 2."""


class ConfigError(GongkaiError):
    """A project configuration file or a report-type profile is invalid."""
