"""The help of the `gongkai` command line, in Chinese (the default) and English.

One home for every text a person reads in `--help`: the tables below, {zh, en} per text,
like the rules' messages; cli.py declares the commands and options once, without help
strings, and the classes here look their texts up by command and option name when the help
is written.

Click's own words ("Usage:", "Options:", "Show this message and exit.") go through
`gettext.gettext`, the process-wide GNU gettext domain "messages". Translating them there
would need compiled .mo files on disk, would change the messages of every other library in
the process that uses the same default domain, and follows LANGUAGE rather than our
`--lang`. So instead this module uses click's documented extension points: a Context whose
`make_formatter` gives a HelpFormatter that knows the language (headings, the usage prefix,
text wrapped by display width: a Chinese character takes two columns, and click's wrapper
counts characters and breaks lines only at spaces), and Command/Group classes whose
`format_*` methods write the texts of these tables. Click's English words are the keys of
CLICK_WORDS, so an unknown one shows up in English instead of failing.

Language of the help: the command's own `--lang` (or the group's), read from the arguments
before click parses them so that `--help --lang en` works in either order; else the
environment, in the POSIX order LC_ALL > LC_MESSAGES > LANG: `en`, `en_US.UTF-8`… give
English, anything else (unset, C, POSIX, zh_CN…) Chinese. The environment never changes the
findings' language, only the help's.
"""

from __future__ import annotations

import ast
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, Literal, TypeVar

import click
from click.formatting import join_options

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
Text = Mapping[Lang, str]
F = TypeVar("F", bound=Callable[..., Any])

# The help language chosen by --lang, shared by a group's and its subcommand's contexts.
_META_KEY = "gongkai.help_lang"
_ENGLISH_LOCALE = re.compile(r"en(?:[_.@-]|$)", re.IGNORECASE)


def _t(zh: str, en: str) -> Text:
    return {"zh": zh, "en": en}


# ------------------------------------------------------------------ the texts

