"""Time each rule in-process on the shared corpus' real reports, as imported.

    .venv/bin/python scripts/bench_corpus_check.py              # best of 5 passes
    .venv/bin/python scripts/bench_corpus_check.py --reps 9 --corpus DIR

Every distinct text of ../shared/corpus is imported once into a temporary directory, as
scripts/corpus_report.py does (gongkai.importers.precision), and the drafts that import are
timed rule by rule as `bench_check.py --per-rule` times the generated reports: CPU µs per
report, the best of N passes. Real reports are longer and hold web residue the generator
never writes, so a rule can cost on them what it does not on the generated ones.
Exit status 0; 2 when there is no corpus.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import time_rules
from gongkai.importers.precision import import_source, sources

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def drafts(corpus: Path) -> list[tuple[str, bytes]]:
    """The corpus' drafts that import, as (path, bytes); the texts stay outside the repository."""
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-corpus-") as name:
        imported = [import_source(source, Path(name)) for source in sources(corpus)]
    return [
        (f"{draft.source.path}.md", draft.text.encode("utf-8"))
        for draft in imported
        if draft.text is not None
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    files = drafts(args.corpus)
    print(f"{len(files)} drafts imported from {args.corpus}")
    time_rules(files, args.reps)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
