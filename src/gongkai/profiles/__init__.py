"""Report-type profiles: YAML data shipped with the package, validated when loaded."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gongkai.errors import ConfigError
from gongkai.model.levels import IssuerLevel
from gongkai.monthday import MONTH_DAY
from gongkai.profiles.tablespec import TableSpec

Severity = Literal["error", "warning"]
# libyaml's loader, where PyYAML was built with it, reads the large xxgk profile in a tenth
# of the time of the pure-Python one; both build the same data from a profile.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Text(BaseModel):
    """A phrase in both languages of the tool."""

    # defer_build: validators are built at the first validation, not at import; a check
    # answered from the cache validates none of these.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    zh: str
    en: str


def _compile(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    return patterns


class Content(BaseModel):
    """One content a report of this type must carry, and how to recognise it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    requirement: Text
    suggested_heading: Text
    severity: Severity = "error"
    headings: list[str] = Field(default_factory=list)
    text: list[str] = Field(default_factory=list)
    # Thematic sections ("一、加强组织领导…") that no other content claims count as this one:
    # real reports often present their measures only under such headings.
    claims_unmatched_sections: bool = False
    causes: list[str] = Field(default_factory=list)
    # Issuer levels the content is required of; empty: all (条例第五十条（四）: governments only).
    levels: list[IssuerLevel] = Field(default_factory=list)

    _check = field_validator("headings", "text", "causes")(_compile)

    def applies_to(self, level: object) -> bool:
        """Whether a report of this issuer level (an IssuerLevel or its value) needs it."""
        return not self.levels or getattr(level, "value", level) in self.levels

    def heading_pattern(self) -> re.Pattern[str] | None:
        return _union(tuple(self.headings))

    def text_pattern(self) -> re.Pattern[str] | None:
        return _union(tuple(self.text))

    def cause_pattern(self) -> re.Pattern[str] | None:
        return _union(tuple(self.causes))


class Deadline(BaseModel):
    """The last day of year+1 on which publication is on time, as MM-DD."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    default: str = Field(pattern=f"^{MONTH_DAY.pattern}$")
    by_level: dict[IssuerLevel, str] = Field(default_factory=dict)
    basis: Text

    @field_validator("by_level")
    @classmethod
    def _month_day(cls, value: dict[str, str]) -> dict[str, str]:
        for level, day in value.items():
            if not MONTH_DAY.fullmatch(day):
                raise ValueError(f"{level}: {day!r} is not MM-DD")
        return value

    def for_level(self, level: str) -> str:
        return self.by_level.get(level, self.default)  # type: ignore[call-overload, no-any-return]


class Profile(BaseModel):
    """Everything the rules need to know about one report type."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: Text
    basis: Text
    contents: list[Content] = Field(min_length=1)
    deadline: Deadline
    tables: list[TableSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tables_in_known_sections(self) -> Profile:
        ids = {content.id for content in self.contents}
        for table in self.tables:
            if table.section not in ids:
                raise ValueError(f"table {table.id}: no content {table.section!r}")
        return self

    def content(self, content_id: str) -> Content:
        return next(c for c in self.contents if c.id == content_id)

    def any_heading_pattern(self) -> re.Pattern[str] | None:
        """One pattern for every content's headings: most titles match none, and one search
        settles that instead of one per content."""
        return _union(tuple(p for c in self.contents for p in c.headings))


@cache
def _union(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@cache
def profile_ids() -> tuple[str, ...]:
    """The report types this installation knows: one bundled YAML file each."""
    root = resources.files(__package__)
    return tuple(sorted(p.name[:-4] for p in root.iterdir() if p.name.endswith(".yml")))


@cache
def load_profile(profile_id: str) -> Profile:
    """Load and validate a bundled profile; a broken profile is a ConfigError (exit 2)."""
    resource = resources.files(__package__) / f"{profile_id}.yml"
    try:
        data = yaml.load(resource.read_text(encoding="utf-8"), Loader=_Loader)
        return Profile.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"Error reading report type profile '{profile_id}.yml':\n{exc}") from exc
