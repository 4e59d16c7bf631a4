"""How often the checker is right on real reports: import, check, and compare with labels.

Every text of the shared corpus (`real/`, `full/`, `peer-fixtures/`) is imported as
`gongkai import` would, the drafts are checked together as `gongkai check` would, and
each finding is looked up in a file of human judgements (tests/corpus/labels.yml). Used
by scripts/corpus_report.py and by the labels regression test.

A finding is keyed by the corpus file, the rule, the draft's text where the finding points
(`text`: up to TEXT_CHARS characters from its column, or the end of its line when the
column is at the end) and the start of its Chinese message (`message`: MESSAGE_CHARS
characters, which tell apart two findings of a rule at one place, e.g. two missing
contents); the line only breaks ties. A label therefore keeps matching when an unrelated
change moves lines, and stops matching when the text it judged or the finding changes.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from gongkai.config import Config
from gongkai.engine import check_paths
from gongkai.importers.corpus import Expected, read_index
from gongkai.importers.failure import ImportFailure
from gongkai.importers.report import build, prepare, read_source, write_imported
from gongkai.profiles import profile_ids
from gongkai.rules import RULES_BY_ID
from gongkai.rules.base import Finding, Severity

FOLDERS = ("real", "full", "peer-fixtures")
SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm", ".docx")
# Typography findings are many and cheap to judge by eye: neither labelled nor counted.
UNLABELLED_RULES = frozenset({"GK407"})
TEXT_CHARS = 24
MESSAGE_CHARS = 30


@dataclass(frozen=True)
class Source:
    """One distinct text of the corpus and what its index says about it."""

    path: str  # relative to the corpus root, with "/"
    file: Path
    folder_type: str | None  # fazhi / xxgk from its folder; None where gongkai has no type
    year: int | None
    issuer: str | None
    copies: tuple[str, ...] = ()  # other corpus paths holding the very same bytes


@dataclass
class Draft:
    source: Source
    text: str | None = None  # the imported report; None when the import failed
    failure: str | None = None
    given: dict[str, Any] = field(default_factory=dict)  # fields the import could not infer
    findings: list[Finding] = field(default_factory=list)

    def line(self, number: int) -> str:
        lines = (self.text or "").splitlines()
        return lines[number - 1] if 1 <= number <= len(lines) else ""


def _index(corpus: Path) -> dict[str, Expected]:
    """What the INDEX.tsv files say about each text, by its path from the corpus root."""
    return {
        f"{folder}/{row.path}": row
        for folder in FOLDERS
        if (corpus / folder / "INDEX.tsv").is_file()
        for row in read_index(corpus / folder)
    }


def sources(corpus: Path) -> list[Source]:
    """The texts under the corpus folders, a file with the bytes of an earlier one as its copy."""
    index = _index(corpus)
    found: dict[str, Source] = {}
    copies: dict[str, list[str]] = defaultdict(list)
    for folder in FOLDERS:
        for file in sorted((corpus / folder).rglob("*")):
            # INDEX.tsv, SOURCES.md: the corpus' notes about its texts
            if not file.is_file() or file.suffix.lower() not in SUFFIXES or file.stem.isupper():
                continue
            relative = file.relative_to(corpus).as_posix()
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            if digest in found:
                copies[digest].append(relative)
                continue
            row = index.get(relative)
            kind = file.relative_to(corpus / folder).parts[0]
            # The index annotates some names: “上海市人民政府(全市汇总)”.
            issuer = re.split(r"\s*[(（]", row.issuer)[0] if row else ""
            found[digest] = Source(
                relative,
                file,
                kind if kind in profile_ids() else None,
                row.year if row else None,
                issuer or None,
            )
    return [
        Source(s.path, s.file, s.folder_type, s.year, s.issuer, tuple(copies[digest]))
        for digest, s in found.items()
    ]


def import_source(source: Source, scratch: Path) -> Draft:
    """Import as `gongkai import` does, giving only the fields the text does not yield.

    A Markdown extraction is read as the plain text it is (the importer reads .txt, not .md).
    Anything the importer raises besides ImportFailure is recorded too, as a crash.
    """
    draft = Draft(source)
    file = source.file
    if file.suffix.lower() == ".md":
        file = scratch / "sources" / f"{hashlib.sha256(source.path.encode()).hexdigest()}.txt"
        file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.file, file)
    try:
        read = read_source(file)
        _parts, inferred = prepare(read)
        report_type = None if inferred.type else source.folder_type
        year = None if inferred.year else source.year
        issuer = None if inferred.issuer else source.issuer
        imported = build(read, report_type=report_type, year=year, issuer=issuer)
        target = scratch / "drafts" / f"{source.path}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_imported(target, imported, force=False)
    except ImportFailure as exc:
        draft.failure = str(exc)
        return draft
    except Exception as exc:  # the promise is a draft or an ImportFailure: this is a bug
        draft.failure = f"崩溃 / crash: {type(exc).__name__}: {exc}"
        return draft
    draft.text = target.read_text(encoding="utf-8")
    given = {"type": report_type, "year": year, "issuer": issuer}
    draft.given = {key: value for key, value in given.items() if value is not None}
    return draft


def run(corpus: Path, config: Config | None = None) -> list[Draft]:
    """Import every text of the corpus and check the drafts together (cross-report rules too)."""
    with tempfile.TemporaryDirectory(prefix="gongkai-corpus-") as name:
        scratch = Path(name)
        (scratch / "drafts").mkdir()  # checked even when no text could be imported
        drafts = [import_source(source, scratch) for source in sources(corpus)]
        results = check_paths([str(scratch / "drafts")], config or Config())
        prefix = (scratch / "drafts").as_posix() + "/"
        by_path = {
            result.path.removeprefix(prefix).removesuffix(".md"): result for result in results
        }
    for draft in drafts:
        result = by_path.get(draft.source.path)
        if result is not None:
            draft.findings = list(result.findings)
            if result.error:
                draft.failure = f"无法检查 / cannot check: {result.error}"
    return drafts


# ------------------------------------------------------------------ labels


class Label(BaseModel):
    """A person's judgement of one finding."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
    file: str
    line: int = Field(ge=1)
    rule: str = Field(pattern=r"^GK\d{3}$")
    text: str
    message: str
    true: bool
    # Who would fix a false alarm: the importer (the source text does not have the defect)
    # or the rule (the source has the text the rule misreads).
    cause: Literal["import", "rule"] | None = None
    # A false alarm that is gone: from then on its finding must not come back.
    fixed: bool = False
    reason: str = Field(min_length=1, pattern=r"^[^\n]+$")

    @model_validator(mode="before")
    @classmethod
    def _bare_true_key(cls, data: Any) -> Any:
        # YAML reads a bare `true:` key as the boolean True.
        if isinstance(data, dict) and True in data:
            data = {("true" if key is True else key): value for key, value in data.items()}
        return data

    @model_validator(mode="after")
    def _cause_of_false(self) -> Label:
        if (self.cause is None) != self.true:
            raise ValueError(
                "a label false needs `cause: import` or `cause: rule`; a true one none"
            )
        if self.fixed and self.true:
            raise ValueError("only a false alarm can be fixed")
        return self