# Command name (the group is "gongkai") -> (short help in the command list, full help).
COMMANDS: dict[str, tuple[Text, Text]] = {
    "gongkai": (
        _t("政务公开年度报告的检查与发布工具。", "Checks and publishes annual disclosure reports."),
        _t(
            "gongkai：政务公开年度报告的检查与发布工具。\n\n"
            "帮助默认为中文；加 --lang en 或设置环境变量 LANG=en_US.UTF-8 显示英文。",
            "gongkai: checks and publishes the annual reports of government information "
            "disclosure.\n\n"
            "Help is in Chinese by default; --lang en, or LANG=en_US.UTF-8 in the "
            "environment, shows it in English.",
        ),
    ),
    "check": (
        _t("检查报告，列出发现的每个问题。", "Check reports and print every finding."),
        _t(
            "检查报告（默认检查 reports/），列出发现的每个问题。\n\n"
            "退出状态：0 没有错误；1 有错误（加 --strict 时有警告也算）；2 工具无法运行。"
            "加 --diff 时（单独使用或与 --fix 同用，与 ruff 相同）：0 没有可修复的内容；"
            "1 显示了修复；不写入任何文件。",
            "Check reports (default: reports/) and print every finding.\n\n"
            "Exit status: 0 no errors, 1 error findings (or warnings with --strict), "
            "2 the tool could not run. With --diff (alone or with --fix, as in ruff): "
            "0 nothing to repair, 1 repairs shown; nothing is written.",
        ),
    ),
    "rules": (
        _t("列出全部规则。", "List every rule."),
        _t(
            "列出全部规则：编号、名称、默认严重程度和用途。",
            "List every rule: id, name, default severity and purpose.",
        ),
    ),
    "schema": (
        _t("输出报告前置元数据的 JSON Schema。", "Print the JSON Schema of report front-matter."),
        _t(
            "输出报告前置元数据（front-matter）的 JSON Schema。",
            "Print the JSON Schema of report front-matter.",
        ),
    ),
    "import": (
        _t("把已发布的报告导入为草稿。", "Import published reports as drafts."),
        _t(
            "把已发布的报告（.docx、.txt、.html、.pdf）导入为本项目格式的草稿。"
            "可以给出多个文件和文件夹：文件夹中的这些格式的文件（含子文件夹）都会导入。"
            "转换工具生成的 Markdown 文本（.md）在指明文件名时也可导入。\n\n"
            "表二、表三、表四转为表格块；无法对应的内容在标准错误输出中列出。"
            "从正文识别出的字段标有“# 自动识别，请核对”；Word 文件中的图片放在报告旁的"
            " <报告>.assets/ 文件夹中。\n\n"
            "导入一个文件时，退出状态：0 已写入；2 未写入（文件无法读取、格式未知、"
            "未识别出年度或发布机关且未指定、输出文件或图片已存在且未加 --force）。\n\n"
            "导入多个文件或文件夹时，一个文件失败不影响其他文件；终端上显示进度，"
            "最后在标准输出列出汇总表：每个文件已导入、需核对（有自动识别的字段、"
            "未能识别的表格、导入提示，或检查草稿发现错误）或已拒绝（及原因），"
            "以及各项数量。同一批中两个文件对应同一草稿时，后一个被拒绝。"
            "-o 须是文件夹，草稿按 <年度>/<类型>/<发布机关>.md 放在其中。"
            "退出状态：0 全部已写入（包括需核对的）；1 有文件被拒绝；2 用法错误或无法运行（如没有找到可导入的文件）。",
            "Import published reports (.docx, .txt, .html, .pdf) as drafts in our format. "
            "Give any number of files and folders: a folder's files of these formats "
            "(subfolders included) are all imported. Markdown text from a converter (.md) "
            "is imported when named.\n\n"
            "Tables 二/三/四 become table blocks; what could not be mapped is listed on "
            'stderr. Fields read from the text are marked "# 自动识别，请核对"; a Word '
            "file's images go to the folder <report>.assets/ beside the report.\n\n"
            "One file: exit status 0 written, 2 nothing written (unreadable file, unknown "
            "format, year or issuer not found and not given, output or image exists "
            "without --force).\n\n"
            "Many files or folders: a file that fails stops nothing; the progress shows on "
            "a terminal, and a summary table on stdout ends the run: each file imported, "
            "needing review (inferred fields, tables not recognised, notes from the import, "
            "or errors in the check of the draft) or refused (and why), and the counts. "
            "When two files of one batch map to the same draft, the second is refused. "
            "-o must be a folder: the drafts go into it as <year>/<type>/<issuer>.md. "
            "Exit status: 0 all written (needing review included), 1 a file was refused, "
            "2 usage error or the tool could not run (e.g. nothing to import).",
        ),
    ),
    "new": (
        _t("新建一份报告草稿。", "Start a draft report."),
        _t(
            "新建一份报告：草稿的前置元数据已填好，每个必需的章节都有标题和填写提示。\n\n"
            "退出状态：0 已写入；2 未写入（缺少选项或选项无效、输出文件已存在且未加 --force）。",
            "Start a report: a draft with its front-matter filled in and every required "
            "section as a heading with a hint of what to write.\n\n"
            "Exit status: 0 written, 2 nothing written (option missing or invalid, output "
            "exists without --force).",
        ),
    ),
}

