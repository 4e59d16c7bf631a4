"""Building a real site from a temporary project, as `make site` does, for end-to-end tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a project needs besides its reports: the site configuration, pages and theme parts.
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks")


def make_project(
    tmp_path: Path,
    reports: dict[str, str | bytes] | None = None,
    registry: str | None = None,
    config: str | None = None,
) -> Path:
    """A project directory like the repository's, with the given reports (path under
    reports/ → content) or, when None, a copy of the repository's own reports and registry."""
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()  # gongkai.yml lookup stops at the project root
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            shutil.copy2(source, project / part)
    if reports is None:
        shutil.copytree(ROOT / "reports", project / "reports")
        for name in ("registry.yml", "published-urls.txt"):
            if (ROOT / name).is_file():
                shutil.copy2(ROOT / name, project / name)
    else:
        for relative, content in reports.items():
            path = project / "reports" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
    if registry is not None:
        (project / "registry.yml").write_text(registry, encoding="utf-8")
    if config is not None:
        (project / "gongkai.yml").write_text(config, encoding="utf-8")
    return project


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(mkdocs), "build", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def build_site(
    tmp_path: Path,
    reports: dict[str, str | bytes] | None = None,
    registry: str | None = None,
    config: str | None = None,
) -> Path:
    """Build strictly and return the site directory; a failed build fails the test with
    MkDocs' own log."""
    project = make_project(tmp_path, reports, registry, config)
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"
