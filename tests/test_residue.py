"""gongkai.residue: which patterns a text can match is decided by one pass over it (the
shared scan of gongkai.model.scan, over the literals residue declares), and where in it
they are tried by a cheaper regex than theirs."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from gongkai.model.report import Report
from gongkai.model.scan import found
from gongkai.model.source import SourceText
from gongkai.residue import LITERALS, compiled, finditer
from test_scan_differential import corpus_reports

_TRIGGERS = sorted({trigger for triggers in LITERALS.values() for trigger in triggers})


def _present(text: str) -> set[str]:
    return set(found(Report("a.md", source=SourceText(text)))) & set(_TRIGGERS)


def _naive(text: str) -> set[str]:
    return {trigger for trigger in _TRIGGERS if trigger in text}


def test_a_trigger_overlapping_another_is_still_found() -> None:
    """One literal's end may be another's start (a pass that reports only one match at a
    place would miss the other): every such pair, written overlapping, must yield both."""
    for first in _TRIGGERS:
        for second in _TRIGGERS:
            for size in range(1, min(len(first), len(second))):
                if first[-size:] == second[:size]:
                    text = first + second[size:]
                    assert _present(text) == _naive(text), text


def test_a_trigger_inside_a_longer_one_is_found() -> None:
    assert {"发布时间", "更新时间"} <= _present("发布时间：2024-03-28 更新时间：")
    assert _present("访问次数：12") == _naive("访问次数：12")


@given(st.lists(st.one_of(st.sampled_from(_TRIGGERS), st.text(max_size=3)), max_size=12))
def test_the_one_pass_finds_what_a_test_per_literal_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _present(text) == _naive(text)


# Pieces of every alternative of the patterns `search` tries only where they can begin,
# near misses among them, and the separators around which a line start or its absence
# decides a match.
_PIECES = (
    *("发布时间：2024-03-28 09:18", "[ 发布日期 ]", "【更新时间】", "今天是", "分享到：", "字号："),
    *("[ 索引号 ] 1141", "索 引 号：", "字体：[大 中 小]", "字体\n大 中 小", "无障碍阅读 简体"),
    *(
        "【打印本页】",
        "（ 关闭 ）",
        "(点击:)",
        "打印整页",
        "关闭窗口",
        "点击查看解读",
        "【有效性】",
    ),
    *("组配分类 政府信息公开年报", "主题分类：", "成文日期", "点击率：12", "访问量：", "阅读次数"),
    *("浏览次数：3|", "微信 微博 QQ空间", "微信\t微博", " 附件下载", "\t附件下载 ", "附件下载"),
    *("当前位置：首页", "您当前所在的位置:", "你现在的位置：", "目前所处位置 ：", "现在所在位置"),
    *("> 政务公开 > 乡镇街道 > 下各镇", "首页 > 政务", "首 页 走进 新闻 中心 政府 信息", "首页"),
    *("— 5 —", "- 12 -", "第 2 页 共 8 页", "第2页/共8页", "发展", "当前", "实现", "（一）"),
    *(" ", "\t", "\n", "\n\n", "：", "。", "›", "»", "＞", ">", "【", "]", "12"),
)


def _mutated_lines(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40)))


def _spans(matches: Iterator[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(match.start(), match.end(), match.group()) for match in matches]


def _texts() -> Iterator[str]:
    for _name, data in corpus_reports():
        yield data.decode()
    for seed in range(3000):
        yield _mutated_lines(seed)


def test_each_pattern_is_found_where_sre_alone_finds_it() -> None:
    """`residue.finditer` tries a pattern only where it can begin: the very same matches
    (spans, text, order) as the pattern's own finditer, from the text's start and within."""
    compared = 0
    for text in _texts():
        for _kind, pattern, _fix, _triggers in compiled():
            for pos in (0, len(text) // 3):
                expected = _spans(pattern.finditer(text, pos))
                assert _spans(finditer(pattern, text, pos)) == expected, (pattern.pattern, text)
                compared += bool(expected)
    assert compared > 3000  # the pieces make the patterns match, not only miss


def test_a_long_blank_line_costs_in_proportion_to_its_length() -> None:
    """The prose view blanks markup to runs of spaces: where a match can begin must be found
    in one pass over such a run, not once from each of its characters (CPU time, compared
    within this run: ten times the text, well under a hundred times the time)."""

    def cost(size: int) -> int:
        text = "\n" + " " * size + "\n" + "\t" * size + "x"
        best = None
        for _ in range(3):
            started = time.process_time_ns()
            for _kind, pattern, _fix, _triggers in compiled():
                for _ in range(5):
                    assert not list(finditer(pattern, text, 0))
            spent = time.process_time_ns() - started
            best = spent if best is None else min(best, spent)
        assert best is not None
        return best

    assert cost(4_000) < 30 * cost(400)
