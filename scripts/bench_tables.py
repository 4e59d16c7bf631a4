"""Benchmark what table validation adds to `gongkai check`.

    .venv/bin/python scripts/bench_tables.py              # 10,000 reports, 5 repetitions
    .venv/bin/python scripts/bench_tables.py --n 2000 --keep /tmp/xxgk

Generates N synthetic 政府信息公开工作年度报告 (xxgk), each with the three tables filled
consistently and about 5 KB of prose, one in 20 with a planted table defect (a result that
does not add up, a blank total, a missing table). Then, in one process and alternating,
checks the whole tree with every rule and with every rule except the table rules
(GK3xx), uncached and serially, so the difference is the cost of reading the blocks and
checking them. Target (issue 4): table validation adds at most 20 %.

The findings of the run with the table rules are compared with the defects planted, so a
fast but wrong run cannot pass.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

import gongkai.engine
from gongkai.config import Config
from gongkai.engine import FileResult, check_paths
from gongkai.rules import ALL_RULES

TARGET = 0.20
DEFECT_EVERY = 20
DEFECTS = [("identity", "GK303"), ("total-blank", "GK304"), ("missing-table", "GK301")]
_PLACES = ["青山", "河西", "东湖", "南岭", "北川", "西平", "临江", "清源", "白石", "长宁"]
_LEVELS = {
    "city": "{p}市人民政府",
    "county": "{p}县人民政府",
    "township": "{p}县{q}镇人民政府",
    "department": "{p}市财政局",
}
_DEADLINES = {"department": (1, 31), "township": (1, 31), "city": (3, 31), "county": (3, 31)}
_COLUMNS = 6  # 自然人 … 其他; the 总计 column is their sum
_RESULT_ROWS = [
    "予以公开", "部分公开", "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”",
    "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷",
    "属于行政查询事项", "本机关不掌握相关政府信息", "没有现成信息需要另行制作",
    "补正后申请内容仍不明确", "信访举报投诉类申请", "重复申请", "要求提供公开出版物",
    "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息",
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他",
]  # fmt: skip
_PROSE = [
    "围绕县委、县政府中心工作，持续深化政务公开，提升公开质量和实效。",
    "及时更新政府信息公开指南和主动公开目录，规范依申请公开办理流程。",
    "加强政策解读，采用图表、视频等形式解读重要政策文件，回应社会关切。",
    "推进基层政务公开标准化规范化建设，公开事项清单实行动态调整。",
    "完善政府门户网站信息公开专栏，优化站内检索，方便公众查阅下载。",
    "严格执行公开前保密审查，防止泄露国家秘密、商业秘密和个人隐私。",
]


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split at random into `parts` non-negative numbers."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _values(values: list[int | None]) -> str:
    return "[" + ", ".join("~" if v is None else str(v) for v in values) + "]"


def report(index: int, seed: int) -> tuple[str, str]:
    """(text, planted defect kind or '') of report number `index`."""
    rng = random.Random(seed * 1_000_003 + index)
    defect = ""
    if index % DEFECT_EVERY == DEFECT_EVERY // 2:
        defect = DEFECTS[(index // DEFECT_EVERY) % len(DEFECTS)][0]
    year = rng.randint(2021, 2025)
    level = rng.choice(sorted(_LEVELS))
    p, q = rng.sample(_PLACES, 2)
    # One report per issuer: pairs of years would bring carry-over-mismatch into play.
    issuer = _LEVELS[level].format(p=f"{p}{index}", q=q)
    month, day = _DEADLINES[level]
    published = dt.date(year + 1, 1, 5) + dt.timedelta(days=rng.randint(0, 20))
    published = min(published, dt.date(year + 1, month, day))
    new = [rng.randint(0, 60) if c == 0 else rng.randint(0, 6) for c in range(_COLUMNS)]
    carried = [rng.randint(0, 4) if c == 0 else 0 for c in range(_COLUMNS)]
    forward = [rng.randint(0, n + k) // 4 for n, k in zip(new, carried, strict=True)]
    handled = [n + k - f for n, k, f in zip(new, carried, forward, strict=True)]
    results = list(zip(*(_split(h, len(_RESULT_ROWS), rng) for h in handled), strict=True))

    def row(values: tuple[int, ...] | list[int]) -> list[int | None]:
        return [*values, sum(values)]

    rows = [row(list(r)) for r in results]
    if defect == "identity":
        rows[0][0] = (rows[0][0] or 0) + 1  # 予以公开[自然人] one too many; its total agrees
        rows[0][_COLUMNS] = (rows[0][_COLUMNS] or 0) + 1
    if defect == "total-blank":
        rows[0][_COLUMNS] = None
    t3 = [
        f"  本年新收政府信息公开申请数量: {_values(row(new))}",
        f"  上年结转政府信息公开申请数量: {_values(row(carried))}",
        *(f"  {label}: {_values(r)}" for label, r in zip(_RESULT_ROWS, rows, strict=True)),
        f"  总计: {_values(row(handled))}",
        f"  结转下年度继续办理: {_values(row(forward))}",
    ]
    review = _split(rng.randint(0, 3), 4, rng)
    direct = _split(rng.randint(0, 2), 4, rng)
    t4 = [*review, sum(review), *direct, sum(direct), 0, 0, 0, 0, 0]
    regulations = 0 if level in ("township", "county", "department") else rng.randint(0, 3)
    prose = "".join(rng.sample(_PROSE, len(_PROSE)))
    parts = [
        "---",
        f"title: {issuer}{year}年政府信息公开工作年度报告",
        "type: xxgk",
        f"year: {year}",
        f"issuer: {issuer}",
        f"issuer_level: {level}",
        f"published: {published.isoformat()}",
        "---",
        "",
        f"本年度报告中所列数据的统计期限为{year}年1月1日至{year}年12月31日。",
        "",
        "## 一、总体情况",
        "",
        prose * 4,
        "",
        f"全年新收政府信息公开申请{sum(new)}件，上年结转申请{sum(carried)}件，"
        f"另有{sum(forward)}件结转到下年度继续办理。",
        "",
        "政务公开纳入年度绩效考核，开展社会评议，全年未发生责任追究。",
        "",
        "## 二、主动公开政府信息情况",
        "",
        "```gongkai-table",
        "table: 二",
        "rows:",
        f"  规章: [{regulations}, 0, {regulations * 4}]",
        f"  行政规范性文件: [{rng.randint(0, 20)}, {rng.randint(0, 9)}, {rng.randint(20, 90)}]",
        f"  行政许可: {rng.randint(0, 5000)}",
        f"  行政处罚: {rng.randint(0, 2000)}",
        f"  行政强制: {rng.randint(0, 200)}",
        f"  行政事业性收费: {rng.randint(0, 90000) / 100}",
        "```",
        "",
        "## 三、收到和处理政府信息公开申请情况",
        "",
        "```gongkai-table",
        "table: 三",
        "rows:",
        *t3,
        "```",
        "",
        "## 四、政府信息公开行政复议、行政诉讼情况",
        "",
        "```gongkai-table",
        "table: 四",
        f"cells: {_values(t4)}",
        "```",
        "",
        "## 五、存在的主要问题及改进情况",
        "",
        prose * 2,
        "",
        "## 六、其他需要报告的事项",
        "",
        "本年度未收取信息处理费。",
        "",
    ]
    text = "\n".join(parts)
    if defect == "missing-table":
        text = text[: text.index("```gongkai-table\ntable: 四")] + text[text.index("## 五") :]
    return text, defect


def generate(root: Path, n: int, seed: int) -> dict[str, str]:
    planted = {}
    for index in range(n):
        text, defect = report(index, seed)
        path = root / f"r{index:05d}.md"
        path.write_text(text, encoding="utf-8")
        planted[path.as_posix()] = defect
    return planted


def verify(planted: dict[str, str], results: list[FileResult]) -> list[str]:
    expected = dict(DEFECTS)
    problems = []
    for result in results:
        found = {f.rule for f in result.findings if f.rule.startswith("GK3")}
        want = {expected[planted[result.path]]} if planted[result.path] else set()
        if found != want:
            problems.append(
                f"{result.path}: planted {planted[result.path] or 'nothing'}, "
                f"found {sorted(found) or 'nothing'}"
            )
    return problems


def timed(
    paths: list[str], config: Config, table_rules: bool
) -> tuple[float, float, list[FileResult]]:
    """(wall seconds, CPU seconds, results): CPU time is the steadier measure on a busy
    machine, wall time what an editor waits."""
    # The engine runs gongkai.engine.ALL_RULES; without the table rules nothing even reads
    # the blocks, because they are parsed on first use.
    rules = ALL_RULES if table_rules else tuple(r for r in ALL_RULES if not r.id.startswith("GK3"))
    gongkai.engine.ALL_RULES = rules  # type: ignore[misc]
    try:
        started, cpu = time.perf_counter(), time.process_time()
        results = check_paths(paths, config, cache=None, jobs=1)
        return time.perf_counter() - started, time.process_time() - cpu, results
    finally:
        gongkai.engine.ALL_RULES = ALL_RULES  # type: ignore[misc]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of reports (10000)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions; medians shown (5)")
    parser.add_argument("--seed", type=int, default=2025, help="corpus seed (2025)")
    parser.add_argument("--keep", type=Path, help="generate into DIR and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-tables-") as temporary:
        root = args.keep.resolve() if args.keep else Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        planted = generate(root, args.n, args.seed)
        paths = sorted(planted)
        size = sum(Path(p).stat().st_size for p in paths) / len(paths)
        print(
            f"generated {args.n} xxgk reports in {time.perf_counter() - started:.1f} s "
            f"({size / 1024:.1f} KiB each), {sum(bool(d) for d in planted.values())} defective"
        )
        config = Config()
        runs: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for rep in range(args.reps):
            wall, cpu, results = timed(paths, config, table_rules=True)
            runs[True].append((wall, cpu))
            if rep == 0:
                problems = verify(planted, results)
                if problems:
                    print(
                        f"WRONG RESULTS in {len(problems)} reports, e.g.\n  "
                        + "\n  ".join(problems[:5])
                    )
                    return 1
            wall, cpu, _results = timed(paths, config, table_rules=False)
            runs[False].append((wall, cpu))
    print(f"\nmedian of {args.reps}, serial, uncached, in one process:")
    added = {}
    for kind, index in (("wall", 0), ("CPU", 1)):
        off = statistics.median(run[index] for run in runs[False])
        on = statistics.median(run[index] for run in runs[True])
        added[kind] = on / off - 1
        print(
            f"  {kind:4} without table rules {off:7.2f} s ({off / args.n * 1e6:5.0f} µs/report), "
            f"with {on:7.2f} s ({on / args.n * 1e6:5.0f} µs/report): {added[kind]:+.1%}"
        )
    verdict = "PASS" if added["CPU"] <= TARGET else "MISS"
    print(
        f"  table validation adds {added['CPU']:+.1%} CPU time (target ≤ {TARGET:.0%}): {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
