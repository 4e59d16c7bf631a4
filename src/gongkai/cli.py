"""The `gongkai` command line. Thin: parsing options and printing; the work is elsewhere."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gongkai import __version__
from gongkai.cli_help import Group, help_language, version_option
from gongkai.errors import GongkaiError

if TYPE_CHECKING:
    from gongkai.config import Config
    from gongkai.importers.batch import Options, Row

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


class ToolFailure(click.ClickException):
    """The tool could not run (bad config, missing path): exit 2, never a traceback."""

    exit_code = EXIT_FAILURE

    def format_message(self) -> str:
        return self.message


class Finished(SystemExit):
    """The end of a command whose process holds nothing to clean up (no threads, servers
    or temporary files): `main` ends the process at once rather than unwinding the
    interpreter, which spent 0.1 s of CPU freeing what a check of 10,000 reports keeps (its
    results, the cache, the cross-report rules' data) after the output was complete."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@contextmanager
def _loading() -> Iterator[None]:
    """Loading a check: its modules, the configuration and the cache's tens of thousands of
    entries. They make next to no garbage, and live until the process ends: the cycle
    collector is paused while they load, and they are frozen then, so that it never walks
    them (it ran some 260 times, 90 ms of a 0.4 s re-check of 10,000 reports). A check's
    workers inherit them frozen too."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
        # A caller that goes on after the command (the tests) can collect it again.
        click.get_current_context().call_on_close(gc.unfreeze)


# Every help text (commands, options, click's own words) is in gongkai.cli_help, in Chinese
# and English: the commands below have no help strings of their own.
LANG = click.Choice(["zh", "en"])


@click.group(name="gongkai", cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@version_option(__version__, prog_name="gongkai")
@click.option("--lang", type=LANG)
def cli(lang: str | None) -> None:
    pass


def group_lang() -> str | None:
    """`gongkai --lang X`: the default of the subcommand's own --lang."""
    parent = click.get_current_context().parent
    return parent.params.get("lang") if parent else None


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--lang", type=LANG)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github", "sarif"]),
    default="text",
    show_default=True,
)
@click.option("--strict", is_flag=True)
@click.option("--no-cache", is_flag=True)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
)
@click.option("--jobs", type=click.IntRange(min=0), default=0)
@click.option(
    "--fix",
    is_flag=True,
)
@click.option(
    "--diff",
    is_flag=True,
)
def check(
    paths: tuple[str, ...],
    lang: str | None,
    output_format: str,
    strict: bool,
    no_cache: bool,
    config_path: str | None,
    jobs: int,
    fix: bool,
    diff: bool,
) -> None:
    # Help: cli_help.COMMANDS["check"].
    with _loading():
        from gongkai.cache import Cache
        from gongkai.config import find_config
        from gongkai.engine import check_paths, load_checked_config
        from gongkai.output import FORMATTERS, summary

        try:
            found = Path(config_path) if config_path else find_config(Path.cwd())
            config = load_checked_config(found)
            root = found.parent if found else Path.cwd()
            cache = None if no_cache else Cache(root, config)
        except GongkaiError as exc:
            raise ToolFailure(str(exc)) from exc
    language = lang or group_lang() or config.lang
    try:
        targets = list(paths) or ["reports"]
        if diff or fix:
            from gongkai.fix import fix_paths, write
            from gongkai.fix import summary as fix_summary

            fixed = fix_paths(targets, config)
            if diff:
                click.echo("".join(item.diff() for item in fixed), nl=False)
                click.echo(fix_summary(fixed, language, written=False), err=True)
                sys.exit(EXIT_FINDINGS if fixed else EXIT_CLEAN)
            written = []
            for item in fixed:
                if write(item):
                    written.append(item)
                else:
                    click.echo(
                        f"{item.path}: 修复期间文件被修改，未写入，以免覆盖新的修改 / "
                        "changed while being fixed; not written, the newer edit is kept",
                        err=True,
                    )
            if written or not fixed:  # "nothing to fix" would be wrong after a skipped file
                click.echo(fix_summary(written, language, written=True), err=True)
        results = check_paths(targets, config, cache, jobs)
    except GongkaiError as exc:
        raise ToolFailure(str(exc)) from exc
    unreadable = [r for r in results if r.error]
    for result in unreadable:
        click.echo(f"{result.path}: 无法读取 / cannot read: {result.error}", err=True)
    click.echo(FORMATTERS[output_format](results, language, config.docs_url), nl=False)
    click.echo(summary(results, language, config.docs_url), err=True)
    if unreadable:
        raise Finished(EXIT_FAILURE)
    severities = {f.severity.value for r in results for f in r.findings}
    failed = "error" in severities or (strict and "warning" in severities)
    raise Finished(EXIT_FINDINGS if failed else EXIT_CLEAN)


