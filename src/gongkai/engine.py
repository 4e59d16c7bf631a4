"""The one pipeline behind `gongkai check` and the site build: files → reports → findings."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gongkai.cache import Cache, content_key
from gongkai.config import Config
from gongkai.errors import GongkaiError
from gongkai.model.loader import load_report
from gongkai.model.report import Report
from gongkai.profiles import load_profile, profile_ids
from gongkai.rules import ALL_RULES
from gongkai.rules.base import Context, Finding, Severity

# Below this many uncached files a process pool costs more than it saves.
_PARALLEL_THRESHOLD = 400


@dataclass(frozen=True)
class FileResult:
    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None  # the file could not be read at all


def check_report(report: Report, config: Config) -> list[Finding]:
    """Run every rule on one report; severities from the config are applied later."""
    known = profile_ids()
    report_type = report.fields.get("type")
    profile = load_profile(report_type) if report_type in known else None
    ctx = Context(profile, config, known)
    findings: list[Finding] = []
    for rule in ALL_RULES:
        if rule.needs_profile and profile is None:
            continue
        findings.extend(rule.check(report, ctx))
    findings.sort(key=lambda f: (f.line, f.col, f.rule))
    return findings


def check_bytes(path: str, data: bytes, config: Config) -> list[Finding]:
    return check_report(load_report(path, data), config)


def apply_config(findings: Iterable[Finding], config: Config) -> tuple[Finding, ...]:
    """Drop rules turned off and apply severity overrides from gongkai.yml."""
    from gongkai.rules import RULES_BY_ID

    result = []
    for finding in findings:
        rule = RULES_BY_ID[finding.rule]
        override = config.severity_for(rule.id, rule.name)
        if override == "off":
            continue
        if override is not None:
            finding = dataclasses.replace(finding, severity=Severity(override))
        result.append(finding)
    return tuple(result)


def discover(paths: Sequence[str]) -> list[str]:
    """Report files under the given paths, in a stable order; directories give their *.md."""
    found: list[str] = []
    for given in paths:
        if os.path.isdir(given):
            for directory, subdirs, files in os.walk(given):
                subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
                found.extend(
                    os.path.join(directory, name) for name in sorted(files) if name.endswith(".md")
                )
        elif os.path.exists(given):
            found.append(given)
        else:
            raise GongkaiError(f"路径不存在 / no such file or directory: {given}")
    # A file named twice (`check reports reports/a.md`) is checked once, in first-seen order.
    return list(dict.fromkeys(os.path.normpath(p) for p in found))


def check_paths(
    paths: Sequence[str], config: Config, cache: Cache | None = None, jobs: int = 0
) -> list[FileResult]:
    files = discover(paths)
    results: dict[str, FileResult] = {}
    pending: list[tuple[str, bytes, str]] = []
    for path in files:
        display = path.replace(os.sep, "/")
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            results[path] = FileResult(display, error=f"{exc.strerror or exc}")
            continue
        key = content_key(data)
        cached = cache.get(key) if cache else None
        if cached is not None:
            results[path] = FileResult(display, apply_config(cached, config))
        else:
            pending.append((path, data, key))
    for (path, _data, key), findings in zip(pending, _run(pending, config, jobs), strict=True):
        if cache:
            cache.put(key, findings)
        results[path] = FileResult(path.replace(os.sep, "/"), apply_config(findings, config))
    if cache:
        cache.save()
    return [results[path] for path in files]


def _run(pending: list[tuple[str, bytes, str]], config: Config, jobs: int) -> list[list[Finding]]:
    workers = jobs or min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(pending) < _PARALLEL_THRESHOLD:
        return [check_bytes(path, data, config) for path, data, _key in pending]
    chunks = [pending[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_check_chunk, chunks, [config] * workers))
    # Chunks were dealt round-robin; deal the answers back in the same order.
    ordered: list[list[Finding]] = [[] for _ in pending]
    for worker, part in enumerate(parts):
        for offset, findings in enumerate(part):
            ordered[worker + offset * workers] = findings
    return ordered


def _check_chunk(chunk: list[tuple[str, bytes, str]], config: Config) -> list[list[Finding]]:
    return [check_bytes(path, data, config) for path, data, _key in chunk]
