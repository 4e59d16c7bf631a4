"""Synthetic fazhi reports for the site benchmark (scripts/bench_site.py).

Every report is valid for gongkai (no finding at all from `gongkai check`, with or without
the registry that `registry_yaml` writes): the five contents of the fazhi profile, a title
year equal to `year`, a publication date before the deadline, and prose that names no body
but its own issuer. Each issuer is a distinct fictional township, so no two reports share
a URL.

The filler prose comes from ../shared/bench/gen_reports.py when it is there, the generator
the anchor figures (stock mkdocs-material 13.1 s at 1,000 reports) were measured with, so
the text that Markdown, jieba and our n-gram index see is of the same kind. Its vocabulary
is written for a provincial department (我厅, 政府信息公开); the few words a township's
report may not use are rewritten in `_as_township`. Without it, a small fazhi vocabulary of
our own is used. Nothing of its text is copied here.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

# The same measures as the check benchmark writes about, so both benchmarks read alike.
from bench_check import _MEASURES, _VERBS, closing_sections

SHARED_GENERATOR = Path(__file__).resolve().parents[2] / "shared/bench/gen_reports.py"

# Characters for fictional place names: two of them make a county or a township. None of
# them ends a word that GK401 would read as a function word or a common noun.
_PLACE_CHARS = "青碧丹枫柏桐榆桦杉椿梧棠莲荷菱芷蘅蓉苇蒲岚峦岱岩崖峪涧溪沛洵澄渥汀淇湄濂泓"
_YEARS = range(2019, 2025)  # report years; every date is then in the past

_SUBJECTS = ["镇党委", "镇政府", "各站所", "司法所", "综合执法队", "法律顾问", "工作专班"]
_OBJECTS = [
    "重大行政决策程序",
    "行政执法公示制度",
    "执法全过程记录制度",
    "合法性审查机制",
    "法治宣传教育责任制",
    "矛盾纠纷排查调处机制",
    "权责清单动态调整",
    "行政应诉工作",
    "便民服务事项清单",
]
_RESULTS = ["各项工作有序推进", "群众满意度进一步提升", "依法行政水平明显提高", "制度更加健全"]
_FACTS = [
    "全年审查合同协议{n}份。",
    "组织执法人员培训{n}人次。",
    "受理矛盾纠纷{n}件，调解成功率达到{p}%。",
    "发放宣传资料{n}余份。",
]
_PLANS = [
    "严格落实重大行政决策程序，实行决策事项目录年度公布",
    "开展行政执法质量提升行动，逐案分析复议纠错案件",
    "加强基层法治队伍建设，充实司法所力量",
    "拓展法治宣传渠道，开设线上普法专栏",
    "持续推进矛盾纠纷多元化解，调解成功率保持在95%以上",
]
_NUMERALS = "一二三四五六七八九十"
# gen_reports.py's words that a township's report may not say (GK401: a township is not a
# 厅). Everything else of its vocabulary stays.
_TOWNSHIP_WORDS = {"我厅": "我镇", "各处室": "各站所", "全系统": "全镇"}


@dataclass(frozen=True)
class Issuer:
    name: str  # 青碧县丹枫镇人民政府
    county: str  # 青碧县人民政府


@dataclass(frozen=True)
class SyntheticReport:
    relpath: str  # under reports/
    text: str
    issuer: Issuer
    year: int


def load_shared_generator(path: Path = SHARED_GENERATOR) -> ModuleType | None:
    """gen_reports.py as a module, or None where ../shared is not laid out beside the repo."""
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("_gen_reports", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module if callable(getattr(module, "paragraph", None)) else None


def _own_paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        text = rng.choice(_SUBJECTS) + rng.choice(_VERBS) + rng.choice(_OBJECTS)
        if rng.random() < 0.5:
            text += "，" + rng.choice(_VERBS) + rng.choice(_OBJECTS)
        text += "，" + rng.choice(_RESULTS) + "。"
        if rng.random() < 0.4:
            text += rng.choice(_FACTS).format(n=rng.randint(3, 5000), p=rng.randint(90, 99))
        sentences.append(text)
    return "".join(sentences)


def _as_township(text: str) -> str:
    for word, replacement in _TOWNSHIP_WORDS.items():
        text = text.replace(word, replacement)
    return text


def paragraph_source(shared: ModuleType | None) -> Callable[[random.Random], str]:
    if shared is None:
        return _own_paragraph
    shared_paragraph: Callable[[random.Random], str] = shared.paragraph
    return lambda rng: _as_township(shared_paragraph(rng))


def issuers(n: int, seed: int) -> list[Issuer]:
    """n distinct fictional townships, about twenty to a county."""
    rng = random.Random(seed)
    pairs = [a + b for a in _PLACE_CHARS for b in _PLACE_CHARS if a != b]
    rng.shuffle(pairs)
    per_county = 20
    counties = pairs[: n // per_county + 1]
    towns = pairs[len(counties) :]
    if len(towns) < per_county:
        raise ValueError(f"too many synthetic issuers: {n}")
    # A town name may recur in another county, as real ones do; the full name is unique.
    found = []
    for index in range(n):
        county, town = counties[index // per_county], towns[index % len(towns)]
        found.append(Issuer(f"{county}县{town}镇人民政府", f"{county}县人民政府"))
    return found


def _table(rng: random.Random) -> list[str]:
    rows = ["| 项目 | 本年 | 上年 |", "| --- | ---: | ---: |"]
    for label in ["合法性审查件数", "行政执法案件", "行政复议案件", "调解矛盾纠纷"]:
        rows.append(f"| {label} | {rng.randint(0, 900)} | {rng.randint(0, 900)} |")
    return ["\n".join(rows)]


def report(
    index: int,
    issuer: Issuer,
    seed: int,
    paragraph: Callable[[random.Random], str],
    size: int = 6000,
) -> SyntheticReport:
    """Report number `index`: the same text for the same seed, whatever N is."""
    rng = random.Random(seed * 1_000_003 + index)
    year = rng.choice(_YEARS)
    published = dt.date(year + 1, 1, 1) + dt.timedelta(days=rng.randint(10, 58))  # ≤ 28 Feb
    front = [
        "---",
        f"title: 关于{year}年法治政府建设情况的报告",
        "type: fazhi",
        f"year: {year}",
        f"issuer: {issuer.name}",
        "issuer_level: township",
        f"published: {published.isoformat()}",
    ]
    if rng.random() < 0.7:
        front.append(f"doc_number: {issuer.name[3]}政〔{year + 1}〕{rng.randint(1, 60)}号")
    front.append("---")
    # Plans of our own (no 乡镇 a township's GK401 would read as another body), "{year + 1}年"
    # rather than 下一年度, and 无 under 五.
    tail, _ = closing_sections(
        rng,
        issuer.name,
        published,
        next_year=lambda: f"{year + 1}年",
        duties=lambda: "。" + paragraph(rng),
        other="无。",
        plans=_PLANS,
    )
    head = [
        f"{year}年，{issuer.name}坚持依法行政，扎实推进法治政府建设。现将有关情况报告如下。",
        "## 一、推进法治政府建设的主要举措和成效",
        paragraph(rng),
    ]
    table_at = rng.randrange(4) if rng.random() < 0.4 else -1  # a table in ~40% of reports
    budget = size - len("\n\n".join(front + head + tail).encode())
    for number, measure in enumerate(rng.sample(_MEASURES, 6)):
        if budget <= 0:
            break
        section = [f"### （{_NUMERALS[number]}）{measure}", paragraph(rng)]
        while len("\n\n".join(section).encode()) < min(budget, 1600) - 300:
            section.append(paragraph(rng))
        if number == table_at:
            section += _table(rng)
        head += section
        budget -= len("\n\n".join(section).encode()) + 2
    text = "\n".join(front) + "\n\n" + "\n\n".join(head + tail) + "\n"
    return SyntheticReport(f"{year}/fazhi/t{index:05d}.md", text, issuer, year)


def corpus(n: int, seed: int, shared: ModuleType | None) -> Iterator[SyntheticReport]:
    paragraph = paragraph_source(shared)
    for index, issuer in enumerate(issuers(n, seed)):
        yield report(index, issuer, seed, paragraph)


def registry_yaml(reports: list[SyntheticReport]) -> str:
    """A registry naming every issuer and its county, so the dashboard has bodies that owe
    a report in every year and the checker's registry rules run."""
    lines = ["issuers:"]
    counties = sorted({r.issuer.county for r in reports})
    for county in counties:
        lines += [f"  - name: {county}", "    level: county"]
    for item in sorted({r.issuer for r in reports}, key=lambda issuer: issuer.name):
        lines += [
            f"  - name: {item.name}",
            "    level: township",
            f"    parent: {item.county}",
            "    owes: [fazhi]",
        ]
    return "\n".join(lines) + "\n"
