"""The one pipeline behind `gongkai check` and the site build: files → reports → findings."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.cache import Cache, content_key
from gongkai.config import Config
from gongkai.errors import GongkaiError
from gongkai.model.loader import load_report
from gongkai.model.report import Report
from gongkai.profiles import load_profile, profile_ids
from gongkai.rules import ALL_RULES, RULES_BY_ID
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
    known = cache.entries() if cache else {}
    results: list[FileResult] = []
    for path, (key, rows, error) in zip(files, _map(files, config, known, jobs), strict=True):
        display = path.replace(os.sep, "/")
        if error is not None or key is None or rows is None:
            results.append(FileResult(display, error=error))
            continue
        if cache:
            cache.put(key, rows)
        results.append(FileResult(display, apply_config(map(Finding.from_json, rows), config)))
    if cache:
        cache.save()
    return results


# What one file comes back as: its content key, its findings as cache rows, or why it could
# not be read. Rows rather than Finding objects cross the process boundary and the cache.
Outcome = tuple[str | None, list[list[Any]] | None, str | None]
_state: dict[str, Any] = {}


def _map(files: list[str], config: Config, known: dict[str, list[Any]], jobs: int) -> list[Outcome]:
    workers = jobs or min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(files) < _PARALLEL_THRESHOLD:
        _setup(config, known)
        return [_check_file(path) for path in files]
    # Workers read, hash and check files themselves: the parent never holds the whole
    # tree in memory, and a warm re-check spreads its reading and hashing too.
    chunk = max(1, len(files) // (workers * 8))
    with ProcessPoolExecutor(workers, initializer=_setup, initargs=(config, known)) as pool:
        return list(pool.map(_check_file, files, chunksize=chunk))


def _setup(config: Config, known: dict[str, list[Any]]) -> None:
    _state["config"], _state["known"] = config, known


def _check_file(path: str) -> Outcome:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, None, exc.strerror or str(exc)
    key = content_key(data)
    rows = _state["known"].get(key)
    if rows is None:
        rows = [finding.to_json() for finding in check_bytes(path, data, _state["config"])]
    return key, rows, None
