"""Page furniture of a government site, saved with the report: dropped before anything is read.

A page saved as text or HTML keeps the site's header and footer lines (“首页 > 政务公开 >
…”, “来源：区政府办 发布时间：2024-03-28 09:18”, “字体：[大 中 小]”, “打印本页 关闭窗口”).
Left in, they become the first lines the title is looked for in, and lines of the body.
GK403 knows most of them (`gongkai.residue`); the labels below are those a report's text
never starts a line with, but a page's metadata bar does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gongkai.residue import compiled

# Whole lines; a layout table's run of “|” ends many a title line, and goes by strip_residue.
_KINDS = frozenset({"page-furniture", "breadcrumb", "page-number"})
# Residue inside a line of text, deleted as `gongkai check --fix` deletes it.
_SPANS = tuple((pattern, triggers) for _kind, pattern, fix, triggers in compiled() if fix == "span")
_PAGE_LABELS = re.compile(
    r"^[ \t]*[\[【]?[ \t]*(?:信息来源|文章来源|来源|作者|责任编辑|编辑|浏览量|分享到|分享"
    r"|字体大小|字体|视力保护色|护眼模式|背景色)[ \t]*[:：]"
    r"|[\[【(（][ \t]*(?:打印|关闭|收藏|返回顶部|大|中|小)[ \t]*[\]】)）]"
    r"|^[ \t]*(?:简体|繁体)[ \t]*[|｜]|返回首页|无障碍阅读|关怀版|返回顶部|分享到[:：]?"
    # A page header's stale date: 天津市静海区人民政府 2019年12月3日星期二
    r"|\d{1,2}日[ \t]*星期[一二三四五六日天]$"
    # The rest of a breadcrumb trail: “> 政务公开 > 乡镇街道 > …”
    r"|^[ \t]*[>＞›»][^。，,]*[>＞›»]"
    # A disclosure page's metadata table: “成文日期 2024-01-16 发布机构 下各镇”
    r"|^[ \t]*(?:成文日期|发布机构|公开方式|发文机关|主题分类|公开范围)[ \t:：]"
    # A crawler's header block: “标题: …”, “原文链接: …”, then “===== 正文 =====”
    r"|^[ \t]*(?:标题|文号|栏目|原文链接|本地目录|采集时间)[ \t]*[:：]|^[ \t]*页面链接与图片详见"
    r"|^[ \t]*={3,}[^=]*={3,}[ \t]*$"
)
# A line of the report ends its sentences; a furniture line is labels and values.
_SENTENCE = re.compile(r"[。；！？]")
_MIN_SENTENCE = 3
# The labels of a disclosure page's metadata table, alone in a cell or before its value.
_METADATA_LABEL = re.compile(
    r"[\[【]?\s*(索引号|发布机构|发文机关|发文字号|文号|成文日期|发布日期|公开日期|发布时间"
    r"|主题分类|公开方式|公开范围|组配分类|标题|名称)\s*[\]】]?\s*[:：]?"
)
# One label may be a table's heading; two are the page's metadata.
_METADATA_MIN = 2


def is_furniture(line: str) -> bool:
    """Whether a whole line is page furniture (see the module note)."""
    if _SENTENCE.search(line):
        return False
    if _PAGE_LABELS.search(line):
        return True
    return any(
        kind in _KINDS
        and any(trigger in line for trigger in triggers)
        and pattern.search(line) is not None
        for kind, pattern, _fix, triggers in compiled()
    )


def text_after_furniture(line: str) -> str | None:
    """The report's text a furniture line ends in, after its last space: a clause with a
    comma that ends a sentence or opens a list (“…，现将有关情况报告如下：”)."""
    parts = line.rsplit(maxsplit=1)
    words = parts[-1] if len(parts) == 2 else ""
    # Tested by hand, not by a regex searched from each space: a line may be 1 MB long.
    if len(words) > _MIN_SENTENCE and words[-1] in "。；：:" and ("，" in words or "," in words):
        return words
    return None


def metadata_lines(grid: Sequence[Sequence[str]]) -> list[str] | None:
    """A page's metadata table (“索引号 | … | 发布机构 | … / 成文日期 | … | 发布日期 | …”) as
    “label：value” lines for the inference; None for any other table."""
    lines = []
    for row in grid:
        cells = [cell.strip() for cell in row]
        for index, cell in enumerate(cells):
            label = _METADATA_LABEL.fullmatch(cell)
            if label and index + 1 < len(cells):
                lines.append(f"{label[1]}：{cells[index + 1]}")
            elif _METADATA_LABEL.match(cell):
                lines.append(cell)
    return lines if len(lines) >= _METADATA_MIN else None


def strip_residue(line: str) -> str:
    """The line without the Word fields, bookmarks and watermarks GK403 would flag in it."""
    for pattern, triggers in _SPANS:
        if any(trigger in line for trigger in triggers):
            line = pattern.sub("", line)
    return line.strip()
