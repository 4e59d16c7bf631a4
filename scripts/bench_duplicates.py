"""Benchmark duplicate-content (GK406) on a national-scale tree with planted copies.

    .venv/bin/python scripts/bench_duplicates.py               # 10,000 reports, 3 repetitions
    .venv/bin/python scripts/bench_duplicates.py --n 2000 --reps 1

Generates N reports with scripts/bench_check.py's generator, each issuer with its own
name, then replaces about 4% of them with copies of another report: half the same issuer's
previous-year report, half another issuer's report of the same year, each lightly edited
(new figures, one sentence in ten rewritten, the issuer's name replaced). Then it times a
cold `gongkai check` (no cache) with duplicate-content on, and with it turned off in
gongkai.yml, and checks that every planted copy, and nothing else, is reported.

Target (issue 5): the cold check with duplicate-content ≤ 2 × the cold check time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import gongkai_command, report

TARGET = 2.0
COPY_EVERY = 25  # one report in 25 is a copy


def _issuer(index: int) -> str:
    # Unique issuers: the generator's ten places would make every report its neighbour's.
    return f"第{index:05d}号县人民政府"


def _reissue(text: str, issuer: str, year: int) -> str:
    text = re.sub(r"(?m)^issuer: .*$", f"issuer: {issuer}", text)
    text = re.sub(r"(?m)^issuer_level: .*$", "issuer_level: county", text)
    text = re.sub(r"(?m)^year: .*$", f"year: {year}", text)
    return re.sub(r"(?m)^title: 关于\d{4}年", f"title: 关于{year}年", text)


def _edit(text: str, rng: random.Random) -> str:
    """A light edit: new figures, and one sentence in ten replaced."""
    head, _, body = text.partition("\n---\n")
    body = re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), body)
    sentences = body.split("。")
    for index in range(len(sentences)):
        if rng.random() < 0.1:
            sentences[index] = "本年度新增工作内容已按要求落实到位，群众反映良好"
    return head + "\n---\n" + "。".join(sentences)


def generate(
    root: Path, n: int, seed: int, copy_every: int = COPY_EVERY, template: str = ""
) -> dict[str, str]:
    """Write the tree; returns the planted copies: path → the path it copies. One report
    in `copy_every` is a copy; `template`, when given, is a passage every original has
    after its opening paragraph (one template all reports follow)."""
    rng = random.Random(seed)
    texts: dict[int, tuple[str, int]] = {}
    planted: dict[str, str] = {}
    paths: dict[int, str] = {}
    for index in range(n):
        text, year, _defect = report(index, seed, size=7000 - len(template.encode()))
        issuer = _issuer(index)
        text = _reissue(text, issuer, year)
        if template:
            text = text.replace("\n\n## 一、", f"\n\n{template}\n\n## 一、", 1)
        if index % copy_every == copy_every - 1 and index > 0:
            # An original, not another copy: a copy of a copy would carry a third issuer.
            source = rng.randrange(max(1, index - 1))
            while source % copy_every == copy_every - 1:
                source = rng.randrange(max(1, index - 1))
            source_text, source_year = texts[source]
            if index % (2 * copy_every) == copy_every - 1:
                # Next year's report of the same issuer, copied from its last one.
                issuer, year = _issuer(source), source_year + 1
            else:
                year = source_year  # another issuer's report of the same year
            text = _edit(_reissue(source_text, issuer, year), rng)
            planted[f"reports/{year}/fazhi/r{index:05d}.md"] = paths[source]
        texts[index] = (text, year)
        directory = root / "reports" / str(year) / "fazhi"
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"r{index:05d}.md").write_text(text, encoding="utf-8")
        paths[index] = f"reports/{year}/fazhi/r{index:05d}.md"
    return planted


def timed(command: list[str], cwd: Path, output: Path) -> float:
    with output.open("wb") as out:
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    return seconds


def verify(planted: dict[str, str], output: Path) -> str:
    reported: dict[str, set[str]] = {}
    for item in json.loads(output.read_text(encoding="utf-8")):
        if item["rule"] == "GK406":
            other = re.search(r"reports/\S+?\.md", item["message"])
            reported.setdefault(item["path"], set()).add(other.group() if other else "")

    def original(path: str) -> str:
        return planted.get(path, path)

    # A report shows its closest few matches; with two copies of one original, the other
    # copy may take the place of the original among them.
    missed = [
        path
        for path in planted
        if not any(original(other) == original(path) for other in reported.get(path, ()))
    ]

    # Two copies of one original are copies of each other too.
    extra = [
        (path, other)
        for path, others in reported.items()
        for other in others
        if original(path) != original(other)
    ]
    print(
        f"planted copies: {len(planted)}; found: {len(planted) - len(missed)}; "
        f"other reports flagged: {len(extra)}"
    )
    problems = [f"missed {path} (copy of {planted[path]})" for path in missed[:5]]
    problems += [f"unexpected {path} ~ {other}" for path, other in extra[:5]]
    return "\n  ".join(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-dups-") as name:
        project = Path(name)
        (project / ".git").mkdir()
        planted = generate(project, args.n, args.seed)
        print(f"generated {args.n} reports, {len(planted)} of them copies, under {project}")
        check = [*gongkai_command(), "check", "reports", "--format", "json", "--no-cache"]
        config = project / "gongkai.yml"
        with_rule, without = [], []
        for rep in range(args.reps):
            config.write_text("rules:\n  duplicate-content: off\n", encoding="utf-8")
            without.append(timed(check, project, project / "off.json"))
            config.write_text("", encoding="utf-8")
            with_rule.append(timed(check, project, project / "on.json"))
            if rep == 0:
                problem = verify(planted, project / "on.json")
                if problem:
                    print(f"WRONG RESULTS:\n  {problem}")
                    return 1
        on, off = statistics.median(with_rule), statistics.median(without)
        ratio = on / off
        print(f"cold check, duplicate-content off: {off:.2f} s (runs: {without})")
        print(f"cold check, duplicate-content on:  {on:.2f} s (runs: {with_rule})")
        print(f"ratio {ratio:.2f} (target ≤ {TARGET:g}): {'PASS' if ratio <= TARGET else 'MISS'}")
        shutil.rmtree(project / "reports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
