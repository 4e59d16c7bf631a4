"""How well `gongkai import` reads real reports: each import against the corpus index.

The shared corpus (`real/INDEX.tsv`) names each text's type, issuer and year. Importing a
text must either succeed or fail with an `ImportFailure`; what the importer inferred
(title, year, issuer, type) is compared with the index. Used by scripts/import_corpus.py
and by the corpus test, which holds the rates above a floor.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gongkai.importers.failure import ImportFailure
from gongkai.importers.report import build, prepare, read_source

# The index annotates names: “上海市人民政府(全市汇总)”, “某区机关事务管理局 (…)”.
_ANNOTATION = re.compile(r"\s*[(（][^)）]*[)）]|\s+")
FIELDS = ("title", "year", "issuer", "type")


@dataclass(frozen=True)
class Expected:
    path: str
    type: str | None  # None: a kind of report gongkai has no type for (“other(部门决算)”)
    issuer: str
    year: int


@dataclass(frozen=True)
class Outcome:
    expected: Expected
    title: str | None
    year: int | None
    issuer: str | None
    type: str | None
    failure: str | None  # the ImportFailure message; None: imported

    def right(self, name: str) -> bool:
        """Whether the inferred field `name` is what the index says."""
        expected = self.expected
        if name == "title":
            # The index has no titles: a title is right when it names the right year and type.
            return (
                self.title is not None and str(expected.year) in self.title and self.right("type")
            )
        if name == "issuer":
            return self.issuer == _ANNOTATION.sub("", expected.issuer)
        return bool(getattr(self, name) == getattr(expected, name))


def read_index(corpus: Path) -> list[Expected]:
    with (corpus / "INDEX.tsv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    return [
        Expected(
            row["path"],
            row["type"] if row["type"] in ("fazhi", "xxgk") else None,
            row["issuing_body"],
            int(row["year_covered"]),
        )
        for row in rows
    ]


def evaluate(source: Path, expected: Expected) -> Outcome:
    """Import `source` (the text of `expected`, or a conversion of it) and compare."""
    try:
        read = read_source(source)
    except ImportFailure as exc:
        return Outcome(expected, None, None, None, None, str(exc))
    _parts, inferred = prepare(read)
    try:
        build(read, report_type=None, year=None, issuer=None)
    except ImportFailure as exc:
        failure: str | None = str(exc)
    else:
        failure = None
    return Outcome(expected, inferred.title, inferred.year, inferred.issuer, inferred.type, failure)


def evaluate_corpus(
    corpus: Path, convert: Callable[[Path], Path] = lambda path: path
) -> list[Outcome]:
    """Every text of the index, each first passed through `convert` (e.g. saved as Word)."""
    return [evaluate(convert(corpus / row.path), row) for row in read_index(corpus)]


def rates(outcomes: Iterable[Outcome]) -> dict[str, float]:
    """The share of texts with each field right; the title only where gongkai has the type."""
    outcomes = list(outcomes)
    typed = [outcome for outcome in outcomes if outcome.expected.type is not None]
    result = {
        name: sum(o.right(name) for o in pool) / len(pool)
        for name in FIELDS
        if (pool := typed if name == "title" else outcomes)
    }
    if outcomes:
        result["year+type"] = sum(o.right("year") and o.right("type") for o in outcomes) / len(
            outcomes
        )
    return result
