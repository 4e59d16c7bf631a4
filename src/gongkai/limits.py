"""Bounds on what one report may cost to check: gongkai.yml `limits:` (see gongkai.config).

A leaf module: the model reads these while parsing, and the configuration only carries
them, so neither has to import the other.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Limits(BaseModel):
    """Bounds on what one report may cost to check (see the gongkai.config docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_file_bytes: int = Field(10_000_000, ge=1)
    max_line_chars: int = Field(100_000, ge=1)
    front_matter_chars: int = Field(65_536, ge=1)
    front_matter_depth: int = Field(32, ge=1)
    front_matter_nodes: int = Field(10_000, ge=1)
    # Its own key, not front_matter_chars: a report holds several table blocks and one
    # front-matter, and a project that caps one should not lose the other.
    table_block_chars: int = Field(65_536, ge=1)


DEFAULT_LIMITS = Limits()
