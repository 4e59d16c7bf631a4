"""`gongkai import` run in-process, as the import tests drive it."""

from __future__ import annotations

from click.testing import CliRunner, Result

from gongkai.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["import", *args], catch_exceptions=False)