class Truncated(BaseModel):
    """A text cut short: findings after this line of its draft are neither labelled nor counted."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str
    truncated_at: int = Field(ge=1)


class Labels(BaseModel):
    model_config = ConfigDict(extra="forbid")
    truncated: list[Truncated] = []
    labels: list[Label] = []

    @classmethod
    def load(cls, path: Path) -> Labels:
        if not path.is_file():
            return cls()
        return cls.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})

    def cut(self) -> dict[str, int]:
        return {entry.file: entry.truncated_at for entry in self.truncated}


def message_key(finding: Finding) -> str:
    """The start of the finding's Chinese message: the second part of its key."""
    return RULES_BY_ID[finding.rule].render(finding, "zh")[:MESSAGE_CHARS]


def text_at(line: str, col: int) -> str:
    """The key text of a finding at `col` (1-based, in characters) of `line`."""
    start = col - 1
    if start >= len(line.rstrip()):
        start = max(0, len(line.rstrip()) - TEXT_CHARS)
    return line[start : start + TEXT_CHARS].strip()


@dataclass(frozen=True)
class Judged:
    """A finding of the run, with its key text and the label it matched (if any)."""

    file: str
    finding: Finding
    text: str
    message: str
    label: Label | None


@dataclass
class Comparison:
    judged: list[Judged]  # the labelled-set findings of the run
    missing: list[Label]  # labels no finding matched any more
    failures: dict[str, str]  # corpus file → why it was not imported or checked

    @property
    def unlabelled(self) -> list[Judged]:
        return [item for item in self.judged if item.label is None]

    @property
    def false_returned(self) -> list[Judged]:
        """Findings of false alarms that had been fixed."""
        return [item for item in self.judged if item.label is not None and item.label.fixed]

    @property
    def true_missing(self) -> list[Label]:
        return [label for label in self.missing if label.true]

    @property
    def false_gone(self) -> list[Label]:
        """False alarms no longer found whose labels do not yet say `fixed: true`."""
        return [label for label in self.missing if not label.true and not label.fixed]