# "command --option" (or "--option" for every command that has it) -> the option's help.
OPTIONS: dict[str, Text] = {
    "--help": _t("显示本帮助并退出。", "Show this message and exit."),
    "--version": _t("显示版本号并退出。", "Show the version and exit."),
    "gongkai --lang": _t(
        "帮助的语言，也是各命令结果的默认语言（默认：zh；环境变量 LANG 为 en* 时帮助为 en）。",
        "Language of the help, and the default language of the commands' output "
        "(default: zh; the help is in English when LANG is en*).",
    ),
    "check --lang": _t(
        "检查结果和本帮助的语言（默认：gongkai.yml 中的 lang，未设置时为 zh）。",
        "Language of the findings and of this help (default: lang in gongkai.yml, else zh).",
    ),
    "check --format": _t("输出格式。", "Output format."),
    "check --strict": _t(
        "有警告也视为不通过（退出状态 1）。", "Warnings fail the run too (exit 1)."
    ),
    "check --no-cache": _t(
        "不读取也不写入 .gongkai-cache/ 缓存。", "Ignore and do not write .gongkai-cache/."
    ),
    "check --config": _t(
        "配置文件（默认：最近的 gongkai.yml）。",
        "Configuration file (default: the nearest gongkai.yml).",
    ),
    "check --jobs": _t("并行的进程数，0 为自动。", "Worker processes (0: auto)."),
    "check --fix": _t(
        "先修正不会改变意思的问题（转换残留、排版），再检查。",
        "Repair what cannot change the meaning (conversion residue, typography), then check.",
    ),
    "check --diff": _t(
        "以统一差异格式显示 --fix 会做的修改，不写入文件（有修改时退出状态 1）。",
        "Print the repairs --fix would make as a unified diff; write nothing (exit 1 if any).",
    ),
    "rules --lang": _t(
        "规则用途和本帮助的语言（默认：zh）。",
        "Language of the purposes and of this help (default: zh).",
    ),
    "rules --format": _t("输出格式（默认：text）。", "Output format (default: text)."),
    "--output": _t(
        "写到哪里（默认：reports/<年度>/<类型>/<发布机关>.md）。",
        "Where to write (default: reports/<year>/<type>/<issuer>.md).",
    ),
    "--force": _t("输出文件已存在时替换它。", "Replace the output file if it exists."),
    "import --type": _t(
        "报告类型，如 xxgk（默认：从标题判断）。",
        "Report type, e.g. xxgk (default: from the title).",
    ),
    "import --year": _t("报告年度（默认：从原文推断）。", "Report year (default: inferred)."),
    "import --issuer": _t(
        "发布机关全称（默认：从原文推断）。", "Issuing body's full name (default: inferred)."
    ),
    "import --lang": _t(
        "导入结果（汇总表、提示、拒绝的原因）和本帮助的语言"
        "（默认：gongkai.yml 中的 lang，未设置时为 zh）。",
        "Language of what the import says (summary table, notes, why a file was refused) and "
        "of this help (default: lang in gongkai.yml, else zh).",
    ),
    "import --output": _t(
        "写到哪里：一个文件时为文件或文件夹，多个时为文件夹"
        "（默认：reports/<年度>/<类型>/<发布机关>.md）。",
        "Where to write: a file or folder for one source, a folder for many "
        "(default: reports/<year>/<type>/<issuer>.md).",
    ),
    "import --force": _t(
        "草稿已存在时替换它（同一批中不会替换本批刚写入的草稿）。",
        "Replace a draft that exists (never one written earlier in the same batch).",
    ),
    "new --type": _t("报告类型：fazhi 或 xxgk。", "Report type: fazhi or xxgk."),
    "new --year": _t("报告所属年度，如 2024。", "The year reported on, e.g. 2024."),
    "new --issuer": _t("发布机关全称。", "Issuing body's full name."),
    "new --level": _t(
        "发布机关层级：province、city、county、township 或 department"
        "（默认：取自 registry.yml，否则从名称判断）。",
        "Issuer level: province, city, county, township or department "
        "(default: from registry.yml, else from the name).",
    ),
    "new --published": _t(
        "公开日期，格式 YYYY-MM-DD（默认：不填，即草稿）。",
        "Publication date, YYYY-MM-DD (default: none, a draft).",
    ),
    "new --lang": _t(
        "提示和本帮助的语言（默认：gongkai.yml 中的 lang，未设置时为 zh）；草稿本身总是中文。",
        "Language of the notes and of this help (default: lang in gongkai.yml, else zh); the "
        "draft itself is always Chinese.",
    ),
}

# Placeholders for values, by "command --option", "--option", argument name or click's
# type name; a choice shows its values instead ([zh|en]).
METAVARS: dict[str, Text] = {
    "TEXT": _t("文本", "TEXT"),
    "PATH": _t("路径", "PATH"),
    "FILE": _t("文件", "FILE"),
    "INTEGER RANGE": _t("整数", "INTEGER"),
    "PATHS": _t("路径", "PATH"),
    "SOURCE": _t("原文件或文件夹", "SOURCE"),
    "--type": _t("类型", "TYPE"),
    "--year": _t("年度", "YEAR"),
    "--issuer": _t("发布机关", "ISSUER"),
    "--level": _t("层级", "LEVEL"),
    "--published": _t("日期", "DATE"),
}

