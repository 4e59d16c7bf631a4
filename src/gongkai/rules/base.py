"""What a rule is, what it produces, and what it may look at."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from gongkai.quoting import one_line

if TYPE_CHECKING:
    from gongkai.config import Config
    from gongkai.model.report import Report
    from gongkai.profiles import Profile

_ID = re.compile(r"^GK[0-9]{3}$")
# One word is enough where it names the problem (typography).
_NAME = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")
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


def shorten(text: str, limit: int = 40) -> str:
    """Text quoted in a message, cut to `limit` characters: a finding stays one readable line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def title_position(report: Report, index: int) -> tuple[int, int] | None:
    """Line and column of the `index`-th character of the front-matter title, if it has one."""
    position = report.front_matter.keys.get("title") if report.front_matter else None
    if position is None or report.source is None:
        return None
    line = position.value_line
    # A quoted title starts one column after its quote mark.
    quote = report.source.line_text(line)[position.value_col - 1 : position.value_col]
    return line, position.value_col + index + (quote in {'"', "'"})


@dataclass(frozen=True)
class Context:
    """Everything besides the report that a rule may consult; rules do no I/O."""

    profile: Profile | None
    config: Config
    known_types: tuple[str, ...] = ()
    # Every rule id and name → the id (gongkai.rules.RULE_KEYS), for the rule that reads
    # rule names in the report (invalid-suppression): a rule module importing the rule
    # list would import itself.
    rule_keys: Mapping[str, str] = field(kw_only=True)


Check = Callable[["Report", Context], Iterable[Finding]]


@dataclass(frozen=True)
class Fix:
    """A replacement that cannot change what the report says (residue, typography).

    Offsets index `report.text`; `line` is the line of the finding it repairs, so that a
    suppressed finding is not fixed either.
    """

    line: int
    start: int
    end: int
    replacement: str


Fixer = Callable[["Report", Context], Iterable[Fix]]


@dataclass(frozen=True)
class CorpusEntry:
    """One checked report as a corpus rule sees it: the digest its rule made of it, plus
    the few front-matter fields cross-report rules pair reports by (None when invalid)."""

    path: str
    year: int | None
    issuer: str | None
    type: str | None
    digest: Any
    # The content key of the report's bytes (gongkai.cache.content_key), None when they
    # were not read: what a pure rule may remember its work on this report by.
    key: str | None = None


# A digest is computed with the per-file check, so it is cached with the findings and
# crosses the process pool: it must be plain JSON data (dict, list, str, int, float, bool).
Digest = Callable[["Report", Context], Any]
# What a pure corpus rule keeps between runs (JSON data, stored in the cache): the engine
# lends it the one from the last run, and the rule leaves in it what the next run may reuse.
Memo = MutableMapping[str, Any]
CorpusCheck = Callable[[Sequence[CorpusEntry], "Config", Memo], Iterable[tuple[str, Finding]]]


def _no_findings(report: Report, ctx: Context) -> Iterable[Finding]:
    return ()


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
    # Set for rules whose findings have a meaning-preserving repair (`check --fix`).
    fix: Fixer | None = None
    # Set for cross-report rules (see corpus_rule); their `check` yields nothing.
    digest: Digest | None = None
    corpus_check: CorpusCheck | None = None
    # A pure corpus rule's findings depend only on its entries and the configuration (it
    # looks at no file): the engine reuses them while those stay the same.
    pure: bool = False
    # What a corpus rule loads once for a check of many files, before the workers fork.
    prepare: Callable[[], None] | None = None

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
        clean = {k: one_line(v) if isinstance(v, str) else v for k, v in args.items()}
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
    fix: Fixer | None = None,
) -> Callable[[Check], Rule]:
    """Declare a rule; its identity and every message are checked here, at import time."""
    _validate(id, name, summary, messages)

    def wrap(check: Check) -> Rule:
        return Rule(id, name, severity, summary, messages, doc.strip(), check, needs_profile, fix)

    return wrap


def corpus_rule(
    *,
    id: str,
    name: str,
    severity: Severity,
    summary: Mapping[str, str],
    messages: Mapping[str, Mapping[str, str]],
    doc: str,
    digest: Digest,
    pure: bool = False,
    prepare: Callable[[], None] | None = None,
) -> Callable[[CorpusCheck], Rule]:
    """Declare a cross-report rule: a check over the whole tree checked in one run.

    `digest(report, ctx)` runs with the per-file rules, in the worker processes, and its
    result is cached by content hash with the file's findings; it returns JSON data, or
    None for a report the rule has nothing to say about. The decorated function then runs
    once per `check_paths` over the entries of every report with a digest, and yields
    `(path, finding)` for any of them; suppressions and severity settings apply as usual.
    Its third argument is a Memo: with `pure=True` (the findings depend only on the entries
    and the configuration) the last run's, else an empty one. `prepare()`, when given, is
    called once by a check of many files before its digests (what pays off only over many
    reports, and what its workers then inherit).
    """
    _validate(id, name, summary, messages)

    def wrap(check: CorpusCheck) -> Rule:
        return Rule(
            id,
            name,
            severity,
            summary,
            messages,
            doc.strip(),
            _no_findings,
            digest=digest,
            corpus_check=check,
            pure=pure,
            prepare=prepare,
        )

    return wrap


def _validate(
    id: str, name: str, summary: Mapping[str, str], messages: Mapping[str, Mapping[str, str]]
) -> None:
    if not _ID.match(id) or not _NAME.match(name):
        raise ValueError(f"bad rule id or name: {id} {name}")
    for key, texts in messages.items():
        if set(texts) != set(LANGS):
            raise ValueError(f"{id} message {key!r} must have exactly {LANGS}")
    if set(summary) != set(LANGS):
        raise ValueError(f"{id} summary must have exactly {LANGS}")


@dataclass(frozen=True)
class FileAnalysis:
    """What the per-file stage makes of one report, as cached and sent between processes:
    its findings, the fields corpus rules pair reports by, each corpus rule's digest, and
    the (line, rule id) pairs its suppression comments silence. Suppressions are applied
    only after the corpus rules ran, so they silence cross-report findings too."""

    findings: tuple[Finding, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)
    digests: Mapping[str, Any] = field(default_factory=dict)
    suppressions: tuple[tuple[int, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "findings": [finding.to_json() for finding in self.findings],
            "meta": dict(self.meta),
            "digests": dict(self.digests),
            "suppressions": [list(pair) for pair in self.suppressions],
        }

    @classmethod
    def from_json(cls, data: Any) -> FileAnalysis:
        if not isinstance(data, dict):
            raise TypeError(f"malformed analysis: {type(data).__name__}")
        meta, digests = data["meta"], data["digests"]
        if not (isinstance(meta, dict) and isinstance(digests, dict)):
            raise TypeError("malformed analysis: meta and digests must be mappings")
        rows, silenced = data["findings"], data["suppressions"]
        if not (isinstance(rows, list) and isinstance(silenced, list)):
            raise TypeError("malformed analysis: findings and suppressions must be lists")
        # Most reports have neither (a re-check of 10,000 makes 10,000 of these).
        pairs = tuple((int(line), str(rule)) for line, rule in silenced) if silenced else ()
        return cls(tuple(map(Finding.from_json, rows)) if rows else (), meta, digests, pairs)
