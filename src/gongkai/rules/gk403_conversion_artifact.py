"""## 检查内容

正文中留有从 Word、PDF 或网页复制、转换时带进来的残留内容：

- Word 的书签和域代码，如 `[bookmark: _GoBack]`、`PAGEREF _Toc123456 \\h`；
- 失效的交叉引用，如“错误！未找到引用源。”“Error! Reference source not found.”；
- 页脚页码，如单独一行的“— 5 —”“第 2 页 共 8 页”；
- 网页上的栏目和按钮文字，如“发布时间：”“点击率：”“字体：[大 中 小]”“打印本页”，
  夹在一行中间的“访问次数：”“微信 微博 QQ空间”“附件下载”，不带方括号的信息公开目录
  栏目“组配分类 政府信息公开年报”，以及网页采集工具留下的“栏目：”“原文链接：”
  “==== 正文 ====”；
- 导航路径，如“您当前的位置：首页 > 政务公开”“您现在所在的位置：”，或单独一行、三级
  以上的“> 政务公开 > 乡镇街道 > 下各镇”；
- 网页排版表格留下的一长串“|”；
- 文档分享网站插入的水印，如“秘书之家—全网资源每日更新www.mishuzj.com”。

## 为什么重要

这些内容不是报告的一部分，公开后读者会看到莫名其妙的字符，说明报告是从别处复制、
没有经过校对的。

## 如何修改

删除残留内容。`gongkai check --fix` 会自动删除书签、域代码、页脚页码、成串的“|”
和已知的水印，不改动其他任何内容；`--diff` 只显示将要做的修改，不写入文件。失效的
交叉引用和网页栏目文字需要人工处理：补上被引用的内容，或删除整行。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from gongkai.model.report import Report
from gongkai.model.scan import occurs
from gongkai.residue import LITERALS, compiled, finditer
from gongkai.rules.base import Context, Finding, Fix, Severity, rule, shorten


class Artifact(NamedTuple):
    kind: str
    start: int
    end: int
    fix: str


def artifacts(report: Report) -> list[Artifact]:
    # Before anything else, so that the first report compiles them: a check of many files
    # checks that one before its workers fork, and they inherit them.
    patterns = compiled()
    if report.source is None:
        return []
    text = report.text
    found = []
    # One pattern at a time, and only where its literal occurs: a single alternation of
    # them all costs milliseconds per report, tried at every character.
    for kind, pattern, fix, triggers in patterns:
        if occurs(report, LITERALS[triggers]):
            found += [
                Artifact(kind, m.start(), m.end(), fix)
                for m in finditer(pattern, text, report.body_offset)
            ]
    # Two patterns of a kind may find the same residue (浏览量: as a label and as a
    # counter): it is one thing to delete, reported once, the longer reading kept.
    found.sort(key=lambda artifact: (artifact.start, -artifact.end))
    kept: list[Artifact] = []
    for artifact in found:
        if kept and kept[-1].kind == artifact.kind and artifact.start < kept[-1].end:
            continue
        kept.append(artifact)
    return kept


def _fixes(report: Report, ctx: Context) -> Iterator[Fix]:
    text = report.text
    for artifact in artifacts(report):
        if not artifact.fix or report.source is None:
            continue
        line, _col = report.source.position(artifact.start)
        start, end = artifact.start, artifact.end
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        rest = text[line_start:start] + text[end:line_end]
        if artifact.fix == "line" or not rest.strip():
            # Nothing else on the line: remove the line, not just its contents.
            start, end = line_start, min(line_end + 1, len(text))
        yield Fix(line, start, end, "")


@rule(
    id="GK403",
    name="conversion-artifact",
    severity=Severity.error,
    summary={
        "zh": "正文留有从 Word、PDF 或网页转换时带进来的残留内容",
        "en": "Residue of a Word, PDF or web-page conversion is left in the text",
    },
    messages={
        "word-field": {
            "zh": "“{text}”是 Word 的书签或域代码，不是正文内容，请删除（可用 --fix 自动删除）",
            "en": "'{text}' is a Word bookmark or field code, not text; delete it "
            "(--fix removes it)",
        },
        "broken-reference": {
            "zh": "“{text}”是 Word 中失效的交叉引用。请补上被引用的内容，或删除这句引用",
            "en": "'{text}' is a broken Word cross-reference; restore what it referred to "
            "or remove the reference",
        },
        "page-number": {
            "zh": "“{text}”是转换时留下的页脚页码，请删除这一行（可用 --fix 自动删除）",
            "en": "'{text}' is a page footer left by the conversion; delete the line "
            "(--fix removes it)",
        },
        "pipes": {
            "zh": "这里有 {count} 个连续的“|”，是网页排版表格的残留，请删除（可用 --fix 自动删除）",
            "en": "{count} '|' in a row are residue of a web page's layout table; delete "
            "them (--fix removes them)",
        },
        "watermark": {
            "zh": "“{text}”是文档分享网站插入的水印，请删除（可用 --fix 自动删除），"
            "并核对报告全文是否取自正式文本",
            "en": "'{text}' is a watermark added by a document-sharing site; delete it "
            "(--fix removes it) and check the text against the official version",
        },
        "page-furniture": {
            "zh": "“{text}”是网页上的栏目或按钮文字，不是报告内容，请删除",
            "en": "'{text}' is web-page furniture (a label or button), not part of the "
            "report; delete it",
        },
        "breadcrumb": {
            "zh": "“{text}”是网页的导航路径，不是报告内容，请删除",
            "en": "'{text}' is a web page's breadcrumb trail, not part of the report; delete it",
        },
    },
    doc=__doc__ or "",
    fix=_fixes,
)
def conversion_artifact(report: Report, ctx: Context) -> Iterator[Finding]:
    if report.source is None:
        return
    for artifact in artifacts(report):
        line, col = report.source.position(artifact.start)
        text = report.text[artifact.start : artifact.end].strip()
        yield conversion_artifact.finding(
            line, col, artifact.kind, text=shorten(text), count=len(text)
        )