# Click's own words, by their English text as click writes them.
CLICK_WORDS: dict[str, Text] = {
    "Usage: ": _t("用法：", "Usage: "),
    "%(prog)s, version %(version)s": _t(
        "%(prog)s，版本 %(version)s", "%(prog)s, version %(version)s"
    ),
    "Options:": _t("选项：", "Options:"),
    "Commands:": _t("命令：", "Commands:"),
    "Positional arguments:": _t("参数：", "Positional arguments:"),
    "[OPTIONS]": _t("[选项]", "[OPTIONS]"),
    "COMMAND [ARGS]...": _t("命令 [参数]...", "COMMAND [ARGS]..."),
    "default: {default}": _t("默认：{default}", "default: {default}"),
    "required": _t("必填", "required"),
    "[{extra}]": _t("（{extra}）", "[{extra}]"),
    "; ": _t("；", "; "),
}

# Click's usage errors, by their English text as click writes it (the English is click's
# own, word for word: a message is translated only when its English, rebuilt from the
# exception's parts, is exactly click's; anything else is shown as click wrote it).
CLICK_ERRORS: dict[str, Text] = {
    "Error: {message}": _t("错误：{message}", "Error: {message}"),
    "Try '{command} {option}' for help.": _t(
        "运行“{command} {option}”查看帮助。", "Try '{command} {option}' for help."
    ),
    "No such option {name!r}.": _t("没有“{name}”这个选项。", "No such option {name!r}."),
    "No such command {name!r}.": _t("没有“{name}”这个命令。", "No such command {name!r}."),
    "{message} {suggestion}": _t("{message}{suggestion}", "{message} {suggestion}"),
    "Did you mean {possibility}?": _t("是不是要用{possibility}？", "Did you mean {possibility}?"),
    "(Did you mean one of: {possibilities}?)": _t(
        "是不是要用以下之一：{possibilities}？", "(Did you mean one of: {possibilities}?)"
    ),
    "Missing command.": _t("缺少命令。", "Missing command."),
    "Missing argument {name}.": _t("缺少参数{name}。", "Missing argument {name}."),
    "Missing option {name}.": _t("缺少选项{name}。", "Missing option {name}."),
    "Got unexpected extra argument ({args})": _t(
        "多余的参数：{args}", "Got unexpected extra argument ({args})"
    ),
    "Got unexpected extra arguments ({args})": _t(
        "多余的参数：{args}", "Got unexpected extra arguments ({args})"
    ),
    "Option {name!r} requires an argument.": _t(
        "选项“{name}”后面缺少值。", "Option {name!r} requires an argument."
    ),
    "Option {name!r} does not take a value.": _t(
        "选项“{name}”不接受值。", "Option {name!r} does not take a value."
    ),
    "Invalid value for {name}: {message}": _t(
        "{name}的值无效：{message}", "Invalid value for {name}: {message}"
    ),
    "{value!r} is not one of {choices}.": _t(
        "“{value}”不是 {choices} 之一。", "{value!r} is not one of {choices}."
    ),
    "{value!r} is not {choices}.": _t("“{value}”不是 {choices}。", "{value!r} is not {choices}."),
    "{value!r} is not a valid integer.": _t(
        "“{value}”不是整数。", "{value!r} is not a valid integer."
    ),
    "{value!r} is not a valid integer range.": _t(
        "“{value}”不是整数。", "{value!r} is not a valid integer range."
    ),
    "{value} is not in the range {range}.": _t(
        "{value} 不在 {range} 范围内。", "{value} is not in the range {range}."
    ),
    "File {value!r} is a directory.": _t(
        "“{value}”是目录，不是文件。", "File {value!r} is a directory."
    ),
    "File {value!r} does not exist.": _t("文件“{value}”不存在。", "File {value!r} does not exist."),
    "Path {value!r} does not exist.": _t("路径“{value}”不存在。", "Path {value!r} does not exist."),
}


