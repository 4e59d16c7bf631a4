"""Rendering findings for people (text), programs (json) and CI (github, sarif)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from gongkai import __version__
from gongkai.engine import FileResult
from gongkai.quoting import one_line
from gongkai.rules import ALL_RULES, RULES_BY_ID
from gongkai.rules.base import Finding, Rule

DOCS_PATH = "docs/rules/{id}.md"


def doc_url(rule: Rule, base: str | None = None) -> str:
    return f"{base.rstrip('/')}/{rule.id}/" if base else DOCS_PATH.format(id=rule.id)


def _rows(results: Sequence[FileResult]) -> list[tuple[str, Finding, Rule]]:
    return [(r.path, f, RULES_BY_ID[f.rule]) for r in results for f in r.findings]


def text(results: Sequence[FileResult], lang: str, base: str | None = None) -> str:
    # A file name may hold a line break or a control character: escaped as in messages,
    # so that every finding stays one line.
    return "".join(
        f"{one_line(path)}:{f.line}:{f.col}: {rule.id} [{f.severity.value}] "
        f"{rule.render(f, lang)} ({rule.name})\n"
        for path, f, rule in _rows(results)
    )


def as_json(results: Sequence[FileResult], lang: str, base: str | None = None) -> str:
    items = [
        {
            "path": path,
            "line": f.line,
            "col": f.col,
            "rule": rule.id,
            "name": rule.name,
            "severity": f.severity.value,
            "message": rule.render(f, lang),
            "doc_url": doc_url(rule, base),
        }
        for path, f, rule in _rows(results)
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(results: Sequence[FileResult], lang: str, base: str | None = None) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the diff."""
    return "".join(
        f"::{f.severity.value} file={_escape_property(path)},line={f.line},col={f.col},"
        f"title={_escape_property(f'{rule.id} {rule.name}')}::"
        f"{_escape_data(rule.render(f, lang))}\n"
        for path, f, rule in _rows(results)
    )


def sarif(results: Sequence[FileResult], lang: str, base: str | None = None) -> str:
    """SARIF 2.1.0, for GitHub code scanning and GitLab; columns count code points."""
    index = {rule.id: n for n, rule in enumerate(ALL_RULES)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "gongkai",
                "version": __version__,
                "rules": [
                    {
                        "id": rule.id,
                        "name": rule.name,
                        "shortDescription": {"text": rule.summary[lang]},
                        "helpUri": doc_url(rule, base),
                        "defaultConfiguration": {"level": rule.severity.value},
                    }
                    for rule in ALL_RULES
                ],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [
            {
                "ruleId": rule.id,
                "ruleIndex": index[rule.id],
                "level": f.severity.value,
                "message": {"text": rule.render(f, lang)},
                "locations": [
                    {
                        "physicalLocation": {
                            # A URI reference: spaces, %, # and Chinese escaped.
                            "artifactLocation": {"uri": quote(path)},
                            "region": {"startLine": f.line, "startColumn": f.col},
                        }
                    }
                ],
            }
            for path, f, rule in _rows(results)
        ],
    }
    document = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [run],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMATTERS: dict[str, Callable[[Sequence[FileResult], str, str | None], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
}


def summary(results: Sequence[FileResult], lang: str, base: str | None = None) -> str:
    """The count line, then one line per rule that fired with the page that explains it,
    so that the text format's finding lines stay `path:line:col: ID …` and yet link."""
    findings = [f for r in results for f in r.findings]
    errors = sum(f.severity.value == "error" for f in findings)
    warnings = sum(f.severity.value == "warning" for f in findings)
    files = len(results)
    if lang == "zh":
        if not errors and not warnings:
            return f"检查了 {files} 个文件，未发现问题。"
        counts = f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"
    elif not errors and not warnings:
        return f"Checked {files} file{'s' * (files != 1)}: no problems found."
    else:
        counts = (
            f"Checked {files} file{'s' * (files != 1)}: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}."
        )
    label = "说明：" if lang == "zh" else "docs: "
    fired = {f.rule for f in findings}
    links = [
        f"{rule.id} {rule.name} {label}{doc_url(rule, base)}"
        for rule in ALL_RULES
        if rule.id in fired
    ]
    return "\n".join([counts, *links])
