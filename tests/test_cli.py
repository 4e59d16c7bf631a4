"""The `gongkai` command line: exact output lines, exit codes, configuration and cache.

Every test runs inside its own tmp_path, made a repository root with an empty `.git`
directory so that gongkai.yml discovery and .gongkai-cache/ never touch this repository.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from gongkai import engine
from gongkai.cli import cli
from gongkai.rules import ALL_RULES
from samples import CLEAN

LATE = CLEAN.replace("published: 2025-03-20", "published: 2025-04-11")
WRONG_YEAR = CLEAN.replace("title: 关于2024年", "title: 关于2023年")

LATE_MESSAGE_ZH = (
    "公开日期 2025-04-11 晚于公开期限 2025-03-31，逾期 11 天（依据：督察规定：每年4月1日之前"
    "向社会公开）。请核对公开日期是否填错；确实逾期的，请按实际日期保留"
)
LATE_ZH = f"reports/late.md:7:12: GK202 [warning] {LATE_MESSAGE_ZH} (deadline-missed)\n"
LATE_EN = (
    "reports/late.md:7:12: GK202 [warning] Published on 2025-04-11, 11 days after the "
    "deadline 2025-03-31 (the inspection regulation requires publication before 1 April of "
    "the following year); check the date, and keep it if it is the real one "
    "(deadline-missed)\n"
)
WRONG_YEAR_ZH = (
    "reports/wrong.md:2:10: GK201 [error] 标题中的年份 2023 与报告年度 year: 2024 不一致。"
    "请把标题中的年份改为 2024；如果是 year 填错了，请改正 year (wrong-year)\n"
)
# The summary on stderr ends with one line per rule that fired, linking to its page.
LATE_DOCS = "GK202 deadline-missed 说明：docs/rules/GK202.md\n"
WRONG_YEAR_DOCS = "GK201 wrong-year 说明：docs/rules/GK201.md\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# ------------------------------------------------------------------ the cycle collector


def test_what_a_check_loaded_is_frozen_while_it_runs_and_thawed_after(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "reports/clean.md", CLEAN)
    seen: list[tuple[int, bool]] = []
    check_paths = engine.check_paths

    def spy(*args: Any, **kwargs: Any) -> list[engine.FileResult]:
        seen.append((gc.get_freeze_count(), gc.isenabled()))
        return check_paths(*args, **kwargs)

    monkeypatch.setattr(engine, "check_paths", spy)
    assert run("check", "reports/clean.md").exit_code == 0
    # The collector runs during the check, but never walks what the check loaded.
    assert seen and seen[0][0] > 0 and seen[0][1]
    # A caller that goes on after the command can collect all of it again.
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_bad_config_leaves_the_collector_running(project: Path) -> None:
    (project / "gongkai.yml").write_text("lang: [", encoding="utf-8")
    assert run("check", "reports").exit_code == 2
    assert gc.get_freeze_count() == 0 and gc.isenabled()


# ------------------------------------------------------------------ findings and exit codes


def test_clean_report(project: Path) -> None:
    write(project / "reports/clean.md", CLEAN)
    result = run("check", "reports/clean.md")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "检查了 1 个文件，未发现问题。\n"


def test_error_finding_exits_1(project: Path) -> None:
    write(project / "reports/wrong.md", WRONG_YEAR)
    result = run("check", "reports/wrong.md")
    assert result.exit_code == 1
    assert result.stdout == WRONG_YEAR_ZH
    assert result.stderr == "检查了 1 个文件：1 个错误，0 个警告。\n" + WRONG_YEAR_DOCS


def test_warnings_only_exit_0_unless_strict(project: Path) -> None:
    write(project / "reports/late.md", LATE)
    result = run("check", "reports/late.md")
    assert (result.exit_code, result.stdout) == (0, LATE_ZH)
    assert result.stderr == "检查了 1 个文件：0 个错误，1 个警告。\n" + LATE_DOCS
    strict = run("check", "--strict", "reports/late.md")
    assert (strict.exit_code, strict.stdout) == (1, LATE_ZH)


def test_several_files_in_path_order(project: Path) -> None:
    write(project / "reports/wrong.md", WRONG_YEAR)
    write(project / "reports/late.md", LATE)
    write(project / "reports/clean.md", CLEAN)
    result = run("check", "reports")
    assert result.exit_code == 1
    assert result.stdout == LATE_ZH + WRONG_YEAR_ZH
    assert result.stderr == "检查了 3 个文件：1 个错误，1 个警告。\n" + WRONG_YEAR_DOCS + LATE_DOCS


def test_lang_en(project: Path) -> None:
    write(project / "reports/late.md", LATE)
    result = run("check", "--lang", "en", "reports/late.md")
    assert (result.exit_code, result.stdout) == (0, LATE_EN)
    assert result.stderr == (
        "Checked 1 file: 0 errors, 1 warning.\nGK202 deadline-missed docs: docs/rules/GK202.md\n"
    )


def test_lang_from_config(project: Path) -> None:
    write(project / "reports/late.md", LATE)
    write(project / "gongkai.yml", "lang: en\n")
    assert run("check", "reports/late.md").stdout == LATE_EN
    assert run("check", "--lang", "zh", "reports/late.md").stdout == LATE_ZH


# ------------------------------------------------------------------ output formats


def test_format_json(project: Path) -> None:
    write(project / "reports/late.md", LATE)
    write(project / "reports/clean.md", CLEAN)
    result = run("check", "--format", "json", "reports")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "path": "reports/late.md",
            "line": 7,
            "col": 12,
            "rule": "GK202",
            "name": "deadline-missed",
            "severity": "warning",
            "message": LATE_MESSAGE_ZH,
            "doc_url": "docs/rules/GK202.md",
        }
    ]
    assert result.stderr == "检查了 2 个文件：0 个错误，1 个警告。\n" + LATE_DOCS


def test_format_json_without_findings_is_an_empty_list(project: Path) -> None:
    write(project / "reports/clean.md", CLEAN)
    result = run("check", "--format", "json", "reports")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_format_json_doc_url_from_config(project: Path) -> None:
    write(project / "reports/late.md", LATE)
    write(project / "gongkai.yml", "docs_url: https://example.org/gongkai/rules/\n")
    result = run("check", "--format", "json", "reports")
    (item,) = json.loads(result.stdout)
    assert item["doc_url"] == "https://example.org/gongkai/rules/GK202/"
    assert result.stderr.endswith(
        "\nGK202 deadline-missed 说明：https://example.org/gongkai/rules/GK202/\n"
    )


def test_format_github(project: Path) -> None:
    write(project / "reports/late.md", LATE)
    result = run("check", "--format", "github", "reports/late.md")
    assert result.exit_code == 0
    assert result.stdout == (
        "::warning file=reports/late.md,line=7,col=12,title=GK202 deadline-missed::"
        + LATE_MESSAGE_ZH
        + "\n"
    )


def test_format_sarif(project: Path) -> None:
    write(project / "reports/late.md", LATE)
    result = run("check", "--format", "sarif", "--lang", "en", "reports/late.md")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["version"] == "2.1.0"
    (sarif_run,) = document["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "gongkai"
    assert [r["id"] for r in driver["rules"]] == [r.id for r in ALL_RULES]
    (finding,) = sarif_run["results"]
    assert finding["ruleId"] == "GK202"
    assert driver["rules"][finding["ruleIndex"]]["id"] == "GK202"
    assert finding["level"] == "warning"
    assert finding["message"]["text"] == LATE_EN.split("[warning] ")[1].removesuffix(
        " (deadline-missed)\n"
    )
    (location,) = finding["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "reports/late.md"
    assert physical["region"] == {"startLine": 7, "startColumn": 12}


# ------------------------------------------------------------------ tool failures: exit 2


def test_nonexistent_path(project: Path) -> None:
    result = run("check", "missing.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: 路径不存在 / no such file or directory: missing.md\n"


def test_dangling_link_is_a_finding(project: Path) -> None:
    # Unreadable files (exit 2) are in tests/hostile: a link is GK008, never followed.
    write(project / "reports/late.md", LATE)
    (project / "reports/broken.md").symlink_to(project / "nowhere.md")
    result = run("check", "reports")
    assert result.exit_code == 1
    assert result.stdout == (
        "reports/broken.md:1:1: GK008 [error] 这是失效的符号链接（指向的文件不存在）。"
        "请删除它，或换成报告文件本身 (unsafe-path)\n" + LATE_ZH
    )
    assert result.stderr == (
        "检查了 2 个文件：1 个错误，1 个警告。\n"
        "GK008 unsafe-path 说明：docs/rules/GK008.md\n" + LATE_DOCS
    )


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ("rules: [\n", "invalid YAML"),
        ("rules:\n  deadline-missed: fatal\n", "rules.deadline-missed"),
        ("rules:\n  no-such-rule: error\n", "unknown rule(s): no-such-rule"),
        ('deadlines:\n  fazhi:\n    township: "3-1"\n', "'3-1' is not MM-DD"),
        ("lang: fr\n", "lang"),
        ("colour: red\n", "colour"),
    ],
)
def test_bad_config_exits_2(project: Path, config: str, problem: str) -> None:
    write(project / "reports/clean.md", CLEAN)
    write(project / "gongkai.yml", config)
    result = run("check", "reports")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {project / 'gongkai.yml'}: ")
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_explicit_config_exits_2(project: Path) -> None:
    write(project / "reports/clean.md", CLEAN)
    result = run("check", "--config", "nowhere.yml", "reports")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Cannot read nowhere.yml")


# ------------------------------------------------------------------ configuration


@pytest.mark.parametrize("key", ["deadline-missed", "GK202"])
def test_config_makes_deadline_missed_an_error(project: Path, key: str) -> None:
    write(project / "reports/late.md", LATE)
    write(project / "gongkai.yml", f"rules:\n  {key}: error\n")
    result = run("check", "reports/late.md")
    assert result.exit_code == 1
    assert result.stdout == LATE_ZH.replace("[warning]", "[error]")
    assert result.stderr == "检查了 1 个文件：1 个错误，0 个警告。\n" + LATE_DOCS


# `off` unquoted is what an editor writes; YAML 1.1 reads it as the boolean false.
@pytest.mark.parametrize(
    "setting", ["deadline-missed: off", 'deadline-missed: "off"', "GK202: off"]
)
def test_config_turns_a_rule_off(project: Path, setting: str) -> None:
    write(project / "reports/late.md", LATE)
    write(project / "gongkai.yml", f"rules:\n  {setting}\n")
    result = run("check", "--strict", "reports/late.md")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "检查了 1 个文件，未发现问题。\n"


def test_config_deadline_override_per_level(project: Path) -> None:
    write(project / "reports/town.md", CLEAN)
    county = CLEAN.replace("issuer: 示例县示例镇人民政府", "issuer: 示例县人民政府")
    county = county.replace("示例镇人民政府", "示例县人民政府").replace("全镇", "全县")
    write(project / "reports/county.md", county.replace("township", "county"))
    # The two reports share their text: only the deadlines are under test here.
    same_text = "rules:\n  duplicate-content: off\n"
    write(project / "gongkai.yml", same_text)
    # First without the override, so the cache holds the default-deadline answer.
    assert run("check", "reports").stdout == ""
    write(project / "gongkai.yml", same_text + 'deadlines:\n  fazhi:\n    township: "03-01"\n')
    result = run("check", "reports")
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    assert line == (
        "reports/town.md:7:12: GK202 [warning] 公开日期 2025-03-20 晚于本项目配置（gongkai.yml）的"
        "公开期限 2025-03-01，逾期 19 天。请核对公开日期是否填错；确实逾期的，请按实际日期保留 "
        "(deadline-missed)"
    )
    assert line.endswith(" (deadline-missed)")


def test_config_found_in_a_parent_directory(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "gongkai.yml", "rules:\n  deadline-missed: error\n")
    write(project / "reports/late.md", LATE)
    monkeypatch.chdir(project / "reports")
    result = run("check", "late.md")
    assert result.exit_code == 1
    assert result.stdout == LATE_ZH.replace("reports/", "").replace("[warning]", "[error]")


# ------------------------------------------------------------------ paths and cache


def test_default_path_is_reports(project: Path) -> None:
    write(project / "reports/2024/fazhi/late.md", LATE)
    write(project / "reports/2024/fazhi/notes.txt", "not a report")
    write(project / "reports/.drafts/hidden.md", WRONG_YEAR)
    write(project / "elsewhere.md", WRONG_YEAR)
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == LATE_ZH.replace("reports/late.md", "reports/2024/fazhi/late.md")
    assert result.stderr == "检查了 1 个文件：0 个错误，1 个警告。\n" + LATE_DOCS


def test_default_path_missing(project: Path) -> None:
    (project / "reports").rmdir()
    result = run("check")
    assert result.exit_code == 2
    assert result.stderr == "Error: 路径不存在 / no such file or directory: reports\n"


def test_cache_serves_unchanged_files_and_rechecks_changed_ones(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = write(project / "reports/late.md", LATE)
    first = run("check", "reports")
    assert (first.exit_code, first.stdout) == (0, LATE_ZH)
    cache_file = project / ".gongkai-cache/check-v3.json"
    assert cache_file.is_file()

    # An unchanged file must come from the cache: checking it again would fail loudly.
    def no_checking(*args: object) -> None:
        raise AssertionError("an unchanged file was checked again")

    with monkeypatch.context() as patch:
        patch.setattr(engine, "analyse_report", no_checking)
        second = run("check", "reports")
    assert (second.exit_code, second.stdout, second.stderr) == (
        first.exit_code,
        first.stdout,
        first.stderr,
    )

    write(report, WRONG_YEAR.replace("published: 2025-03-20", "published: 2025-04-11"))
    third = run("check", "reports")
    assert third.exit_code == 1
    assert third.stdout == WRONG_YEAR_ZH.replace("wrong.md", "late.md") + LATE_ZH


def test_no_cache_writes_no_cache_dir(project: Path) -> None:
    write(project / "reports/late.md", LATE)
    result = run("check", "--no-cache", "reports")
    assert (result.exit_code, result.stdout) == (0, LATE_ZH)
    assert not (project / ".gongkai-cache").exists()


# ------------------------------------------------------------------ rules and schema


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rules_lists_every_rule(lang: str) -> None:
    result = run("rules", "--lang", lang)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(ALL_RULES)
    for line, rule in zip(lines, ALL_RULES, strict=True):
        assert line.split()[:3] == [rule.id, rule.name, rule.severity.value]
        assert line.endswith(rule.summary[lang])


def test_rules_json() -> None:
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert [(r["id"], r["name"]) for r in rows] == [(r.id, r.name) for r in ALL_RULES]


def test_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert {"title", "type", "year", "issuer", "issuer_level"} <= set(schema["required"])
    assert "published" not in schema["required"]  # required unless a draft, via if/then
    validator = jsonschema.Draft202012Validator(schema)
    base = {
        "title": "t",
        "type": "fazhi",
        "year": 2024,
        "issuer": "示例县",
        "issuer_level": "county",
    }
    correction = {"date": "2025-04-10", "note": "数据有误，已更正"}
    accepted = [
        {**base, "status": "draft"},
        {**base, "published": "2025-03-20"},
        {**base, "published": "2025-03-20", "status": "corrected", "correction": correction},
    ]
    refused = [
        base,
        {**base, "published": "2025-03-20", "status": "corrected"},
        {**base, "published": "2025-03-20", "status": "withdrawn"},
    ]
    assert [validator.is_valid(doc) for doc in accepted] == [True] * 3
    assert [validator.is_valid(doc) for doc in refused] == [False] * 3


# ------------------------------------------------------------------ a real process


def test_real_process(project: Path) -> None:
    write(project / "reports/wrong.md", WRONG_YEAR)
    env = {**os.environ, "PYTHONUTF8": "1"}
    env.pop("GONGKAI_DEBUG", None)
    completed = subprocess.run(
        [sys.executable, "-m", "gongkai", "check", "--no-cache", "reports/wrong.md"],
        cwd=project,
        env=env,
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert completed.returncode == 1
    assert completed.stdout == WRONG_YEAR_ZH
    assert "Traceback" not in completed.stderr
    assert completed.stderr == "检查了 1 个文件：1 个错误，0 个警告。\n" + WRONG_YEAR_DOCS


# ------------------------------------------------------------------ --fix, --diff, suppression

RESIDUE = CLEAN.replace("无。", "[bookmark: _GoBack]无。").replace("重点工作", "重点工作,共 3 项")
FIXED = CLEAN.replace("重点工作", "重点工作，共3项")


def test_diff_shows_the_repairs_and_writes_nothing(project: Path) -> None:
    report = write(project / "reports/r.md", RESIDUE)
    result = run("check", "--diff", "reports")
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/reports/r.md\n+++ b/reports/r.md\n"
        "@@ -7,7 +7,7 @@\n"
        " published: 2025-03-20\n ---\n \n"
        "-2024年，示例镇人民政府把法治政府建设列入全镇重点工作,共 3 项，现将有关情况报告如下。\n"
        "+2024年，示例镇人民政府把法治政府建设列入全镇重点工作，共3项，现将有关情况报告如下。\n"
        " \n ## 一、主要举措和成效\n \n"
        "@@ -27,4 +27,4 @@\n"
        " \n ## 五、其他需要报告的情况\n \n"
        "-[bookmark: _GoBack]无。\n"
        "+无。\n"
    )
    assert result.stderr == (
        "可自动修复 4 处问题，涉及 1 个文件（未写入文件；去掉 --diff 并使用 --fix 写入）。\n"
    )
    assert report.read_text(encoding="utf-8") == RESIDUE
    # --fix --diff is --diff: it never writes (as in ruff).
    both = run("check", "--fix", "--diff", "reports")
    assert (both.exit_code, both.stdout) == (1, result.stdout)
    assert report.read_text(encoding="utf-8") == RESIDUE


def test_fix_writes_the_repairs_then_reports_what_is_left(project: Path) -> None:
    report = write(project / "reports/r.md", RESIDUE)
    assert run("check", "reports").stdout == (
        "reports/r.md:10:29: GK407 [warning] “重点工作,共 3”在中文中使用了半角标点。"
        "请改用全角标点（共 1 处，可用 --fix 自动改正） (typography)\n"
        "reports/r.md:10:31: GK407 [warning] “工作,共 3 项，”中汉字和数字之间有空格，"
        "公文中应连写。请删除空格（共 2 处，可用 --fix 自动改正） (typography)\n"
        "reports/r.md:30:1: GK403 [error] “[bookmark: _GoBack]”是 Word 的书签或域代码，"
        "不是正文内容，请删除（可用 --fix 自动删除） (conversion-artifact)\n"
    )
    result = run("check", "--fix", "reports")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "已修复 4 处问题，涉及 1 个文件。\n检查了 1 个文件，未发现问题。\n"
    assert report.read_text(encoding="utf-8") == FIXED
    again = run("check", "--diff", "reports")
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "没有可以自动修复的问题。\n")


def test_fix_keeps_bom_crlf_and_every_other_byte(project: Path) -> None:
    report = project / "reports/r.md"
    report.write_bytes(("\ufeff" + RESIDUE.replace("\n", "\r\n")).encode("utf-8"))
    assert run("check", "--fix", "reports").exit_code == 0
    assert report.read_bytes() == ("\ufeff" + FIXED.replace("\n", "\r\n")).encode("utf-8")


def test_fix_leaves_suppressed_and_disabled_findings_alone(project: Path) -> None:
    suppressed = RESIDUE.replace(
        "[bookmark: _GoBack]",
        "<!-- gongkai-disable-next-line GK403 -- 保留原件痕迹 -->\n[bookmark: _GoBack]",
    )
    report = write(project / "reports/r.md", suppressed)
    write(project / "gongkai.yml", "rules:\n  typography: off\n")
    result = run("check", "--fix", "reports")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "没有可以自动修复的问题。\n检查了 1 个文件，未发现问题。\n"
    assert report.read_text(encoding="utf-8") == suppressed


def test_suppression_needs_a_reason(project: Path) -> None:
    unexplained = CLEAN.replace(
        "无。", "<!-- gongkai-disable-next-line conversion-artifact -->\n[bookmark: _GoBack]无。"
    )
    write(project / "reports/r.md", unexplained)
    result = run("check", "reports")
    assert result.exit_code == 1
    assert result.stdout == (
        "reports/r.md:30:1: GK408 [warning] 抑制注释没有写原因，因此不起作用。请写成"
        "“<!-- gongkai-disable-next-line GK403 -- 原因 -->” (invalid-suppression)\n"
        "reports/r.md:31:1: GK403 [error] “[bookmark: _GoBack]”是 Word 的书签或域代码，"
        "不是正文内容，请删除（可用 --fix 自动删除） (conversion-artifact)\n"
    )


def test_copied_reports_are_found_across_the_tree_and_from_the_cache(project: Path) -> None:
    other = CLEAN.replace("示例县示例镇人民政府", "示例县样板镇人民政府").replace(
        "示例镇", "样板镇"
    )
    write(project / "reports/2024/a.md", CLEAN)
    write(project / "reports/2024/b.md", other)
    first = run("check", "reports")
    assert first.stdout == (
        "reports/2024/a.md:14:1: GK406 [warning] 本报告约 90% 的内容与示例县样板镇人民政府同年的报告 "
        "reports/2024/b.md 相同（本文第 14, 18–22, 26 行），属于内容雷同，请按本机关的实际情况重写 "
        "(duplicate-content)\n"
        "reports/2024/b.md:14:1: GK406 [warning] 本报告约 90% 的内容与示例县示例镇人民政府同年的报告 "
        "reports/2024/a.md 相同（本文第 14, 18–22, 26 行），属于内容雷同，请按本机关的实际情况重写 "
        "(duplicate-content)\n"
    )
    # Served from the cache, the digests still meet and give the same findings.
    assert run("check", "reports").stdout == first.stdout
    # Alone, a report has nothing to be compared with.
    assert run("check", "reports/2024/a.md").stdout == ""
