"""GK406 `duplicate-content` counts with numpy (document frequencies, the shingles of a
template, the MinHash signatures) exactly what the plain way counts with sets and Counters:
on random documents, and on the digests of the trees of tests/test_gk406_findings.py."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from itertools import chain, filterfalse
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import engine, textsim
from gongkai.config import Config
from gongkai.engine import _entries, analyse_report, check_paths
from gongkai.model.loader import load_report
from gongkai.rules.gk406_duplicate_content import (
    BINS,
    FEW_REPORTS,
    MIN_OWN_SHINGLES,
    RARE,
    _doc,
    _document_frequency,
    _frequent,
    _members,
    _runs,
    _signatures,
    duplicate_content,
)
from gongkai.textsim import frequent_among
from test_gk406_findings import NAMES, tree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from bench_duplicates import generate


def _plain_signature(own: list[int]) -> list[int]:
    """One-permutation MinHash with rotation densification, bin by bin (see `_signatures`)."""
    if len(own) < MIN_OWN_SHINGLES:
        return [-1] * BINS
    smallest: dict[int, int] = {}
    for value in own:
        smallest[value % BINS] = min(value // BINS, smallest.get(value % BINS, 1 << 40))
    signature = []
    for index in range(BINS):
        distance = next(d for d in range(BINS) if (index + d) % BINS in smallest)
        quotient = smallest[(index + distance) % BINS]
        signature.append(quotient if distance == 0 else (quotient << 6) | distance)
    return signature


def _counted(documents: list[list[int]]) -> tuple[Counter[int], set[int], list[list[int]]]:
    """Document frequencies, the frequent values and the signatures the plain way."""
    frequency = Counter(chain.from_iterable(map(set, documents)))
    template = frequent_among([set(document) for document in documents], FEW_REPORTS)
    signatures = [
        _plain_signature(list(filterfalse(template.__contains__, set(document))))
        for document in documents
    ]
    return frequency, template, signatures


def _arrays(documents: list[list[int]]) -> tuple[Counter[int], set[int], list[list[int]]]:
    """The same with numpy, as the rule counts them."""
    flat = np.array(list(chain.from_iterable(documents)), np.uint32)
    owners = np.repeat(np.arange(len(documents)), list(map(len, documents)))
    values, counts = _document_frequency(flat, owners)
    distinct = [sorted(set(document)) for document in documents]
    shingles = np.array(list(chain.from_iterable(distinct)), np.uint32)
    template = _frequent(*_runs(np.sort(shingles)), len(documents))
    signatures = _signatures(
        shingles, np.array(list(map(len, distinct)), np.int64), template
    ).tolist()
    frequency = Counter(dict(zip(values.tolist(), counts.tolist(), strict=True)))
    return frequency, set(template.tolist()), signatures


@settings(max_examples=150, deadline=None)
@given(
    documents=st.lists(
        st.lists(st.integers(0, 2**32 - 1) | st.integers(0, 300), max_size=80), max_size=40
    )
)
def test_counting_with_numpy_is_the_plain_way(documents: list[list[int]]) -> None:
    assert _arrays(documents) == _counted(documents)


@settings(max_examples=150, deadline=None)
@given(
    # Values from a narrow choice of low bits, so that many share a slot of the table.
    ordered=st.lists(st.integers(0, 2**20 - 1).map(lambda v: v << 12 | v % 3), max_size=600),
    values=st.lists(st.integers(0, 2**20 - 1).map(lambda v: v << 12 | v % 5), max_size=300),
    picked=st.lists(st.integers(0, 10**6), max_size=100),
)
def test_members_is_membership(ordered: list[int], values: list[int], picked: list[int]) -> None:
    wanted = np.unique(np.array(ordered, np.uint32))
    # Some of the values are in `ordered`, as most shingles are in a template.
    chosen = [ordered[i % len(ordered)] for i in picked] if ordered else []
    asked = np.array(values + chosen, np.uint32)
    assert _members(asked, wanted).tolist() == np.isin(asked, wanted).tolist()


@pytest.mark.parametrize("name", NAMES)
def test_counts_of_the_digests_are_the_plain_ways(name: str, tmp_path: Path) -> None:
    reports = tree(name, tmp_path)
    config = Config()
    analysed = {}
    for path in sorted(reports.rglob("*.md")):
        report = load_report(path.as_posix(), path.read_bytes())
        analysed[path.as_posix()] = analyse_report(report, config)
    docs = [doc for doc in map(_doc, _entries(duplicate_content.id, analysed, {})) if doc]
    shingles = [doc.shingles.tolist() for doc in docs]
    assert _arrays(shingles) == _counted(shingles)
    sentences = [[*doc.sentences[0::3], *doc.short[0::2]] for doc in docs]
    assert _arrays(sentences)[0] == _counted(sentences)[0]
    assert any(1 < count <= RARE for count in _counted(sentences)[0].values())


@pytest.mark.parametrize("rule", ["warning", "off"])
def test_a_check_of_many_files_loads_the_table_when_gk406_runs(
    rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "_PARALLEL_THRESHOLD", 3)
    monkeypatch.setattr(textsim, "_TABLE", [])
    generate(tmp_path, 3, 5)
    config = Config.model_validate({"rules": {duplicate_content.name: rule}})
    check_paths([(tmp_path / "reports").as_posix()], config, jobs=1)
    assert bool(textsim._TABLE) == (rule != "off")


def test_a_check_of_one_report_does_without_numpy(tmp_path: Path) -> None:
    generate(tmp_path, 1, 5)
    script = (
        "import sys; from gongkai.config import Config; from gongkai.engine import check_paths;"
        f"check_paths([{(tmp_path / 'reports').as_posix()!r}], Config());"
        "print('numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
