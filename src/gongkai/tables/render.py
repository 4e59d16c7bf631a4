"""A table as the official layout shows it: HTML with merged headers, for the site.

Merged headers come from the label paths in the spec: columns sharing the start of their
header path share a header cell (colspan), rows sharing the start of their label share a
row header (rowspan), and a shorter path spans the remaining header rows or stub columns.
Screen readers cannot tell from rowspan/colspan alone which headers a cell belongs to, so
every header cell has an id and every data cell lists its headers (WCAG technique H43),
besides `scope`. Blank cells stay blank: blank means “not filled”, which 0 would misstate.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from gongkai.profiles.tablespec import Group, Row
from gongkai.tables.check import format_number
from gongkai.tables.resolve import Cell, Table

_FORMAT_NAMES = {"2019": "2019年试行格式", "2021": "2021年格式"}


def render_table_html(table: Table, id_prefix: str | None = None) -> str:
    """The table as one HTML <table> element on one line, without a class (the site's
    theme styles tables without one).

    `id_prefix` keeps the ids of the header cells unique on the page; it defaults to the
    table's key (t2, t3, t4), which is enough for a page showing one report.
    """
    prefix = id_prefix or table.spec.id
    layout = table.layout
    stub = max((len(row.label) for g in layout.groups for row in g.rows), default=0)
    width = stub + max(len(group.columns) for group in layout.groups)
    version = _FORMAT_NAMES.get(layout.version, layout.version)
    caption = f"表{table.spec.number} {table.spec.title.zh}（{version}）"
    grid = _Grid(table, prefix, stub, width)
    parts = [f'<table id="{escape(prefix)}"><caption>{escape(caption)}</caption>']
    for group in layout.groups:
        head, above = grid.head(group)
        body = grid.body(group, above)
        if len(layout.groups) == 1:
            parts.append(f"<thead>{head}</thead><tbody>{body}</tbody>")
        else:  # 表二: each group has its caption and headers, so each is its own tbody
            parts.append(f"<tbody>{head}{body}</tbody>")
    parts.append("</table>")
    return "".join(parts)


class _Grid:
    def __init__(self, table: Table, prefix: str, stub: int, width: int) -> None:
        self.table, self.prefix, self.stub, self.width = table, prefix, stub, width
        self.count = 0

    def th(self, text: str, scope: str, colspan: int = 1, rowspan: int = 1) -> tuple[str, str]:
        self.count += 1
        header = f"{self.prefix}-h{self.count}"
        spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (
            f' rowspan="{rowspan}"' if rowspan > 1 else ""
        )
        return header, f'<th id="{header}" scope="{scope}"{spans}>{escape(text)}</th>'

    def head(self, group: Group) -> tuple[str, dict[str, list[str]]]:
        """The group's header rows, and the ids of the headers above each column."""
        columns = group.columns
        # The last column spans what is left of the grid: 表二's groups have 1 to 3 columns.
        extra = self.width - self.stub - len(columns)
        depth = max(len(column.label) for column in columns)
        rows = []
        above: dict[str, list[str]] = {column.key: [] for column in columns}
        if group.caption:
            header, cell = self.th(group.caption, "col", colspan=self.width)
            rows.append(f"<tr>{cell}</tr>")
            for ids in above.values():
                ids.append(header)
        for level in range(depth):
            cells = []
            if level == 0 and self.stub:
                cells.append(self.th(group.corner, "col", self.stub, depth)[1])
            seen = 0
            for path, run in groupby(columns, key=lambda c: tuple(c.label[: level + 1])):
                members = list(run)
                seen += len(members)
                if len(path) <= level:
                    continue  # the path ended above: its leaf spans down over this row
                leaf = len(members) == 1 and len(members[0].label) == level + 1
                span = len(members) + (extra if seen == len(columns) else 0)
                header, cell = self.th(path[-1], "col", span, depth - level if leaf else 1)
                cells.append(cell)
                for member in members:
                    above[member.key].append(header)
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return "".join(rows), above

    def body(self, group: Group, above: dict[str, list[str]]) -> str:
        extra = self.width - self.stub - len(group.columns)
        rows = group.rows
        spanning: dict[int, str] = {}  # level → id of the row header covering this row
        html = []
        for index, row in enumerate(rows):
            cells = []
            for level, text in enumerate(row.label):
                if level == len(row.label) - 1:
                    spanning[level], cell = self.th(text, "row", colspan=self.stub - level)
                    cells.append(cell)
                elif index == 0 or _prefix(rows[index - 1], level) != _prefix(row, level):
                    span = _run_length(rows, index, level)
                    spanning[level], cell = self.th(text, "row", rowspan=span)
                    cells.append(cell)
            row_headers = [spanning[level] for level in range(len(row.label))]
            for position, column in enumerate(group.columns):
                headers = " ".join([*row_headers, *above[column.key]])
                span = 1 + (extra if position == len(group.columns) - 1 else 0)
                cells.append(_td(self.table.cells[row.key, column.key], headers, span))
            html.append(f"<tr>{''.join(cells)}</tr>")
        return "".join(html)


def _prefix(row: Row, level: int) -> tuple[str, ...]:
    return tuple(row.label[: level + 1])


def _run_length(rows: list[Row], start: int, level: int) -> int:
    """How many rows from `start` on share the label path up to `level`."""
    shared = _prefix(rows[start], level)
    count = 0
    for row in rows[start:]:
        if _prefix(row, level) != shared:
            break
        count += 1
    return count


def _td(cell: Cell, headers: str, colspan: int) -> str:
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    return f'<td headers="{headers}"{span}>{escape(cell_text(cell))}</td>'


def cell_text(cell: Cell) -> str:
    """What a cell shows: its number, nothing when blank, the text as written when it is
    not a valid value (so the page shows what the report says)."""
    if cell.value is not None:
        return format_number(cell.value)
    if cell.raw is None or cell.raw.blank:
        return ""
    return cell.raw.text
