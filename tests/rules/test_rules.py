"""Every rule against its fixtures in tests/rules/<RULE-ID>/.

- `good_*.md`: checking it gives no finding of that rule.
- `bad_*.md`: that rule's findings, printed by the real text formatter, equal
  `bad_*.md.expected` (zh) and `bad_*.md.expected-en` (en) byte for byte.

A rule directory may hold the project files its rule reads (`gongkai.yml`,
`registry.yml`); they are loaded as for a project rooted there. A cross-report rule's
fixtures are directories (`good_*/`, `bad_*/`): each is checked as one tree, and the
golden lists the findings of every file in it.

Fixture files are the exact bytes checked: some are GB18030, UTF-16 or CRLF on purpose
(tests/rules/.gitattributes keeps git from converting them). Goldens are rewritten with
`pytest tests/rules --update-goldens`; read every changed golden before committing it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from gongkai.config import CONFIG_NAME
from gongkai.engine import FileResult, apply_config, check_bytes, check_paths, load_checked_config
from gongkai.output import text
from gongkai.rules import ALL_RULES, RULES_BY_ID

HERE = Path(__file__).parent
PROJECT_FILES = {CONFIG_NAME, "registry.yml"}
RULE_DIRS = sorted(p for p in HERE.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
FIXTURES = sorted(
    path
    for directory in RULE_DIRS
    for path in directory.iterdir()
    if (path.suffix == ".md" or path.is_dir()) and path.name.startswith(("good_", "bad_"))
)


def _findings_of(path: Path) -> list[FileResult]:
    """The fixture's findings of its own rule, as the CLI would show them for this file
    (or, for a tree fixture, for every file in it, by path below the rule directory)."""
    rule_id = path.parent.name
    project_file = path.parent / CONFIG_NAME
    config = load_checked_config(project_file if project_file.is_file() else None, root=path.parent)
    if path.is_dir():
        # From the rule directory, so paths in findings and messages are machine-independent.
        with contextlib.chdir(path.parent):
            results = check_paths([path.name], config)
        return [
            FileResult(result.path, tuple(f for f in result.findings if f.rule == rule_id))
            for result in results
        ]
    findings = apply_config(check_bytes(path.name, path.read_bytes(), config), config)
    return [FileResult(path.name, tuple(f for f in findings if f.rule == rule_id))]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_fixture(path: Path, golden) -> None:
    results = _findings_of(path)
    if path.name.startswith("good_"):
        assert text(results, "zh") == ""
        return
    assert any(r.findings for r in results), (
        f"{path.name} should give at least one {path.parent.name} finding"
    )
    golden(path.with_name(path.name + ".expected"), text(results, "zh"))
    golden(path.with_name(path.name + ".expected-en"), text(results, "en"))


def test_every_rule_has_fixtures_and_every_fixture_dir_a_rule() -> None:
    dirs = {d.name for d in RULE_DIRS}
    assert dirs == set(RULES_BY_ID), "fixture directories must be exactly the rule ids"
    for rule in ALL_RULES:
        names = [p.name for p in FIXTURES if p.parent.name == rule.id]
        assert any(n.startswith("good_") for n in names), f"{rule.id} has no good_ fixture"
        assert any(n.startswith("bad_") for n in names), f"{rule.id} has no bad_ fixture"


def test_goldens_belong_to_bad_fixtures() -> None:
    for directory in RULE_DIRS:
        for path in directory.iterdir():
            if path.name in PROJECT_FILES:
                continue
            if path.suffix == ".md" or path.is_dir():
                assert path.name.startswith(("good_", "bad_")), f"unrecognised fixture {path}"
                continue
            stem, _, kind = path.name.rpartition(".")
            assert kind in {"expected", "expected-en"}, f"unexpected file {path}"
            assert stem.startswith("bad_") and (directory / stem).exists(), f"orphan {path}"
