"""End to end: the repository's own reports pass the checker and the site builds strictly."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Hosts a page may name without the browser ever fetching from them.
_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!localhost)""", re.IGNORECASE)


def test_sample_reports_are_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "check", "--strict", "--no-cache", "reports"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stderr


@pytest.mark.skipif(
    shutil.which("mkdocs", path=os.path.dirname(sys.executable)) is None,
    reason="mkdocs is not installed in this environment (install '.[site]')",
)
def test_site_builds_strictly_without_third_party_requests(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert (tmp_path / "site" / "rules" / "GK101" / "index.html") in pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert 'lang="zh' in text, page
        assert not _EXTERNAL.search(text), f"{page} loads something from another host"
    for sheet in (tmp_path / "site").rglob("*.css"):
        assert "fonts.googleapis" not in sheet.read_text(encoding="utf-8"), sheet
