"""`gongkai --help` and every subcommand's help: Chinese by default, English with --lang en
or an English locale; every text has both languages (gongkai.cli_help)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from conftest import Golden
from gongkai import __version__
from gongkai.cli import cli
from gongkai.cli_help import (
    COMMANDS,
    METAVARS,
    OPTIONS,
    environment_language,
    usage_error_message,
)

GOLDEN = Path(__file__).parent / "golden" / "help"
LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS")
COMMAND_NAMES = sorted(cli.commands)
CJK = re.compile(r"[\u4e00-\u9fff]")
# Three English words in a row: a sentence left untranslated.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")


def _t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


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


# ---------------------------------------------------------------- usage errors and --version

USAGE = {
    "gongkai": _t(
        "用法：gongkai [选项] 命令 [参数]...", "Usage: gongkai [OPTIONS] COMMAND [ARGS]..."
    ),
    "check": _t("用法：gongkai check [选项] [路径]...", "Usage: gongkai check [OPTIONS] [PATH]..."),
    "import": _t(
        "用法：gongkai import [选项] 原文件或文件夹...", "Usage: gongkai import [OPTIONS] SOURCE..."
    ),
    "rules": _t("用法：gongkai rules [选项]", "Usage: gongkai rules [OPTIONS]"),
    "schema": _t("用法：gongkai schema [选项]", "Usage: gongkai schema [OPTIONS]"),
}
HINT = _t("运行“gongkai{} --help”查看帮助。", "Try 'gongkai{} --help' for help.")
ERROR = _t("错误：", "Error: ")

# (arguments, the command whose usage is shown or None, the message in Chinese and English)
USAGE_ERRORS = [
    (
        ["check", "--x"],
        "check",
        _t("没有“--x”这个选项。是不是要用“--fix”？", "No such option '--x'. Did you mean '--fix'?"),
    ),
    (["--bogus"], "gongkai", _t("没有“--bogus”这个选项。", "No such option '--bogus'.")),
    (
        ["chek"],
        "gongkai",
        _t(
            "没有“chek”这个命令。是不是要用以下之一：“check”、“schema”？",
            "No such command 'chek'. (Did you mean one of: 'check', 'schema'?)",
        ),
    ),
    (["import"], "import", _t("缺少参数“原文件或文件夹”。", "Missing argument 'SOURCE...'.")),
    (
        ["check", "--format", "xml"],
        "check",
        _t(
            "“--format”的值无效：“xml”不是 text、json、github、sarif 之一。",
            "Invalid value for '--format': 'xml' is not one of 'text', 'json', 'github', 'sarif'.",
        ),
    ),
    (
        ["check", "--jobs", "abc"],
        "check",
        _t(
            "“--jobs”的值无效：“abc”不是整数。",
            "Invalid value for '--jobs': 'abc' is not a valid integer range.",
        ),
    ),
    (
        ["import", "a.docx", "--year", "1989"],
        "import",
        _t(
            "“--year”的值无效：1989 不在 1990<=x<=2100 范围内。",
            "Invalid value for '--year': 1989 is not in the range 1990<=x<=2100.",
        ),
    ),
    (["rules", "x"], "rules", _t("多余的参数：x", "Got unexpected extra argument (x)")),
    (
        ["import", "a.docx", "b.docx", "-o", "out.md"],
        "import",
        _t(
            "导入多个文件时，-o 须是文件夹：out.md",
            "with many sources, -o must be a folder: out.md",
        ),
    ),
    (["schema", "x", "y"], "schema", _t("多余的参数：x y", "Got unexpected extra arguments (x y)")),
    (["--lang", "{lang}"], "gongkai", _t("缺少命令。", "Missing command.")),
    (
        ["check", "--config", "."],
        "check",
        _t(
            "“--config”的值无效：“.”是目录，不是文件。",
            "Invalid value for '--config': File '.' is a directory.",
        ),
    ),
    # Click shows no usage line for an option without its value.
    (
        ["check", "--format"],
        None,
        _t("选项“--format”后面缺少值。", "Option '--format' requires an argument."),
    ),
    (
        ["check", "--strict=1"],
        None,
        _t("选项“--strict”不接受值。", "Option '--strict' does not take a value."),
    ),
]


def expected_usage_error(command: str | None, message: str, lang: str) -> str:
    if command is None:
        return f"{ERROR[lang]}{message}\n"
    sub = "" if command == "gongkai" else f" {command}"
    return f"{USAGE[command][lang]}\n{HINT[lang].format(sub)}\n\n{ERROR[lang]}{message}\n"


@pytest.mark.parametrize(("args", "command", "message"), USAGE_ERRORS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_usage_errors_in_the_help_language(
    args: list[str], command: str | None, message: dict[str, str], lang: str
) -> None:
    args = [arg.format(lang=lang) for arg in args]
    expected = expected_usage_error(command, message[lang], lang)
    for result in (
        run(*args, LANG="en_US.UTF-8" if lang == "en" else "zh_CN.UTF-8"),
        # --lang wins over the locale, before or after the command's name.
        run("--lang", lang, *args, LANG="zh_CN.UTF-8" if lang == "en" else "en_US.UTF-8"),
    ):
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)


def test_usage_error_language_of_the_subcommand() -> None:
    result = run("check", "--lang", "en", "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: gongkai check [OPTIONS] [PATH]...\n")
    assert result.stderr.endswith(
        "Error: Invalid value for '--format': 'xml' is not one of "
        "'text', 'json', 'github', 'sarif'.\n"
    )


def test_our_own_usage_error_keeps_its_text() -> None:
    result = run("new", "--year", "2024")
    assert result.exit_code == 2
    assert result.stderr == (
        "用法：gongkai new [选项]\n运行“gongkai new --help”查看帮助。\n\n"
        "错误：请指定 --type、--issuer，例如：gongkai new --type fazhi --year 2024 "
        "--issuer 示例县人民政府\n"
    )


def test_unknown_usage_errors_are_shown_as_click_words_them() -> None:
    odd = click.UsageError("Something odd.")
    assert usage_error_message(odd, "zh") == "Something odd."
    custom = click.NoSuchOption("--x", message="Use --y instead.")
    assert usage_error_message(custom, "zh") == "Use --y instead."
    unplaced = click.BadParameter("is wrong")
    assert usage_error_message(unplaced, "zh") == "Invalid value: is wrong"


def test_no_arguments_still_show_the_help() -> None:
    result = run()
    assert result.exit_code == 2
    assert result.stderr == (GOLDEN / "gongkai.zh.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "env", "line"),
    [
        (["--version"], {}, f"gongkai，版本 {__version__}\n"),
        (["--version"], {"LANG": "en_US.UTF-8"}, f"gongkai, version {__version__}\n"),
        (["--version", "--lang", "en"], {}, f"gongkai, version {__version__}\n"),
        (["--lang", "zh", "--version"], {"LANG": "en_US.UTF-8"}, f"gongkai，版本 {__version__}\n"),
    ],
)
def test_version_in_the_help_language(args: list[str], env: dict[str, str], line: str) -> None:
    result = run(*args, **env)
    assert (result.exit_code, result.stdout, result.stderr) == (0, line, "")
