"""Finding a profile's required contents in a report, whatever their order or heading."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from gongkai.memo import memo
from gongkai.model.outline import OutlineItem, outline, top_level
from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs
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
    titled = _matcher(profile)
    matched: dict[str, list[OutlineItem]] = {content.id: [] for content in profile.contents}
    claimed: set[int] = set()
    for item in items:
        for content_id in titled(item.title):
            matched[content_id].append(item)
            claimed.add(item.start)
    headings = [item for item in items if item.is_heading] or items
    top = top_level(headings)
    located: dict[str, Located] = {}
    for content in profile.contents:
        hits = matched[content.id]
        if not hits and content.claims_unmatched_sections:
            hits = [i for i in headings if i.level == top and i.start not in claimed]
        text_line = None
        if not hits and (pattern := content.text_pattern()) and _may_occur(report, content):
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


# The matcher of each profile, by identity; its entry keeps the profile alive, so an id is
# not reused meanwhile (as in gongkai.memo). A handful of profiles exist; tests make more.
_MATCHERS: dict[int, tuple[Profile, Callable[[str], tuple[str, ...]]]] = {}
_MAX_PROFILES = 64
# Titles remembered per profile: reports of one type share most of their headings
# (“一、主要举措和成效”), and matching a title costs a search per content.
_MAX_TITLES = 8192


def _matcher(profile: Profile) -> Callable[[str], tuple[str, ...]]:
    """The ids of the contents whose heading patterns a title matches, in profile order."""
    entry = _MATCHERS.get(id(profile))
    if entry is None:
        if len(_MATCHERS) >= _MAX_PROFILES:
            _MATCHERS.clear()
        any_content = profile.any_heading_pattern()
        patterns = [(c.id, p) for c in profile.contents if (p := c.heading_pattern())]

        @lru_cache(maxsize=_MAX_TITLES)
        def contents_titled(title: str) -> tuple[str, ...]:
            if any_content is None or not any_content.search(title):
                return ()
            return tuple(content_id for content_id, p in patterns if p.search(title))

        entry = _MATCHERS[id(profile)] = (profile, contents_titled)
    return entry[1]


def _in_comment(text: str, offset: int) -> bool:
    """Whether `offset` is inside an HTML comment: a hint (“<!-- 填写：考核结果… -->”) or
    text commented out is not what the report says."""
    opened = text.rfind("<!--", 0, offset)
    return opened != -1 and text.find("-->", opened + 4, offset) == -1


def _may_occur(report: Report, content: Content) -> bool:
    """Whether the content's text patterns can match the report: not when none of the
    literals a match must begin with occurs (the shared scan's answer, gongkai.model.scan),
    as in most reports for all but the commonest phrases (“考核”, “问责”)."""
    words = _text_literals(tuple(content.text))
    return words is None or occurs(report, words)


# Regex syntax: a character of it ends the plain text an alternative begins with.
_SYNTAX = frozenset("\\()[]{}.^$*+?|")


@lru_cache(maxsize=256)
def _text_literals(patterns: tuple[str, ...]) -> frozenset[str] | None:
    """The literals one of which every match of `patterns` begins with, declared for the
    shared scan on first use (a profile is loaded when a report needs it, not at import):
    each top-level alternative's leading plain text, less a last character the quantifier
    after it makes optional (下一年度? begins with 下一年). None when an alternative begins
    with anything else (a group, a class, an escape): it is then always tried."""
    words: set[str] = set()
    for pattern in patterns:
        for branch in _alternatives(pattern):
            plain = 0
            while plain < len(branch) and branch[plain] not in _SYNTAX:
                plain += 1
            if plain < len(branch) and branch[plain] in "?*{":
                plain -= 1
            if plain <= 0:
                return None
            words.add(branch[:plain])
    return literals(*words) if words else None


def _alternatives(pattern: str) -> list[str]:
    """`pattern` split at each `|` outside a group and a character class."""
    branches: list[str] = []
    depth = begin = at = 0
    in_class = False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # A ] first in a class (after a ^, if any) is one of its characters.
            at += 2 if pattern[at + 1 : at + 2] == "^" else 1
            at += pattern[at : at + 1] == "]"
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[begin:at])
            begin = at + 1
        at += 1
    branches.append(pattern[begin:])
    return branches
