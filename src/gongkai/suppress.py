"""Inline suppression: `<!-- gongkai-disable-next-line RULE -- reason -->`.

The comment silences the named rules (ids or names, separated by commas or spaces) on the
next non-blank line. The reason after `--` is required: a comment without one, or naming
no known rule, silences nothing and is itself reported (invalid-suppression), so every
silenced finding in the tree carries a written justification a reviewer can read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongkai.memo import memo
from gongkai.model.report import Report

if TYPE_CHECKING:  # the rule package imports this module (invalid-suppression)
    from gongkai.rules.base import Finding

_DIRECTIVE = re.compile(r"<!--\s*gongkai-disable-next-line(?P<body>.*?)-->")
# `--` followed by space (or the end) separates the rules from the reason; the kebab names
# contain single hyphens only, so they cannot be mistaken for it.
_REASON = re.compile(r"(?:^|\s)--(?:\s+|$)")


@dataclass(frozen=True)
class Directive:
    line: int
    col: int
    target: int | None  # the line it silences; None when nothing follows
    rules: tuple[str, ...]  # resolved rule ids
    unknown: tuple[str, ...]  # names given that match no rule
    reason: str

    @property
    def valid(self) -> bool:
        return bool(self.rules) and not self.unknown and bool(self.reason)


def directives(report: Report) -> list[Directive]:
    """Every suppression comment in the body, parsed once per report."""
    return list(memo(report, _parse))


def _parse(report: Report) -> list[Directive]:
    from gongkai.rules import find_rule  # at call time: the rule package imports this module

    source = report.source
    if source is None or "gongkai-disable" not in report.text:
        return []
    lines = report.text.split("\n")
    found = []
    for match in _DIRECTIVE.finditer(report.text, report.body_offset):
        line, col = source.position(match.start())
        body = match.group("body")
        split = _REASON.search(body)
        names_text, reason = (body[: split.start()], body[split.end() :]) if split else (body, "")
        names = [name for name in re.split(r"[\s,，]+", names_text) if name]
        rules = [find_rule(name) for name in names]
        target = next((n + 1 for n in range(line, len(lines)) if lines[n].strip()), None)
        found.append(
            Directive(
                line,
                col,
                target,
                tuple(dict.fromkeys(rule.id for rule in rules if rule)),
                tuple(name for name, rule in zip(names, rules, strict=True) if rule is None),
                reason.strip(),
            )
        )
    return found


def silenced(report: Report) -> tuple[tuple[int, str], ...]:
    """(line, rule id) pairs that the report's valid suppression comments silence."""
    return tuple(
        (directive.target, rule)
        for directive in directives(report)
        if directive.valid and directive.target is not None
        for rule in directive.rules
    )


def apply(findings: Iterable[Finding], pairs: Iterable[tuple[int, str]]) -> list[Finding]:
    """The findings no suppression silences."""
    silence = set(pairs)
    return [f for f in findings if (f.line, f.rule) not in silence]
