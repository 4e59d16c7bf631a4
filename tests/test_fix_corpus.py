"""`--fix` cannot change what a real report says.

A fix may change only punctuation, spacing and the residue a rule identified (GK403's
deletable spans). So over every text of the shared corpus -- the web excerpts of real/, the
whole reports of full/ (PDF and HTML imported as `gongkai import` would), the peer
fixture and the seed -- the fixed report with punctuation and spacing taken away must be the
original with the same taken away and its residue removed, letter for letter; and a second
`--fix` must change nothing. The texts are read from ../shared at test time, never copied
here; without them the tests skip with the reason.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gongkai.config import Config
from gongkai.fix import fix_bytes
from gongkai.importers.failure import ImportFailure
from gongkai.importers.report import import_file
from gongkai.model.loader import load_report
from gongkai.residue import compiled
from test_corpus import _convert

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "domain" / "seed-report.txt"
PEER = CORPUS / "peer-fixtures" / "沭阳县人民政府2025年政府信息公开工作年度报告-沭阳县人民政府.txt"

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "real" / "INDEX.tsv").is_file(), reason=f"corpus not found at {CORPUS}"
)

# 2021一2025: the numeral typed for a dash is, for this purpose, punctuation.
_YEAR_DASH = re.compile(r"(?<=\d{4})(年?[ \t]?)一(?=[ \t]?\d{4})")
_DELETABLE = [pattern for _kind, pattern, fix, _triggers in compiled() if fix]
# A time and the field after it ("11:04 来源"): the one space a fix must never take away.
_TIME_THEN_FIELD = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?[ \t]+(?=[^\s\d])")


def _letters(text: str) -> str:
    """What no fix may change: the text less punctuation, spaces and control characters,
    with full-width forms folded (a fix turns ２０２４ into 2024)."""
    text = _YEAR_DASH.sub(r"\1", unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if unicodedata.category(c)[0] not in "PZC")


def _without_residue(text: str, body: int) -> str:
    """The text with the residue GK403 would delete removed from its body."""
    head, rest = text[:body], text[body:]
    for _ in range(4):  # removing one span can complete another, as --fix's passes do
        before = rest
        for pattern in _DELETABLE:
            rest = pattern.sub("", rest)
        if rest == before:
            break
    return head + rest


def _texts() -> dict[str, tuple[str, str, int, str]]:
    """Every plain text of the corpus: name → (text, issuer, year, type)."""
    texts: dict[str, tuple[str, str, int, str]] = {}
    for folder in ("real", "full"):
        index = CORPUS / folder / "INDEX.tsv"
        if not index.is_file():
            continue
        with index.open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream, delimiter="\t"):
                path = CORPUS / folder / row["path"]
                if path.suffix not in {".txt", ".md"}:
                    continue
                issuer = re.sub(r"[（(].*?[)）]", "", row["issuing_body"]).strip()
                kind = "fazhi" if row["type"] == "fazhi" else "xxgk"
                text = path.read_text(encoding="utf-8")
                texts[f"{folder}/{row['path']}"] = (text, issuer, int(row["year_covered"]), kind)
    if SEED.is_file():
        texts["seed"] = (
            SEED.read_text(encoding="utf-8"),
            "南阳市卧龙区陆营镇人民政府",
            2024,
            "fazhi",
        )
    if PEER.is_file():
        texts["peer/沭阳"] = (PEER.read_text(encoding="utf-8"), "沭阳县人民政府", 2025, "xxgk")
    return texts


def _reports() -> dict[str, bytes]:
    return {
        name: _convert(text, issuer, year, kind)
        for name, (text, issuer, year, kind) in _texts().items()
    }


def _documents() -> list[Path]:
    """The PDF and HTML reports of full/, which go through `gongkai import` first."""
    full = CORPUS / "full"
    return sorted([*full.glob("*/*.pdf"), *full.glob("*/*.html")]) if full.is_dir() else []


def _assert_fix_keeps_the_words(name: str, data: bytes) -> None:
    fixed, count = fix_bytes(name, data, Config())
    before, after = data.decode("utf-8"), fixed.decode("utf-8")
    assert (count == 0) == (before == after), name
    body = load_report(name, data).body_offset
    assert _letters(after) == _letters(_without_residue(before, body)), name
    kept = _TIME_THEN_FIELD.findall(after)
    assert kept == _TIME_THEN_FIELD.findall(before), f"{name}: a time joined to the next field"
    again, more = fix_bytes(name, fixed, Config())
    assert (again, more) == (fixed, 0), f"{name}: --fix is not idempotent"


@needs_corpus
def test_fix_changes_only_punctuation_spacing_and_residue_in_the_corpus_texts() -> None:
    reports = _reports()
    assert len(reports) >= 50, sorted(reports)  # real/, full/, seed and peer: all were read
    for name, data in reports.items():
        _assert_fix_keeps_the_words(name, data)


@needs_corpus
@pytest.mark.parametrize("path", _documents(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_fix_changes_only_punctuation_spacing_and_residue_in_imported_documents(
    path: Path,
) -> None:
    try:
        imported = import_file(path, report_type=None, year=None, issuer=None)
    except ImportFailure as failure:
        pytest.skip(f"the import refuses it: {failure}")
    except Exception as exc:  # an importer crash is for the importers' tests
        pytest.skip(f"the import crashed ({type(exc).__name__}: {exc}); nothing to fix")
    _assert_fix_keeps_the_words(path.name, imported.text.encode("utf-8"))


# Slips a fix repairs, and fields it must leave apart, dropped into real paragraphs.
_NOISE = st.sampled_from(
    [
        " ",
        ",",
        ";",
        ":",
        "?",
        "!",
        "，，",
        "。。",
        "２０２４",
        " 2024 ",
        "2021一2025",
        "11:04 来源",
        "2023-03-31 10:09 微信",
        "(以下简称《条例》)",
        '"条例"',
        "||||||||||||",
        "[bookmark: _GoBack]",
        "— 5 —\n",
        "\n",
    ]
)


@needs_corpus
@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fix_keeps_the_words_of_real_text_with_noise_dropped_in(data: st.DataObject) -> None:
    texts = _texts()
    name = data.draw(st.sampled_from(sorted(texts)))
    text, issuer, year, kind = texts[name]
    paragraphs = [p for p in text.split("\n") if p.strip()][:40]
    chosen = data.draw(st.lists(st.sampled_from(paragraphs), min_size=1, max_size=6))
    noisy = []
    for paragraph in chosen:
        at = data.draw(st.integers(0, len(paragraph)))
        noisy.append(paragraph[:at] + data.draw(_NOISE) + paragraph[at:])
    _assert_fix_keeps_the_words(name, _convert("\n\n".join(noisy), issuer, year, kind))
