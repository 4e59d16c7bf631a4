"""## 检查内容

正文中有网站生成时会删除的 HTML（通常是从网页或 Word 复制来的）：

- 脚本、样式、内嵌框架等元素，如 `<script>`、`<style>`、`<iframe>`、`<object>`、`<svg>`，
  连同其中的内容一起删除；
- 网站不保留的其他元素，如表单、`<base>`、`<meta>`、`<link>`、`<video>`、`<font>`，
  删除标签，保留其中的文字；
- 事件属性，如 `onclick`、`onerror`、`onload`，包括写在 `{: onclick="…" }` 属性列表中的；
- 链接或图片地址使用了 http、https、mailto、tel 以外的协议，如 `javascript:`、`data:`、
  `vbscript:`，无论写在 HTML 中还是 Markdown 链接 `[文字](地址)`、图片 `![说明](地址)`
  或引用式链接定义中。

代码块和行内代码中的内容只作为文字显示，不检查。

## 为什么重要

政府网站上不能运行报告中夹带的脚本：它可能弹出窗口、跳转到其他网站或窃取读者的信息。
网站生成时会按白名单清理报告的 HTML，这些内容不会出现在网站上。提前指出，编写人员才知道
网页上会少什么，而不是在发布后才发现内容缺失。

## 如何修改

删除这些 HTML，用 Markdown 写出需要的内容：链接写成 `[文字](https://…)`，图片与报告一同
发布，写成 `![说明](图片.png)`；表格用 Markdown 表格。
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from gongkai.htmlpolicy import DROP_WITH_CONTENT, TAGS, allowed_url, url_scheme
from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs
from gongkai.prose import COMMENT_OR_CODE, blank, without_fences
from gongkai.rules.base import Context, Finding, Severity, rule, shorten

# A start tag as browsers read one: a name is anything up to a space, "/" or ">" (so
# `<javascript:alert(1)>`, which Markdown leaves as HTML, is an element), and "/" may also
# separate attributes (`<script/src=…>`).
_TAG = re.compile(
    r"<([A-Za-z][^\s/<>]*)"
    r"""((?:[\s/]+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*)[\s/]*>"""
)
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+)))?""")
# Markdown's attribute lists (the attr_list extension): `{: onclick="…" }`.
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*=[^{}\n]*)\}")
# Link and image targets `](url` (a URL may hold balanced parentheses, as in
# `javascript:void(0)`), and reference definitions `[id]: url`.
_MARKDOWN_URL = re.compile(
    r"\]\(\s*<?([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)"
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)",
    re.MULTILINE,
)
# What a report must hold for any of the above to matter (see gongkai.model.scan).
_MARKUP = literals("<", ":")
_URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "ping",
        "xlink:href",
    }
)


@rule(
    id="GK409",
    name="unsafe-html",
    severity=Severity.warning,
    summary={
        "zh": "正文中有网站生成时会删除的 HTML（脚本、事件属性、javascript: 等地址）",
        "en": "HTML the site build removes (scripts, event handlers, javascript: and other URLs)",
    },
    messages={
        "element-with-content": {
            "zh": "网站会删除“<{tag}>”及其中的全部内容：网页中不允许这种元素。"
            "请删除它，需要的文字用 Markdown 写出",
            "en": "The site removes <{tag}> together with everything inside it; delete it and "
            "write any text it holds in Markdown",
        },
        "element": {
            "zh": "网站会删除“<{tag}>”标签（其中的文字保留）：网页中不允许这种元素。请删除它",
            "en": "The site removes the <{tag}> tag (keeping its text); delete it",
        },
        "handler": {
            "zh": "网站会删除事件属性“{name}”：网页中不允许运行报告中的脚本。请删除它",
            "en": "The site removes the event handler attribute '{name}': a report may not "
            "run scripts; delete it",
        },
        "url": {
            "zh": "地址“{url}”使用了“{scheme}:”，网站会删除这个地址。"
            "请改用 http、https、mailto、tel 开头的地址或站内的相对地址",
            "en": "The address '{url}' uses '{scheme}:', which the site removes; use an "
            "http, https, mailto or tel address, or a relative one",
        },
    },
    doc=__doc__ or "",
)
def unsafe_html(report: Report, ctx: Context) -> Iterator[Finding]:
    if report.source is None:
        return
    text = report.text
    body = text[report.body_offset :]
    # Most reports hold neither HTML nor a link target: skip them for a substring test.
    if not occurs(report, _MARKUP):
        return
    body = COMMENT_OR_CODE.sub(blank, without_fences(body))
    found = sorted(
        [*_tag_findings(body), *_attribute_list_findings(body), *_markdown_url_findings(body)],
        key=lambda item: item[0],
    )
    for offset, message, args in found:
        line, col = report.source.position(report.body_offset + offset)
        # Severity None (the rule's own) by position, so that **args cannot be taken for it.
        yield unsafe_html.finding(line, col, message, None, **args)


Found = tuple[int, str, dict[str, str]]


def _tag_findings(body: str) -> Iterator[Found]:
    for tag in _TAG.finditer(body):
        name = tag.group(1).lower()
        if name in DROP_WITH_CONTENT:
            yield tag.start(), "element-with-content", {"tag": name}
        elif name not in TAGS:
            yield tag.start(), "element", {"tag": shorten(name)}
        yield from _attribute_findings(body, tag.start(2), tag.end(2))


def _attribute_list_findings(body: str) -> Iterator[Found]:
    for attributes in _ATTRIBUTE_LIST.finditer(body):
        yield from _attribute_findings(body, attributes.start(1), attributes.end(1))


def _attribute_findings(body: str, start: int, end: int) -> Iterator[Found]:
    for attribute in _ATTRIBUTE.finditer(body, start, end):
        name = attribute.group(1).lower()
        value = next((v for v in attribute.groups()[1:] if v is not None), None)
        if name.startswith("on"):
            yield attribute.start(), "handler", {"name": name}
        elif name in _URL_ATTRIBUTES and value is not None:
            yield from _url_finding(attribute.start(), value)


def _markdown_url_findings(body: str) -> Iterator[Found]:
    for match in _MARKDOWN_URL.finditer(body):
        group = 1 if match.group(1) is not None else 2
        yield from _url_finding(match.start(group), match.group(group))


def _url_finding(offset: int, raw: str) -> Iterator[Found]:
    url = html.unescape(raw)
    if not allowed_url(url):
        yield offset, "url", {"url": shorten(raw), "scheme": url_scheme(url) or ""}
