"""The files other tools read: the pre-commit hook manifest, the GitHub Actions workflow, the
GitLab CI example, and the editor's guide. Each is held to the real CLI, so renaming an
option or a command breaks a test here instead of someone's CI or a reader's terminal."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from gongkai.cli import cli
from gongkai.config import Config

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide"
SAMPLE = ROOT / "reports" / "2024" / "fazhi" / "shili-xian.md"
SHELL_FENCES = {"bash", "sh", "shell", "console"}
# A step's `uses:` pinned to a major version (v4) or more (v4.2.1, a commit hash).
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$")
FENCE = re.compile(r"^(`{3,})(\w*)[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")


# ---------------------------------------------------------------- reports and projects


def clean_report() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def late_report() -> str:
    """Only a warning: published after the deadline (GK202)."""
    text = clean_report()
    assert "published: 2025-03-27" in text
    return text.replace("published: 2025-03-27", "published: 2025-05-20")


def report_missing_a_section() -> str:
    """An error: the required section 存在的不足和原因 is gone (GK101)."""
    text = clean_report()
    heading = "## 二、存在的不足和原因"
    assert heading in text
    return text.replace(heading, "## 二、其他工作")


def project(tmp_path: Path, report: str) -> Path:
    """A reports repository with one report, and a .git so that no gongkai.yml above it is
    picked up."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    path = root / "reports" / "2024" / "fazhi" / "report.md"
    path.parent.mkdir(parents=True)
    path.write_text(report, encoding="utf-8")
    return root


# ---------------------------------------------------------------- command lines


def dry_parse(group: click.Group, argv: list[str]) -> None:
    """Parse an argument list as `group` would, without running the command: an unknown
    command or option, or a bad value, raises click's UsageError or BadParameter. A command
    without arguments is taken as its name (prose mentions `gongkai import`): it must exist.
    The group's own options come first (`gongkai --lang en --help`); `--help` parses."""
    ctx = click.Context(group)
    options: list[str] = []
    while argv and argv[0].startswith("-"):
        name = argv[0].split("=", 1)[0]
        option = next((p for p in group.get_params(ctx) if name in p.opts), None)
        assert isinstance(option, click.Option), f"{group.name} has no option {name!r}"
        takes_value = "=" not in argv[0] and not option.is_flag and not option.count
        options, argv = options + argv[: 1 + takes_value], argv[1 + takes_value :]
    try:
        if options:
            with group.make_context(group.name or "", options):
                pass
        assert argv, f"{group.name} without a command"
        name, *rest = argv
        command = group.get_command(ctx, name)
        assert command is not None, f"{group.name} has no command {name!r}"
        if rest:
            with command.make_context(name, rest):
                pass
    except click.exceptions.Exit as done:  # --help, --version: parsed, printed, done
        assert done.exit_code == 0


def mkdocs_cli() -> click.Group:
    mkdocs_main = pytest.importorskip("mkdocs.__main__", reason="needs the site extra")
    group = mkdocs_main.cli
    assert isinstance(group, click.Group)
    return group


def split_command(line: str) -> tuple[list[str], str | None]:
    """Words of one shell command line up to `||`, `&&`, `|` or `;`, and the file its
    output is redirected to with `>`."""
    words = shlex.split(line, comments=True)
    argv: list[str] = []
    for index, word in enumerate(words):
        if word == ">":
            return argv, words[index + 1]
        if word in {"||", "&&", "|", ";"}:
            break
        argv.append(word)
    return argv, None


def commands_of(lines: list[str], program: str) -> list[tuple[list[str], str | None]]:
    """The `program …` command lines among `lines`: arguments after the program (which may
    be given as a path, `.venv/bin/gongkai`), and the redirect target."""
    found = []
    for line in lines:
        line = line.strip().removeprefix("$ ")
        # Only then shlex: other code (a YAML line, a lone quote) need not be shell syntax.
        if not line or Path(line.split(maxsplit=1)[0]).name != program:
            continue
        argv, target = split_command(line)
        found.append((argv[1:], target))
    return found


# ---------------------------------------------------------------- .pre-commit-hooks.yaml


def manifest() -> list[dict[str, Any]]:
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="needs the dev extra")
    hooks = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert isinstance(hooks, list)
    return hooks


def gongkai_hook() -> dict[str, Any]:
    hooks = {hook["id"]: hook for hook in manifest()}
    assert set(hooks) == {"gongkai-check"}
    return hooks["gongkai-check"]


