"""Every rule, in id order. An id is never reused: a removed rule leaves a comment here.

Blocks: GK0xx file and front-matter, GK1xx structure and required contents, GK2xx years
and dates, GK3xx the statistical tables (表二/表三/表四), GK4xx content residue and style,
GK5xx the issuer registry.
"""

from __future__ import annotations

from gongkai.rules.base import Rule
from gongkai.rules.gk001_not_utf8 import not_utf8
from gongkai.rules.gk002_invalid_front_matter import invalid_front_matter
from gongkai.rules.gk003_missing_field import missing_field
from gongkai.rules.gk004_invalid_field import invalid_field
from gongkai.rules.gk005_unknown_field import unknown_field
from gongkai.rules.gk006_unknown_report_type import unknown_report_type
from gongkai.rules.gk007_file_too_large import file_too_large
from gongkai.rules.gk008_unsafe_path import unsafe_path
from gongkai.rules.gk009_attachment_invalid import attachment_invalid
from gongkai.rules.gk010_image_invalid import image_invalid
from gongkai.rules.gk101_missing_required_section import missing_required_section
from gongkai.rules.gk102_missing_reasons import missing_reasons
from gongkai.rules.gk103_empty_section import empty_section
from gongkai.rules.gk201_wrong_year import wrong_year
from gongkai.rules.gk202_deadline_missed import deadline_missed
from gongkai.rules.gk301_table_missing import table_missing
from gongkai.rules.gk302_table_cell_invalid import table_cell_invalid
from gongkai.rules.gk303_table_identity import table_identity
from gongkai.rules.gk304_table_total_blank import table_total_blank
from gongkai.rules.gk305_text_table_mismatch import text_table_mismatch
from gongkai.rules.gk306_township_regulation import township_regulation
from gongkai.rules.gk307_table_block_invalid import table_block_invalid
from gongkai.rules.gk308_carry_over_mismatch import carry_over_mismatch
from gongkai.rules.gk401_foreign_issuer_name import foreign_issuer_name
from gongkai.rules.gk402_placeholder_text import placeholder_text
from gongkai.rules.gk403_conversion_artifact import conversion_artifact
from gongkai.rules.gk404_numbering_sequence import numbering_sequence
from gongkai.rules.gk405_outdated_reference import outdated_reference
from gongkai.rules.gk406_duplicate_content import duplicate_content
from gongkai.rules.gk407_typography import typography
from gongkai.rules.gk408_invalid_suppression import invalid_suppression
from gongkai.rules.gk409_unsafe_html import unsafe_html
from gongkai.rules.gk410_misspelt_place_name import misspelt_place_name
from gongkai.rules.gk501_unregistered_issuer import unregistered_issuer

ALL_RULES: tuple[Rule, ...] = (
    not_utf8,
    invalid_front_matter,
    missing_field,
    invalid_field,
    unknown_field,
    unknown_report_type,
    file_too_large,
    unsafe_path,
    attachment_invalid,
    image_invalid,
    missing_required_section,
    missing_reasons,
    empty_section,
    wrong_year,
    deadline_missed,
    table_missing,
    table_cell_invalid,
    table_identity,
    table_total_blank,
    text_table_mismatch,
    township_regulation,
    table_block_invalid,
    carry_over_mismatch,
    foreign_issuer_name,
    placeholder_text,
    conversion_artifact,
    numbering_sequence,
    outdated_reference,
    duplicate_content,
    typography,
    invalid_suppression,
    unsafe_html,
    misspelt_place_name,
    unregistered_issuer,
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}
RULES_BY_NAME: dict[str, Rule] = {r.name: r for r in ALL_RULES}
# Every id and name → the id: what rules that read rule names in a report (suppression
# comments) get in their Context, so that no rule module imports this package.
RULE_KEYS: dict[str, str] = {key: r.id for r in ALL_RULES for key in (r.id, r.name)}


def find_rule(key: str) -> Rule | None:
    """A rule by id (GK101) or name (missing-required-section)."""
    return RULES_BY_ID.get(key.upper()) or RULES_BY_NAME.get(key)
