"""## 检查内容

一个标题下面没有任何内容：紧接着就是同级或更高一级的标题，或者已到文件末尾。
只有下级标题（小节）的标题不算空。

## 为什么重要

空标题通常是套用模板后忘了填写，或者从 Word 转换时丢了正文。读者看到的是一个
没有内容的章节。

## 如何修改

在标题下补写内容；如果这一节确实不需要，删除这个标题。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.headings import has_content
from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK103",
    name="empty-section",
    severity=Severity.error,
    summary={"zh": "标题下没有内容", "en": "A heading has no content under it"},
    messages={
        "default": {
            "zh": "标题“{title}”下没有内容。请补写正文，或删除这个标题",
            "en": "The heading '{title}' has nothing under it. Write its content or remove it",
        }
    },
    doc=__doc__ or "",
)
def empty_section(report: Report, ctx: Context) -> Iterator[Finding]:
    text = report.text
    headings = report.headings
    for index, heading in enumerate(headings):
        following = headings[index + 1] if index + 1 < len(headings) else None
        if following is not None and following.level > heading.level:
            continue
        if not has_content(text, heading.content_start, heading.content_end):
            yield empty_section.finding(heading.line, heading.col, title=heading.title or "#")
