"""## 检查内容

文件不是 UTF-8 编码。带 BOM 的 UTF-8 和 Windows 换行（CRLF）都可以接受。

## 为什么重要

网站、检索和机器可读数据都按 UTF-8 读取报告。用 GBK/GB18030 保存的文件在网页上会变成乱码，
并且无法检查其中的内容。

## 如何修改

用 WPS 或记事本打开文件，选择“另存为”，编码选“UTF-8”；或在命令行执行：

    iconv -f GB18030 -t UTF-8 原文件.md > 新文件.md

提示中给出的行号和列号是第一个无法按 UTF-8 读取的字符所在位置。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK001",
    name="not-utf8",
    severity=Severity.error,
    summary={"zh": "文件不是 UTF-8 编码", "en": "The file is not UTF-8 encoded"},
    messages={
        "default": {
            "zh": "文件不是 UTF-8 编码（看起来是 {encoding}）。请另存为 UTF-8，"
            "例如：iconv -f {encoding} -t UTF-8 原文件 > 新文件",
            "en": "The file is not UTF-8 (it looks like {encoding}). Save it as UTF-8, "
            "e.g. iconv -f {encoding} -t UTF-8 old-file > new-file",
        },
        "unknown": {
            "zh": "文件不是 UTF-8 编码，也无法识别其编码。请在编辑器中另存为 UTF-8",
            "en": "The file is not UTF-8 and its encoding could not be recognised. "
            "Save it as UTF-8 in your editor",
        },
    },
    doc=__doc__ or "",
)
def not_utf8(report: Report, ctx: Context) -> Iterator[Finding]:
    failure = report.decode_failure
    if failure is None:
        return
    if failure.guess:
        yield not_utf8.finding(failure.line, failure.col, encoding=failure.guess)
    else:
        yield not_utf8.finding(failure.line, failure.col, "unknown")
