"""## 检查内容

前置元数据 `attachments` 中列出的每个附件（与报告一同发布的原件）必须：

- 写相对于报告文件的路径，例如 `原件.pdf` 或 `附件/原件.pdf`，不能写绝对路径（`/home/…`、
  `C:\\…`），也不能用 `../` 或符号链接指到本项目之外；
- 确实存在，并且是一个文件（不是文件夹）；
- 是可以发布的类型：pdf、docx、xlsx、ofd、jpg、png。

## 为什么重要

附件会原样复制到网站上供公众下载。写错文件名，读者点开就是“找不到页面”；项目之外的
文件（例如编写人员电脑上的其他文件）绝不能被发布到政府网站上；其他类型的文件（例如
可执行文件、网页文件）可能对下载者有害。检查不通过时网站不会生成。

## 如何修改

把附件放在报告文件旁边（或旁边的文件夹里），在 `attachments` 中写它的文件名，注意大小写
一致。其他格式的原件请先转换为 PDF。
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from gongkai import attachments
from gongkai.config import Config
from gongkai.model.report import Report
from gongkai.rules.base import Context, CorpusEntry, Finding, Memo, Severity, corpus_rule


def _digest(report: Report, ctx: Context) -> Any:
    names = report.fields.get("attachments") or []
    if not names or report.front_matter is None:
        return None
    position = report.front_matter.keys.get("attachments")
    line, col = (position.value_line, position.value_col) if position else (1, 1)
    return {"names": list(names), "line": line, "col": col}


@corpus_rule(
    id="GK009",
    name="attachment-invalid",
    severity=Severity.error,
    summary={
        "zh": "附件路径不在本项目内、文件不存在或类型不能发布",
        "en": "An attachment is outside the project, missing, or of a type that is not published",
    },
    messages={
        attachments.Problem.outside: {
            "zh": "附件“{name}”不在本项目内，不会发布。请把附件放在报告文件旁边，"
            "在 attachments 中写相对路径（如 原件.pdf）",
            "en": "Attachment '{name}' is outside the project and is not published; put it "
            "beside the report and give a relative path (e.g. original.pdf)",
        },
        attachments.Problem.missing: {
            "zh": "找不到附件“{name}”。请检查文件名（区分大小写）和位置：路径相对于报告文件",
            "en": "Attachment '{name}' does not exist; check its name (case matters) and "
            "location: the path is relative to the report",
        },
        attachments.Problem.not_a_file: {
            "zh": "附件“{name}”是文件夹，不是文件。请写出文件夹中要发布的文件名",
            "en": "Attachment '{name}' is a folder, not a file; name the file to publish",
        },
        attachments.Problem.type: {
            "zh": "附件“{name}”的类型不能发布。可以发布的类型：{kinds}；请先转换为 PDF",
            "en": "Attachment '{name}' is of a type that is not published; allowed: {kinds}. "
            "Convert it to PDF first",
        },
    },
    doc=__doc__ or "",
    digest=_digest,
)
def attachment_invalid(
    entries: Sequence[CorpusEntry], config: Config, memo: Memo
) -> Iterator[tuple[str, Finding]]:
    # A corpus rule although it reads one report at a time: per-file results are cached by
    # the report's content, and an attachment can appear or vanish while the report stays
    # the same. Corpus rules run on every check.
    kinds = "、".join(kind[1:] for kind in attachments.TYPES)
    roots: dict[Path, Path] = {}
    for entry in entries:
        path = Path(entry.path)
        root = attachments.root_of(path, roots)
        for name in entry.digest["names"]:
            problem = attachments.problem(path, name, root)
            if problem is not None:
                finding = attachment_invalid.finding(
                    entry.digest["line"], entry.digest["col"], problem.value, name=name, kinds=kinds
                )
                yield entry.path, finding
