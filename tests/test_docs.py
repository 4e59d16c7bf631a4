"""Documentation cannot drift from the code: rule pages, CLI commands, the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai import rules as rules_package
from gongkai.cli import cli
from gongkai.generated_docs import pages
from gongkai.model.metadata import FIELD_NAMES, json_schema
from gongkai.rules import ALL_RULES

ROOT = Path(__file__).resolve().parents[1]
RULE_DOCS = ROOT / "docs" / "rules"


@pytest.mark.parametrize("name", sorted(pages()))
def test_generated_docs_are_up_to_date(name: str, golden) -> None:
    # A golden like any other, so `pytest --update-goldens` writes a new rule's page too.
    golden(ROOT / "docs" / name, pages()[name])


def test_every_rule_page_belongs_to_a_rule() -> None:
    ids = {rule.id for rule in ALL_RULES}
    for page in RULE_DOCS.glob("GK*.md"):
        assert page.stem in ids, f"{page.name} documents no registered rule"


def test_rule_ids_and_names_are_unique_and_stable_in_form() -> None:
    ids = [rule.id for rule in ALL_RULES]
    names = [rule.name for rule in ALL_RULES]
    assert len(set(ids)) == len(ids) and len(set(names)) == len(names)
    assert ids == sorted(ids)


def test_every_rule_doc_says_what_why_and_how() -> None:
    for rule in ALL_RULES:
        for heading in ("## 检查内容", "## 为什么重要", "## 如何修改"):
            assert heading in rule.doc, f"{rule.id} doc lacks {heading}"


def test_every_cli_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in cli.commands:
        assert f"gongkai {command}" in readme, f"README does not mention `gongkai {command}`"
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and result.output.strip()


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:]]
    commands = [command for command in commands if command]
    assert commands[:2] == ["make site", "make test"]


def test_json_schema_describes_every_field() -> None:
    schema = json_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(FIELD_NAMES)
    for name, spec in schema["properties"].items():
        assert spec.get("description"), f"{name} has no description"
    published = ROOT / "docs" / "schema" / "report.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == schema


def test_every_rule_block_is_listed() -> None:
    # A new block (GK6xx) must be explained where developers and the rule list look.
    dev = (ROOT / "docs" / "dev" / "index.md").read_text(encoding="utf-8")
    listing = rules_package.__doc__ or ""
    for block in sorted({rule.id[:3] + "xx" for rule in ALL_RULES}):
        assert f"| {block} |" in dev, f"docs/dev/index.md does not list {block}"
        assert block in listing, f"the docstring of gongkai.rules does not list {block}"
