"""One pass over a report's body that tells every rule which of its literals occur.

Most pattern rules try a regex only where one of a few literals occurs (`页` for a page
footer, `〔` for a document number): most reports hold none, and a substring test is far
cheaper than a regex pass over Chinese text. But each `word in body` still reads the whole
body, and the rules ask about a hundred and more of them. Instead a rule declares its
literals once, at import, with `literals(...)`; the first report to ask runs one
Aho–Corasick automaton over its body for every declared literal at once, and each rule
then asks `occurs(report, its_literals)`, a set intersection. A rule whose literals come
from data (GK405's facts) declares them on its first report instead: the automaton is
rebuilt then, once, and a report scanned before is scanned again.

What is scanned is the raw body (the text after the front-matter). A rule whose regex runs
on a blanked view of it (gongkai.prose) may use the same answer: blanking only replaces
characters by spaces, so a literal it leaves in the view is in the body too, and a regex
tried on a few more reports still finds only what it finds.
"""

from __future__ import annotations

from ahocorasick_rs import AhoCorasick, Implementation

from gongkai.model.report import Report

# Every literal declared so far, in order; the automaton is rebuilt when one is added (a
# module imported late), so no literal is ever missed.
_declared: dict[str, None] = {}
_automaton: list[AhoCorasick] = []


def literals(*words: str) -> frozenset[str]:
    """Declare literals for `occurs`, once (at import, or on a rule's first report). Returns
    them as the set to pass."""
    if any(not word for word in words):
        raise ValueError("an empty literal occurs everywhere: test nothing instead")
    added = [word for word in words if word not in _declared]
    if added:
        _declared.update(dict.fromkeys(added))
        _automaton.clear()
    return frozenset(words)


def found(report: Report) -> frozenset[str]:
    """The declared literals that occur in the report's body."""
    # Keyed by the automaton: one rebuilt for a literal declared since is run anew. The
    # rules ask some sixty times a report, so this is a plain lookup, not gongkai.memo's.
    automaton = _automaton[0] if _automaton else _current()
    hit: frozenset[str] | None = report.memo_store.get(automaton)
    if hit is None:
        hit = report.memo_store[automaton] = _scan(report, automaton)
    return hit


def occurs(report: Report, words: frozenset[str]) -> bool:
    """Whether any of `words` (from `literals`) occurs in the report's body."""
    return not words.isdisjoint(found(report))


def _current() -> AhoCorasick:
    if not _automaton:
        # A DFA costs a millisecond more to build, once, and scans a third faster.
        _automaton.append(AhoCorasick(_declared, implementation=Implementation.DFA))
    return _automaton[0]


def _scan(report: Report, automaton: AhoCorasick) -> frozenset[str]:
    body = report.text[report.body_offset :]
    # Overlapping matches: every literal that occurs, also inside a longer one found there.
    return frozenset(automaton.find_matches_as_strings(body, overlapping=True))