@cli.command()
@click.option("--lang", type=LANG)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def rules(lang: str | None, output_format: str) -> None:
    # Help: cli_help.COMMANDS["rules"].
    from gongkai.rules import ALL_RULES

    lang = lang or group_lang() or "zh"
    if output_format == "json":
        rows = [
            {"id": r.id, "name": r.name, "severity": r.severity.value, "summary": r.summary[lang]}
            for r in ALL_RULES
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r.name) for r in ALL_RULES)
    for r in ALL_RULES:
        click.echo(f"{r.id}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary[lang]}")


@cli.command()
def schema() -> None:
    # Help: cli_help.COMMANDS["schema"].
    from gongkai.model.metadata import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@cli.command(name="import")
@click.argument("source", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(),
)
@click.option("--type", "report_type")
@click.option("--year", type=click.IntRange(1990, 2100))
@click.option("--issuer")
@click.option("--force", is_flag=True)
@click.option("--lang", type=LANG)
def import_(
    source: tuple[str, ...],
    output: str | None,
    report_type: str | None,
    year: int | None,
    issuer: str | None,
    force: bool,
    lang: str | None,
) -> None:
    # Help: cli_help.COMMANDS["import"].
    from gongkai.importers.batch import Options

    batch = len(source) > 1 or os.path.isdir(source[0])
    given = Path(output) if output is not None else None
    # A folder holds the report layout in place of reports/; a file is one source's draft.
    if given and batch and not given.is_dir() and (given.exists() or given.suffix == ".md"):
        raise click.UsageError(
            f"导入多个文件时，-o 须是文件夹：{output}"
            if help_language(click.get_current_context()) == "zh"
            else f"with many sources, -o must be a folder: {output}"
        )
    folder = given if given and (batch or given.is_dir()) else None
    options = Options(report_type, year, issuer, force, folder)
    if batch:
        _import_batch(source, options, lang)
    else:
        _import_one(source[0], None if folder else given, options, lang)


def _project_config(lang: str | None) -> tuple[Config, str]:
    """The project's configuration and the language the command speaks in."""
    from gongkai.config import find_config
    from gongkai.engine import load_checked_config

    try:
        config = load_checked_config(find_config(Path.cwd()))
    except GongkaiError as exc:
        raise ToolFailure(str(exc)) from exc
    return config, lang or group_lang() or config.lang


def _import_one(source: str, output: Path | None, options: Options, lang: str | None) -> None:
    """One file: written, or exit 2 saying why (the behaviour before batches existed)."""
    from gongkai.importers.batch import target_for
    from gongkai.importers.failure import ImportFailure
    from gongkai.importers.report import import_file, write_imported
    from gongkai.registry import Registry

    config, language = _project_config(lang)
    try:
        imported = import_file(
            Path(source),
            report_type=options.report_type,
            year=options.year,
            issuer=options.issuer,
            registry=config.registry or Registry(),  # read once, as for a batch
        )
        target = output or target_for(imported.fields, options.output)
        write_imported(target, imported, force=options.force)
    except ImportFailure as exc:
        raise ToolFailure(exc.note.said(language)) from exc
    for note in imported.notes:
        click.echo(f"{source}: {note.said(language)}", err=True)
    click.echo(
        f"已写入 {target}（status: draft，请与原文核对后再发布）"
        if language == "zh"
        else f"written: {target} (status: draft; check it against the source before publishing)",
        err=True,
    )


def _import_batch(sources: tuple[str, ...], options: Options, lang: str | None) -> None:
    """Many files: each imported or refused, then the summary table; exit 1 if any refused."""
    from gongkai.importers.batch import collect, import_all
    from gongkai.progress import progress

    config, language = _project_config(lang)
    found = collect(sources)
    if not found:
        raise ToolFailure(
            f"没有找到可导入的文件（.docx、.txt、.html、.htm、.pdf）：{' '.join(sources)}"
            if language == "zh"
            else f"nothing to import (.docx, .txt, .html, .htm, .pdf): {' '.join(sources)}"
        )
    label = "导入" if language == "zh" else "import"
    rows = list(progress(import_all(found, options, config), len(found), label))
    # After the bar is gone: notes printed during the run would tear it.
    for row in rows:
        for note in row.notes:
            click.echo(f"{row.source}: {note.said(language)}", err=True)
    click.echo(import_summary(rows, language), nl=False)
    sys.exit(EXIT_FINDINGS if any(row.outcome == "refused" for row in rows) else EXIT_CLEAN)


_OUTCOMES = {
    "imported": {"zh": "已导入", "en": "imported"},
    "review": {"zh": "需核对", "en": "needs review"},
    "refused": {"zh": "已拒绝", "en": "refused"},
}
_HEADER = {"zh": ("结果", "原文件", "草稿", "说明"), "en": ("result", "source", "draft", "why")}


