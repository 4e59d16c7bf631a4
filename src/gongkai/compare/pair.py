"""One report beside the same issuer's report of the same type for the year before."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.compare.cells import CarryOver, Cells, TableDelta, carry_overs, compare_tables
from gongkai.compare.passages import Paragraph, Rate, keys, mark
from gongkai.compare.sections import REST, REST_NAME, ReportText
from gongkai.profiles import Profile


@dataclass(frozen=True)
class SectionPair:
    id: str  # the profile content's id, or sections.REST
    name: str
    previous: tuple[Paragraph, ...] | None  # None: that year's report has no such section
    current: tuple[Paragraph, ...] | None
    rate: Rate | None  # of this year's section; None when it has none


@dataclass(frozen=True)
class Comparison:
    sections: tuple[SectionPair, ...]
    rate: Rate  # the whole report's
    tables: tuple[TableDelta, ...]
    carry_overs: tuple[CarryOver, ...]


def compare(
    profile: Profile,
    previous: ReportText,
    current: ReportText,
    common: set[int],
    previous_cells: Cells | None = None,
    current_cells: Cells | None = None,
) -> Comparison:
    """`current` against `previous`; `common` is the boilerplate (passages.common_sentences)."""
    before, now = keys(previous.body), keys(current.body)
    sections = []
    for content_id, name in [(c.id, c.name.zh) for c in profile.contents] + [(REST, REST_NAME)]:
        this, last = current.section(content_id), previous.section(content_id)
        if this is None and last is None:
            continue
        marked = mark(this.text, before, common) if this else None
        sections.append(
            SectionPair(
                content_id,
                name,
                tuple(mark(last.text, now, common)[0]) if last else None,
                tuple(marked[0]) if marked else None,
                marked[1] if marked else None,
            )
        )
    _paragraphs, rate = mark(current.body, before, common)
    old, new = previous_cells or {}, current_cells or {}
    return Comparison(
        tuple(sections),
        rate,
        tuple(compare_tables(profile, old, new)) if new or old else (),
        tuple(carry_overs(profile, old, new)) if new or old else (),
    )
