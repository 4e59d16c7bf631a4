"""Import every real report of the shared corpus and compare what is inferred with its index.

    .venv/bin/python scripts/import_corpus.py            # the texts of ../shared/corpus/real
    .venv/bin/python scripts/import_corpus.py --docx     # the same texts, saved as Word first
    .venv/bin/python scripts/import_corpus.py --corpus DIR

Prints one row per text (✓/✗ for title, year, issuer and type, the inferred values, and
the import's outcome), then the rate of each field. The two peer PDFs (淮安市洪泽区, in
../shared/corpus/peer-fixtures) are imported too and must succeed. Exit status 1 when an
import raised anything but a clean ImportFailure (a crash), else 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from gongkai.importers.corpus import FIELDS, Outcome, evaluate_corpus, rates
from gongkai.importers.failure import ImportFailure
from gongkai.importers.report import import_file

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
PDFS = [SHARED / "peer-fixtures" / f"hzq{year}_working.pdf" for year in (2023, 2024)]


def _row(outcome: Outcome) -> str:
    marks = " ".join("✓" if outcome.right(name) else "✗" for name in FIELDS)
    found = f"{outcome.year or '-'} {outcome.type or '-'} {outcome.issuer or '-'}"
    result = "导入" if outcome.failure is None else f"失败：{outcome.failure}"
    return f"{outcome.expected.path:16} {marks}  {found:40} {result}  《{outcome.title or ''}》"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "real")
    parser.add_argument("--docx", action="store_true", help="save each text as .docx first")
    args = parser.parse_args()
    if not (args.corpus / "INDEX.tsv").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        convert = _as_docx(Path(scratch)) if args.docx else (lambda path: path)
        try:
            outcomes = evaluate_corpus(args.corpus, convert)
        except Exception:  # the promise is ImportFailure or success: anything else is a bug
            traceback.print_exc()
            return 1
    print(f"{'text':16} {' '.join(name[:2] for name in FIELDS)}  inferred")
    for outcome in outcomes:
        print(_row(outcome))
    imported = sum(outcome.failure is None for outcome in outcomes)
    print(f"\n{len(outcomes)} texts, {imported} imported, {len(outcomes) - imported} refused")
    for name, rate in rates(outcomes).items():
        print(f"{name:10} {rate:6.1%}")
    for pdf in PDFS if pdf_present() else []:
        try:
            fields = import_file(pdf, report_type=None, year=None, issuer=None).fields
        except ImportFailure as exc:
            print(f"{pdf.name}: 失败：{exc}")
        else:
            print(f"{pdf.name}: {fields['year']} {fields['type']} {fields['issuer']}")
    return 0


def pdf_present() -> bool:
    return all(pdf.is_file() for pdf in PDFS)


def _as_docx(scratch: Path):  # type: ignore[no-untyped-def]
    # The tests' builder of Word files from texts: one way of saving a text as Word.
    sys.path.insert(0, str(ROOT / "tests"))
    from docxfixtures import from_text

    def convert(path: Path) -> Path:
        target = scratch / f"{path.parent.name}-{path.stem}.docx"
        return from_text(path.read_text(encoding="utf-8"), target)

    return convert


if __name__ == "__main__":
    sys.exit(main())
