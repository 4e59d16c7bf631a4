"""`gongkai import PATH…`: many files and folders, each accounted for in the summary.

Every source ends as one row: imported, imported but needing review, or refused with the
reason. One file that cannot be read, or whose target exists, stops nothing: the batch goes
on, and the editor learns at the end what became of each file. Nothing existing is
replaced without `force`, and within one batch a target is written at most once: a second
source that maps to it is refused, so it never replaces the first one's draft.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gongkai.bilingual import Note
from gongkai.config import Config
from gongkai.engine import apply_config, check_bytes
from gongkai.importers.failure import ImportFailure
from gongkai.importers.report import (
    _LEGACY,
    INFERRED_MARK,
    READERS,
    Imported,
    default_path,
    import_file,
    write_imported,
)
from gongkai.layout import report_file
from gongkai.registry import Registry
from gongkai.tables.keptout import NOTE_PATTERN

# What a folder gives: the formats the readers know, and the legacy ones, so that a .doc
# in the folder is named with the advice to re-save it instead of silently passed over.
IMPORTABLE = frozenset((*READERS, *_LEGACY))
_MARKED = re.compile(rf"^([A-Za-z_]+):.*  {re.escape(INFERRED_MARK)}$", re.MULTILINE)

Outcome = Literal["imported", "review", "refused"]


@dataclass(frozen=True)
class Options:
    report_type: str | None
    year: int | None
    issuer: str | None
    force: bool
    output: Path | None  # a folder standing in for reports/ (None: reports/ itself)


@dataclass
class Row:
    """What became of one source."""

    source: str
    target: str | None = None
    refused: Note | None = None  # why nothing was written, as the importer said it
    duplicate_of: str | None = None  # refused: the source this batch already wrote there
    inferred: tuple[str, ...] = ()  # front-matter keys marked INFERRED_MARK
    kept_out: tuple[str, ...] = ()  # tables kept out of the draft as text (三, …)
    errors: int = 0  # error findings of the check of the draft
    notes: list[Note] = field(default_factory=list)

    @property
    def outcome(self) -> Outcome:
        if self.refused is not None or self.duplicate_of is not None:
            return "refused"
        if self.inferred or self.kept_out or self.errors or self.notes:
            return "review"
        return "imported"


@dataclass(frozen=True)
class Source:
    path: Path
    unlistable: str | None = None  # a folder that could not be listed: why


def collect(paths: Sequence[str]) -> list[Source]:
    """The sources under the given paths, in a stable order, each once.

    A path named on the command line is a source whatever its format (an unknown one is
    refused with the formats that are known); a folder gives, recursively, its files of a
    format in IMPORTABLE, leaving out hidden files and folders.
    """
    found: list[Source] = []
    for given in paths:
        if not os.path.isdir(given):
            found.append(Source(Path(given)))
            continue

        def unlistable(error: OSError) -> None:
            found.append(Source(Path(error.filename), error.strerror or str(error)))

        for directory, subdirs, files in os.walk(given, onerror=unlistable):
            subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
            found.extend(
                Source(Path(directory, name))
                for name in sorted(files)
                if not name.startswith(".") and Path(name).suffix.lower() in IMPORTABLE
            )
    unique: dict[str, Source] = {}
    for source in found:
        unique.setdefault(os.path.normpath(source.path), source)
    return list(unique.values())


def target_for(fields: dict[str, object], output: Path | None) -> Path:
    """Where a draft goes: the repository layout, under `output` instead of reports/."""
    if output is None:
        return default_path(fields)
    layout = report_file(fields["year"], fields["type"], str(fields["issuer"]))
    return output.joinpath(*layout.parts[1:])


def import_all(sources: Iterable[Source], options: Options, config: Config) -> Iterator[Row]:
    """Import each source in turn; one row per source, as soon as it is done."""
    written: dict[str, str] = {}  # target, normalised → the source written there
    for source in sources:
        yield _import_one(source, options, config, written)


def _import_one(source: Source, options: Options, config: Config, written: dict[str, str]) -> Row:
    row = Row(str(source.path))
    if source.unlistable is not None:
        row.refused = Note(
            f"无法读取目录 {source.path}：{source.unlistable}",
            f"cannot list the folder {source.path}: {source.unlistable}",
        )
        return row
    try:
        imported = import_file(
            source.path,
            report_type=options.report_type,
            year=options.year,
            issuer=options.issuer,
            registry=config.registry or Registry(),  # read once for the batch
        )
        target = target_for(imported.fields, options.output)
        row.target = str(target)
        claim = os.path.normcase(os.path.abspath(target))
        if claim in written:
            row.duplicate_of = written[claim]
            return row
        write_imported(target, imported, force=options.force)
    except ImportFailure as exc:
        row.refused = exc.note
        return row
    except Exception as exc:  # a reader's bug must not cost the rest of the batch
        if os.environ.get("GONGKAI_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {exc}"
        row.refused = Note(f"内部错误：{error}", f"internal error: {error}")
        return row
    written[claim] = row.source
    _review(row, imported, target, config)
    return row


def _review(row: Row, imported: Imported, target: Path, config: Config) -> None:
    """What in the written draft the editor must look at before publishing."""
    text = imported.text_for(target)
    front = text.split("\n---\n", 1)[0]
    row.inferred = tuple(_MARKED.findall(front))
    row.kept_out = tuple(NOTE_PATTERN.findall(text))
    findings = apply_config(check_bytes(str(target), text.encode("utf-8"), config), config)
    row.errors = sum(finding.severity.value == "error" for finding in findings)
    row.notes = list(imported.notes)
