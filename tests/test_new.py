"""`gongkai new`: a draft from the profile on which `gongkai check` asks only to fill it in.

Every test runs in its own repository root (an empty `.git`) with a small issuer registry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from gongkai.cli import cli
from gongkai.config import load_config
from gongkai.engine import check_bytes
from gongkai.model.loader import load_report
from gongkai.profiles import load_profile
from gongkai.rules import RULES_BY_ID
from gongkai.tables.resolve import tables_of

REGISTRY = """\
issuers:
  - name: 示例县人民政府
    level: county
    region_code: "419901"
    owes: [fazhi, xxgk]
  - name: 示例县示例镇人民政府
    level: township
    parent: 示例县人民政府
    owes: [fazhi]
"""
HINT = re.compile(r"<!-- 填写：.*? -->")


@pytest.fixture(autouse=True)
def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "registry.yml").write_text(REGISTRY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> Result:
    """`gongkai new`, in a locale that does not choose English for the usage errors."""
    env: dict[str, str | None] = dict.fromkeys(("LC_ALL", "LC_MESSAGES", "LANG"))
    return CliRunner().invoke(cli, ["new", *args], env=env, catch_exceptions=False)


def front_matter(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(data, dict)
    return data


def findings(path: Path) -> list[tuple[str, str]]:
    """(rule, rendered zh message) of every finding, with the project's registry."""
    config = load_config(None, Path.cwd())
    return [
        (f.rule, RULES_BY_ID[f.rule].render(f, "zh"))
        for f in check_bytes(str(path), path.read_bytes(), config)
    ]


def test_fazhi_draft_asks_only_for_each_section() -> None:
    result = run("--type", "fazhi", "--year", "2024", "--issuer", "示例县示例镇人民政府")
    target = Path("reports/2024/fazhi/示例县示例镇人民政府.md")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"已写入 {target}（status: draft）。请在每个标题下填写内容，"
        f"然后运行 gongkai check {target} 查看还缺什么\n"
    )
    assert front_matter(target) == {
        "title": "示例县示例镇人民政府2024年法治政府建设年度报告",
        "type": "fazhi",
        "year": 2024,
        "issuer": "示例县示例镇人民政府",
        "issuer_level": "township",
        "status": "draft",
    }
    text = target.read_text(encoding="utf-8")
    # The deadline the editor must meet, from the profile (fazhi: 31 March of year + 1).
    assert "（公开期限：2025-03-31 前）" in text
    profile = load_profile("fazhi")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    numerals = "一二三四五"
    assert headings == [
        f"{numerals[i]}、{c.suggested_heading.zh}" for i, c in enumerate(profile.contents)
    ]
    assert HINT.findall(text) == [f"<!-- 填写：{c.requirement.zh} -->" for c in profile.contents]
    assert findings(target) == [
        ("GK103", f"标题“{heading}”下没有内容。请补写正文，或删除这个标题") for heading in headings
    ]


def test_filled_in_draft_checks_clean() -> None:
    run("--type", "fazhi", "--year", "2024", "--issuer", "示例县示例镇人民政府", "-o", "r.md")
    path = Path("r.md")
    sentences = iter(
        [
            "全年修订镇级权责清单1份，组织执法人员培训3次。",
            "执法案卷评查发现个别文书不规范，主要原因是执法人员培训不够。",
            "镇党委书记、镇长带头学法，主持召开法治建设专题会议2次。",
            "2025年将继续推进综合行政执法改革。",
            "无。",
        ]
    )
    filled = HINT.sub(lambda _match: next(sentences), path.read_text(encoding="utf-8"))
    path.write_text(
        filled.replace("status: draft", "status: published\npublished: 2025-03-20"),
        encoding="utf-8",
    )
    assert findings(path) == []


