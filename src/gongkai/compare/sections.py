"""A report's text cut into its required contents, found by what they contain (the profile's
recognition, as GK101 finds them), not by heading text: 举措和成效 is compared with 举措和成效
whether it was “一、” one year and “二、” the next, or titled differently."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.model.report import Report
from gongkai.profiles import Profile
from gongkai.profiles.recognise import locate_contents
from gongkai.prose import prose
from gongkai.textsim import TABLE_ROW

# The id of the text that belongs to no required content (the opening paragraph, mostly).
REST = ""
REST_NAME = "其他文字"


@dataclass(frozen=True)
class Section:
    id: str  # the profile content's id, or REST
    name: str
    text: str  # the readable prose, tables and markup left out, line breaks kept


@dataclass(frozen=True)
class ReportText:
    """What the comparison needs of a report: its sections in profile order, then REST when
    there is any, and the whole body (the whole-report 重复率 counts each sentence once,
    even where two contents' sections nest)."""

    sections: tuple[Section, ...]
    body: str

    def section(self, content_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == content_id), None)


def report_text(report: Report, profile: Profile) -> ReportText:
    text = TABLE_ROW.sub("", prose(report))
    located = locate_contents(report, profile)
    covered: list[tuple[int, int]] = []
    sections: list[Section] = []
    for content in profile.contents:
        found = located.get(content.id)
        # A content found only as a phrase inside another section has no text of its own.
        if found is None or not found.items:
            continue
        spans = _merged([(item.start, item.end) for item in found.items])
        covered += spans
        sections.append(
            Section(content.id, content.name.zh, "\n".join(text[a:b] for a, b in spans))
        )
    rest = [text[a:b] for a, b in _gaps(_merged(covered), report.body_offset, len(text)) if a < b]
    if any(part.strip() for part in rest):
        sections.append(Section(REST, REST_NAME, "\n".join(rest)))
    return ReportText(tuple(sections), text[report.body_offset :])


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with the overlapping or nested ones joined: a nested item's text once."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _gaps(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    gaps, at = [], start
    for a, b in spans:
        gaps.append((at, max(at, a)))
        at = max(at, b)
    gaps.append((at, end))
    return gaps
