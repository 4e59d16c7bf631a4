"""The hostile-input corpus: every case of cases.yml through the real `gongkai check`.

Each case ends in exactly the findings and exit status its row states, with no traceback;
the `subprocess` cases run in a child process under 1 GB of address space and a time
limit, which is what shows that a 50 MB report or a 1 MB line costs bounded time and memory.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from gongkai import engine
from gongkai.cli import cli
from samples import CLEAN

HERE = Path(__file__).parent
CASES = HERE / "cases"
TABLE = yaml.safe_load((HERE / "cases.yml").read_text(encoding="utf-8"))
FILES: list[dict[str, Any]] = TABLE["files"]
BUILT: list[dict[str, Any]] = TABLE["built"]
WRONG_YEAR = CLEAN.replace("title: 关于2024年", "title: 关于2023年")
MEMORY_LIMIT = 1 << 30
FORMATS = ("text", "json", "github", "sarif")


def _found(stdout: str) -> list[str]:
    """The JSON output as `path-below-reports RULE line:col` lines."""
    items = json.loads(stdout) if stdout.strip() else []
    return [
        f"{i['path'].removeprefix('reports/')} {i['rule']} {i['line']}:{i['col']}" for i in items
    ]


def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args])
    # Anything but a normal exit is a crash the CLI would have printed as a traceback.
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _check_in_child(seconds: float, *args: str) -> tuple[int, str, str]:
    process = subprocess.run(
        [sys.executable, "-m", "gongkai", "check", "--no-cache", *args],
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=_limited,
        check=False,
    )
    assert "Traceback" not in process.stderr, process.stderr[-2000:]
    return process.returncode, process.stdout, process.stderr


# --------------------------------------------------------------------------------------
# The committed files


@pytest.mark.parametrize("case", FILES, ids=lambda case: case["file"])
def test_file_case(case: dict[str, Any], project: Path) -> None:
    shutil.copyfile(CASES / case["file"], project / "reports" / case["file"])
    code, stdout, _ = _check("--format", "json", "reports")
    findings = [line.removeprefix(f"{case['file']} ") for line in _found(stdout)]
    assert (code, findings) == (case["exit"], case["findings"])


def test_table_lists_every_file() -> None:
    # .gitattributes keeps git from converting the cases' bytes; it is not a case.
    files = sorted(p.name for p in CASES.iterdir() if p.name != ".gitattributes")
    assert sorted(case["file"] for case in FILES) == files
    assert len(FILES) + len(BUILT) >= 100
    kinds = {case["kind"] for case in [*FILES, *BUILT]}
    assert kinds >= {"yaml-bomb", "yaml-nesting", "duplicate-key", "yaml-tag", "date", "path"}


# --------------------------------------------------------------------------------------
# Cases built at test time


def _report(path: Path, text: str = CLEAN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


Builder = Callable[[Path, pytest.MonkeyPatch], list[str] | None]
BUILDERS: dict[str, Builder] = {}


def builds(name: str) -> Callable[[Builder], Builder]:
    """Register how the case `name` of cases.yml is built; a builder may return the paths
    to check (default: reports)."""

    def register(builder: Builder) -> Builder:
        BUILDERS[name] = builder
        return builder

    return register


@builds("symlink-out-of-tree")
def _link_out(project: Path, _: pytest.MonkeyPatch) -> None:
    _report(project / "outside.md")
    (project / "reports" / "out.md").symlink_to("../outside.md")


@builds("symlink-to-system-file")
def _link_system(project: Path, _: pytest.MonkeyPatch) -> None:
    (project / "reports" / "passwd.md").symlink_to("/etc/passwd")


@builds("symlink-loop")
def _link_loop(project: Path, _: pytest.MonkeyPatch) -> None:
    (project / "reports" / "loop.md").symlink_to("loop.md")


@builds("symlink-loop-pair")
def _link_pair(project: Path, _: pytest.MonkeyPatch) -> None:
    (project / "reports" / "a.md").symlink_to("b.md")
    (project / "reports" / "b.md").symlink_to("a.md")


@builds("symlink-dangling")
def _link_dangling(project: Path, _: pytest.MonkeyPatch) -> None:
    (project / "reports" / "gone.md").symlink_to("nothing.md")


@builds("symlink-inside-tree")
def _link_inside(project: Path, _: pytest.MonkeyPatch) -> None:
    _report(project / "reports" / "report.md")
    (project / "reports" / "alias.md").symlink_to("report.md")


@builds("directory-link-loop")
def _directory_loop(project: Path, _: pytest.MonkeyPatch) -> None:
    (project / "reports" / "sub").mkdir()
    (project / "reports" / "sub" / "up").symlink_to("..")


@builds("directory-link-out-of-tree")
def _directory_out(project: Path, _: pytest.MonkeyPatch) -> None:
    _report(project / "elsewhere" / "secret.md")
    (project / "reports" / "ext").symlink_to(project / "elsewhere")


@builds("fifo")
def _fifo(project: Path, _: pytest.MonkeyPatch) -> None:
    os.mkfifo(project / "reports" / "pipe.md")


@builds("fifo-named-on-command-line")
def _fifo_named(project: Path, _: pytest.MonkeyPatch) -> list[str]:
    os.mkfifo(project / "reports" / "pipe.md")
    return ["reports/pipe.md"]


@builds("fifo-with-fix")
def _fifo_fix(project: Path, _: pytest.MonkeyPatch) -> list[str]:
    os.mkfifo(project / "reports" / "pipe.md")
    return ["--fix", "reports"]


@builds("symlink-out-of-tree-with-diff")
def _link_out_diff(project: Path, _: pytest.MonkeyPatch) -> list[str]:
    # Outside the tree, a half-width comma that --fix would repair: it must not be read.
    _report(project / "outside.md", CLEAN.replace("现将有关情况", "现将,有关情况"))
    (project / "reports" / "out.md").symlink_to("../outside.md")
    return ["--diff", "reports"]


@builds("directory-named-md")
def _directory_md(project: Path, _: pytest.MonkeyPatch) -> None:
    (project / "reports" / "foo.md").mkdir()


@builds("unreadable-file")
def _unreadable_file(project: Path, _: pytest.MonkeyPatch) -> None:
    _report(project / "reports" / "locked.md").chmod(0)


@builds("unreadable-directory")
def _unreadable_directory(project: Path, _: pytest.MonkeyPatch) -> None:
    _report(project / "reports" / "locked" / "a.md")
    (project / "reports" / "locked").chmod(0)


@builds("vanishes-after-listing")
def _vanishing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = _report(project / "reports" / "gone.md")
    find_reports = engine.find_reports

    def find_then_delete(paths: Any) -> Any:
        found = find_reports(paths)
        listed.unlink()
        return found

    monkeypatch.setattr(engine, "find_reports", find_then_delete)


@builds("grows-while-read")
def _growing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _report(project / "reports" / "growing.md")
    fstat = os.fstat

    def stat_then_append(descriptor: int) -> os.stat_result:
        info = fstat(descriptor)
        if stat.S_ISREG(info.st_mode) and info.st_ino == report.stat().st_ino:
            with report.open("a", encoding="utf-8") as stream:
                stream.write("补充的一段。\n")
        return info

    monkeypatch.setattr(engine.os, "fstat", stat_then_append)


@builds("missing-path")
def _missing(project: Path, _: pytest.MonkeyPatch) -> list[str]:
    return ["reports/nothing-here.md"]


@builds("report-50mb")
def _big_report(project: Path, _: pytest.MonkeyPatch) -> None:
    with (project / "reports" / "big.md").open("w", encoding="utf-8") as stream:
        stream.write(CLEAN)
        paragraph = "镇政府修改了常务会议议事规则，重大事项先征求村民代表意见。\n\n"
        stream.write(paragraph * (50_000_000 // len(paragraph.encode())))


@builds("line-1mb")
def _huge_line(project: Path, _: pytest.MonkeyPatch) -> None:
    _report(project / "reports" / "line.md", CLEAN + "一" * 1_000_000 + "\n")


# With the line limit raised, 1 MB lines of what once made a pattern backtrack or rescan:
# each check must stay linear. `<!--` once made GK409 and the image scan rescan to the end
# of the file for every unclosed opener.
LONG_LINES = {
    "blanks": " ",
    "backticks": "`",
    "tildes": "~",
    "link-openers": "](",
    "tag-openers": "<a ",
    "domains": "www.1",
    "comment-openers": "<!--",
}


def _long_line(unit: str) -> Builder:
    def build(project: Path, _: pytest.MonkeyPatch) -> None:
        (project / "gongkai.yml").write_text("limits:\n  max_line_chars: 2000000\n")
        line = unit * (1_000_000 // len(unit))
        _report(project / "reports" / "line.md", CLEAN + "\n" + line + "\n")

    return build


for _kind, _unit in LONG_LINES.items():
    builds(f"line-1mb-{_kind}-limit-raised")(_long_line(_unit))


@builds("headings-10000")
def _headings(project: Path, _: pytest.MonkeyPatch) -> None:
    sections = "".join(f"### 第{n}项工作\n\n第{n}项工作已经完成。\n\n" for n in range(10_000))
    _report(project / "reports" / "headings.md", CLEAN + "\n" + sections)


@pytest.mark.parametrize(
    "case",
    # The cases of many megabytes take a second or so each: slow.
    [
        pytest.param(case, marks=pytest.mark.slow) if case["kind"] == "huge" else case
        for case in BUILT
    ],
    ids=lambda case: case["name"].encode("unicode_escape").decode(),
)
def test_built_case(
    case: dict[str, Any],
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    if case.get("root") is False and os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    if case.get("xfail"):
        request.applymarker(pytest.mark.xfail(reason=case["xfail"], strict=False))
    if case["kind"] == "filename":
        targets = None
        _report(project / "reports" / case["name"], WRONG_YEAR)
    else:
        targets = BUILDERS[case["name"]](project, monkeypatch)
    args = ["--format", "json", *(targets or ["reports"])]
    if case.get("subprocess"):
        code, stdout, stderr = _check_in_child(case["seconds"], *args)
    else:
        code, stdout, stderr = _check(*args)
    try:
        assert (code, _found(stdout)) == (case["exit"], case["findings"])
        assert case.get("message", "") in stderr
    finally:
        for path in project.rglob("*"):  # let pytest remove what was made unreadable
            if not path.is_symlink():
                path.chmod(0o755)


@pytest.mark.parametrize(
    "name",
    [case["name"] for case in BUILT if case["kind"] == "filename"],
    ids=lambda name: name.encode("unicode_escape").decode(),
)
def test_file_names_in_every_format(name: str, project: Path) -> None:
    _report(project / "reports" / name, WRONG_YEAR)
    path = f"reports/{name}"
    outputs = {fmt: _check("--format", fmt, "reports")[1] for fmt in FORMATS}
    # One line per finding, the name's line breaks escaped as in messages.
    escaped = path.replace("\n", "\\n").replace("\r", "\\x0d").replace("\t", "\\x09")
    assert outputs["text"].count("\n") == 1
    assert outputs["text"].startswith(f"{escaped}:2:10: GK201 ")
    assert json.loads(outputs["json"])[0]["path"] == path
    # GitHub workflow commands: %, CR and LF encoded everywhere, and : and , in properties.
    github = outputs["github"]
    assert github.count("\n") == 1
    file_property = github.split(" file=", 1)[1].split(",line=", 1)[0]
    assert urllib.parse.unquote(file_property) == path
    assert not set(file_property) & set(":,\r\n")
    sarif = json.loads(outputs["sarif"])["runs"][0]["results"][0]
    uri = sarif["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert urllib.parse.unquote(uri) == path
    assert uri.isascii() and not set(uri) & set(" #?\n\r\t")


@pytest.mark.parametrize(
    ("config", "exit_code", "output"),
    [
        (
            "limits:\n  max_file_bytes: 100\n",
            1,
            "reports/r.md:1:1: GK007 [error] 文件超过 100 字节",
        ),
        (
            "limits:\n  max_line_chars: 20\n",
            1,
            "reports/r.md:2:1: GK007 [error] 这一行超过 20 个字符",
        ),
        ("limits:\n  front_matter_nodes: 5\n", 1, "reports/r.md:2:1: GK002 [error]"),
        ("limits:\n  max_file_bytes: 0\n", 2, "limits.max_file_bytes"),
        ("limits:\n  max_bytes: 1\n", 2, "limits.max_bytes"),
    ],
)
def test_limits_are_configurable(config: str, exit_code: int, output: str, project: Path) -> None:
    (project / "gongkai.yml").write_text(config, encoding="utf-8")
    _report(project / "reports" / "r.md")
    code, stdout, stderr = _check("reports")
    assert code == exit_code
    assert output in (stdout if exit_code == 1 else stderr)