def test_hook_manifest_is_valid_and_checks_the_whole_tree() -> None:
    hook = gongkai_hook()
    assert hook["language"] == "python"
    assert hook["entry"] == "gongkai check"
    # Corpus rules (GK406 duplicate content, GK308 carry-over) need every report.
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is False


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("reports/2024/fazhi/shili-xian.md", True),
        ("registry.yml", True),
        ("gongkai.yml", True),
        ("reports/2024/fazhi/原件.pdf", False),
        ("docs/guide/index.md", False),
        ("README.md", False),
    ],
)
def test_hook_runs_when_a_report_or_its_settings_change(path: str, runs: bool) -> None:
    hook = gongkai_hook()
    assert bool(re.search(hook["files"], path)) is runs
    assert not re.search(hook["exclude"], path)


@pytest.mark.parametrize(
    ("report", "args", "code"),
    [
        (clean_report, [], 0),
        (late_report, [], 0),
        (late_report, ["--strict"], 1),
        (report_missing_a_section, [], 1),
    ],
)
def test_hook_entry_exit_codes(tmp_path: Path, report: Any, args: list[str], code: int) -> None:
    """Runs the entry as pre-commit does (entry + args, no file names), with the installed
    console script; `args: [--strict]` is how a repository makes warnings block."""
    program, *entry_args = shlex.split(gongkai_hook()["entry"])
    executable = Path(sys.executable).with_name(program)
    if not executable.exists():
        pytest.skip(f"{executable} is not installed (pip install -e .)")
    root = project(tmp_path, report())
    result = subprocess.run(
        [str(executable), *entry_args, *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# pre-commit installs the hook's repository with `pip install .`: no extras. The check must
# run on the core dependencies alone, so here every module that only an extra provides is
# made unimportable.
CORE_ONLY = """
import importlib.abc, sys
BLOCKED = frozenset(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (not a core dependency)")
        return None
sys.meta_path.insert(0, Block())
from gongkai.cli import main
sys.argv = ["gongkai", *sys.argv[2:]]
main()
"""


def core_closure() -> set[str]:
    """Normalised names of gongkai's core dependencies and theirs, without extras."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    metadata = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(spec).name for spec in metadata["dependencies"]]
    seen: set[str] = set()
    while wanted:
        name = canonicalize_name(wanted.pop())
        if name in seen:
            continue
        seen.add(name)
        for spec in importlib.metadata.requires(name) or []:
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                wanted.append(requirement.name)
    return seen


def modules_outside_core() -> set[str]:
    from packaging.utils import canonicalize_name

    allowed = core_closure() | {"gongkai"}
    return {
        module
        for module, dists in importlib.metadata.packages_distributions().items()
        if not {canonicalize_name(dist) for dist in dists} & allowed
    }


def test_hook_runs_on_the_core_dependencies_alone(tmp_path: Path) -> None:
    blocked = modules_outside_core()
    assert {"nh3", "mkdocs", "lxml"} <= blocked  # the site extra is really out of reach
    root = project(tmp_path, report_missing_a_section())
    result = subprocess.run(
        [sys.executable, "-c", CORE_ONLY, ",".join(sorted(blocked)), "check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "GK101" in result.stdout


# ---------------------------------------------------------------- CI: shared checks


def assert_gongkai_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: list[str]
) -> dict[str | None, str]:
    """Run every `gongkai …` line of a CI script on a report with an error: each must exit
    1 (a renamed option would exit 2). Returns the output by redirect target."""
    commands = commands_of(script, "gongkai")
    assert commands, "the CI script runs no gongkai command"
    monkeypatch.chdir(project(tmp_path, report_missing_a_section()))
    outputs = {}
    for argv, target in commands:
        result = CliRunner().invoke(cli, argv)
        assert result.exit_code == 1, (argv, result.output)
        outputs[target] = result.stdout
    return outputs


def assert_sarif_with_findings(text: str) -> None:
    document = json.loads(text)
    assert document["version"] == "2.1.0"
    assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["GK101"]


def assert_installs_the_site_extra(script: list[str]) -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    installs = [argv for argv, _ in commands_of(script, "pip")]
    assert installs == [["install", "-c", "requirements.lock", "-e", ".[site]"]]
    assert "site" in extras
    assert (ROOT / "requirements.lock").is_file()


def assert_mkdocs_commands_parse(script: list[str]) -> None:
    commands = commands_of(script, "mkdocs")
    assert [argv for argv, _ in commands] == [["build", "--strict"]]
    for argv, _ in commands:
        dry_parse(mkdocs_cli(), argv)


def site_dir() -> str:
    # mkdocs.yml has Python tags (the slugify function); only site_dir is wanted here.
    match = re.search(
        r"^site_dir:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M
    )
    assert match
    return match.group(1)


def assert_url_lock_is_committed(script: list[str]) -> None:
    """After the build, the job fails if the URL lock changed: a new report's URL must be
    committed with it, or a later rename would break a published address unnoticed."""
    lock = Config().site.url_lock
    guard = [line for line in script if "git status --porcelain" in line]
    assert guard == [f'if [ -n "$(git status --porcelain -- {lock})" ]; then'], script
    assert "exit 1" in [line.strip() for line in script]


# ---------------------------------------------------------------- GitHub Actions


def workflow() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(job: str) -> list[dict[str, Any]]:
    found = workflow()["jobs"][job]["steps"]
    assert isinstance(found, list)
    return found


def run_lines(job: str) -> list[str]:
    return [line for step in steps(job) for line in step.get("run", "").splitlines()]


def step_using(job: str, action: str) -> dict[str, Any]:
    matches = [step for step in steps(job) if step.get("uses", "").split("@")[0] == action]
    assert len(matches) == 1, f"job {job} should use {action} once"
    return matches[0]


def test_workflow_runs_check_then_build_then_deploy() -> None:
    data = workflow()
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    assert set(data[True]) >= {"push", "pull_request"}
    jobs = data["jobs"]
    assert list(jobs) == ["check", "build", "deploy"]
    assert jobs["build"]["needs"] == "check"
    assert jobs["deploy"]["needs"] == "build"


def test_workflow_deploys_to_pages_from_the_default_branch_only() -> None:
    deploy = workflow()["jobs"]["deploy"]
    condition = deploy["if"]
    assert "github.event_name == 'push'" in condition
    assert "github.ref_name == github.event.repository.default_branch" in condition
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    step_using("deploy", "actions/deploy-pages")
    assert "if" not in workflow()["jobs"]["build"], "pull requests must build the site too"


def test_workflow_publishes_what_mkdocs_builds() -> None:
    assert_installs_the_site_extra(run_lines("build"))
    assert_mkdocs_commands_parse(run_lines("build"))
    assert_url_lock_is_committed(run_lines("build"))
    artifact = step_using("build", "actions/upload-pages-artifact")
    assert artifact["with"]["path"] == site_dir()


def test_workflow_uploads_sarif_even_after_a_failed_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = workflow()["jobs"]["check"]
    assert check["permissions"]["security-events"] == "write"
    upload = step_using("check", "github/codeql-action/upload-sarif")
    assert upload["if"] == "always()"
    # Where code scanning is unavailable, the check of the reports alone decides the job.
    assert upload["continue-on-error"] is True
    sarif_steps = [step for step in steps("check") if "--format sarif" in step.get("run", "")]
    assert [step.get("if") for step in sarif_steps] == ["always()"]

    assert_installs_the_site_extra(run_lines("check"))
    outputs = assert_gongkai_commands_run(tmp_path, monkeypatch, run_lines("check"))
    assert outputs[None].startswith("::error file=reports/2024/fazhi/report.md,line=")
    assert_sarif_with_findings(outputs[upload["with"]["sarif_file"]])


def test_workflow_actions_are_pinned() -> None:
    for job in workflow()["jobs"]:
        for step in steps(job):
            if "uses" in step:
                assert PINNED.match(step["uses"]), step["uses"]


# ---------------------------------------------------------------- GitLab CI


def gitlab() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "examples/gitlab-ci.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def script_lines(job: str) -> list[str]:
    return [line for entry in gitlab()[job]["script"] for line in entry.splitlines()]


def test_gitlab_runs_check_then_build_then_pages() -> None:
    data = gitlab()
    assert data["stages"] == ["check", "build", "deploy"]
    assert [data[job]["stage"] for job in ("check", "build", "pages")] == data["stages"]
    assert data["build"]["needs"] == ["check"]
    assert data["pages"]["needs"] == ["build"]


def test_gitlab_publishes_pages_from_the_default_branch_only() -> None:
    pages = gitlab()["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    assert script_lines("pages") == [f"mv {site_dir()} public"]
    assert gitlab()["build"]["artifacts"]["paths"] == [site_dir()]


def test_gitlab_builds_strictly() -> None:
    assert_installs_the_site_extra(gitlab()["default"]["before_script"])
    assert_mkdocs_commands_parse(script_lines("build"))
    assert_url_lock_is_committed(script_lines("build"))


def test_gitlab_keeps_the_findings_as_artifacts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = gitlab()["check"]
    assert check["artifacts"]["when"] == "always"
    outputs = assert_gongkai_commands_run(tmp_path, monkeypatch, script_lines("check"))
    assert set(check["artifacts"]["paths"]) == {name for name in outputs if name}
    assert_sarif_with_findings(outputs["gongkai.sarif"])
    assert [item["rule"] for item in json.loads(outputs["gongkai.json"])] == ["GK101"]
    # The job itself must fail on an error: its last command is the plain check.
    assert script_lines("check")[-1] == "gongkai check"


# ---------------------------------------------------------------- the editor's guide


def guide_pages() -> list[Path]:
    pages = sorted(GUIDE.glob("*.md"))
    assert pages, "docs/guide has no pages"
    return pages


def fenced_blocks(text: str) -> list[tuple[str, list[str]]]:
    """(language, lines) of every fenced code block; a fence of four backticks holds a
    block of three (a table block shown inside a Markdown example), which is not a block."""
    return [(match.group(2), match.group(3).splitlines()) for match in FENCE.finditer(text)]


def guide_command_lines(program: str) -> list[tuple[str, list[str]]]:
    """(page name, argv) of each `program …` line in the guide's shell blocks and inline
    code; a line in a block may wrap with a trailing backslash."""
    found = []
    for page in guide_pages():
        text = page.read_text(encoding="utf-8")
        lines = []
        for language, block in fenced_blocks(text):
            if language in SHELL_FENCES:
                lines += "\n".join(block).replace("\\\n", " ").splitlines()
        prose = FENCE.sub("", text)
        lines += re.findall(r"`([^`\n]+)`", prose)
        found += [(page.name, argv) for argv, _ in commands_of(lines, program)]
    return found


def test_every_gongkai_command_in_the_guide_parses() -> None:
    commands = guide_command_lines("gongkai")
    shown = {argv[0] for _, argv in commands if argv}
    # The guide walks through writing, importing and checking a report.
    assert {"new", "import", "check"} <= shown, shown
    for page, argv in commands:
        try:
            dry_parse(cli, argv)
        except click.ClickException as exc:
            pytest.fail(f"docs/guide/{page}: `gongkai {shlex.join(argv)}`: {exc.format_message()}")


def test_every_mkdocs_command_in_the_guide_parses() -> None:
    commands = guide_command_lines("mkdocs")
    assert commands, "the guide shows how to preview with mkdocs serve"
    for page, argv in commands:
        try:
            dry_parse(mkdocs_cli(), argv)
        except click.ClickException as exc:
            pytest.fail(f"docs/guide/{page}: `mkdocs {shlex.join(argv)}`: {exc.format_message()}")


def test_guide_pre_commit_config_is_valid(tmp_path: Path) -> None:
    """The .pre-commit-config.yaml shown in the guide passes pre-commit's own schema and
    names only hooks that the manifest has."""
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="needs the dev extra")
    ids = {hook["id"] for hook in manifest()}
    snippets = [
        "\n".join(block)
        for page in guide_pages()
        for language, block in fenced_blocks(page.read_text(encoding="utf-8"))
        if language == "yaml" and block[:1] == ["repos:"]
    ]
    assert snippets, "the guide shows the pre-commit configuration"
    for number, snippet in enumerate(snippets):
        path = tmp_path / f"pre-commit-config-{number}.yaml"
        path.write_text(snippet + "\n", encoding="utf-8")
        config = clientlib.load_config(str(path))
        shown = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
        assert shown and shown <= ids, shown


def test_every_guide_image_exists_has_alt_text_and_is_used() -> None:
    referenced = set()
    for page in guide_pages():
        for alt, target in IMAGE.findall(page.read_text(encoding="utf-8")):
            image = (page.parent / target).resolve()
            assert image.is_file(), f"docs/guide/{page.name}: {target} does not exist"
            assert alt.strip(), f"docs/guide/{page.name}: {target} has no alt text"
            referenced.add(image)
    pictures = {path.resolve() for path in (GUIDE / "img").glob("*.png")}
    assert pictures, "the guide has no screenshots"
    unused = sorted(path.name for path in pictures - referenced)
    assert not unused, f"not referenced from docs/guide: {unused}"


# ---------------------------------------------------------------- scripts/screenshots.py


def screenshots_script() -> Any:
    pytest.importorskip("playwright", reason="needs the dev extra")
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts/screenshots.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is made.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("shot", ["check", "preview"])
def test_screenshot_reports_still_show_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shot: str
) -> None:
    """The check and preview shots rely on the sample report turning into one with an error
    (a year left over from another year's report); a changed sample must not quietly give a
    clean terminal or a page without findings."""
    script = screenshots_script()
    sample = (ROOT / "reports" / script.SAMPLE).read_text(encoding="utf-8")
    root = project(tmp_path, sample)
    report = root / "reports" / "2024" / "fazhi" / "report.md"
    if shot == "check":
        script.with_mistake(report)
    else:
        report.write_text(script.as_next_years_draft(sample), encoding="utf-8")
        assert "status: draft" in report.read_text(encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "GK201" in {item["rule"] for item in json.loads(result.stdout)}
