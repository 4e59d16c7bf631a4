"""What a rule is, what it produces, and what it may look at."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gongkai.config import Config
    from gongkai.model.report import Report
    from gongkai.profiles import Profile

_ID = re.compile(r"^GK[0-9]{3}$")
_NAME = re.compile(r"^[a-z]+(?:-[a-z0-9]+)+$")
LANGS = ("zh", "en")


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in one file, not yet rendered in a language.

    Keeping the message key and its arguments (instead of a rendered string) lets one
    cached check serve both languages and every output format.
    """

    rule: str
    line: int
    col: int
    severity: Severity
    message: str = "default"
    args: Mapping[str, str | int] = field(default_factory=dict)

    def to_json(self) -> list[Any]:
        return [self.rule, self.line, self.col, self.severity.value, self.message, dict(self.args)]

    @classmethod
    def from_json(cls, row: list[Any]) -> Finding:
        rule, line, col, severity, message, args = row
        if not (isinstance(line, int) and isinstance(col, int) and isinstance(args, dict)):
            raise TypeError(f"malformed finding row: {row!r}")
        return cls(rule, line, col, Severity(severity), message, args)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    """Text quoted from a report, made safe for a one-line finding: a line break or a
    control character in a value would otherwise split or corrupt the output."""
    return _CONTROL.sub(lambda m: "\\n" if m.group() == "\n" else f"\\x{ord(m.group()):02x}", text)


@dataclass(frozen=True)
class Context:
    """Everything besides the report that a rule may consult; rules do no I/O."""

    profile: Profile | None
    config: Config
    known_types: tuple[str, ...] = ()


Check = Callable[["Report", Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    summary: Mapping[str, str]
    messages: Mapping[str, Mapping[str, str]]
    doc: str
    check: Check
    needs_profile: bool = False

    def finding(
        self,
        line: int,
        col: int,
        message: str = "default",
        severity: Severity | None = None,
        **args: str | int,
    ) -> Finding:
        if message not in self.messages:
            raise KeyError(f"{self.id} has no message {message!r}")
        clean = {k: _one_line(v) if isinstance(v, str) else v for k, v in args.items()}
        return Finding(self.id, line, col, severity or self.severity, message, clean)

    def render(self, finding: Finding, lang: str) -> str:
        return self.messages[finding.message][lang].format(**finding.args)


def rule(
    *,
    id: str,
    name: str,
    severity: Severity,
    summary: Mapping[str, str],
    messages: Mapping[str, Mapping[str, str]],
    doc: str,
    needs_profile: bool = False,
) -> Callable[[Check], Rule]:
    """Declare a rule; its identity and every message are checked here, at import time."""
    if not _ID.match(id) or not _NAME.match(name):
        raise ValueError(f"bad rule id or name: {id} {name}")
    for key, texts in messages.items():
        if set(texts) != set(LANGS):
            raise ValueError(f"{id} message {key!r} must have exactly {LANGS}")
    if set(summary) != set(LANGS):
        raise ValueError(f"{id} summary must have exactly {LANGS}")

    def wrap(check: Check) -> Rule:
        return Rule(id, name, severity, summary, messages, doc.strip(), check, needs_profile)

    return wrap
