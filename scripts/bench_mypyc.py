"""Trial: what compiling the cold check's modules with mypyc would save, measured.

    .venv/bin/python scripts/bench_mypyc.py                        # 2,000 reports, 3 rounds
    .venv/bin/python scripts/bench_mypyc.py --n 10000 --keep /tmp/gongkai-mypyc

Copies src/gongkai into a temporary directory and compiles there, with mypyc (part of the
pinned mypy), the modules a cold `gongkai check` spends its time in: the report model and
front-matter, the rules and what they share, GK406's digest and textsim. Then, alternating
between the pure package and the compiled copy (first on PYTHONPATH) in every round:

1. `scripts/bench_check.py --per-rule`: the in-process CPU time per report of loading, of
   the shared scan and prose, and of each rule (GK406's digest included), best of rounds;
2. a cold `gongkai check --no-cache --jobs 1` of the same generated reports, end to end:
   CPU time (user + sys, what other jobs on a shared machine distort least) and wall, and
   whether the two printed the same findings byte for byte.

Nothing in the worktree changes: the editable install goes on running the .py files. With
--keep the compiled copy stays, for other measurements, e.g.

    PYTHONPATH=/tmp/gongkai-mypyc/src .venv/bin/python scripts/bench_check.py --copies

mypyc does not take every module as it is. EXCLUDED lists the modules it cannot build, and
the copy (never the source) is rewritten where a small change lets it build the module.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import generate, gongkai_command, run

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "gongkai"
# What a cold check runs for every report: the model (loading, front-matter, headings,
# tables), the rules and the modules only they use.
COMPILED = (
    "model",
    "rules",
    "tables",
    "profiles",
    "textsim.py",
    "prose.py",
    "memo.py",
    "residue.py",
    "places.py",
    "suppress.py",
    "deadlines.py",
    "images.py",
    "attachments.py",
    "htmlpolicy.py",
    "quoting.py",
    "numerals.py",
    "monthday.py",
)
EXCLUDED = {
    # A pydantic model's module: the C that mypyc emits for a BaseModel subclass names a
    # module object (pydantic.main) it never declares, and gcc stops there.
    "model/metadata.py": "pydantic model",
    "profiles/__init__.py": "pydantic model",
    "profiles/tablespec.py": "pydantic model",
    "rules/gk405_outdated_reference.py": "pydantic model",
    # Its dataclasses are annotated with names imported only for the type checker; the
    # compiled module looks them up when it is imported (KeyError: 'Config').
    "rules/base.py": "annotations resolved at import",
}
# (pattern, replacement) applied to every compiled module of the copy; each must match.
REWRITES = (
    # "Cannot determine type of REMOTE" (when GK010 uses them): one name to an assignment.
    (
        re.compile(r'^(REMOTE), (NOT_BESIDE) = ("remote"), ("not-beside")$', re.M),
        r"\1 = \3\n\2 = \4",
    ),
    # A compiled subclass of libyaml's CSafeLoader (an extension type) crashes the
    # interpreter in get_single_node, and assigning to its class attributes crashes mypyc;
    # a class made at run time by type() does neither.
    (
        re.compile(
            r'^class (\w+)\((getattr\(yaml, "CSafeLoader", yaml\.SafeLoader\))\):.*\n'
            r'    """(?:[^"]|"(?!""))*"""\n',
            re.M,
        ),
        r'import typing\n\1: typing.Any = type("\1", (\2,), {})\n',
    ),
    (re.compile(r"\b(loader: )_Loader\b"), r"\1typing.Any"),
)
PER_RULE_ROW = re.compile(r"^  (\S.*?)\s+([\d.]+)$")


def prepare(target: Path) -> list[str]:
    """Copy the package under target/src and make it compilable; the modules to compile,
    relative to target/src."""
    src = target / "src"
    shutil.copytree(PACKAGE, src / "gongkai", ignore=shutil.ignore_patterns("__pycache__"))
    paths = []
    for name in COMPILED:
        found = sorted((src / "gongkai" / name).glob("*.py")) if "." not in name else []
        paths += [
            path
            for path in found or [src / "gongkai" / name]
            if path.relative_to(src / "gongkai").as_posix() not in EXCLUDED
        ]
    unused = {pattern.pattern for pattern, _ in REWRITES}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for pattern, replacement in REWRITES:
            text, count = pattern.subn(replacement, text)
            if count:
                unused.discard(pattern.pattern)
        path.write_text(_inline_docstring(text), encoding="utf-8")
    if unused:
        raise SystemExit(f"no module matches {sorted(unused)}: update REWRITES")
    return [path.relative_to(src).as_posix() for path in paths]


def _inline_docstring(text: str) -> str:
    """A compiled module has no __doc__ (reading it raises TypeError): a rule's page is its
    docstring, so the copy names it as a literal."""
    if "__doc__" not in text:
        return text
    return text.replace("__doc__", repr(ast.get_docstring(ast.parse(text), clean=False) or ""))


def compile_modules(target: Path, modules: list[str]) -> tuple[float, float]:
    """Build the extension modules in place under target/src; (wall, CPU) seconds."""
    mypyc = Path(sys.executable).with_name("mypyc")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    build = subprocess.run(
        [str(mypyc), *modules], cwd=target / "src", capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if build.returncode != 0:
        raise SystemExit(f"mypyc failed:\n{build.stdout[-3000:]}{build.stderr[-3000:]}")
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def per_rule(env: dict[str, str], n: int) -> dict[str, float]:
    """bench_check.py --per-rule's rows, µs per report."""
    output = subprocess.run(
        [sys.executable, str(ROOT / "scripts/bench_check.py"), "--per-rule", "--n", str(n)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        match[1]: float(match[2])
        for match in map(PER_RULE_ROW.match, output.splitlines())
        if match is not None
    }


def loaded_from(env: dict[str, str]) -> str:
    """Where the interpreter finds gongkai.model.frontmatter: proof of which was timed."""
    return subprocess.run(
        [sys.executable, "-c", "import gongkai.model.frontmatter as m; print(m.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="number of reports (2000)")
    parser.add_argument("--rule-n", type=int, default=1000, help="reports for --per-rule (1000)")
    parser.add_argument("--reps", type=int, default=3, help="rounds, alternating (3)")
    parser.add_argument("--seed", type=int, default=2025, help="corpus seed (2025)")
    parser.add_argument("--keep", type=Path, help="build and generate into DIR and keep it")
    args = parser.parse_args()
    if args.keep:
        target = args.keep.resolve()
        if target.exists() and any(target.iterdir()):
            raise SystemExit(f"--keep {target}: directory exists and is not empty")
        target.mkdir(parents=True, exist_ok=True)
        return measure(target, args)
    with tempfile.TemporaryDirectory(prefix="gongkai-mypyc-") as directory:
        return measure(Path(directory), args)


def measure(target: Path, args: argparse.Namespace) -> int:
    modules = prepare(target)
    wall, cpu = compile_modules(target, modules)
    print(
        f"compiled {len(modules)} modules with mypyc in {wall:.0f} s ({cpu:.0f} s CPU); "
        f"left out: {', '.join(f'{name} ({why})' for name, why in EXCLUDED.items())}"
    )
    pure = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    envs = {"pure": pure, "mypyc": {**pure, "PYTHONPATH": str(target / "src")}}
    for name, env in envs.items():
        print(f"  {name:<6} runs {loaded_from(env)}")

    project = target / "project"
    (project / ".git").mkdir(parents=True)
    (project / "gongkai.yml").write_text("", encoding="utf-8")
    generate(project, args.n, args.seed)
    check = [*gongkai_command(), "check", "reports", "--format", "json", "--no-cache"]
    rows: dict[str, dict[str, list[float]]] = {name: {} for name in envs}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in envs}
    outputs = {name: project / f"{name}.json" for name in envs}
    for _ in range(args.reps):
        for name, env in envs.items():
            for row, value in per_rule(env, args.rule_n).items():
                rows[name].setdefault(row, []).append(value)
            result = run([*check, "--jobs", "1"], project, outputs[name], env)
            runs[name].append((result.seconds, result.cpu_seconds))

    print(f"\nCPU µs per report, in-process (bench_check.py --per-rule --n {args.rule_n}), ")
    print(f"best of {args.reps} round(s); rows of 2 µs or more")
    print(f"  {'':<16}{'pure':>9}{'mypyc':>9}{'change':>9}")
    for row, values in rows["pure"].items():
        before, after = min(values), min(rows["mypyc"][row])
        if before >= 2 or row in {"total", "rules (all)"}:
            print(f"  {row:<16}{before:9.1f}{after:9.1f}{(after - before) / before:+9.0%}")
    print(f"\ncold `gongkai check --jobs 1 --no-cache`, {args.n} reports, median of {args.reps}")
    cpus = {}
    for name, measured in runs.items():
        cpus[name] = statistics.median(c for _w, c in measured)
        walls = ", ".join(f"{w:.2f}" for w, _c in measured)
        print(
            f"  {name:<6} CPU {cpus[name]:.3f} s = {cpus[name] / args.n * 1e6:.0f} µs/file; "
            f"wall {walls} s"
        )
    print(f"  change in CPU: {(cpus['mypyc'] - cpus['pure']) / cpus['pure']:+.1%}")
    same = outputs["pure"].read_bytes() == outputs["mypyc"].read_bytes()
    print(f"  findings byte-identical: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
