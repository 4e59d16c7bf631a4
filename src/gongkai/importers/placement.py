"""Where each statistical table of an imported report is, and what takes its place.

A table belongs to the section the profile names for it (表三 to “收到和处理政府信息公开
申请情况”), found by its title, whatever its number: some reports number the table sections
一、二、三 after a narrative of their own. Within that section the table is what lies from the
first grid to the last, with the short lines around and between them that are pieces of it:
captions (“第二十条第（五）项”), header fragments of a table a conversion broke apart, row
labels a conversion made headings (“### （二）部分公开”, “三、本年度办理结果”), the table's
own label (“表三：…”). None of them is a heading of the report, and none ends the section.

A page that ran a table's cells together into lines of text (“规章000行政规范性文件6233440”)
has no grid to read; such lines are the table all the same, and are kept out as one.

What takes the table's place is either its ```gongkai-table block, when every row was read,
or the note `<!-- 表三未能识别，请手工补录 -->` followed by what the source holds of it, as
text in a fenced block (read by no check as prose, headings or numbering), for the editor
to enter by hand. A table recovered in part is never written: its missing rows would read
as blank, and blank counts as 0 in the table's sums.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from gongkai.bilingual import Note
from gongkai.importers.blocks import Block, Heading
from gongkai.importers.plaintext import heading_level, heading_like, is_table_label
from gongkai.importers.tables import Part, is_value, map_table, text_row
from gongkai.numerals import from_chinese
from gongkai.profiles import Profile
from gongkai.profiles.rowlabels import numbering
from gongkai.profiles.tablespec import TableSpec
from gongkai.tables.keptout import kept_out_note

# “表三：收到和处理政府信息公开申请情况”, “表 2 主动公开…”: a table's own label.
_TABLE_LABEL = re.compile(r"^表\s*[一二三四五六七八九十\d]+\s*[：:、.．\s]")
# `|---|:---:|`: a Markdown table's delimiter row, syntax of the conversion, not the source.
_DELIMITER = re.compile(r"^:?-{3,}:?$")
# Where a section's title that a table runs on from must have ended.
_TITLE_CHARS = 40
# A line this long is a page's whole body run together, not one table.
_FLATTENED_CHARS = 2000
# Longer than any label, caption or title of the national tables.
_LABEL_CHARS = 80
_SECTION_NUMBER = re.compile(r"^([一二三四五六七八九十]{1,3})、")


@dataclass
class Placement:
    """The parts of the body (a section's title cut from the table run into it) and what
    replaces those that are tables: by index, the Markdown to write there; the other parts
    of a table, dropped; headings to be written as plain lines."""

    parts: list[Block]
    replace: dict[int, str] = field(default_factory=dict)
    dropped: set[int] = field(default_factory=set)
    plain: set[int] = field(default_factory=set)


def text_of(block: Block) -> str | None:
    if isinstance(block, Heading):
        return block.text
    return block if isinstance(block, str) else None


def place_tables(parts: list[Block], profile: Profile, year: int, notes: list[Note]) -> Placement:
    flats = {spec.id: _Flattened.of(spec) for spec in profile.tables}
    parts = _cut_titles(parts, profile, flats)
    placement = Placement(parts)
    starts = _section_starts(parts, profile)
    for spec in profile.tables:
        flat = flats[spec.id]
        region = _region(parts, spec, starts, flat)
        if region is None:
            notes.append(
                Note(
                    f"未找到表{spec.number}（应在第{spec.number}部分），请手工录入",
                    f"table {spec.number} not found (it belongs in part {spec.number}): "
                    "enter it by hand",
                )
            )
            continue
        material = _material(parts, region, flat)
        mapped = map_table(spec, year, [_part(parts[i]) for i in material])
        notes.extend(mapped.notes)
        if mapped.block is not None:
            placement.replace[material[0]] = mapped.block
        else:
            notes.append(
                Note(
                    f"表{spec.number}：未能完整识别，已在草稿中标注，原文保留在其下，请手工补录",
                    f"table {spec.number}: not recovered whole; marked in the draft with the "
                    "source's rows below the mark, to be entered by hand",
                )
            )
            placement.replace[material[0]] = _kept_out(spec, [parts[i] for i in material])
        placement.dropped.update(material[1:])
    # A table label or row label outside any table (a table kept only as prose) is a line
    # of text, not a heading.
    for index, part in enumerate(parts):
        if isinstance(part, Heading) and _is_table_text(part.text):
            placement.plain.add(index)
    return placement


def _cut_titles(parts: list[Block], profile: Profile, flats: dict[str, _Flattened]) -> list[Block]:
    """The parts with a section's title cut from the table a page ran into it (“三、收到和
    处理政府信息公开申请情况（本列数据的勾稽关系为：…）申请人情况…21710000218”): the title
    is a heading, the rest the table's run-together text."""
    cut: list[Block] = []
    for part in parts:
        if isinstance(part, str) and not heading_like(part) and _SECTION_NUMBER.match(part):
            for spec in profile.tables:
                pattern = profile.content(spec.section).heading_pattern()
                title = pattern.search(part, 0, _TITLE_CHARS) if pattern else None
                flat = flats[spec.id]
                label = (
                    flat.other.search(part, title.end(), title.end() + _TITLE_CHARS)
                    if title
                    else None
                )
                if label and heading_like(part[: label.start()]) and flat(part[label.start() :]):
                    cut += [part[: label.start()], part[label.start() :]]
                    break
            else:
                cut.append(part)
        else:
            cut.append(part)
    return cut