def labelled_set(draft: Draft, cut: dict[str, int]) -> Iterator[Finding]:
    """The findings a label is wanted for: not typography, not past the cut of a truncated text."""
    limit = cut.get(draft.source.path)
    for finding in draft.findings:
        if finding.rule in UNLABELLED_RULES:
            continue
        if limit is not None and finding.line > limit:
            continue
        yield finding


def compare(drafts: Sequence[Draft], labels: Labels) -> Comparison:
    cut = labels.cut()
    wanted: dict[tuple[str, str, str, str], list[Label]] = defaultdict(list)
    for label in labels.labels:
        wanted[label.file, label.rule, label.text, label.message].append(label)
    judged: list[Judged] = []
    for draft in drafts:
        for finding in labelled_set(draft, cut):
            text = text_at(draft.line(finding.line), finding.col)
            message = message_key(finding)
            pool = wanted.get((draft.source.path, finding.rule, text, message), [])
            # Of the labels with the same text, the one nearest in lines.
            best = min(pool, key=lambda label: abs(label.line - finding.line), default=None)
            if best is not None:
                pool.remove(best)
            judged.append(Judged(draft.source.path, finding, text, message, best))
    missing = [label for pool in wanted.values() for label in pool]
    failures = {draft.source.path: draft.failure for draft in drafts if draft.failure}
    return Comparison(judged, missing, failures)


@dataclass(frozen=True)
class Row:
    rule: str
    severity: str
    findings: int
    true: int
    false: int
    unlabelled: int

    @property
    def precision(self) -> float | None:
        judged = self.true + self.false
        return self.true / judged if judged else None


def table(comparison: Comparison, drafts: Iterable[Draft]) -> list[Row]:
    """Per rule and severity: all findings (typography and past the cut too), the labelled ones."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for draft in drafts:
        for finding in draft.findings:
            totals[finding.rule, finding.severity.value] += 1
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in comparison.judged:
        slot = 2 if item.label is None else (0 if item.label.true else 1)
        counts[item.finding.rule, item.finding.severity.value][slot] += 1
    return [Row(*key, totals[key], *counts[key]) for key in sorted(totals)]


def precision(comparison: Comparison, severity: Severity) -> tuple[int, int]:
    """True and labelled findings of one severity (the labelled set only)."""
    labelled = [
        item.label
        for item in comparison.judged
        if item.label is not None and not item.label.fixed and item.finding.severity is severity
    ]
    return sum(label.true for label in labelled), len(labelled)


def caused_by_import(comparison: Comparison, severity: Severity) -> list[Judged]:
    """The findings of one severity labelled false because the import made them."""
    return [
        item
        for item in comparison.judged
        if item.label is not None
        and item.label.cause == "import"
        and item.finding.severity is severity
    ]


def stub(item: Judged) -> str:
    """A ready-to-paste labels.yml entry for an unlabelled finding."""
    entry = {
        "file": item.file,
        "line": item.finding.line,
        "rule": item.finding.rule,
        "text": item.text,
        "message": item.message,
    }
    dumped = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=2**31)
    rows = dumped.strip().splitlines()
    body = "\n".join([f"  - {rows[0]}", *(f"    {row}" for row in rows[1:])])
    return f"{body}\n    true:\n    cause:  # import | rule, only when false\n    reason:\n"
