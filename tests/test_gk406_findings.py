"""GK406 `duplicate-content`'s findings on whole trees, word for word as the plain way gave
them before its counting moved to numpy (tests/test_gk406_native.py compares the counting).

The goldens under tests/golden/gk406/ were written by the implementation before numpy
(commit 2057527: `--update-goldens` with its `src/` first on PYTHONPATH): seeded trees like
scripts/bench_duplicates.py's, half of them copies or all on one template, and the real
corpus' texts with lightly edited copies planted. A change that is meant to change the
findings rewrites them; read the diff.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import pytest

from conftest import Golden
from gongkai import textsim, workers
from gongkai.config import Config
from gongkai.engine import check_paths
from gongkai.rules import gk406_duplicate_content as gk406
from gongkai.rules.gk406_duplicate_content import duplicate_content

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # the benchmarks' synthetic reports
from bench_check import one_template  # noqa: E402
from bench_duplicates import _edit, generate  # noqa: E402

GOLDEN = Path(__file__).parent / "golden" / "gk406"
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"real-report corpus not found at {CORPUS}"
)


def _copies(root: Path) -> None:
    generate(root, 160, 7, copy_every=2)


def _template(root: Path) -> None:
    generate(root, 400, 11, template=one_template(11))


def _corpus(root: Path) -> None:
    """The corpus' texts as reports, each third one copied, lightly edited, by another
    issuer the same year and each third by the same issuer the next year."""
    rng = random.Random(406)
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    for number, row in enumerate(rows):
        text = (CORPUS / row["path"]).read_text(encoding="utf-8")
        kind = "fazhi" if row["type"] == "fazhi" else "xxgk"
        year, issuer = int(row["year_covered"]), row["issuing_body"]
        _write(root, f"r{number:03d}", text, kind, year, issuer)
        if number % 3 == 1:
            _write(root, f"c{number:03d}", text, kind, year, f"第{number:03d}号县人民政府", rng)
        elif number % 3 == 2:
            _write(root, f"n{number:03d}", text, kind, year + 1, issuer, rng)


def _write(
    root: Path,
    name: str,
    text: str,
    kind: str,
    year: int,
    issuer: str,
    rng: random.Random | None = None,
) -> None:
    head = (
        f"---\ntitle: {issuer}{year}年度报告\ntype: {kind}\nyear: {year}\nissuer: {issuer}\n"
        "issuer_level: county\nstatus: draft\n---\n"
    )
    report = head + "\n" + text
    directory = root / "reports" / str(year) / kind
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.md").write_text(_edit(report, rng) if rng else report, "utf-8")


TREES = {"copies": _copies, "template": _template, "corpus": _corpus}
# The template tree's 400 reports take about a second to write and check.
NAMES = [pytest.param(n, marks=pytest.mark.slow) if n == "template" else n for n in TREES]


def tree(name: str, root: Path) -> Path:
    """Writes the tree `name` of TREES under `root`; its reports directory."""
    if name == "corpus" and not CORPUS.is_dir():
        pytest.skip(f"real-report corpus not found at {CORPUS}")
    TREES[name](root)
    return root / "reports"


@pytest.mark.parametrize("aside", [False, True], ids=["here", "forked"])
@pytest.mark.parametrize("name", NAMES)
def test_findings_are_the_ones_counted_the_plain_way(
    name: str, aside: bool, tmp_path: Path, golden: Golden, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(name, tmp_path)
    monkeypatch.chdir(tmp_path)  # paths in the messages as a check from the root has them
    # Signatures and half the comparisons made in child processes (as for thousands of
    # reports) or all in this one; forked also if earlier tests left threads behind.
    monkeypatch.setattr(gk406, "ASIDE_FROM", 2 if aside else 10**9)
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    # As a check of many reports reads them: long bodies through the code-point table.
    monkeypatch.setattr(textsim, "_TABLE", [textsim._table()])
    lines = [
        f"{result.path}:{f.line}:{f.col}: {duplicate_content.render(f, 'zh')}"
        for result in check_paths(["reports"], Config(), jobs=1)
        for f in result.findings
        if f.rule == duplicate_content.id
    ]
    assert lines
    golden(GOLDEN / f"{name}.txt", "\n".join(lines) + "\n")
