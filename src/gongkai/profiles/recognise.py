"""Finding a profile's required contents in a report, whatever their order or heading."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.memo import memo
from gongkai.model.outline import OutlineItem, outline, top_level
from gongkai.model.report import Report
from gongkai.profiles import Content, Profile


@dataclass(frozen=True)
class Located:
    """Where a content was found: under outline items, or only as a phrase in the text."""

    content: Content
    items: tuple[OutlineItem, ...] = ()
    text_line: int | None = None

    @property
    def present(self) -> bool:
        return bool(self.items) or self.text_line is not None


def locate_contents(report: Report, profile: Profile) -> dict[str, Located]:
    return memo(report, _locate, profile)


def _locate(report: Report, profile: Profile) -> dict[str, Located]:
    items = outline(report)
    any_content = profile.any_heading_pattern()
    candidates = [i for i in items if any_content and any_content.search(i.title)]
    matched: dict[str, list[OutlineItem]] = {}
    claimed: set[int] = set()
    for content in profile.contents:
        pattern = content.heading_pattern()
        hits = [item for item in candidates if pattern and pattern.search(item.title)]
        matched[content.id] = hits
        claimed.update(item.start for item in hits)
    headings = [item for item in items if item.is_heading] or items
    top = top_level(headings)
    located: dict[str, Located] = {}
    for content in profile.contents:
        hits = matched[content.id]
        if not hits and content.claims_unmatched_sections:
            hits = [i for i in headings if i.level == top and i.start not in claimed]
        text_line = None
        if not hits and (pattern := content.text_pattern()):
            found = next(
                (
                    match
                    for match in pattern.finditer(report.text, report.body_offset)
                    if not _in_comment(report.text, match.start())
                ),
                None,
            )
            if found and report.source:
                text_line = report.source.position(found.start())[0]
        located[content.id] = Located(content, tuple(hits), text_line)
    return located


def _in_comment(text: str, offset: int) -> bool:
    """Whether `offset` is inside an HTML comment: a hint (“<!-- 填写：考核结果… -->”) or
    text commented out is not what the report says."""
    opened = text.rfind("<!--", 0, offset)
    return opened != -1 and text.find("-->", opened + 4, offset) == -1