# ------------------------------------------------------------------ the language


def environment_language(environ: Mapping[str, str] | None = None) -> Lang:
    """English if the locale is English (LC_ALL > LC_MESSAGES > LANG, the first one set and
    not empty, as POSIX says), else Chinese."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "en" if _ENGLISH_LOCALE.match(value) else "zh"
    return "zh"


def help_language(ctx: click.Context) -> Lang:
    chosen = ctx.meta.get(_META_KEY)
    return chosen if chosen in LANGS else environment_language()


def _scan_lang(args: Sequence[str], commands: Mapping[str, object]) -> Lang | None:
    """The last valid `--lang X` / `--lang=X` before `--` or a subcommand's name."""
    found: Lang | None = None
    i = 0
    while i < len(args):
        arg, value = args[i], None
        if arg == "--" or arg in commands:
            break
        if arg == "--lang" and i + 1 < len(args):
            value, i = args[i + 1], i + 1
        elif arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
        if value == "zh":
            found = "zh"
        elif value == "en":
            found = "en"
        i += 1
    return found


def _error(key: str, lang: Lang, **values: str) -> str:
    return CLICK_ERRORS[key][lang].format(**values)


def word(key: str, lang: Lang) -> str:
    """Click's word `key` in `lang` (the English key itself if we have no translation)."""
    text = CLICK_WORDS.get(key)
    return text[lang] if text else key


# ------------------------------------------------------------------ display width


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_WIDE = r"\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# No line starts with a closing mark nor ends with an opening one (the rule of 避头尾).
_CLOSING = set("，。、；：？！）》」』】”’…")
_OPENING = set("（《「『【“‘")


