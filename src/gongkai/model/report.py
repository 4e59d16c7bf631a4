"""A report as the rules see it: decoded text, front-matter, validated fields, headings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from gongkai.limits import DEFAULT_LIMITS, Limits
from gongkai.model.frontmatter import FrontMatter
from gongkai.model.headings import Heading
from gongkai.model.source import DecodeFailure, Oversize, SourceText

IssueKind = Literal["missing", "invalid", "unknown"]


@dataclass(frozen=True)
class FieldIssue:
    """One front-matter field that failed the schema, located in the file."""

    kind: IssueKind
    field: str
    line: int
    col: int
    problem: str = ""  # a schema error type such as "int_type", "enum", "date"
    value: Any = None


@dataclass
class Report:
    path: str
    source: SourceText | None = None
    decode_failure: DecodeFailure | None = None
    # Set instead of `source` when the file exceeds a configured limit, or (by the engine)
    # when its path may not be read at all: then no rule sees any text.
    oversize: Oversize | None = None
    unsafe_path: str | None = None
    front_matter: FrontMatter | None = None
    # Fields that passed the schema, so rules can still use `year` when `published` is wrong.
    fields: dict[str, Any] = field(default_factory=dict)
    field_issues: list[FieldIssue] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    body_offset: int = 0
    # The bounds it was read under: the table blocks, parsed later and on demand, keep to them.
    limits: Limits = field(default=DEFAULT_LIMITS, repr=False, compare=False)
    # Views derived once and shared by several rules: see gongkai.memo.
    memo_store: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.source.text if self.source else ""
