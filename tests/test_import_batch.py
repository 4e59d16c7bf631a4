"""`gongkai import PATH…`: every source accounted for, nothing overwritten, exact output.

The sources are written here by hand (no report text is copied); the corpus test reads
../shared/corpus/real when it is checked out next to the repository.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.bilingual import Note
from gongkai.importers import batch
from gongkai.importers.report import Imported, import_file
from importcli import run

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def fazhi(issuer: str, year: int | str = 2023) -> str:
    """A short 法治政府建设年度报告 with its four sections; the check finds no error in it."""
    return (
        f"{issuer}{year}年法治政府建设年度报告\n"
        "一、主要举措和成效\n全年审查合同10份。\n"
        "二、存在的不足和原因\n无。\n"
        "三、党政主要负责人履行推进法治建设第一责任人职责情况\n认真履行。\n"
        "四、下一年度推进法治政府建设的主要安排\n继续推进。\n"
    )


pytestmark = pytest.mark.usefixtures("in_tmp")


def write(path: str, text: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")


REVIEW = "自动识别：title、type、year、issuer、issuer_level"


def test_folder_and_files_every_source_in_the_table() -> None:
    write("in/a.txt", fazhi("示例县司法局"))
    write("in/sub/b.txt", fazhi("示例县财政局"))
    write("in/c.doc", "旧格式")
    write("in/no-year.txt", fazhi("示例县民政局").replace("2023年", ""))
    # Not a format of a report: passed over in a folder, refused when named.
    write("in/readme.md", "说明")
    write("in/.hidden.txt", fazhi("示例县审计局"))
    write("notes.odt", "x")
    result = run("in", "notes.odt")
    assert result.exit_code == 1, result.output
    assert result.stdout == (
        "结果    原文件          草稿                                说明\n"
        f"需核对  in/a.txt        reports/2023/fazhi/示例县司法局.md  {REVIEW}\n"
        "已拒绝  in/c.doc        -                                   in/c.doc 是Word 97-2003 "
        "文档（.doc），无法直接导入：请用 Word 或 WPS 打开，“另存为” .docx 文件后再导入\n"
        "已拒绝  in/no-year.txt  -                                   "
        "无法从原文判断年度（请用 --year 指定）\n"
        f"需核对  in/sub/b.txt    reports/2023/fazhi/示例县财政局.md  {REVIEW}\n"
        "已拒绝  notes.odt       -                                   "
        "无法识别的文件格式“.odt”：支持 .docx、.txt、.md、.html、.htm、.pdf\n"
        "共 5 个文件：已导入 0，需核对 2，已拒绝 3\n"
    )
    assert result.stderr == ""
    assert sorted(str(p) for p in Path("reports").rglob("*.md")) == [
        "reports/2023/fazhi/示例县司法局.md",
        "reports/2023/fazhi/示例县财政局.md",
    ]


def test_all_written_is_exit_0_in_english() -> None:
    write("a.txt", fazhi("示例县司法局"))
    write("b.txt", fazhi("示例县财政局", 2024))
    result = run("a.txt", "b.txt", "--lang", "en", "--type", "fazhi")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "result        source  draft                               why\n"
        "needs review  a.txt   reports/2023/fazhi/示例县司法局.md  "
        "inferred: title, year, issuer, issuer_level\n"
        "needs review  b.txt   reports/2024/fazhi/示例县财政局.md  "
        "inferred: title, year, issuer, issuer_level\n"
        "2 files: 0 imported, 2 needs review, 0 refused\n"
    )


def test_refusals_and_notes_in_english() -> None:
    write("in/c.doc", "旧格式")
    write("in/no-year.txt", fazhi("示例县民政局").replace("2023年", ""))
    write("in/undated.txt", fazhi("示例县司法局").replace("示例县司法局2023年", "示例县司法局", 1))
    result = run("in", "notes.odt", "--lang", "en", "--year", "2023")
    assert result.exit_code == 1, result.output
    assert result.stdout == (
        "result        source          draft                               why\n"
        "refused       in/c.doc        -                                   in/c.doc is a Word "
        "97-2003 document (.doc), which cannot be imported as it is: open it in Word or WPS, "
        "save it as a .docx file, and import that\n"
        "needs review  in/no-year.txt  reports/2023/fazhi/示例县民政局.md  "
        "inferred: title, type, issuer, issuer_level; 1 note(s) above\n"
        "needs review  in/undated.txt  reports/2023/fazhi/示例县司法局.md  "
        "inferred: title, type, issuer, issuer_level; 1 note(s) above\n"
        "refused       notes.odt       -                                   "
        "unknown file format “.odt”: .docx, .txt, .md, .html, .htm and .pdf can be imported\n"
        "4 files: 0 imported, 2 needs review, 2 refused\n"
    )
    assert result.stderr == (
        "in/no-year.txt: the title “示例县民政局法治政府建设年度报告” does not name the year; "
        "kept as the source has it\n"
        "in/undated.txt: the title “示例县司法局法治政府建设年度报告” does not name the year; "
        "kept as the source has it\n"
    )


def test_one_file_speaks_the_language_asked_for() -> None:
    write("a.txt", fazhi("示例县司法局"))
    write("b.txt", fazhi("示例县财政局").replace("2023年", ""))
    written = run("a.txt", "--lang", "en")
    assert (written.exit_code, written.stdout) == (0, "")
    assert written.stderr == (
        "written: reports/2023/fazhi/示例县司法局.md "
        "(status: draft; check it against the source before publishing)\n"
    )
    refused = run("b.txt", "--lang", "en")
    assert refused.exit_code == 2
    assert refused.stderr == "Error: the source does not say the year (give it with --year)\n"
    again = run("a.txt")
    assert again.exit_code == 2
    assert (
        again.stderr == "Error: reports/2023/fazhi/示例县司法局.md 已存在；如要覆盖，请加 --force\n"
    )


def test_two_sources_for_one_draft_the_second_is_refused_even_with_force() -> None:
    write("a.txt", fazhi("示例县司法局"))
    write("b.txt", fazhi("示例县司法局") + "补充说明。\n")
    for args in ((), ("--force",)):
        result = run("a.txt", "b.txt", *args)
        assert result.exit_code == 1
        assert result.stdout.splitlines()[2] == (
            "已拒绝  b.txt   reports/2023/fazhi/示例县司法局.md  "
            "本批中 a.txt 已写入同一草稿，未覆盖"
        )
        text = Path("reports/2023/fazhi/示例县司法局.md").read_text(encoding="utf-8")
        assert "补充说明" not in text
        if not args:  # the draft now exists: without --force, a second run replaces nothing
            Path("reports/2023/fazhi/示例县司法局.md").write_text("编辑改过\n", encoding="utf-8")
            again = run("a.txt", "b.txt")
            assert again.stdout.splitlines()[1] == (
                "已拒绝  a.txt   reports/2023/fazhi/示例县司法局.md  "
                "reports/2023/fazhi/示例县司法局.md 已存在；如要覆盖，请加 --force"
            )
            assert again.stdout.splitlines()[2].endswith("已存在；如要覆盖，请加 --force")
            assert Path("reports/2023/fazhi/示例县司法局.md").read_text(encoding="utf-8") == (
                "编辑改过\n"
            )


def test_output_folder_holds_the_layout() -> None:
    write("a.txt", fazhi("示例县司法局"))
    write("b.txt", fazhi("示例县财政局"))
    result = run("a.txt", "b.txt", "-o", "drafts")
    assert result.exit_code == 0, result.output
    assert sorted(str(p) for p in Path("drafts").rglob("*.md")) == [
        "drafts/2023/fazhi/示例县司法局.md",
        "drafts/2023/fazhi/示例县财政局.md",
    ]
    # One source into an existing folder: the same layout, the one-file messages.
    write("c.txt", fazhi("示例县民政局"))
    result = run("c.txt", "-o", "drafts")
    assert (result.exit_code, result.stdout) == (0, "")
    assert (
        result.stderr
        == "已写入 drafts/2023/fazhi/示例县民政局.md（status: draft，请与原文核对后再发布）\n"
    )


@pytest.mark.parametrize("output", ["out.md", "existing"])
def test_output_file_with_many_sources_is_a_usage_error(output: str) -> None:
    write("a.txt", fazhi("示例县司法局"))
    write("existing", "编辑的文件\n")
    result = run("a.txt", "a.txt", "-o", output)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"错误：导入多个文件时，-o 须是文件夹：{output}\n")
    assert Path("existing").read_text(encoding="utf-8") == "编辑的文件\n"
    assert not Path("reports").exists()


def test_a_folder_with_nothing_to_import_exits_2() -> None:
    write("empty/readme.md", "说明")
    result = run("empty")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: 没有找到可导入的文件（.docx、.txt、.html、.htm、.pdf）：empty\n"
    )


def test_kept_out_tables_notes_and_check_errors_ask_for_review(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the importer leaves for the editor is named in the row of its file."""

    def with_kept_out_table(path: Path, **options: object) -> Imported:
        imported = import_file(path, report_type=None, year=None, issuer=None)
        # What the table importer writes where it keeps 表三 out as text.
        imported.text += "\n<!-- 表三未能识别，请手工补录 -->\n\n| 1 | 2 |\n"
        imported.notes.append(Note("表三：请手工补录", "table 三: enter by hand"))
        return imported

    monkeypatch.setattr(batch, "import_file", with_kept_out_table)
    write("a.txt", fazhi("示例县司法局").replace("四、下一年度推进法治政府建设的主要安排\n", ""))
    write("b.txt", fazhi("示例县财政局"))
    result = run("a.txt", "b.txt", "--type", "fazhi")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[1].endswith(f"{REVIEW}；表三未能识别；检查：1 个错误；提示 1 条（见上文）")
    assert rows[2].endswith(f"{REVIEW}；表三未能识别；提示 1 条（见上文）")
    assert result.stderr == "a.txt: 表三：请手工补录\nb.txt: 表三：请手工补录\n"