@pytest.mark.parametrize(("year", "version"), [(2024, "2021"), (2020, "2019")])
def test_xxgk_draft_has_blank_tables_and_registry_data(year: int, version: str) -> None:
    result = run("--type", "xxgk", "--year", str(year), "--issuer", "示例县人民政府", "-o", "x.md")
    assert result.exit_code == 0, result.stderr
    path = Path("x.md")
    fields = front_matter(path)
    assert (fields["issuer_level"], fields["region_code"]) == ("county", "419901")
    profile = load_profile("xxgk")
    report = load_report(str(path), path.read_bytes())
    tables = tables_of(report, profile)
    assert sorted(tables.tables) == ["t2", "t3", "t4"]
    assert not tables.problems and not tables.issues
    for table in tables.tables.values():
        assert table.layout.version == version
        # Every row of the national format is written, and every value is left blank.
        assert all(cell.raw is not None and cell.blank for cell in table.cells.values())
        assert len(table.cells) == len(table.layout.cell_list)
    rules = [rule for rule, _message in findings(path)]
    # The three government-only contents are hinted in 一、总体情况, and their hint text
    # (“考核”“评议”“责任追究”) must not count as having written them; the blank tables
    # are named until they are filled in.
    assert rules == [
        "GK103", "GK101", "GK101", "GK101", "GK301", "GK301", "GK301", "GK103", "GK103"
    ]  # fmt: skip


def test_department_draft_leaves_out_government_only_contents() -> None:
    result = run("--type", "xxgk", "--year", "2024", "--issuer", "示例县财政局")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "注意：发布机关“示例县财政局”不在发布机关名录（registry.yml）中：请核对是否写了"
        "完整名称；如是新机关，请在名录中登记\n"
        "注意：发布机关层级按名称判断为 department（部门）；如不对，请改正 issuer_level 或用"
        " --level 指定\n"
    )
    path = Path("reports/2024/xxgk/示例县财政局.md")
    assert front_matter(path)["issuer_level"] == "department"
    assert "考核" not in path.read_text(encoding="utf-8")
    # The unregistered issuer is the only finding besides what is still to be written.
    assert sorted({rule for rule, _message in findings(path)}) == ["GK103", "GK301", "GK501"]


