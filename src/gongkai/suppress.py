"""Inline suppression: `<!-- gongkai-disable-next-line RULE -- reason -->`.

The comment silences the named rules (ids or names, separated by commas or spaces) on the
next non-blank line. The reason after `--` is required: a comment without one, or naming
no known rule, silences nothing and is itself reported (invalid-suppression), so every
silenced finding in the tree carries a written justification a reviewer can read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.memo import memo
from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs

_DIRECTIVE = re.compile(r"<!--\s*gongkai-disable-next-line(?P<body>.*?)-->")
_MARK = literals("gongkai-disable")  # in every directive (see gongkai.model.scan)
# `--` followed by space (or the end) separates the rules from the reason; the kebab names
# contain single hyphens only, so they cannot be mistaken for it.
_REASON = re.compile(r"(?:^|\s)--(?:\s+|$)")


@dataclass(frozen=True)
class Directive:
    """One suppression comment as written. Which rules its names mean is for the caller to
    say (`resolve`): the rules sit above this module, so it cannot know them itself."""

    line: int
    col: int
    target: int | None  # the line it silences; None when nothing follows
    names: tuple[str, ...]  # the rule ids or names given, known or not
    reason: str


@dataclass(frozen=True)
class Resolved:
    rules: tuple[str, ...]  # the rule ids the names stand for, each once
    unknown: tuple[str, ...]  # names given that match no rule


def directives(report: Report) -> list[Directive]:
    """Every suppression comment in the body, parsed once per report."""
    return list(memo(report, _parse))


def resolve(names: Iterable[str], rule_keys: Mapping[str, str]) -> Resolved:
    """The rules `names` stand for; `rule_keys` maps every rule id and name to its id.

    An id matches in any case (gk402 is GK402), a name only as written, as on the CLI.
    """
    pairs = [(name, rule_keys.get(name.upper()) or rule_keys.get(name)) for name in names]
    return Resolved(
        tuple(dict.fromkeys(rule for _name, rule in pairs if rule)),
        tuple(name for name, rule in pairs if rule is None),
    )


def _parse(report: Report) -> list[Directive]:
    source = report.source
    if source is None or not occurs(report, _MARK):
        return []
    lines = report.text.split("\n")
    found = []
    for match in _DIRECTIVE.finditer(report.text, report.body_offset):
        line, col = source.position(match.start())
        body = match.group("body")
        split = _REASON.search(body)
        names_text, reason = (body[: split.start()], body[split.end() :]) if split else (body, "")
        names = tuple(name for name in re.split(r"[\s,，]+", names_text) if name)
        target = next((n + 1 for n in range(line, len(lines)) if lines[n].strip()), None)
        found.append(Directive(line, col, target, names, reason.strip()))
    return found
