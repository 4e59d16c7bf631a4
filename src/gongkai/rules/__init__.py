"""Every rule, in id order. An id is never reused: a removed rule leaves a comment here.

Blocks: GK0xx file and front-matter, GK1xx structure and required contents, GK2xx content
(years, dates, numbers), GK5xx the issuer registry.
"""

from __future__ import annotations

from gongkai.rules.base import Rule
from gongkai.rules.gk001_not_utf8 import not_utf8
from gongkai.rules.gk002_invalid_front_matter import invalid_front_matter
from gongkai.rules.gk003_missing_field import missing_field
from gongkai.rules.gk004_invalid_field import invalid_field
from gongkai.rules.gk005_unknown_field import unknown_field
from gongkai.rules.gk006_unknown_report_type import unknown_report_type
from gongkai.rules.gk101_missing_required_section import missing_required_section
from gongkai.rules.gk102_missing_reasons import missing_reasons
from gongkai.rules.gk103_empty_section import empty_section
from gongkai.rules.gk201_wrong_year import wrong_year
from gongkai.rules.gk202_deadline_missed import deadline_missed
from gongkai.rules.gk501_unregistered_issuer import unregistered_issuer

ALL_RULES: tuple[Rule, ...] = (
    not_utf8,
    invalid_front_matter,
    missing_field,
    invalid_field,
    unknown_field,
    unknown_report_type,
    missing_required_section,
    missing_reasons,
    empty_section,
    wrong_year,
    deadline_missed,
    unregistered_issuer,
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}
RULES_BY_NAME: dict[str, Rule] = {r.name: r for r in ALL_RULES}


def find_rule(key: str) -> Rule | None:
    """A rule by id (GK101) or name (missing-required-section)."""
    return RULES_BY_ID.get(key.upper()) or RULES_BY_NAME.get(key)
