"""## 检查内容

报告树中的某个路径不能安全地读取：

- 符号链接指向报告目录之外（例如 `reports/a.md -> /etc/passwd`）；
- 符号链接指向不存在的文件，或链接成环；
- 指向目录的符号链接（gongkai 不进入这样的目录，其中的报告没有检查）；
- 名为 `*.md` 却不是普通文件（命名管道、设备文件等）。

这样的路径不会被读取，也不会发布到网站。

## 为什么重要

网站只能发布报告目录中的内容。指向目录外的链接可能把服务器上的其他文件公开出去；命名
管道会让检查一直等待下去。

## 如何修改

把报告文件本身（而不是链接）放在 `reports/<年度>/<类型>/` 下；删除失效的链接和不是报告的
文件。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK008",
    name="unsafe-path",
    severity=Severity.error,
    summary={
        "zh": "路径是指向报告目录外、失效或成环的符号链接，或不是普通文件，未读取",
        "en": "The path is a symbolic link out of the tree, dangling or looping, or not a "
        "regular file; it was not read",
    },
    messages={
        "outside": {
            "zh": "这是指向报告目录之外的符号链接，没有读取，也不会发布。请把报告文件本身放在报告目录中",
            "en": "This symbolic link points outside the reports directory; it was not read "
            "and will not be published. Put the report file itself in the tree",
        },
        "dangling": {
            "zh": "这是失效的符号链接（指向的文件不存在）。请删除它，或换成报告文件本身",
            "en": "This symbolic link points to nothing; delete it or replace it with the "
            "report file itself",
        },
        "loop": {
            "zh": "这是成环的符号链接（链接最终指回自身），无法读取。请删除它",
            "en": "This symbolic link loops back on itself and cannot be read; delete it",
        },
        "directory-link": {
            "zh": "这是指向目录的符号链接，其中的报告没有检查。请把报告目录直接放在报告树中",
            "en": "This is a symbolic link to a directory; the reports in it were not "
            "checked. Put the directory itself in the tree",
        },
        "not-a-file": {
            "zh": "这不是普通文件（可能是命名管道或设备文件），没有读取。请删除它或改名，不要以 .md 结尾",
            "en": "This is not a regular file (a named pipe or a device?) and was not read; "
            "delete or rename it so that it does not end in .md",
        },
    },
    doc=__doc__ or "",
)
def unsafe_path(report: Report, ctx: Context) -> Iterator[Finding]:
    if report.unsafe_path is not None:
        yield unsafe_path.finding(1, 1, report.unsafe_path)
