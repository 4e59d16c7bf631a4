"""Where the cost of duplicate-content (GK406) in `gongkai check` goes, in CPU time.

    .venv/bin/python scripts/bench_gk406.py --copies --n 10000
    .venv/bin/python scripts/bench_gk406.py --template --n 10000 --profile

Generates the tree that `bench_check.py --copies` (half the reports lightly edited copies
of the other half) or `--template` (every report on one template, one in 25 a copy) checks,
then, in this one process:

1. analyses every report as `gongkai check` does with GK406 off, and times GK406's digest
   of it apart (the prose both use is built by the other rules first, as in a check);
2. runs GK406's cross-report step over those digests, the garbage collector paused as the
   engine pauses it; with --profile, prints the functions that take longest in it. From
   ASIDE_FROM reports on, part of the step runs in child processes (workers.Aside): their
   CPU time is shown apart, and the step's wall time, which on an idle machine is the
   parent's CPU time plus what it waits for them.

CPU time throughout (what other jobs on a shared machine distort least), without start-up,
process pool and output: (digest + step) / rest is the in-process counterpart of the share
GK406 adds in bench_check.py's on/off ratio.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import one_template
from bench_duplicates import generate
from gongkai.cache import content_key
from gongkai.engine import _entries, analyse_report, context_for, find_reports
from gongkai.engine import load_checked_config as load_config
from gongkai.model.loader import load_report
from gongkai.rules.base import FileAnalysis
from gongkai.rules.gk406_duplicate_content import duplicate_content


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of reports (10000)")
    parser.add_argument("--seed", type=int, default=2025, help="corpus seed (2025)")
    parser.add_argument("--profile", action="store_true", help="profile the cross-report step")
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument("--copies", action="store_true", help="half the reports are copies")
    kind.add_argument("--template", action="store_true", help="every report on one template")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-gk406-") as directory:
        project = Path(directory)
        (project / ".git").mkdir()
        if args.copies:
            planted = generate(project, args.n, args.seed, copy_every=2)
        else:
            planted = generate(project, args.n, args.seed, template=one_template(args.seed))
        print(f"{args.n} reports, {len(planted)} of them copies")
        os.chdir(project)
        return measure(args.profile)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(profile: bool) -> int:
    config = load_config(None, Path.cwd())
    off = config.model_copy(update={"rules": {duplicate_content.name: "off"}})
    assert duplicate_content.digest is not None and duplicate_content.prepare is not None
    duplicate_content.prepare()  # as a check of this many files does
    clock = time.process_time
    rest = digesting = 0.0
    analysed: dict[str, FileAnalysis] = {}
    keys: dict[str, str | None] = {}
    for path, _root in find_reports(["reports"]):
        started = clock()
        data = Path(path).read_bytes()
        report = load_report(path, data, limits=config.limits)
        analysis = analyse_report(report, off)
        lap = clock()
        digest = duplicate_content.digest(report, context_for(report, config))
        digesting += clock() - lap
        rest += lap - started
        digests: dict[str, Any] = dict(analysis.digests)
        if digest is not None:
            digests[duplicate_content.id] = digest
        display = path.replace(os.sep, "/")
        analysed[display] = FileAnalysis(analysis.findings, analysis.meta, digests)
        keys[display] = content_key(data)
    entries = _entries(duplicate_content.id, analysed, keys)
    assert duplicate_content.corpus_check is not None
    profiler = cProfile.Profile() if profile else None
    gc.disable()
    children = _children_cpu()
    started, wall = clock(), time.perf_counter()
    if profiler:
        profiler.enable()
    found = list(duplicate_content.corpus_check(entries, config, {}))
    if profiler:
        profiler.disable()
    step, wall = clock() - started, time.perf_counter() - wall
    children = _children_cpu() - children
    gc.enable()
    n = len(analysed)
    print("CPU time, in-process")
    print(
        f"  rest of the check (load, other rules)  {rest:7.3f} s  {rest / n * 1e6:6.0f} µs/report"
    )
    print(
        f"  GK406 digest                           {digesting:7.3f} s  {digesting / n * 1e6:6.0f} µs/report"
    )
    print(f"  GK406 cross-report step                {step:7.3f} s  {len(found)} findings")
    print(f"    its child processes (workers.Aside)  {children:7.3f} s")
    print(f"    its wall time                        {wall:7.3f} s")
    print(f"  GK406 / rest                           {(digesting + step + children) / rest:7.3f}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