@cache
def _atom() -> re.Pattern[str]:
    # Compiled when help is shown, not at every start: its classes take 1.5 ms.
    return re.compile(rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+")


def _atoms(text: str) -> list[str]:
    """Text cut where a line may break: between spaces and words, and between wide
    characters, with punctuation kept with the character it belongs to."""
    atoms: list[str] = []
    glue_next = False
    for match in _atom().finditer(text):
        atom = match.group()
        joins = glue_next or atom[0] in _CLOSING
        if joins and atoms and not atom.isspace() and not atoms[-1].isspace():
            atoms[-1] += atom
            glue_next = atom[-1] in _OPENING
            continue
        atoms.append(atom)
        glue_next = atom[-1] in _OPENING
    return atoms


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """One paragraph in lines of at most `width` columns (a longer word keeps its line)."""
    lines: list[str] = []
    line, used, space = first, display_width(first), False
    empty = True
    for atom in _atoms(text):
        if atom.isspace():
            space = not empty
            continue
        gap = " " if space else ""
        size = display_width(gap + atom)
        if not empty and used + size > width:
            lines.append(line)
            line, used, gap, size = rest, display_width(rest), "", display_width(atom)
        line += gap + atom
        used += size
        empty, space = False, False
    lines.append(line)
    return lines


def wrap_paragraphs(text: str, width: int, indent: str = "") -> list[str]:
    """Paragraphs separated by an empty line, each wrapped; blank lines between them."""
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        if out:
            out.append("")
        out.extend(wrap(" ".join(paragraph.split("\n")), width, indent, indent))
    return out


# ------------------------------------------------------------------ click's classes


class HelpFormatter(click.HelpFormatter):
    """Click's formatter in one language, wrapping and aligning by display width."""

    def __init__(self, lang: Lang, width: int | None = None, max_width: int | None = None):
        super().__init__(width=width, max_width=max_width)
        self.lang = lang

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = f"{' ' * self.current_indent}{prefix or word('Usage: ', self.lang)}{prog}"
        if not args:
            self.write(head + "\n")
            return
        indent = " " * (display_width(head) + 1)
        lines = wrap(args, self.width, head + " ", indent)
        self.write("\n".join(lines) + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{' ' * self.current_indent}{word(heading + ':', self.lang)}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write("\n".join(wrap_paragraphs(text, self.width, indent)) + "\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max((display_width(term) for term, _ in rows), default=0), col_max)
        first_col += col_spacing
        margin = " " * (first_col + self.current_indent)
        for term, definition in rows:
            line = f"{' ' * self.current_indent}{term}"
            if not definition:
                self.write(line + "\n")
                continue
            if display_width(term) <= first_col - col_spacing:
                line += " " * (first_col - display_width(term))
            else:
                self.write(line + "\n")
                line = margin
            width = max(self.width - first_col - self.current_indent, 10)
            lines = wrap_paragraphs(definition, width)
            self.write(line + lines[0] + "\n")
            self.write("".join(f"{margin}{rest}\n" if rest else "\n" for rest in lines[1:]))


# ------------------------------------------------------------------ usage errors and --version

# A quoted value as click writes it, {value!r}: '…' or "…".
_REPR = r"""(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""


def _quoted(names: Iterable[str], lang: Lang, sep: str = "、") -> str:
    """Names as click lists them (`'--a', '--b'`) or in Chinese quotes (`“--a”、“--b”`)."""
    if lang == "en":
        return ", ".join(repr(name) for name in names)
    return sep.join(f"“{name}”" for name in names)


def _param_name(error: click.BadParameter, lang: Lang) -> str | None:
    """The parameter as click names it in a message ('--format', 'SOURCE'), or in Chinese."""
    param, ctx = error.param, error.ctx
    if error.param_hint is not None or param is None or ctx is None:
        return None
    if lang == "en":
        return param.get_error_hint(ctx)
    if isinstance(param, click.Argument) and isinstance(ctx.command, Command):
        return f"“{ctx.command.metavar(ctx, param, lang).strip('[].')}”"
    if isinstance(param, click.Option) and param.get_error_hint(ctx) == " / ".join(
        f"'{opt}'" for opt in param.opts
    ):
        return " / ".join(f"“{opt}”" for opt in param.opts)
    return None


def _with_suggestions(message: str, possibilities: Sequence[str] | None, lang: Lang) -> str:
    if not possibilities:
        return message
    names = sorted(possibilities)
    if len(names) == 1:
        suggestion = _error("Did you mean {possibility}?", lang, possibility=_quoted(names, lang))
    else:
        key = "(Did you mean one of: {possibilities}?)"
        suggestion = _error(key, lang, possibilities=_quoted(names, lang))
    return _error("{message} {suggestion}", lang, message=message, suggestion=suggestion)


def _value_message(error: click.BadParameter, lang: Lang) -> str | None:
    """The part of a bad value's message after "Invalid value for '--x': "."""
    param, text = error.param, error.message
    kind = param.type if param else None
    values: dict[str, str] = {}
    if isinstance(kind, click.Choice):
        choices = [str(choice) for choice in kind.choices]
        key = (
            "{value!r} is not one of {choices}."
            if len(choices) > 1
            else "{value!r} is not {choices}."
        )
        match = re.fullmatch(rf"{_REPR} is not .*\.", text, re.DOTALL)
        values["choices"] = ", ".join(map(repr, choices)) if lang == "en" else "、".join(choices)
    elif isinstance(kind, click.types.IntParamType):
        key = f"{{value!r}} is not a valid {kind.name}."
        match = re.fullmatch(rf"{_REPR} is not a valid {kind.name}\.", text, re.DOTALL)
        if match is None:
            key = "{value} is not in the range {range}."
            match = re.fullmatch(r"(?P<value>\S+) is not in the range (?P<range>\S+)\.", text)
    elif isinstance(kind, click.Path):
        match = re.fullmatch(rf"(?P<name>File|Path) {_REPR} (?P<what>.*)", text, re.DOTALL)
        key = f"{match['name']} {{value!r}} {match['what']}" if match else ""
    else:
        return None
    if match is None or key not in CLICK_ERRORS:
        return None
    values.update((name, match[name]) for name in ("value", "range") if f"{{{name}" in key)
    if "{value!r}" in key:
        values["value"] = ast.literal_eval(values["value"])  # as typed, the quotes gone
    return _error(key, lang, **values)


def _message(error: click.UsageError, lang: Lang) -> str | None:
    """Click's message for `error` in `lang`, rebuilt from the exception's parts; None for a
    kind of error, or a wording, this module does not know."""
    text = error.message
    if isinstance(error, click.NoSuchOption | click.NoSuchCommand):
        name = error.option_name if isinstance(error, click.NoSuchOption) else error.command_name
        kind = "option" if isinstance(error, click.NoSuchOption) else "command"
        key = f"No such {kind} {{name!r}}."
        if text != key.format(name=name):
            return None
        return _with_suggestions(_error(key, lang, name=name), error.possibilities, lang)
    if isinstance(error, click.MissingParameter):
        param_type = error.param_type or (error.param.param_type_name if error.param else "")
        hint = _param_name(error, lang)
        if text or hint is None or param_type not in ("argument", "option") or error.param is None:
            return None
        if error.param.type.get_missing_message(param=error.param, ctx=error.ctx):
            return None
        return _error(f"Missing {param_type} {{name}}.", lang, name=hint)
    if isinstance(error, click.BadParameter):
        hint, value = _param_name(error, lang), _value_message(error, lang)
        if hint is None or value is None:
            return None
        return _error("Invalid value for {name}: {message}", lang, name=hint, message=value)
    if isinstance(error, click.BadOptionUsage):
        for key in (
            "Option {name!r} requires an argument.",
            "Option {name!r} does not take a value.",
        ):
            if text == key.format(name=error.option_name):
                return _error(key, lang, name=error.option_name)
        return None
    if type(error) is click.UsageError:
        if text == "Missing command.":
            return _error(text, lang)
        match = re.fullmatch(r"Got unexpected extra (argument|arguments) \((?P<args>.*)\)", text)
        if match:
            key = f"Got unexpected extra {match[1]} ({{args}})"
            return _error(key, lang, args=match["args"])
    return None


def usage_error_message(error: click.UsageError, lang: Lang) -> str:
    """The message of a usage error in `lang`: click's own English text if its kind or its
    wording is not one this module translates (or the English rebuilt from the exception's
    parts is not click's, word for word)."""
    english = error.format_message()
    try:
        if _message(error, "en") != english:
            return english
        return _message(error, lang) or english
    except (LookupError, ValueError, TypeError, AttributeError, SyntaxError):
        return english  # a message click words in a way we did not foresee


class LocalizedUsageError(click.UsageError):
    """Click's usage error `error`, shown in the help language: the usage line, the hint to
    --help, then the message, as click shows them (exit status 2)."""

    def __init__(self, error: click.UsageError, lang: Lang) -> None:
        super().__init__(error.message, error.ctx)
        self.error = error
        self.lang = lang

    def format_message(self) -> str:
        return usage_error_message(self.error, self.lang)

    def show(self, file: Any = None) -> None:
        ctx, lang = self.ctx, self.lang
        color = ctx.color if ctx else None
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                names = ctx.command.get_help_option_names(ctx)
                key = "Try '{command} {option}' for help."
                hint = _error(key, lang, command=ctx.command_path, option=max(names, key=len))
                hint += "\n"
            click.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=True, color=color)
        message = _error("Error: {message}", lang, message=self.format_message())
        click.echo(message, file=file, err=True, color=color)


@contextmanager
def _localized_usage_errors(ctx: click.Context) -> Iterator[None]:
    """Click's usage errors raised while parsing or running the command of `ctx`, in the help
    language (the one of the error's own context if it has one: a subcommand's --lang)."""
    try:
        yield
    except (LocalizedUsageError, click.exceptions.NoArgsIsHelpError):
        raise  # already localized; the help itself, in the help language
    except click.UsageError as error:
        raise LocalizedUsageError(error, help_language(error.ctx or ctx)) from error


def version_option(version: str, prog_name: str) -> Callable[[F], F]:
    """Click's `--version`, its line in the help language ("gongkai, version 0.1.0")."""

    def show(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if not value or ctx.resilient_parsing:
            return
        line = word("%(prog)s, version %(version)s", help_language(ctx))
        click.echo(line % {"prog": prog_name, "version": version}, color=ctx.color)
        ctx.exit()

    return click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show)


class Context(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        return HelpFormatter(help_language(self), self.terminal_width, self.max_content_width)


def _key(command: click.Command) -> str:
    return command.name or "gongkai"


def _long_name(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        return param.name.upper() if param.name else ""
    return next((opt for opt in param.opts if opt.startswith("--")), param.opts[0])


def lookup(table: Mapping[str, Text], keys: Sequence[str], lang: Lang) -> str | None:
    return next((table[key][lang] for key in keys if key in table), None)


class Command(click.Command):
    """A command whose help comes from the tables above, in the help language."""

    context_class = Context

    def invoke(self, ctx: click.Context) -> Any:
        with _localized_usage_errors(ctx):
            return super().invoke(ctx)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if any(param.name == "lang" for param in self.params):
            chosen = _scan_lang(args, getattr(self, "commands", {}))
            if chosen:
                ctx.meta[_META_KEY] = chosen
        with _localized_usage_errors(ctx):
            return super().parse_args(ctx, args)

    def help_text(self, lang: Lang) -> str:
        return COMMANDS[_key(self)][1][lang]

    def get_short_help_str(self, limit: int = 45) -> str:
        ctx = click.get_current_context(silent=True)
        lang = help_language(ctx) if ctx else environment_language()
        return COMMANDS[_key(self)][0][lang]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(self.help_text(help_language(ctx)))

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        lang = help_language(ctx)
        pieces = [word("[OPTIONS]", lang)]
        pieces += [
            self.metavar(ctx, p, lang)
            for p in self.get_params(ctx)
            if isinstance(p, click.Argument)
        ]
        if isinstance(self, click.Group):
            pieces.append(word("COMMAND [ARGS]...", lang))
        return pieces

    def metavar(self, ctx: click.Context, param: click.Parameter, lang: Lang) -> str:
        """The placeholder for the value of an option or an argument, as click writes it
        (`[PATHS]...`, `SOURCE`, `TEXT`) but in the help language."""
        if isinstance(param.type, click.Choice):
            return param.make_metavar(ctx)
        name = _long_name(param)
        own = lookup(METAVARS, [f"{_key(self)} {name}", name], lang)
        if isinstance(param, click.Argument):
            text = own or name
            text = text if param.required else f"[{text}]"
            return text + ("..." if param.nargs != 1 else "")
        found = own or lookup(METAVARS, [param.make_metavar(ctx)], lang)
        if found is None:
            raise KeyError(f"no metavar for {_key(self)} {name}")
        return found

    def option_record(
        self, ctx: click.Context, option: click.Option, lang: Lang
    ) -> tuple[str, str]:
        spec = join_options(option.opts)[0]
        if option.secondary_opts:
            spec += " / " + join_options(option.secondary_opts)[0]
        if not option.is_flag and not option.count:
            spec += " " + self.metavar(ctx, option, lang)
        name = _long_name(option)
        text = lookup(OPTIONS, [f"{_key(self)} {name}", name], lang)
        if text is None:
            raise KeyError(f"no help for {_key(self)} {name}")
        extra: Any = option.get_help_extra(ctx)
        items = []
        if "default" in extra:
            items.append(word("default: {default}", lang).format(default=extra["default"]))
        if "range" in extra:
            items.append(extra["range"])
        if "required" in extra:
            items.append(word("required", lang))
        if items:
            note = word("[{extra}]", lang).format(extra=word("; ", lang).join(items))
            # Chinese: 输出格式（默认：text）。 English, as click writes it: Output format.
            # [default: text]
            if lang == "zh" and text.endswith("。"):
                text = f"{text[:-1]}{note}。"
            else:
                text = f"{text}  {note}" if text else note
        return spec, text

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_language(ctx)
        rows = [
            self.option_record(ctx, param, lang)
            for param in self.get_params(ctx)
            if isinstance(param, click.Option) and not param.hidden
        ]
        if rows:
            with formatter.section("Options"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class Group(Command, click.Group):
    """The `gongkai` group: its subcommands are `Command`s too."""

    command_class = Command
