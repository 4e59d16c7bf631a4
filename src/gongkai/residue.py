"""Residue a conversion from Word, PDF or a web page leaves in a text.

GK403 (`conversion-artifact`) reports it in a report; `gongkai import` drops it before it
reaches one. Both read the same table, so what the check flags the importer removes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs

# (kind, pattern, how to fix: "span" deletes the match, "line" its whole line, "" nothing,
#  literals one of which the text must contain for the pattern to be tried at all)
ARTIFACTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("word-field", r"\[bookmark:[^\]\n]*\]", "span", ("[bookmark:",)),
    ("word-field", r"PAGEREF\s+_Toc\d+(?:\s+\\h)?", "span", ("PAGEREF",)),
    ("word-field", r"HYPERLINK\s+\\l\s+\"_Toc\d+\"", "span", ("HYPERLINK",)),
    ("word-field", r"TOC\s+\\o\s+\"[\d-]+\"(?:\s+\\[hzu])*", "span", ("TOC",)),
    ("word-field", r"</?o:p>", "span", ("o:p>",)),
    (
        "broken-reference",
        r"错误[!！]\s*(?:未找到引用源|书签未定义|链接无效)[。.]?"
        r"|Error!\s*(?:Reference source not found|Bookmark not defined)\.?",
        "",
        ("错误", "Error!"),
    ),
    (
        "page-number",
        r"^[ \t]*[-—–－]{1,2}[ \t]*\d{1,4}[ \t]*[-—–－]{1,2}[ \t]*$",
        "line",
        ("-", "—", "–", "－"),
    ),
    (
        "page-number",
        r"^[ \t]*第[ \t]*\d+[ \t]*页[ \t]*[,，/／]?[ \t]*共[ \t]*\d+[ \t]*页[ \t]*$",
        "line",
        ("页",),
    ),
    ("pipes", r"\|{10,}", "span", ("||||||||||",)),
    (
        "watermark",
        r"秘书之家[—-]?全网资源每日更新\s*www\.mishuzj\.com|(?:来源|本文来自|转载自)[:：]?\s*"
        r"(?:原创力文档|道客巴巴|豆丁网|百度文库|文档之家|第一范文网)",
        "span",
        ("秘书之家", "来源", "本文来自", "转载自"),
    ),
    (
        "page-furniture",
        r"^[ \t]*(?:[\[【][ \t]*)?(?:发布时间|发布日期|更新时间|点击率|点击数|点击量|浏览次数|浏览量"
        r"|阅读次数|阅读量|访问次数|访问量|字体大小|字体|字号|分享到|今天是)[ \t]*(?:[:：]|[\]】])"
        r"|[\[【(（][ \t]*(?:打印本页|关闭窗口|打印|关闭|点击)[ \t]*[:：]?[ \t]*[\]】)）]"
        r"|字体[:：]?\s*[\[【]?\s*大\s*中\s*小|无障碍(?:阅读)?[ \t]+(?:简体|关怀版)"
        r"|打印整页|打印本页|关闭窗口|点击查看解读"
        # A label with a timestamp anywhere on the line: 来源:… 发布时间:2024-03-28 09:18
        r"|(?:发布时间|更新时间|发布日期)[ \t]*[:：][ \t]*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
        # The metadata table of a disclosure page: [ 索引号 ] …, 索 引 号 …
        r"|[\[【][ \t]*(?:索引号|发文字号|主题分类|体裁分类|组配分类|发布机构|有效性|成文日期)[ \t]*[\]】]"
        r"|^[ \t]*索[ \t]*引[ \t]*号[ \t:：]",
        "",
        (
            *("发布时间", "发布日期", "更新时间", "点击", "浏览", "阅读次数", "阅读量", "访问"),
            *("字体", "字号", "分享", "今天是", "打印", "关闭", "无障碍", "索引号", "索 引"),
            *("发布机构", "有效性", "分类", "成文日期", "发文字号"),
        ),
    ),
    (
        "page-furniture",
        # The metadata table without brackets, one label opening each line: 组配分类 政府信息公开年报
        r"^[ \t]*(?:组配分类|主题分类|体裁分类|公开方式|公开范围|成文日期|发布机构)(?=[ \t]*[:：]|[ \t]+\S)"
        # A counter in the middle of a line, empty or with its number: 发布日期: … 访问次数:
        r"|(?:点击率|点击数|点击量|浏览次数|浏览量|阅读次数|访问次数|访问量)[ \t]*[:：][ \t]*\d*(?=[ \t|]|$)"
        # Share buttons and download links run into the text: 10:09 微信 微博 QQ空间
        r"|微信[ \t]+微博(?:[ \t]+QQ空间)?|[ \t]附件下载[ \t]*$",
        "",
        (
            *("分类", "公开方式", "公开范围", "成文日期", "发布机构", "点击", "浏览次数"),
            *("浏览量", "阅读次数", "访问次数", "访问量", "微信 ", "附件下载"),
        ),
    ),
    (
        "page-furniture",
        # A crawler's header block: 栏目: …, 原文链接: …, ==== 正文 ====
        r"^[ \t]*(?:栏目|原文链接|本地目录|采集时间)[ \t]*[:：]|^[ \t]*文号[ \t]*[:：][ \t]*$"
        r"|^[ \t]*页面链接与图片详见|^[ \t]*={3,}[ \t]*正文[ \t]*={3,}[ \t]*$",
        "",
        (
            "栏目:",
            "栏目：",
            "原文链接",
            "本地目录",
            "采集时间",
            "文号:",
            "文号：",
            "页面链接",
            "===",
        ),
    ),
    (
        "breadcrumb",
        r"(?:当前位置|您(?:当前)?所在(?:的)?位置|您的位置)[ \t]*[:：]?[ \t]*\S*"
        # Longer wordings, known by their colon: 您现在所在的位置：, 当前所在位置:
        r"|(?:您|你)(?:现在|当前|目前)(?:所在|所处)?的?位置[ \t]*[:：][ \t]*\S*"
        r"|(?:当前|现在|目前)(?:所在|所处)的?位置[ \t]*[:：][ \t]*\S*"
        # A trail of three or more steps on a line of its own: > 政务公开 > 乡镇街道 > 下各镇
        r"|^[ \t]*[>＞›»]?[ \t]*[^\s>＞›»，。；]{2,12}(?:[ \t]*[>＞›»][ \t]*[^\s>＞›»，。；]{2,20}){2,}[ \t]*$"
        r"|^[ \t]*首[ \t]*页[ \t]*[>＞›»][^\n]*"
        # A site's navigation bar: 首页 走进汉台 新闻中心 政府信息公开 …
        r"|^[ \t]*首[ \t]*页(?:[ \t]+[^\s，。、；]{2,8}){3,}[ \t]*$",
        "",
        ("位置", "首", ">", "＞", "›", "»"),
    ),
)
Compiled = tuple[tuple[str, re.Pattern[str], str, tuple[str, ...]], ...]


@cache
def compiled() -> Compiled:
    """ARTIFACTS with each pattern compiled, on first use rather than at import: some 3 ms,
    which a check answered from the cache (nothing to analyse) would pay for nothing."""
    # MULTILINE: the line-shaped artifacts (page numbers, breadcrumbs) anchor on ^ and $.
    return tuple(
        (kind, re.compile(pattern, re.MULTILINE), fix, triggers)
        for kind, pattern, fix, triggers in ARTIFACTS
    )


# Where a match can begin, for the patterns with ^-anchored alternatives: each regex
# below matches at every place a match of its pattern can begin (at the newline before it
# for a line start), and at few others. Left to itself sre tries every alternative at
# every character (an anchored one leaves it no first-character set to skip by), which
# costs a real report tens of µs; `search` tries the pattern, as it stands, only where its
# regex here matches, so where a match begins and which alternative wins are unchanged.
# Every branch opens with a character, so sre skips to the next place by a set test.
_STARTS = {
    ARTIFACTS[6][1]: r"\n(?=[ \t]*[-—–－])",
    ARTIFACTS[7][1]: r"\n(?=[ \t]*第)",
    ARTIFACTS[10][1]: r"\[|【|\(|（|字体|无障|打印|关闭|点击|发布|更新时"
    r"|\n(?=[ \t]*(?:[\[【][ \t]*)?(?:发布|更新|点击|浏览|阅读|访问|字|分享|今天|索))",
    ARTIFACTS[11][
        1
    ]: r"点击|浏览|阅读次|访问|微信| 附|\t附|\n(?=[ \t]*(?:组配|主题|体裁|公开|成文|发布机))",
    # A trail holds two arrows or more; a navigation bar, 首页.
    ARTIFACTS[13][1]: r"当前[位所]|现在所|目前所|您|你|\n(?=[^\n]*[>＞›»首])",
}


@cache
def _next_start() -> dict[str, re.Pattern[str]]:
    return {pattern: re.compile(starts) for pattern, starts in _STARTS.items()}


def search(pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
    """`pattern.search(text, pos)` for a pattern of `compiled()`, tried only where it can
    begin."""
    starts = _next_start().get(pattern.pattern)
    if starts is None:
        return pattern.search(text, pos)
    match = pattern.match(text, pos)
    place = starts.search(text, pos)
    while match is None and place is not None:
        at = place.start()
        # A newline stands for the line start after it.
        match = pattern.match(text, at + 1 if text[at] == "\n" else at)
        place = starts.search(text, at + 1)
    return match


def finditer(pattern: re.Pattern[str], text: str, pos: int) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos)` for a pattern of `compiled()` (none matches empty)."""
    match = search(pattern, text, pos)
    while match is not None:
        yield match
        match = search(pattern, text, match.end())


# Each pattern's literals, declared for the shared scan (gongkai.model.scan): one pass over
# a report tells which occur, and a pattern is tried only where one of its literals does.
LITERALS = {triggers: literals(*triggers) for *_rest, triggers in ARTIFACTS}

_FIELD_LINE = 200


def furniture_lines(report: Report, text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each line of the report's body that holds page furniture
    or a breadcrumb: labels and values a reader deletes by hand, whose spacing separates
    fields. `text` is the report's text or a view of it with the same offsets (gongkai.prose).
    A line longer than `_FIELD_LINE` is a report's text collapsed onto one line (crawler
    text), with furniture at its ends but prose in between: it is not such a line."""
    lines: set[tuple[int, int]] = set()
    start = report.body_offset
    for kind, pattern, _fix, triggers in compiled():
        if kind not in {"page-furniture", "breadcrumb"} or not occurs(report, LITERALS[triggers]):
            continue
        # One match a line is enough: the next search starts on the next line.
        match = search(pattern, text, start)
        while match is not None:
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            line_end = len(text) if line_end == -1 else line_end
            if line_end - line_start <= _FIELD_LINE:
                lines.add((line_start, line_end))
            match = search(pattern, text, line_end + 1)
    return sorted(lines)
