"""Which published reports have a report of the year before, and their comparison."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

from gongkai.compare.pair import Comparison, compare
from gongkai.compare.passages import common_sentences
from gongkai.profiles import load_profile
from gongkai.site.collect import Collection
from gongkai.site.records import PublishedReport


@dataclass(frozen=True)
class YearPair:
    previous: PublishedReport
    current: PublishedReport
    comparison: Comparison
    # Per rule id: how many findings each year's report has.
    findings: dict[str, tuple[int, int]]


def previous_reports(collection: Collection) -> dict[str, PublishedReport]:
    """Report URL → the same issuer's published report of the same type for the year
    before, for every report that has one and can be compared (neither withdrawn: a
    withdrawn report's text is no longer public)."""
    by_key = {(r.type, r.issuer, r.year): r for r in collection.reports}
    found = {}
    for report in collection.reports:
        before = by_key.get((report.type, report.issuer, report.year - 1))
        if before is not None and before.url in collection.texts and report.url in collection.texts:
            found[report.url] = before
    return found


def year_pairs(collection: Collection) -> list[YearPair]:
    """Every report beside the one before it, newest year first."""
    previous = previous_reports(collection)
    counts = {
        result.path.replace(os.sep, "/"): Counter(f.rule for f in result.findings)
        for result in collection.results
    }
    common: dict[str, set[int]] = {}
    pairs = []
    for report in sorted(collection.reports, key=lambda r: (-r.year, r.type, r.issuer)):
        before = previous.get(report.url)
        if before is None:
            continue
        if report.type not in common:
            # The format's boilerplate, as GK406 finds it: over all reports of the type.
            texts = [
                text
                for r in collection.reports
                if r.type == report.type and (text := collection.texts.get(r.url)) is not None
            ]
            common[report.type] = common_sentences(texts)
        comparison = compare(
            load_profile(report.type),
            collection.texts[before.url],
            collection.texts[report.url],
            common[report.type],
            collection.cells.get(before.url),
            collection.cells.get(report.url),
        )
        old, new = counts.get(before.path, Counter()), counts.get(report.path, Counter())
        findings = {rule: (old[rule], new[rule]) for rule in sorted(set(old) | set(new))}
        pairs.append(YearPair(before, report, comparison, findings))
    return pairs
