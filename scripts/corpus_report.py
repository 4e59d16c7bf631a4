"""Import and check every text of the shared corpus; count each rule's findings against the labels.

    .venv/bin/python scripts/corpus_report.py                  # the per-rule table
    .venv/bin/python scripts/corpus_report.py --unlabelled     # + each unlabelled finding, as a stub
    .venv/bin/python scripts/corpus_report.py --json           # the same numbers as JSON
    .venv/bin/python scripts/corpus_report.py --corpus DIR --labels FILE

Each text of real/, full/ and peer-fixtures/ is imported as `gongkai import` does (the
fields the text does not yield are given from its folder and INDEX.tsv), the drafts are
checked together as `gongkai check` does, and every finding is looked up in the labels
(gongkai.importers.precision says how a finding is keyed). A file with the same bytes as an
earlier one is checked once. Exit status 0; 2 when there is no corpus or the labels are
malformed (the message names the entry).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from pydantic import ValidationError

from gongkai.importers.precision import (
    Comparison,
    Draft,
    Labels,
    caused_by_import,
    compare,
    precision,
    run,
    stub,
    table,
)
from gongkai.rules import RULES_BY_ID
from gongkai.rules.base import Severity

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ROOT / "tests" / "corpus" / "labels.yml"


def _percent(true: int, judged: int) -> str:
    return f"{true / judged:6.1%}" if judged else "     -"


def _summary(comparison: Comparison, drafts: list[Draft]) -> dict[str, object]:
    rows = table(comparison, drafts)
    return {
        "rules": [
            {
                "rule": row.rule,
                "severity": row.severity,
                "findings": row.findings,
                "true": row.true,
                "false": row.false,
                "unlabelled": row.unlabelled,
                "precision": row.precision,
            }
            for row in rows
        ],
        "labelled": {
            severity.value: {
                **dict(zip(("true", "labelled"), precision(comparison, severity), strict=True)),
                "caused_by_import": len(caused_by_import(comparison, severity)),
            }
            for severity in Severity
        },
        "labels_unmatched": [label.model_dump(by_alias=True) for label in comparison.missing],
        "import_failures": comparison.failures,
        "copies": {
            draft.source.path: list(draft.source.copies) for draft in drafts if draft.source.copies
        },
        "given": {draft.source.path: draft.given for draft in drafts if draft.given},
    }


def _cut_hints(labels: Labels, drafts: list[Draft]) -> None:
    """Where a draft no longer ends one line after its cut (an importer now splits it otherwise)."""
    texts = {draft.source.path: draft.text for draft in drafts}
    for entry in labels.truncated:
        text = texts.get(entry.file)
        lines = len(text.splitlines()) if text is not None else None
        if lines not in (entry.truncated_at, entry.truncated_at + 1):
            where = "not imported" if lines is None else f"its draft has {lines} lines"
            print(f"check the cut: {entry.file} truncated_at {entry.truncated_at}, but {where}")


def _print(comparison: Comparison, labels: Labels, drafts: list[Draft], unlabelled: bool) -> None:
    rows = table(comparison, drafts)
    print(f"{len(drafts)} texts, {sum(d.text is not None for d in drafts)} imported\n")
    print(
        f"{'rule':6} {'severity':8} {'findings':>8} {'true':>5} {'false':>5} {'unlab.':>6} precision"
    )
    for row in rows:
        judged = row.true + row.false
        print(
            f"{row.rule:6} {row.severity:8} {row.findings:8} {row.true:5} {row.false:5} "
            f"{row.unlabelled:6} {_percent(row.true, judged)}"
        )
    print()
    for severity in Severity:
        true, judged = precision(comparison, severity)
        rest = sum(1 for item in comparison.unlabelled if item.finding.severity is severity)
        made = len(caused_by_import(comparison, severity))
        print(
            f"{severity.value:8} labelled {judged:4}, true {true:4} {_percent(true, judged)}; "
            f"unlabelled {rest}; false because of the import {made}"
        )
    if comparison.failures:
        print("\nimport failures:")
        for path, failure in comparison.failures.items():
            print(f"  {path}: {failure}")
    copies = [d for d in drafts if d.source.copies]
    if copies:
        print("\nsame bytes, checked once:")
        for draft in copies:
            print(f"  {draft.source.path} = {', '.join(draft.source.copies)}")
    changes = [
        *(
            ("fixed false alarm back", i.file, i.finding.line, i.finding.rule, i.text)
            for i in comparison.false_returned
        ),
        *(
            ("labelled true, gone", lb.file, lb.line, lb.rule, lb.text)
            for lb in comparison.true_missing
        ),
        *(
            ("false alarm gone, mark it fixed: true", lb.file, lb.line, lb.rule, lb.text)
            for lb in comparison.false_gone
        ),
    ]
    if changes:
        print()
    for what, file, line, rule, text in changes:
        print(f"{what}: {file}:{line} {rule} “{text}”")
    _cut_hints(labels, drafts)
    if unlabelled:
        texts = {draft.source.path: draft for draft in drafts}
        for item in comparison.unlabelled:
            finding = item.finding
            draft = texts[item.file]
            message = RULES_BY_ID[finding.rule].render(finding, "zh")
            print(
                f"\n{item.file}:{finding.line}:{finding.col}: {finding.rule} [{finding.severity.value}] {message}"
            )
            print(f"  | {draft.line(finding.line)[:200]}")
            print(stub(item), end="")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument(
        "--unlabelled", action="store_true", help="print each unlabelled finding and a YAML stub"
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    drafts = run(args.corpus)
    if not args.labels.is_file():
        print(f"no labels at {args.labels}: every finding is unlabelled", file=sys.stderr)
    try:
        labels = Labels.load(args.labels)
    except (ValidationError, yaml.YAMLError) as exc:
        print(f"{args.labels}: {exc}", file=sys.stderr)
        return 2
    comparison = compare(drafts, labels)
    if args.json:
        print(json.dumps(_summary(comparison, drafts), ensure_ascii=False, indent=2))
    else:
        _print(comparison, labels, drafts, args.unlabelled)
    return 0


if __name__ == "__main__":
    sys.exit(main())
