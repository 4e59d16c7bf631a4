"""The parts of a table block as written: scalars with positions, rows, problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

INFO_STRING = "gongkai-table"
BLANK_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

ProblemKind = Literal[
    "syntax",  # YAML could not read it (detail: YAML's message)
    "not-mapping",  # the block, `rows:` or a row's cells have the wrong shape
    "not-a-value",  # a list or mapping where one cell value belongs
    "unknown-key",  # a top-level key other than table/format/rows/cells
    "duplicate-key",
    "no-table",  # `table:` is missing
    "no-rows",  # neither `rows:` nor `cells:`
    "unclosed",  # the fence is never closed
    "too-large",
]


class Scalar(NamedTuple):  # a tuple: a report has hundreds, and tuples are cheap to build
    """One key or value as written, with its 1-based line and column (in characters)."""

    text: str
    line: int
    col: int
    plain: bool = True  # unquoted; only a plain ~ or null means “blank”

    @property
    def blank(self) -> bool:
        return self.text in BLANK_WORDS if self.plain else self.text == ""


class RawRow(NamedTuple):
    """A row as written: its label (None for the `cells:` of a one-row table) and its
    values, each with the column label it was given (None: by position in a list)."""

    label: Scalar | None
    cells: tuple[tuple[Scalar | None, Scalar], ...]
    by_position: bool


@dataclass(frozen=True)
class BlockProblem:
    kind: ProblemKind
    line: int
    col: int
    detail: str = ""


@dataclass
class TableBlock:
    """One fenced table block. `start`/`end` delimit it in the text, fences included."""

    line: int
    col: int
    start: int
    end: int
    table: Scalar | None = None
    format: Scalar | None = None
    rows: list[RawRow] = field(default_factory=list)
    problems: list[BlockProblem] = field(default_factory=list)