def test_level_and_published_options() -> None:
    result = run(
        "--type", "fazhi", "--year", "2023", "--issuer", "某某", "--level", "city",
        "--published", "2024-03-01", "-o", "a.md",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    fields = front_matter(Path("a.md"))
    assert (fields["issuer_level"], str(fields["published"])) == ("city", "2024-03-01")
    assert all(rule in {"GK103", "GK501"} for rule, _message in findings(Path("a.md")))
    # The date is given: the editor is reminded of the status and the deadline only.
    assert "# 公开时：把 status 改为 published（公开期限：2024-03-31 前）\n" in Path(
        "a.md"
    ).read_text(encoding="utf-8")


def test_level_against_the_registry_and_a_configured_deadline() -> None:
    Path("gongkai.yml").write_text('deadlines:\n  fazhi:\n    city: "03-15"\n', encoding="utf-8")
    result = run(
        "--type", "fazhi", "--year", "2024", "--issuer", "示例县人民政府", "--level", "city",
        "-o", "b.md",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "注意：名录中“示例县人民政府”的层级是 county（县级），已按 --level 写为 city；请核对\n"
    )
    text = Path("b.md").read_text(encoding="utf-8")
    assert "issuer_level: city\n" in text
    assert "（公开期限：2025-03-15 前）" in text


def test_refuses_to_overwrite_unless_forced() -> None:
    Path("old.md").write_text("编辑改过的稿子\n", encoding="utf-8")
    args = ("--type", "fazhi", "--year", "2024", "--issuer", "示例县人民政府", "-o", "old.md")
    result = run(*args)
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: old.md 已存在；如要覆盖，请加 --force\n",
    )
    assert Path("old.md").read_text(encoding="utf-8") == "编辑改过的稿子\n"
    assert run(*args, "--force").exit_code == 0
    assert Path("old.md").read_text(encoding="utf-8").startswith("---\ntitle: 示例县人民政府")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--year", "2024"),
            "错误：请指定 --type、--issuer，例如：gongkai new --type fazhi --year 2024 "
            "--issuer 示例县人民政府",
        ),
        (
            ("--type", "fazhi", "--year", "1999", "--issuer", "示例县人民政府"),
            "Error: --year “1999” 不是报告年度：请写 2000 到 2100 之间的四位年份，如 2024",
        ),
        (
            ("--type", "fazhi", "--year", "二〇二四", "--issuer", "示例县人民政府"),
            "Error: --year “二〇二四” 不是报告年度：请写 2000 到 2100 之间的四位年份，如 2024",
        ),
        (
            (
                "--type",
                "fazhi",
                "--year",
                "2024",
                "--issuer",
                "示例县人民政府",
                "--published",
                "2025/03/20",
            ),
            "Error: --published “2025/03/20” 不是日期：请写成“年-月-日”，如 2025-03-20",
        ),
        (
            ("--type", "fazhi", "--year", "2024", "--issuer", "示例县人民政府", "--level", "乡镇"),
            "Error: --level “乡镇” 不是发布机关层级：请改为 province（省级）、city（市级）、"
            "county（县级）、township（乡镇（街道））、department（部门）",
        ),
        (
            ("--type", "nianbao", "--year", "2024", "--issuer", "示例县人民政府"),
            "Error: 未知的报告类型“nianbao”：请用 --type 指定 fazhi、xxgk 之一",
        ),
        (
            ("--type", "fazhi", "--year", "2024", "--issuer", "  "),
            "Error: 发布机关名称为空：请用 --issuer 写明发布机关的完整名称",
        ),
        (
            ("--type", "fazhi", "--year", "2024", "--issuer", "某某"),
            "Error: 无法从“某某”判断发布机关层级：请用 --level 指定，可选 province（省级）、"
            "city（市级）、county（县级）、township（乡镇（街道））、department（部门）",
        ),
    ],
)
def test_usage_errors_exit_2_and_say_what_to_do(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    # A missing option is a usage error (错误：, in the help's language); the rest are
    # the scaffold's refusals (Error:, as for every failure of the tool).
    assert result.stderr.endswith(f"{message}\n")
    assert not Path("reports").exists()


def test_notes_and_refusals_in_english() -> None:
    result = run("--type", "xxgk", "--year", "2024", "--issuer", "示例县财政局", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "note: the issuer “示例县财政局” is not in the registry (registry.yml): check that the "
        "full name is written; a new body is to be registered there\n"
        "note: the issuer's level, judged from its name, is department; if that is wrong, "
        "correct issuer_level or give --level\n"
        "written: reports/2024/xxgk/示例县财政局.md (status: draft). Write under each heading, "
        "then run gongkai check reports/2024/xxgk/示例县财政局.md to see what is still missing\n"
    )
    # The draft is a Chinese report whatever language the command speaks.
    assert "## 一、总体情况" in Path("reports/2024/xxgk/示例县财政局.md").read_text("utf-8")
    again = run("--type", "xxgk", "--year", "2024", "--issuer", "示例县财政局", "--lang", "en")
    assert (again.exit_code, again.stderr) == (
        2,
        "Error: reports/2024/xxgk/示例县财政局.md exists; add --force to replace it\n",
    )
    wrong = run("--type", "fazhi", "--year", "24", "--issuer", "某某", "--lang", "en")
    assert (wrong.exit_code, wrong.stderr) == (
        2,
        "Error: --year “24” is not a year reported on: write a year from 2000 to 2100, "
        "such as 2024\n",
    )
    Path("gongkai.yml").write_text("lang: en\n", encoding="utf-8")
    unknown = run("--type", "tongji", "--year", "2024", "--issuer", "某某")
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        "Error: unknown report type “tongji”: give --type one of fazhi, xxgk\n",
    )
