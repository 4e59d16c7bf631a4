"""## 检查内容

报告文件超过大小上限（默认 10 MB），或其中某一行超过长度上限（默认 100,000 个字符）。
超过上限的文件不再做其他检查，也不会发布到网站。

## 为什么重要

真实的年度报告不超过几十 KB，每行最多几千字。过大的文件或一整行几十万字，通常是误把
数据库导出、扫描件的文字层或网页源代码存成了报告；继续检查只会浪费时间和内存，网页也
无法阅读。上限保证检查和生成网站的时间有界。

## 如何修改

- 文件过大：确认这个文件确实是报告。表格数据放进报告的表格数据块，原件（PDF 等）作为
  附件（`attachments`）放在报告旁边。
- 行过长：在句号后换行分段；从网页复制的表格改成 Markdown 表格或表格数据块。

确有需要时，可在 `gongkai.yml` 中调高上限：

    limits:
      max_file_bytes: 20000000
      max_line_chars: 200000
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK007",
    name="file-too-large",
    severity=Severity.error,
    summary={
        "zh": "文件或其中一行超过大小上限，未检查",
        "en": "The file or one of its lines exceeds the size limit and was not checked",
    },
    messages={
        "file": {
            "zh": "文件超过 {limit} 字节的上限，没有检查也不会发布。请确认这是报告正文；"
            "原件请作为附件（attachments）放在报告旁边，或在 gongkai.yml 的 limits.max_file_bytes 调高上限",
            "en": "The file is larger than the limit of {limit} bytes and was neither checked "
            "nor published. Make sure it is the report's text (originals go beside it as "
            "attachments), or raise limits.max_file_bytes in gongkai.yml",
        },
        "line": {
            "zh": "这一行超过 {limit} 个字符的上限，文件没有检查也不会发布。请在句号后换行分段，"
            "或在 gongkai.yml 的 limits.max_line_chars 调高上限",
            "en": "This line is longer than the limit of {limit} characters; the file was "
            "neither checked nor published. Break it into paragraphs, or raise "
            "limits.max_line_chars in gongkai.yml",
        },
    },
    doc=__doc__ or "",
)
def file_too_large(report: Report, ctx: Context) -> Iterator[Finding]:
    oversize = report.oversize
    if oversize is not None:
        yield file_too_large.finding(oversize.line, 1, oversize.kind, limit=oversize.limit)
