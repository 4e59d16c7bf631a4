"""Where a re-check of an unchanged tree spends its time: start-up (imports) and the rest.

    .venv/bin/python scripts/bench_check.py --n 10000 --reps 1 --keep /tmp/corpus   # once
    .venv/bin/python scripts/bench_startup.py /tmp/corpus --reps 7

In PROJECT (a directory holding gongkai.yml and reports/, as bench_check.py --keep leaves
it), one check fills the cache; then, `reps` times and in turn:

1. the re-check, `gongkai check reports --format json`, every file answered by the cache:
   wall and CPU time (user + system);
2. its floor (bench_check.WARM_FLOOR): the interpreter, gongkai's imports, listing the tree
   and one lstat per file;
3. `python -X importtime -m gongkai check reports --format json` and
   `python -X importtime -m gongkai --help`: each module's own import time.

It prints the median times, and the import time as the sum over modules of each one's least
own time (what a busy machine distorts least), with the packages and gongkai's modules
that cost the most. The check's findings are not looked at: bench_check.py compares them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench_check import WARM_FLOOR, gongkai_command, run

CHECK = ["check", "reports", "--format", "json"]


def own_import_times(arguments: list[str], project: Path) -> dict[str, int]:
    """Each module's own import time in µs (`-X importtime`'s "self" column)."""
    command = [sys.executable, "-X", "importtime", "-m", "gongkai", *arguments]
    stderr = subprocess.run(command, cwd=project, capture_output=True, text=True).stderr
    times = {}
    for line in stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _cumulative, module = line.removeprefix("import time:").split("|")
            times[module.strip()] = int(own)
    if not times:
        raise SystemExit(f"no import times from {' '.join(command)}:\n{stderr}")
    return times


def least(runs: list[dict[str, int]]) -> dict[str, int]:
    """Each module's least own time over the runs."""
    modules = {module for times in runs for module in times}
    return {m: min(times[m] for times in runs if m in times) for m in modules}


def show_imports(label: str, times: dict[str, int]) -> None:
    packages: Counter[str] = Counter()
    for module, own in times.items():
        packages[module.split(".")[0]] += own
    ours = Counter({m: own for m, own in times.items() if m.startswith("gongkai")})
    print(f"{label:<40} {sum(times.values()) / 1000:7.1f} ms  {len(times)} modules")
    print("  by package:  " + ", ".join(f"{p} {t / 1000:.1f}" for p, t in packages.most_common(8)))
    print("  gongkai's:   " + ", ".join(f"{m} {t / 1000:.1f}" for m, t in ours.most_common(8)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="holds gongkai.yml and reports/")
    parser.add_argument("--reps", type=int, default=7, help="repetitions (7)")
    args = parser.parse_args()
    if not (args.project / "reports").is_dir():
        raise SystemExit(f"{args.project}/reports not found: see the usage above")
    check = [*gongkai_command(), *CHECK]
    run(check, args.project)  # fills the cache
    warm, floor, imports, help_imports = [], [], [], []
    for _ in range(args.reps):
        warm.append(run(check, args.project))
        floor.append(run(WARM_FLOOR, args.project))
        imports.append(own_import_times(CHECK, args.project))
        help_imports.append(own_import_times(["--help"], args.project))
    for label, runs in (("re-check (every file from the cache)", warm), ("its floor", floor)):
        wall = statistics.median(r.seconds for r in runs)
        cpu = statistics.median(r.cpu_seconds for r in runs)
        print(f"{label:<40} {wall * 1000:7.1f} ms wall, {cpu * 1000:7.1f} ms CPU")
    show_imports("imports of the re-check", least(imports))
    show_imports("imports of gongkai --help", least(help_imports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
