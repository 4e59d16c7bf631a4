"""`gongkai --help` and every subcommand's help: Chinese by default, English with --lang en
or an English locale; every text has both languages (gongkai.cli_help)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from conftest import Golden
from gongkai.cli import cli
from gongkai.cli_help import COMMANDS, METAVARS, OPTIONS, environment_language

GOLDEN = Path(__file__).parent / "golden" / "help"
LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS")
COMMAND_NAMES = sorted(cli.commands)
CJK = re.compile(r"[\u4e00-\u9fff]")
# Three English words in a row: a sentence left untranslated.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")


def run(*args: str, **env: str) -> Result:
    """Help at 80 columns, in a clean locale plus `env`."""
    environ: dict[str, str | None] = dict.fromkeys(LOCALE)
    environ.update(env)
    return CliRunner().invoke(cli, list(args), env=environ, terminal_width=80)


def help_of(*args: str, **env: str) -> str:
    result = run(*args, "--help", **env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", ["", *COMMAND_NAMES])
def test_help_golden(command: str, lang: str, golden: Golden) -> None:
    args = ["--lang", lang, command] if command else ["--lang", lang]
    golden(GOLDEN / f"{command or 'gongkai'}.{lang}.txt", help_of(*args))


def test_chinese_is_the_default() -> None:
    assert help_of() == (GOLDEN / "gongkai.zh.txt").read_text(encoding="utf-8")
    assert help_of().startswith("用法：gongkai [选项] 命令 [参数]...\n")
    assert help_of("check").startswith("用法：gongkai check [选项] [路径]...\n")


@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_no_english_sentence_in_chinese_help(command: str) -> None:
    text = help_of(command)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert "Usage" not in text and "Options" not in text


@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_english_help_has_no_chinese_headings(command: str) -> None:
    text = help_of(command, LANG="en_US.UTF-8")
    assert text.startswith(f"Usage: gongkai {command} ")
    assert "\nOptions:\n" in text and "选项" not in text


def test_every_text_has_both_languages() -> None:
    """Every command and option of the CLI has its texts; none is left unused."""
    used_commands, used_options = {"gongkai"}, set()
    commands: list[click.Command] = [cli, *cli.commands.values()]
    for command in commands:
        name = command.name or ""
        used_commands.add(name)
        for param in command.params:
            if isinstance(param, click.Option):
                opt = next(o for o in param.opts if o.startswith("--"))
                used_options.add(f"{name} {opt}" if f"{name} {opt}" in OPTIONS else opt)
    used_options |= {"--help"}
    assert set(COMMANDS) == used_commands
    assert set(OPTIONS) == used_options
    for short, full in COMMANDS.values():
        for text in (short, full):
            assert CJK.search(text["zh"]) and text["en"] and not CJK.search(text["en"][:10])
    for text in [*OPTIONS.values(), *METAVARS.values()]:
        assert CJK.search(text["zh"]), text
        assert text["en"] and not CJK.search(text["en"]), text


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "en"}, "en"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "", "LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "C"}, "zh"),
        ({"LANG": "POSIX"}, "zh"),
        ({"LANG": "fr_FR.UTF-8"}, "zh"),
        ({"LANG": "english"}, "zh"),
        ({}, "zh"),
    ],
)
def test_language_from_the_environment(env: dict[str, str], lang: str) -> None:
    assert environment_language(env) == lang
    expected = (GOLDEN / f"gongkai.{lang}.txt").read_text(encoding="utf-8")
    assert help_of(**env) == expected


def test_lang_option_overrides_the_environment() -> None:
    zh = (GOLDEN / "check.zh.txt").read_text(encoding="utf-8")
    en = (GOLDEN / "check.en.txt").read_text(encoding="utf-8")
    assert help_of("check", "--lang", "zh", LANG="en_US.UTF-8") == zh
    assert help_of("check", "--lang", "en", LANG="zh_CN.UTF-8") == en
    # --help first: the language is still read from the arguments.
    assert run("check", "--help", "--lang=en").stdout == en
    # The group's --lang for a command without one; the command's own wins.
    assert help_of("--lang", "en", "new") == (GOLDEN / "new.en.txt").read_text(encoding="utf-8")
    assert help_of("--lang", "en", "check", "--lang", "zh") == zh


def test_group_lang_is_the_default_of_the_commands_lang() -> None:
    english = run("--lang", "en", "rules").stdout
    assert english == run("rules", "--lang", "en").stdout
    assert run("--lang", "en", "rules", "--lang", "zh").stdout == run("rules").stdout


def test_environment_does_not_change_the_output() -> None:
    assert run("rules", LANG="en_US.UTF-8").stdout == run("rules").stdout