def _part(block: Block) -> Part:
    if isinstance(block, list):
        return block
    text = text_of(block)
    assert text is not None  # a table's pieces are grids and lines, never the reader's Markup
    return text


def _is_table_text(text: str) -> bool:
    """Whether a line is a table's own label (“表三：…”) or one of its row, column or group
    labels (`plaintext.is_table_label`)."""
    if len(text) > _LABEL_CHARS:
        return False
    return bool(_TABLE_LABEL.match(text)) or is_table_label(text)


def _section_starts(
    parts: list[Block], profile: Profile
) -> list[tuple[int, str | None, int | None]]:
    """The parts that start a section: (index, the profile content its title names, its
    number). A line numbered as a section that repeats or goes back on the number before
    it and names no content (“三、本法提供”, a broken label) continues that section."""
    starts: list[tuple[int, str | None, int | None]] = []
    for index, part in enumerate(parts):
        text = text_of(part)
        if text is None or not heading_like(text) or _is_table_text(text):
            continue
        if heading_level(text) != 2 and not (isinstance(part, Heading) and part.level <= 1):
            continue
        content = next(
            (
                c.id
                for c in profile.contents
                if (pattern := c.heading_pattern()) is not None and pattern.search(text)
            ),
            None,
        )
        found = _SECTION_NUMBER.match(unicodedata.normalize("NFKC", text))
        number = from_chinese(found[1]) if found else None
        if content is None and number is not None and starts:
            previous = starts[-1][2]
            if previous is not None and number <= previous:
                continue
        starts.append((index, content, number))
    return starts


@dataclass(frozen=True)
class _Flattened:
    """A table whose cells a web page ran together into lines of text, without separators
    (“规章000行政规范性文件6233440”): its rows cannot be told apart, but such a line is the
    table, not prose. One is a line where a row label runs into a number and another of the
    table's labels stands too."""

    row: re.Pattern[str]
    other: re.Pattern[str]

    @staticmethod
    def of(spec: TableSpec) -> _Flattened:
        rows: set[str] = set()
        others: set[str] = set()
        for layout in spec.formats:
            for group in layout.groups:
                others.update(text for text in (group.caption or "", group.corner) if text)
                others.update(part for column in group.columns for part in column.label)
                for entry in group.rows:
                    rows.update(label[len(numbering(label)) :] for label in entry.label[-1:])
                    others.update(entry.label[:-1])
        words = sorted(rows, key=len, reverse=True)
        row = re.compile("(?:" + "|".join(map(re.escape, words)) + r")\s*\d")
        other = re.compile("|".join(map(re.escape, sorted(others | rows, key=len, reverse=True))))
        return _Flattened(row, other)

    def __call__(self, part: Block) -> bool:
        if not isinstance(part, str) or len(part) > _FLATTENED_CHARS:
            return False
        found = self.row.search(part)
        return found is not None and any(
            m.start() != found.start() for m in self.other.finditer(part)
        )


def _region(
    parts: list[Block],
    spec: TableSpec,
    starts: list[tuple[int, str | None, int | None]],
    flat: _Flattened,
) -> tuple[int, int] | None:
    """The parts of the section of table `spec` that holds the table (grids, or its lines
    of run-together cells): by its title, else (a title the profile does not know) by its
    number."""
    ends = [index for index, _c, _n in starts[1:]] + [len(parts)] * bool(starts)
    sections = [
        (start, end, content, n) for (start, content, n), end in zip(starts, ends, strict=True)
    ]
    number = from_chinese(spec.number)
    for chosen in (
        [s for s in sections if s[2] == spec.section],
        [s for s in sections if s[2] is None and s[3] == number],
    ):
        for start, end, _content, _n in chosen:
            if any(isinstance(parts[i], list) or flat(parts[i]) for i in range(start, end)):
                return start + 1, end
    return None


def _material(parts: list[Block], region: tuple[int, int], flat: _Flattened) -> list[int]:
    """The indexes of the parts that are the table: its grids (or lines of run-together
    cells), the short lines before the first and between the first and the last (see the
    module note), rows as text after it."""
    start, end = region
    grids = [i for i in range(start, end) if isinstance(parts[i], list) or flat(parts[i])]
    first, last = grids[0], grids[-1]
    while first > start and _piece(parts[first - 1]):
        first -= 1
    # Rows written as lines of text (“行政事业性收费 1.5”) may also follow the last grid.
    while last + 1 < end and isinstance(line := parts[last + 1], str) and text_row(line):
        last += 1
    return [i for i in range(first, last + 1) if _piece(parts[i]) or flat(parts[i])]


def _piece(part: Block) -> bool:
    """Whether a part can be a piece of a table: a grid, or a short line that is no sentence."""
    if isinstance(part, list):
        return True
    text = text_of(part)
    return text is not None and (heading_like(text) or _is_table_text(text))


def _kept_out(spec: TableSpec, material: list[Block]) -> str:
    lines: list[str] = []
    for part in material:
        if isinstance(part, list):
            lines += [
                " | ".join(_unspread(row)).rstrip() for row in part if not _delimiter_row(row)
            ]
        else:
            text = text_of(part)
            if text is not None:
                lines.append(text)
    fence = "````" if any("```" in line for line in lines) else "```"
    return "\n".join([kept_out_note(spec.number), f"{fence}text", *lines, fence])


def _delimiter_row(row: list[str]) -> bool:
    return bool(row) and all(_DELIMITER.match(cell.strip()) for cell in row)


def _unspread(row: list[str]) -> list[str]:
    """A row's cells with a merged label once, not once per column it spans."""
    return [cell for i, cell in enumerate(row) if i == 0 or cell != row[i - 1] or is_value(cell)]
