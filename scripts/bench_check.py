"""Benchmark `gongkai check` against the floor of a minimal validator.

    .venv/bin/python scripts/bench_check.py                 # 10,000 reports, 3 repetitions
    .venv/bin/python scripts/bench_check.py --n 2000 --keep /tmp/corpus

Generates N synthetic fazhi reports that are valid for our schema (~7 KB of UTF-8 each,
about 5% deliberately defective: a missing section, a wrong year or a late date), then:

1. floor: the CSafeLoader row of ../shared/bench/validate_baseline.py on the same files
   (read, libyaml front-matter, heading regex), in-process; measured once before each cold
   run, so that each cold/floor ratio compares runs made under the same load (the machine
   may be shared), and the median of those ratios is shown;
2. cold: `gongkai check reports --format json` with no cache, end to end in a subprocess
   (interpreter start-up included), from a project directory holding an empty gongkai.yml
   and a .git directory, so the cache is written to <project>/.gongkai-cache;
3. warm: the same command again over the unchanged tree, with that cache, and what it
   cannot avoid (start-up, imports, listing the tree, one lstat per file);
4. cold with --jobs 1, for reference.

With --per-rule it instead times each rule in-process on the first N reports (no files,
no start-up), in µs per report: where the check time goes, rule by rule.

    .venv/bin/python scripts/bench_check.py --per-rule --n 1000

With --copies, half the reports are lightly edited copies of the other half (as in
scripts/bench_duplicates.py): it times the cold check with duplicate-content (GK406) on and
off, then with the cache: nothing changed, and one report changed.

    .venv/bin/python scripts/bench_check.py --copies --n 10000 --reps 1

With --template, every report follows one template (most of its text), and one in 25 is
a copy: GK406's worst case, timed at N/4, N/2 and N reports to show it stays linear.

    .venv/bin/python scripts/bench_check.py --template --n 10000 --reps 1

Targets (project spec): cold ≤ 3 × floor, warm ≤ 0.1 × cold; with half the reports copies,
GK406 on ≤ 1.3 × off, also with one template. The findings of every run are also compared
with the defects (or copies) planted, and warm with cold, so a fast but wrong run cannot
pass.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BASELINE = Path(__file__).resolve().parents[1].parent / "shared/bench/validate_baseline.py"
COLD_TARGET = 3.0  # cold check / floor
WARM_TARGET = 0.1  # warm check / cold check
COPIES_TARGET = 1.3  # cold check with duplicate-content / without it
DEFECT_EVERY = 20  # one report in 20 (5%) is defective

# --------------------------------------------------------------------------------------
# Synthetic reports

_PLACES = ["青山", "河西", "东湖", "南岭", "北川", "西平", "临江", "清源", "白石", "长宁"]
_LEVELS = {
    "province": ("{p}省人民政府", "{a}政"),
    "city": ("{p}市人民政府", "{a}政"),
    "county": ("{p}县人民政府", "{a}政"),
    "township": ("{p}县{q}镇人民政府", "{a}{b}政"),
    "department": ("{p}市司法局", "{a}司"),
}
_MEASURES = [
    "健全依法决策机制",
    "规范行政执法行为",
    "推进矛盾纠纷多元化解",
    "深化法治宣传教育",
    "加强规范性文件管理",
    "强化行政权力制约和监督",
    "依法全面履行政府职能",
    "加强基层法治建设",
    "提升政务服务水平",
    "推进政务公开",
]
_SUBJECTS = ["县政府", "各部门", "司法局", "各乡镇", "执法机构", "镇政府", "法律顾问", "工作专班"]
_VERBS = ["健全", "完善", "推进", "落实", "加强", "深化", "规范", "优化", "细化", "统筹"]
_OBJECTS = [
    "重大行政决策程序",
    "行政执法公示制度",
    "执法全过程记录制度",
    "重大执法决定法制审核制度",
    "合法性审查机制",
    "行政复议案件办理",
    "法治宣传教育责任制",
    "矛盾纠纷排查调处机制",
    "权责清单动态调整",
    "规范性文件备案审查",
    "行政应诉工作",
    "政务服务事项清单",
]
_RESULTS = [
    "各项工作有序推进",
    "群众满意度进一步提升",
    "依法行政水平明显提高",
    "制度体系更加健全",
    "工作机制运行顺畅",
    "执法质量稳步提升",
]
_FACTS = [
    "全年审查合同协议{n}份。",
    "组织执法人员培训{n}人次。",
    "办理行政处罚案件{n}件。",
    "受理矛盾纠纷{n}件，调解成功率达到{p}%。",
    "发放宣传资料{n}余份。",
    "清理规范性文件{n}件。",
]
_SHORTCOMINGS = [
    ("部分干部依法办事意识不强", "学法培训以会议传达为主，针对性不强"),
    ("执法力量相对薄弱", "下放的执法事项较多而人员配备没有同步跟上"),
    ("法治宣传形式较为单一", "宣传主要依靠集中活动，线上渠道建设滞后"),
    ("规范性文件清理不够及时", "清理工作缺少常态化机制"),
    ("行政复议纠错率偏高", "一线执法人员业务水平参差不齐"),
]
_PLANS = [
    "严格落实重大行政决策程序，实行决策事项目录年度公布",
    "开展行政执法质量提升行动，逐案分析复议纠错案件",
    "加强基层法治队伍建设，充实乡镇司法所力量",
    "拓展法治宣传渠道，开设线上普法专栏",
    "持续推进矛盾纠纷多元化解，调解成功率保持在95%以上",
]
_NUMERALS = "一二三四五六七八九十"


def _sentence(rng: random.Random) -> str:
    text = rng.choice(_SUBJECTS) + rng.choice(_VERBS) + rng.choice(_OBJECTS)
    if rng.random() < 0.5:
        text += "，" + rng.choice(_VERBS) + rng.choice(_OBJECTS)
    text += "，" + rng.choice(_RESULTS) + "。"
    if rng.random() < 0.4:
        text += rng.choice(_FACTS).format(n=rng.randint(3, 5000), p=rng.randint(90, 99))
    return text


def _paragraph(rng: random.Random) -> str:
    return "".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


@dataclass(frozen=True)
class Planted:
    """What is wrong with a generated report, and the rule that must say so."""

    kind: str  # "" for a clean report
    rule: str = ""


_DEFECTS = [
    Planted("missing-section", "GK101"),
    Planted("wrong-year", "GK201"),
    Planted("late-date", "GK202"),
]


def closing_sections(
    rng: random.Random,
    issuer: str,
    published: dt.date,
    *,
    next_year: Callable[[], str],
    duties: Callable[[], str],
    other: str,
    plans: Sequence[str] = _PLANS,
) -> tuple[list[str], int]:
    """Sections 二 to 五 and the signature, and how many lines section 二's items take.
    `next_year` and `duties` draw from `rng` after the items, in this order, so that each
    generator keeps the texts it has always made for a seed."""
    shortcomings = [
        f"{_NUMERALS[i]}是{problem}。主要原因是{cause}。"
        for i, (problem, cause) in enumerate(rng.sample(_SHORTCOMINGS, rng.randint(2, 4)))
    ]
    chosen = [
        f"{_NUMERALS[i]}是{plan}。" for i, plan in enumerate(rng.sample(plans, rng.randint(3, 5)))
    ]
    year_words = next_year()
    tail = [
        "## 二、存在的不足和原因",
        *shortcomings,
        "## 三、党政主要负责人履行推进法治建设第一责任人职责情况",
        f"{issuer}主要负责人认真履行推进法治建设第一责任人职责" + duties(),
        f"## 四、{year_words}推进法治政府建设的主要安排",
        *chosen,
        "## 五、其他需要报告的情况",
        other,
        issuer,
        f"{published.year}年{published.month}月{published.day}日",
    ]
    return tail, len(shortcomings)


def report(index: int, seed: int, size: int = 7000) -> tuple[str, int, Planted]:
    """(text, year, planted defect) of report number `index`: the same for the same seed,
    and a corpus of N reports is a prefix of any larger one."""
    rng = random.Random(seed * 1_000_003 + index)
    defect = Planted("")
    if index % DEFECT_EVERY == DEFECT_EVERY // 2:
        defect = _DEFECTS[(index // DEFECT_EVERY) % len(_DEFECTS)]
    year = rng.randint(2019, 2025)
    level = rng.choice(sorted(_LEVELS))
    p, q = rng.sample(_PLACES, 2)
    issuer_pattern, abbr_pattern = _LEVELS[level]
    issuer = issuer_pattern.format(p=p, q=q)
    abbr = abbr_pattern.format(a=p[0], b=q[0])
    published = dt.date(year + 1, 1, 1) + dt.timedelta(days=rng.randint(20, 89))
    if defect.kind == "late-date":
        published = dt.date(year + 1, 4, rng.randint(5, 30))
    title_year = year - 1 if defect.kind == "wrong-year" else year
    front = [
        "---",
        f"title: 关于{title_year}年法治政府建设情况的报告",
        "type: fazhi",
        f"year: {year}",
        f"issuer: {issuer}",
        f"issuer_level: {level}",
        f"published: {published.isoformat()}",
        "status: published",
    ]
    if rng.random() < 0.7:
        front.append(f"doc_number: {abbr}〔{year + 1}〕{rng.randint(1, 60)}号")
    front.append("---")

    tail, shortcomings = closing_sections(
        rng,
        issuer,
        published,
        next_year=lambda: rng.choice([f"{year + 1}年", "下一年度"]),
        duties=lambda: "，" + _paragraph(rng),
        other=f"{year}年，本机关未发生行政复议决定被撤销或者确认违法的情况。本报告已经保密审查。",
    )
    if defect.kind == "missing-section":
        tail = tail[shortcomings + 1 :]
    head = [
        f"{year}年，{issuer}坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下。",
        "## 一、推进法治政府建设的主要举措和成效",
        _paragraph(rng),
    ]
    # Fill the measures with subsections until the report reaches its size.
    budget = size + rng.randint(-500, 500) - len("\n\n".join(front + head + tail).encode())
    for number, measure in enumerate(rng.sample(_MEASURES, len(_MEASURES))):
        if budget <= 0:
            break
        section = [f"### （{_NUMERALS[number]}）{measure}", _paragraph(rng)]
        while len("\n\n".join(section).encode()) < min(budget, 1500) - 200:
            section.append(_paragraph(rng))
        head += section
        budget -= len("\n\n".join(section).encode()) + 2
    text = "\n".join(front) + "\n\n" + "\n\n".join(head + tail) + "\n"
    return text, year, defect


def generate(root: Path, n: int, seed: int) -> dict[str, Planted]:
    """Write reports/<year>/fazhi/<index>.md under root; returns the defects by path."""
    planted: dict[str, Planted] = {}
    made: set[Path] = set()
    for index in range(n):
        text, year, defect = report(index, seed)
        directory = root / "reports" / str(year) / "fazhi"
        if directory not in made:
            directory.mkdir(parents=True, exist_ok=True)
            made.add(directory)
        path = directory / f"r{index:05d}.md"
        path.write_text(text, encoding="utf-8")
        planted[path.relative_to(root).as_posix()] = defect
    return planted


# --------------------------------------------------------------------------------------
# Measuring


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kb: int
    exit_code: int
    cpu_seconds: float  # user + system, of the process and the workers it waited for


def run(
    command: Sequence[str],
    cwd: Path,
    stdout: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Run:
    """Run a command to completion (in this process's environment, or `env`); wall time and
    peak RSS (ru_maxrss of the child and its waited-for children, i.e. of the largest single
    process in its tree)."""
    with open(stdout or os.devnull, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode not in (0, 1):  # 1: error findings, expected for the defects
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors}")
    return Run(seconds, usage.ru_maxrss, process.returncode, usage.ru_utime + usage.ru_stime)


def floor(reports: Path, reps: int) -> tuple[float, float] | None:
    """(median seconds, CPU seconds) of validate_baseline.py's CSafeLoader row, or None.
    The seconds are its own in-process timing; the CPU time is the whole process's, start-up
    included, as gongkai's is."""
    if not BASELINE.is_file():
        print(f"floor: {BASELINE} not found; skipping the floor and the cold/floor ratio")
        return None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(
        [sys.executable, str(BASELINE), str(reports), str(reps), "c"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    row = next((line for line in output.splitlines() if line.startswith("CSafeLoader\t")), "")
    fields = dict(re.findall(r"(\w+)=([\d.]+)", row))
    if "median_s" not in fields:  # e.g. a PyYAML built without libyaml: no floor to compare
        raise SystemExit(f"cannot read validate_baseline.py output:\n{output}")
    return float(fields["median_s"]), cpu


def gongkai_command() -> list[str]:
    script = Path(sys.executable).with_name("gongkai")
    found = str(script) if script.exists() else shutil.which("gongkai")
    if found is None:
        raise SystemExit("gongkai is not installed: run `make venv` first")
    return [found]


# What a re-check of an unchanged tree cannot avoid: the interpreter and gongkai's imports,
# listing the tree and one lstat per file.
WARM_FLOOR = [
    sys.executable,
    "-c",
    "import os, gongkai.cli, gongkai.engine as e\n"
    "for path, _root in e.find_reports(['reports']): os.lstat(path)",
]


def verify(planted: dict[str, Planted], output: Path) -> str:
    """Compare the findings of a run with the defects planted; returns a problem or ''."""
    rules_by_path: dict[str, set[str]] = {}
    for item in json.loads(output.read_text(encoding="utf-8")):
        rules_by_path.setdefault(item["path"], set()).add(item["rule"])
    problems = []
    for path, defect in planted.items():
        found = rules_by_path.pop(path, set())
        if defect.rule not in found | {""}:
            problems.append(f"{path}: planted {defect.kind}, found {sorted(found) or 'nothing'}")
        elif not defect.rule and found:
            problems.append(f"{path}: clean report, found {sorted(found)}")
    problems += [
        f"{path}: not generated, found {sorted(rules)}" for path, rules in rules_by_path.items()
    ]
    if not problems:
        return ""
    return f"{len(problems)} report(s) with unexpected findings, e.g.\n  " + "\n  ".join(
        problems[:5]
    )


def per_rule(n: int, seed: int, reps: int) -> None:
    """Print the in-process time of each rule on the first `n` generated reports."""
    time_rules([(f"r{i:05d}.md", report(i, seed)[0].encode()) for i in range(n)], reps)


def time_rules(files: Sequence[tuple[str, bytes]], reps: int) -> None:
    """Print the in-process time of loading, of each rule (its digest included) and of the
    suppression scan, in µs per report, the minimum of `reps` passes over `files`.

    The literal scan and the derived prose text are shared by the content rules and built
    by the first one to ask for them, so each is timed on its own row, before them.
    """
    from gongkai.config import Config
    from gongkai.engine import context_for, silenced
    from gongkai.model.loader import load_report
    from gongkai.model.scan import found
    from gongkai.prose import prose
    from gongkai.rules import ALL_RULES

    config = Config()
    n = len(files)
    clock = time.process_time_ns  # CPU time: what other jobs on a shared machine distort least
    best: dict[str, int] = {}
    for _ in range(reps):
        totals: Counter[str] = Counter()
        for path, data in files:
            started = clock()
            loaded = load_report(path, data)
            ctx = context_for(loaded, config)
            lap = clock()
            totals["load"] += lap - started
            found(loaded)
            totals["scan (shared)"] += clock() - lap
            lap = clock()
            prose(loaded)
            totals["prose (shared)"] += clock() - lap
            for rule in ALL_RULES:
                lap = clock()
                if not rule.needs_profile or ctx.profile is not None:
                    list(rule.check(loaded, ctx))
                    if rule.digest is not None:
                        rule.digest(loaded, ctx)
                totals[rule.id] += clock() - lap
            lap = clock()
            silenced(loaded)
            totals["suppressions"] += clock() - lap
        best = {name: min(total, best.get(name, total)) for name, total in totals.items()}
    total = sum(best.values())
    print(f"CPU µs per report, best of {reps} pass(es) over {n} reports, in-process")
    for name, nanoseconds in best.items():
        print(f"  {name:<16}{nanoseconds / n / 1000:9.1f}")
    rules = sum(v for k, v in best.items() if k != "load")
    print(f"  {'rules (all)':<16}{rules / n / 1000:9.1f}")
    print(f"  {'total':<16}{total / n / 1000:9.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of reports (10000)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions; medians are shown (3)")
    parser.add_argument("--keep", type=Path, help="generate into DIR and keep it")
    parser.add_argument("--jobs", type=int, default=0, help="gongkai check --jobs (0: auto)")
    parser.add_argument("--seed", type=int, default=2025, help="corpus seed (2025)")
    parser.add_argument("--per-rule", action="store_true", help="time each rule in-process instead")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--copies", action="store_true", help="half the reports are copies")
    mode.add_argument("--template", action="store_true", help="every report on one template")
    args = parser.parse_args()
    if args.per_rule:
        per_rule(args.n, args.seed, args.reps)
        return 0

    temporary = None
    if args.keep:
        project = args.keep.resolve()
        if project.exists() and any(project.iterdir()):
            raise SystemExit(f"--keep {project}: directory exists and is not empty")
    else:
        temporary = tempfile.TemporaryDirectory(prefix="gongkai-bench-")
        project = Path(temporary.name)
    try:
        if args.copies:
            return measure_copies(project, args)
        if args.template:
            return measure_template(project, args)
        return measure(project, args)
    finally:
        if temporary is not None:
            temporary.cleanup()


def measure(project: Path, args: argparse.Namespace) -> int:
    project.mkdir(parents=True, exist_ok=True)
    (project / ".git").mkdir(exist_ok=True)  # stops the search for gongkai.yml here
    (project / "gongkai.yml").write_text("", encoding="utf-8")
    started = time.perf_counter()
    planted = generate(project, args.n, args.seed)
    size = sum(p.stat().st_size for p in (project / "reports").rglob("*.md"))
    defects = sum(bool(d.kind) for d in planted.values())
    print(
        f"generated {args.n} reports in {time.perf_counter() - started:.1f} s under {project}: "
        f"{size / args.n / 1024:.1f} KiB each on average, {defects} defective"
    )

    check = [*gongkai_command(), "check", "reports", "--format", "json"]
    cache = project / ".gongkai-cache"
    cold_runs, warm_runs, serial_runs, floors = [], [], [], []
    for rep in range(args.reps):
        shutil.rmtree(cache, ignore_errors=True)
        floors.append(floor(project / "reports", 1))
        cold_out, warm_out = project / "cold.json", project / "warm.json"
        cold_runs.append(run([*check, "--jobs", str(args.jobs)], project, cold_out))
        warm_runs.append(run([*check, "--jobs", str(args.jobs)], project, warm_out))
        if rep == 0:
            problem = verify(planted, cold_out)
            if cold_out.read_bytes() != warm_out.read_bytes():
                problem += "\nthe warm (cached) run printed different findings from the cold run"
            if problem:
                print(f"WRONG RESULTS: {problem}")
                return 1
        shutil.rmtree(cache, ignore_errors=True)
        serial_runs.append(run([*check, "--jobs", "1"], project))

    cold = statistics.median(r.seconds for r in cold_runs)
    warm = statistics.median(r.seconds for r in warm_runs)
    serial = statistics.median(r.seconds for r in serial_runs)
    rss_mb = max(r.max_rss_kb for r in cold_runs) / 1024
    jobs = args.jobs or f"auto, {min(os.cpu_count() or 1, 8)} CPUs"
    rows = [("files", f"{args.n}", "", "", "")]
    verdicts = []
    measured = [f for f in floors if f is not None]
    ratios = [r.seconds / f[0] for r, f in zip(cold_runs, floors, strict=True) if f is not None]
    if measured:
        floor_s = statistics.median(f[0] for f in measured)
        ratio = statistics.median(ratios)
        verdicts.append(ratio <= COLD_TARGET)
        rows.append(
            (
                "floor (validate_baseline.py, CSafeLoader)",
                f"{floor_s:.3f} s",
                f"{floor_s / args.n * 1e6:.1f} µs/file",
                "",
                "",
            )
        )
        rows.append(
            (
                f"cold check (--jobs {jobs})",
                f"{cold:.3f} s",
                f"cold/floor {ratio:.2f}",
                f"≤ {COLD_TARGET:g}",
                "PASS" if ratio <= COLD_TARGET else "MISS",
            )
        )
    else:
        rows.append((f"cold check (--jobs {jobs})", f"{cold:.3f} s", "", "", ""))
    warm_ratio = warm / cold
    verdicts.append(warm_ratio <= WARM_TARGET)
    rows.append(
        (
            "warm re-check (cache)",
            f"{warm:.3f} s",
            f"warm/cold {warm_ratio:.2f}",
            f"≤ {WARM_TARGET:g}",
            "PASS" if warm_ratio <= WARM_TARGET else "MISS",
        )
    )
    least = statistics.median(run(WARM_FLOOR, project).seconds for _ in range(args.reps))
    rows.append(("start-up, list, stat (warm floor)", f"{least:.3f} s", "", "", ""))
    per_file = f"{serial / args.n * 1e6:.0f} µs/file"
    if measured:
        per_file += f", jobs1/floor {serial / floor_s:.2f}"
    rows.append(("cold check (--jobs 1)", f"{serial:.3f} s", per_file, "", ""))
    # CPU time is what a busy machine distorts least: it compares two versions measured at
    # different times better than wall time does.
    cpu = statistics.median(r.cpu_seconds for r in cold_runs)
    per_file = f"{cpu / args.n * 1e6:.0f} µs/file"
    if measured:
        floor_cpu = statistics.median(f[1] for f in measured)
        per_file += f", cold/floor CPU {cpu / floor_cpu:.2f}"
        rows.append(("floor, CPU time", f"{floor_cpu:.3f} s", "start-up included", "", ""))
    rows.append(("cold check, CPU time", f"{cpu:.3f} s", per_file, "", ""))
    warm_cpu = statistics.median(r.cpu_seconds for r in warm_runs)
    rows.append(
        (
            "warm re-check, CPU time",
            f"{warm_cpu:.3f} s",
            f"warm/cold CPU {warm_cpu / cpu:.3f}",
            "",
            "",
        )
    )
    rows.append(("peak RSS, cold run", f"{rss_mb:.0f} MB", "largest process", "", ""))
    print(f"\nmedian of {args.reps} run(s); gongkai timed end to end (start-up included)")
    _table(rows)
    runs = ", ".join(f"{r.seconds:.2f}" for r in cold_runs)
    print(f"\ncold runs: {runs} s; warm runs: {', '.join(f'{r.seconds:.2f}' for r in warm_runs)} s")
    if measured:
        print(
            f"floor runs: {', '.join(f'{f[0]:.2f}' for f in measured)} s; cold/floor per run: "
            f"{', '.join(f'{r:.2f}' for r in ratios)}"
        )
    if not all(verdicts):
        print("MISS: at least one target was not met")
    return 0


def _on_off(project: Path, args: argparse.Namespace, output: Path) -> tuple[Run, Run]:
    """Cold checks with duplicate-content off, then on (its output in `output`): the
    median run of each by wall time, and its CPU time, which a busy machine distorts least."""
    check = [*gongkai_command(), "check", "reports", "--format", "json", "--no-cache"]
    check += ["--jobs", str(args.jobs)]
    config = project / "gongkai.yml"
    off, on = [], []
    for _ in range(args.reps):
        config.write_text("rules:\n  duplicate-content: off\n", encoding="utf-8")
        off.append(run(check, project))
        config.write_text("", encoding="utf-8")
        on.append(run(check, project, output))
    return _median(off), _median(on)


def _median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def _table(rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())


def measure_copies(project: Path, args: argparse.Namespace) -> int:
    from bench_duplicates import generate as plant
    from bench_duplicates import verify as verify_copies

    project.mkdir(parents=True, exist_ok=True)
    (project / ".git").mkdir(exist_ok=True)
    planted = plant(project, args.n, args.seed, copy_every=2)
    print(f"generated {args.n} reports, {len(planted)} of them copies, under {project}")
    output = project / "on.json"
    off, on = _on_off(project, args, output)
    problem = verify_copies(planted, output)
    check = [*gongkai_command(), "check", "reports", "--format", "json"]
    check += ["--jobs", str(args.jobs)]
    cold = run(check, project, project / "cold.json")  # fills the cache
    warm = run(check, project, project / "warm.json")
    if (project / "warm.json").read_bytes() != output.read_bytes():
        problem += "\nthe warm (cached) run printed different findings from the cold run"
    # One copy changes (its first paragraph doubled): its pairs are compared again.
    changed = project / next(iter(planted))
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("\n\n", "\n\n" + text.split("\n\n")[1] + "\n\n", 1))
    one = run(check, project, project / "one.json")
    run([*check, "--no-cache"], project, project / "fresh.json")
    if (project / "one.json").read_bytes() != (project / "fresh.json").read_bytes():
        problem += "\nafter one change, the cached run differs from a check without the cache"
    ratio, cpu_ratio = on.seconds / off.seconds, on.cpu_seconds / off.cpu_seconds
    print(f"\nmedian of {args.reps} run(s), end to end (start-up included); CPU: user + system")
    rows = [("", "wall", "CPU", "ratio (wall, CPU)", "target", "")]
    rows.append(("cold check, duplicate-content off", *_times(off), "", "", ""))
    rows.append(
        (
            "cold check, duplicate-content on",
            *_times(on),
            f"on/off {ratio:.2f}, {cpu_ratio:.2f}",
            f"≤ {COPIES_TARGET:g}",
            "PASS" if cpu_ratio <= COPIES_TARGET else "MISS",
        )
    )
    rows.append(("cold check filling the cache", *_times(cold), "", "", ""))
    warm_ratio = warm.cpu_seconds / cold.cpu_seconds
    rows.append(
        (
            "re-check, nothing changed",
            *_times(warm),
            f"warm/cold {warm.seconds / cold.seconds:.3f}, {warm_ratio:.3f}",
            f"≤ {WARM_TARGET:g}",
            "PASS" if warm_ratio <= WARM_TARGET else "MISS",
        )
    )
    one_ratio = (
        f"one/cold {one.seconds / cold.seconds:.3f}, {one.cpu_seconds / cold.cpu_seconds:.3f}"
    )
    rows.append(("re-check, one report changed", *_times(one), one_ratio, "", ""))
    _table(rows)
    if problem:
        print(f"WRONG RESULTS:\n  {problem}")
        return 1
    return 0


def _times(run: Run) -> tuple[str, str]:
    return f"{run.seconds:.3f} s", f"{run.cpu_seconds:.3f} s"


def one_template(seed: int) -> str:
    """The passage of about 4,500 bytes that every report follows with --template."""
    rng = random.Random(seed + 1)
    paragraphs: list[str] = []
    while len("\n\n".join(paragraphs).encode()) < 4500:
        paragraphs.append(_paragraph(rng))
    return "\n\n".join(paragraphs)


def measure_template(project: Path, args: argparse.Namespace) -> int:
    from bench_duplicates import generate as plant
    from bench_duplicates import verify as verify_copies

    template = one_template(args.seed)
    rows: list[tuple[str, ...]] = [
        ("reports", "off", "on", "on/off", "CPU off", "CPU on", "on/off", "CPU on / at N/4")
    ]
    first = 0.0
    verdicts = []
    for n in (args.n // 4, args.n // 2, args.n):
        tree = project / f"n{n}"
        (tree / ".git").mkdir(parents=True, exist_ok=True)
        planted = plant(tree, n, args.seed, template=template)
        output = tree / "on.json"
        off, on = _on_off(tree, args, output)
        problem = verify_copies(planted, output)
        if problem:
            print(f"WRONG RESULTS at {n} reports:\n  {problem}")
            verdicts.append(False)
        first = first or on.cpu_seconds
        verdicts.append(on.cpu_seconds / off.cpu_seconds <= COPIES_TARGET)
        rows.append(
            (
                str(n),
                *(f"{r.seconds:.2f} s" for r in (off, on)),
                f"{on.seconds / off.seconds:.2f}",
                *(f"{r.cpu_seconds:.2f} s" for r in (off, on)),
                f"{on.cpu_seconds / off.cpu_seconds:.2f}",
                f"{on.cpu_seconds / first:.2f} (n × {n / (args.n // 4):g})",
            )
        )
        shutil.rmtree(tree / "reports")
    print(
        f"\none template (~{len(template.encode())} bytes of each ~7 KB report), one in 25 a copy;"
    )
    print(f"cold checks, median of {args.reps} run(s), end to end (start-up included)")
    _table(rows)
    print(f"CPU on/off ≤ {COPIES_TARGET:g} and right: {'PASS' if all(verdicts) else 'MISS'}")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