def import_summary(rows: Sequence[Row], lang: str) -> str:
    """The table of a batch import, one line per source, then the counts: plain text,
    aligned by display width (a Chinese character takes two columns)."""
    from gongkai.cli_help import display_width

    lines = [_HEADER[lang]] + [
        (_OUTCOMES[row.outcome][lang], row.source, row.target or "-", _why(row, lang))
        for row in rows
    ]
    widths = [max(display_width(line[i]) for line in lines) for i in range(3)]
    text = ""
    for line in lines:
        cells = [
            cell + " " * (width - display_width(cell))
            for cell, width in zip(line, widths, strict=False)
        ]
        text += "  ".join([*cells, line[3]]).rstrip() + "\n"
    counts = {key: sum(row.outcome == key for row in rows) for key in _OUTCOMES}
    if lang == "zh":
        parts = "，".join(f"{_OUTCOMES[key]['zh']} {n}" for key, n in counts.items())
        return text + f"共 {len(rows)} 个文件：{parts}\n"
    parts = ", ".join(f"{n} {_OUTCOMES[key]['en']}" for key, n in counts.items())
    return text + f"{len(rows)} file{'s' if len(rows) != 1 else ''}: {parts}\n"


def _why(row: Row, lang: str) -> str:
    zh = lang == "zh"
    if row.duplicate_of is not None:
        if zh:
            return f"本批中 {row.duplicate_of} 已写入同一草稿，未覆盖"
        return f"{row.duplicate_of} in this batch was written there; not replaced"
    if row.refused is not None:
        return row.refused.said(lang)
    parts = []
    if row.inferred:
        fields = ("、" if zh else ", ").join(row.inferred)
        parts.append(f"自动识别：{fields}" if zh else f"inferred: {fields}")
    if row.kept_out:
        tables = ("、" if zh else ", ").join(row.kept_out)
        parts.append(f"表{tables}未能识别" if zh else f"tables not recognised: {tables}")
    if row.errors:
        parts.append(f"检查：{row.errors} 个错误" if zh else f"check: {row.errors} error(s)")
    if row.notes:
        n = len(row.notes)
        parts.append(f"提示 {n} 条（见上文）" if zh else f"{n} note(s) above")
    return ("；" if zh else "; ").join(parts)


@cli.command()
@click.option("--type", "report_type")
@click.option("--year")
@click.option("--issuer")
@click.option(
    "--level",
)
@click.option("--published")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
)
@click.option("--force", is_flag=True)
@click.option("--lang", type=LANG)
def new(
    report_type: str | None,
    year: str | None,
    issuer: str | None,
    level: str | None,
    published: str | None,
    output: str | None,
    force: bool,
    lang: str | None,
) -> None:
    # Help: cli_help.COMMANDS["new"].
    from gongkai.importers.report import default_path
    from gongkai.scaffold import ScaffoldFailure, parse_date, parse_year, scaffold
    from gongkai.writes import WriteRefused, write_new

    if report_type is None or year is None or issuer is None:
        given = (("--type", report_type), ("--year", year), ("--issuer", issuer))
        missing = [option for option, value in given if value is None]
        example = "gongkai new --type fazhi --year 2024 --issuer 示例县人民政府"
        raise click.UsageError(
            f"请指定 {'、'.join(missing)}，例如：{example}"
            if help_language(click.get_current_context()) == "zh"
            else f"give {', '.join(missing)}, e.g. {example}"
        )
    config, language = _project_config(lang)
    try:
        made = scaffold(
            report_type,
            parse_year(year),
            issuer,
            config=config,
            level=level,
            published=parse_date(published) if published else None,
        )
        target = Path(output) if output else default_path(made.fields)
        write_new(target, made.text, force=force)
    except ScaffoldFailure as exc:
        raise ToolFailure(exc.note.said(language)) from exc
    except WriteRefused as exc:
        message = str(exc) if language == "zh" else f"{target} exists; add --force to replace it"
        raise ToolFailure(message) from exc
    except GongkaiError as exc:
        raise ToolFailure(str(exc)) from exc
    for note in made.notes:
        click.echo(f"注意：{note.zh}" if language == "zh" else f"note: {note.en}", err=True)
    click.echo(
        f"已写入 {target}（status: draft）。请在每个标题下填写内容，"
        f"然后运行 gongkai check {target} 查看还缺什么"
        if language == "zh"
        else f"written: {target} (status: draft). Write under each heading, then run "
        f"gongkai check {target} to see what is still missing",
        err=True,
    )


def main() -> None:
    try:
        try:
            cli.main(prog_name="gongkai")
        except Finished as done:
            # os._exit flushes nothing itself.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(done.status)
    except BrokenPipeError:
        # `gongkai check | head` closed the pipe: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_FAILURE)
    except GongkaiError as exc:
        click.echo(f"gongkai: {exc}", err=True)
        sys.exit(EXIT_FAILURE)
    except Exception as exc:  # the promise is exit 2 with a message, never a traceback
        if os.environ.get("GONGKAI_DEBUG"):
            raise
        click.echo(
            f"gongkai: 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
            "请报告此问题；设置 GONGKAI_DEBUG=1 可看到详细信息。",
            err=True,
        )
        sys.exit(EXIT_FAILURE)
