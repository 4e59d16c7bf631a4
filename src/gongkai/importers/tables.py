"""Rows read from a published table → a ```gongkai-table block, by tolerant label matching.

A grid row is its label cells followed by its value cells. The label that names the row is
the last label cell (“1.属于国家秘密”, not the “（三）不予公开” it is grouped under); it is
matched by its core (`gongkai.profiles.rowlabels.core`), and failing that by similarity, because
published labels carry typos (“其他法律行政止公开”). Rows that match nothing, or whose
number of values is not the row's number of columns, are reported, never guessed at.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from gongkai.model.tableblock import INFO_STRING
from gongkai.numerals import NUMERALS
from gongkai.profiles.rowlabels import core, numbering, short
from gongkai.profiles.tablespec import Layout, Row, TableSpec

Grid = list[list[str]]
Part = str | Grid  # a paragraph line or a table, in document order

# A value cell: a number (amounts may carry their unit), or a blank or dash for “none”.
_VALUE = re.compile(r"[-+]?\d+(?:\.\d+)?(?:万元|元)?|")
_BLANK = frozenset({"", "-", "—", "－", "/", "／"})
# Below this similarity a label is not taken to be a typo of an official one.
_SIMILAR = 0.8
# What is not the number itself in a label's numbering: brackets, dots, 、.
_DIGITS = re.compile(rf"[^0-9{NUMERALS}]")
# Characters that stop a label from being a plain YAML key.
_YAML_SPECIAL = re.compile(r"[:#,\[\]{}&*!|>'\"%@`?]|^[-\s]")


@dataclass
class Mapped:
    """A table's block (None: nothing could be mapped) and what could not be mapped."""

    block: str | None
    notes: list[str] = field(default_factory=list)
    used: list[int] = field(default_factory=list)  # indexes of the grids that gave rows


def _split(cells: list[str]) -> tuple[list[str], list[str]]:
    """A row's label cells and its trailing value cells."""
    cleaned = [cell.replace(",", "").replace("，", "").strip() for cell in cells]
    start = len(cleaned)
    while start > 0 and (cleaned[start - 1] in _BLANK or _VALUE.fullmatch(cleaned[start - 1])):
        start -= 1
    # A label merged across columns fills each of them: keep it once.
    labels = [cell for i, cell in enumerate(cells[:start]) if cell and cell not in cells[:i]]
    return labels, ["~" if v in _BLANK else v for v in cleaned[start:]]


def _match(layout: Layout, label: str) -> Row | None:
    key = core(label)
    found = layout.row_index.get(key)
    if found is None or not found.label:
        cores = [core(row.label[-1]) for row in layout.rows if row.label]
        close = difflib.get_close_matches(key, cores, n=2, cutoff=_SIMILAR)
        # Two equally near candidates make the label ambiguous: better reported than guessed.
        if not close or (
            len(close) == 2
            and difflib.SequenceMatcher(None, key, close[0]).ratio()
            == difflib.SequenceMatcher(None, key, close[1]).ratio()
        ):
            return None
        found = layout.row_index[close[0]]
    # Short labels recur (“（九）其他” is not “（六）其他处理 / 3.其他”): where both are
    # numbered, the numbers must agree.
    mine, theirs = _number(label), _number(found.label[-1])
    return found if not (mine and theirs) or mine == theirs else None


def _number(label: str) -> str:
    return _DIGITS.sub(
        "", numbering(unicodedata.normalize("NFKC", label).replace("(", "（").replace(")", "）"))
    )


def _key(row: Row) -> str:
    label = short(row.label[-1])
    label = label[len(numbering(label)) :]
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(label, ensure_ascii=False) if _YAML_SPECIAL.search(label) else label


def map_table(spec: TableSpec, layout: Layout, grids: list[Grid]) -> Mapped:
    """The block for table `spec` from the grids found in its section."""
    name = f"表{spec.number}"
    mapped = Mapped(None)
    found: dict[str, list[str]] = {}
    cells: list[str] | None = None
    # 表四 is a single row of numbers under its headers, without a label.
    unlabelled = len(layout.rows) == 1 and not layout.rows[0].label
    width = len(layout.groups[0].columns)
    for index, grid in enumerate(grids):
        for grid_row in grid:
            labels, values = _split(grid_row)
            if not labels:
                if unlabelled and cells is None and len(values) == width:
                    cells = values
                    mapped.used.append(index)
                continue
            row = _match(layout, labels[-1])
            expected = len(layout.group_of[row.key].columns) if row else 0
            # Empty label cells (a label column left blank under a merged label) read as
            # blank values: they come before the row's own values.
            if len(values) > expected and all(v == "~" for v in values[:-expected]):
                values = values[-expected:]
            blank = all(v == "~" for v in values)
            if not values or (blank and (row is None or len(values) != expected)):
                continue  # a header row: labels, and perhaps empty cells, no values
            if row is None:
                mapped.notes.append(f"{name}：未能识别的行「{' | '.join(labels)}」，未写入表格块")
                continue
            if len(values) != expected:
                mapped.notes.append(
                    f"{name}：「{labels[-1]}」有 {len(values)} 个数值，应为 {expected} 个，"
                    "未写入表格块"
                )
            elif row.key in found:
                mapped.notes.append(f"{name}：「{labels[-1]}」重复出现，只取第一次")
            else:
                found[row.key] = values
                if index not in mapped.used:
                    mapped.used.append(index)
    if cells is None and not found:
        return mapped
    lines = [f"```{INFO_STRING}", f"table: {spec.number}", f"format: {layout.version}"]
    if cells is not None:
        lines.append(f"cells: [{', '.join(cells)}]")
    else:
        lines.append("rows:")
        lines += [
            f"  {_key(row)}: [{', '.join(found[row.key])}]"
            for row in layout.rows
            if row.key in found
        ]
        missing = [
            short(row.label[-1]) for row in layout.rows if row.label and row.key not in found
        ]
        if missing:
            mapped.notes.append(f"{name}：原文中未找到这些行，请手工补录：{'、'.join(missing)}")
    lines.append("```")
    mapped.block = "\n".join(lines)
    return mapped


def grid_text(grid: Grid) -> str:
    """A table that could not be mapped, as a Markdown table: its first row is the header."""
    width = max((len(row) for row in grid), default=0)
    if width == 0:
        return ""
    rows = [[cell.replace("|", "\\|") for cell in row] + [""] * (width - len(row)) for row in grid]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)