def test_a_draft_with_nothing_to_review_is_imported() -> None:
    assert batch.Row("a.txt", "reports/a.md").outcome == "imported"
    assert batch.Row("a.txt", "reports/a.md", inferred=("title",)).outcome == "review"
    assert batch.Row("a.txt", refused=Note("无法读取", "cannot read")).outcome == "refused"


def test_a_reader_crash_costs_only_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.import_file

    def crash_on_b(path: Path, **options: object) -> Imported:
        if path.name == "b.txt":
            raise ValueError("bad table")
        return real(path, report_type=None, year=None, issuer=None)

    monkeypatch.delenv("GONGKAI_DEBUG", raising=False)
    monkeypatch.setattr(batch, "import_file", crash_on_b)
    write("a.txt", fazhi("示例县司法局"))
    write("b.txt", fazhi("示例县财政局"))
    write("c.txt", fazhi("示例县民政局"))
    result = run("a.txt", "b.txt", "c.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[2] == (
        "已拒绝  b.txt   -                                   内部错误：ValueError: bad table"
    )
    assert Path("reports/2023/fazhi/示例县民政局.md").is_file()


def test_every_corpus_text_is_accounted_for() -> None:
    corpus = SHARED / "real"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not found: the shared corpus is not checked out next to the repo")
    sources = sorted(str(p) for p in corpus.rglob("*") if p.suffix.lower() in batch.IMPORTABLE)
    result = run(str(corpus))
    lines = result.stdout.splitlines()
    rows = [line.split()[:3] for line in lines[1:-1]]
    assert [source for _outcome, source, _target in rows] == sources
    outcomes = [outcome for outcome, _source, _target in rows]
    assert set(outcomes) <= {"已导入", "需核对", "已拒绝"}
    counts = {word: outcomes.count(word) for word in ("已导入", "需核对", "已拒绝")}
    assert lines[-1] == (
        f"共 {len(sources)} 个文件：已导入 {counts['已导入']}，需核对 {counts['需核对']}，"
        f"已拒绝 {counts['已拒绝']}"
    )
    assert result.exit_code == (1 if counts["已拒绝"] else 0)
    # Every draft named in the table is on disk, each under its own name.
    written = [Path(target) for outcome, _s, target in rows if outcome != "已拒绝"]
    assert all(path.is_file() for path in written)
    assert len(set(written)) == len(written)


def test_a_folder_that_cannot_be_listed_is_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    write("in/a.txt", fazhi("示例县司法局"))
    write("in/locked/b.txt", fazhi("示例县财政局"))
    listing = os.scandir

    def refuse_locked(path: str) -> Iterator[os.DirEntry[str]]:
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return listing(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)
    result = run("in")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[2:] == [
        "已拒绝  in/locked  -                                   "
        "无法读取目录 in/locked：Permission denied",
        "共 2 个文件：已导入 0，需核对 1，已拒绝 1",
    ]
