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


def report(
    issuer: str = "青山县人民政府",
    level: str = "county",
    year: int = 2024,
    published: str = "2025-03-20",
    extra: str = "",
    body: str = "",
) -> str:
    """A complete fazhi report of a fictional issuer; `extra` adds front-matter lines."""
    return f"""---
title: 关于{year}年法治政府建设情况的报告
type: fazhi
year: {year}
issuer: {issuer}
issuer_level: {level}
published: {published}
{extra}---

{year}年，本机关把法治政府建设列入重点工作，现将有关情况报告如下。

{body}

## 一、主要举措和成效

常务会议修改了议事规则，重大事项先听取意见，再提交会议讨论。

## 二、存在的不足

制度执行还不够规范。主要原因是部分工作人员对相关规定学得不深。

## 三、党政主要负责人履行推进法治建设第一责任人职责情况

主要负责人把推进法治建设第一责任人职责列入年度述职内容。

## 四、{year + 1}年工作安排

每季度组织一次法律知识讲座。

## 五、其他需要报告的情况

无。
"""
