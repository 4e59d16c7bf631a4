"""Reading the YAML of a table block, fast for the usual shape and exact for any other.

A 政府信息公开 report holds three blocks and about 200 values. Composing them with PyYAML
costs more than all other checks on the report together, so the usual shape (one key or one
row per line; flow lists and flow mappings of plain values) is read line by line here. Any
line outside that shape (quotes, block lists, tabs, odd characters, a repeated key…) sends
the whole block to PyYAML, which decides what the text means and reports every problem with
its position: the fast path never reports a problem of its own. tests/test_tables_parse.py
checks that both readings agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import yaml

from gongkai.limits import DEFAULT_LIMITS, Limits
from gongkai.model.frontmatter import MAX_DEPTH, too_deep
from gongkai.model.source import SourceText
from gongkai.model.tableblock import BlockProblem, ProblemKind, RawRow, Scalar, TableBlock

_TOP_KEYS = frozenset({"table", "format", "rows", "cells"})

# `key:` or `key: value`, once any comment is gone. Only the ASCII space counts as space:
# YAML keeps an ideographic space (U+3000) as part of a value, and so must we.
_LINE = re.compile(r"(?P<indent> *)(?P<key>[^ #][^\n]*?):(?: +(?P<value>[^ \n][^\n]*))?")
_COMMENT = re.compile(r"(?:^| )#[^\n]*")


@cache
def _odd() -> re.Pattern[str]:
    """Anything YAML treats specially besides the space and line feed: tabs, quotes, other
    line breaks, the BOM, characters YAML refuses. Compiled on first use: a class of most
    of Unicode takes 3 ms, which a check answered from the cache would pay for nothing."""
    return re.compile(
        r"[^\n\x20-\x21\x23-\x26\x28-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )


_INDICATOR_START = frozenset("-?:,[]{}#&*!|>%@`")
_FLOW_UNSAFE = frozenset(",[]{}:#")
_NULLS = frozenset({"~", "null", "Null", "NULL"})
_NUMBER_LIST = re.compile(r"\[(?:[0-9.~]+, )*[0-9.~]+\]")
_BLANK = _NULLS | {""}


class _Unusual(Exception):
    """The block is not of the usual shape: let PyYAML read it."""


def parse_block(
    source: SourceText, start: int, end: int, block: TableBlock, limits: Limits = DEFAULT_LIMITS
) -> None:
    """Fill `block` from the text between its fences, source.text[start:end], within the
    project's `table_block_chars` and `front_matter_depth`."""
    content = source.text[start:end]
    if len(content) > limits.table_block_chars:
        line, col = source.position(start)
        block.problems.append(BlockProblem("too-large", line, col, str(limits.table_block_chars)))
        return
    max_depth = limits.front_matter_depth
    try:
        _FastReader(content, source.position(start)[0], block, max_depth).read()
    except _Unusual:
        block.table, block.format, block.rows = None, None, []
        _YamlReader(source, start, content, block, max_depth).read()


# --------------------------------------------------------------------------------------
# The usual shape, line by line


def _plain(text: str, flow: bool) -> bool:
    """Whether YAML reads `text` (no outer spaces) as a plain scalar of exactly this text."""
    if not text or text[-1] == " ":
        return False
    first = text[0]
    if first in _INDICATOR_START and not (first == "-" and len(text) > 1 and text[1] != " "):
        return False
    if " #" in text or ": " in text or text[-1] == ":":
        return False
    return not (flow and _FLOW_UNSAFE.intersection(text))


class _FastReader:
    def __init__(
        self, content: str, first_line: int, block: TableBlock, max_depth: int = MAX_DEPTH
    ) -> None:
        self.content, self.first_line, self.block = content, first_line, block
        self.max_depth = max_depth
        self.section = ""  # the open top-level key: rows or cells
        self.row_indent = self.cell_indent = -1
        self.label: Scalar | None = None
        self.pending: list[tuple[Scalar | None, Scalar]] | None = None  # an open row's cells

    def read(self) -> None:
        if _odd().search(self.content):
            raise _Unusual
        # Nested deeper than the configured depth, the block is PyYAML's reader's to report:
        # both readings must agree whatever the limit.
        if too_deep(self.content, self.max_depth) is not None:
            raise _Unusual
        base = -1
        seen: set[str] = set()
        for number, raw in enumerate(self.content.split("\n")):
            text = _COMMENT.sub("", raw).rstrip(" ") if "#" in raw else raw.rstrip(" ")
            if not text:
                continue
            match = _LINE.fullmatch(text)
            if match is None:
                raise _Unusual
            indent = len(match.group("indent"))
            key_text, value = match.group("key").rstrip(" "), match.group("value")
            if not _plain(key_text, flow=False):
                raise _Unusual
            line = self.first_line + number
            key = Scalar(key_text, line, indent + 1)
            value_col = match.start("value") + 1
            base = indent if base < 0 else base
            if indent == base:
                if key_text not in _TOP_KEYS or key_text in seen:
                    raise _Unusual
                seen.add(key_text)
                self.top(key, value, value_col)
            elif indent < base or not self.section:
                raise _Unusual
            else:
                self.nested(indent, key, value, value_col)
        self.close()
        self.check()

    def top(self, key: Scalar, value: str | None, col: int) -> None:
        self.close()
        self.section, self.row_indent, self.cell_indent = "", -1, -1
        if key.text in ("table", "format"):
            if value is None:
                raise _Unusual
            setattr(self.block, key.text, _scalar(value, key.line, col))
        elif value is None:
            self.section = key.text
            if key.text == "cells":
                self.label, self.pending = None, []
        elif key.text == "cells":
            self.block.rows.append(_inline(None, value, key.line, col))
        else:
            raise _Unusual  # `rows:` with an inline value

    def nested(self, indent: int, key: Scalar, value: str | None, col: int) -> None:
        if self.section == "rows":
            if self.row_indent < 0:
                self.row_indent = indent
            if indent == self.row_indent:
                self.close()
                if value is None:
                    self.label, self.pending, self.cell_indent = key, [], -1
                else:
                    self.block.rows.append(_inline(key, value, key.line, col))
                return
            if indent < self.row_indent:
                raise _Unusual
        if self.pending is None or value is None or self.cell_indent not in (-1, indent):
            raise _Unusual
        self.cell_indent = indent
        self.pending.append((key, _scalar(value, key.line, col)))

    def close(self) -> None:
        if self.pending is not None:
            self.block.rows.append(RawRow(self.label, tuple(self.pending), False))
            self.pending = None

    def check(self) -> None:
        """A missing `table:`, missing rows or a repeated label are PyYAML's to report."""
        block = self.block
        if block.table is None or not block.rows:
            raise _Unusual
        labels = [row.label.text for row in block.rows if row.label is not None]
        if len(set(labels)) != len(labels):
            raise _Unusual
        for row in block.rows:
            names = [name.text for name, _v in row.cells if name is not None]
            if len(set(names)) != len(names):
                raise _Unusual


def _scalar(text: str, line: int, col: int) -> Scalar:
    if not _plain(text, flow=False):
        raise _Unusual
    return Scalar(text, line, col)


def _inline(label: Scalar | None, value: str, line: int, col: int) -> RawRow:
    """A row written on one line: a flow list, a flow mapping or a single value."""
    if _NUMBER_LIST.fullmatch(value):  # the usual row, “[1, 0, ~]”: built quickly
        new, at = tuple.__new__, col + 1
        quick: list[tuple[Scalar | None, Scalar]] = []
        for text in value[1:-1].split(", "):
            quick.append((None, new(Scalar, (text, line, at, True))))
            at += len(text) + 2
        return RawRow(label, tuple(quick), True)
    if value[0] == "[" and value[-1] == "]":
        cells = tuple((None, Scalar(text, line, at)) for text, at in _items(value, col))
        return RawRow(label, cells, True)
    if value[0] == "{" and value[-1] == "}":
        pairs = []
        for text, at in _items(value, col, mapping=True):
            name, _sep, rest = text.partition(": ")
            rest_at = at + len(name) + 2 + len(rest) - len(rest.lstrip(" "))
            rest = rest.strip(" ")
            if not _plain(rest, flow=True):
                raise _Unusual
            pairs.append((Scalar(name.rstrip(" "), line, at), Scalar(rest, line, rest_at)))
        return RawRow(label, tuple(pairs), False)
    if value in _NULLS:
        return RawRow(label, (), False)
    return RawRow(label, ((None, _scalar(value, line, col)),), True)


def _items(flow: str, col: int, mapping: bool = False) -> Iterator[tuple[str, int]]:
    """The items of a one-line flow collection with the column each starts at."""
    inner = flow[1:-1]
    if not inner.strip(" "):
        return
    at = col + 1
    for part in inner.split(","):
        text = part.strip(" ")
        start = at + len(part) - len(part.lstrip(" "))
        at += len(part) + 1
        if mapping:
            name, sep, _rest = text.partition(": ")
            if not sep or not _plain(name.rstrip(" "), flow=True):
                raise _Unusual
        elif not _plain(text, flow=True):
            raise _Unusual
        yield text, start


# --------------------------------------------------------------------------------------
# Anything else: PyYAML's node tree, walked without constructing Python objects


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Composes only; values are read from their text, never constructed."""


class _YamlReader:
    def __init__(
        self,
        source: SourceText,
        start: int,
        content: str,
        block: TableBlock,
        max_depth: int = MAX_DEPTH,
    ) -> None:
        self.source, self.start, self.content, self.block = source, start, content, block
        self.max_depth = max_depth
        self.visited: set[int] = set()

    def problem(self, kind: ProblemKind, index: int, detail: str = "") -> None:
        # YAML's marks are character indexes into the block, right even where YAML and we
        # disagree on what a line break is (U+2028, NEL).
        line, col = self.source.position(self.start + min(index, max(len(self.content) - 1, 0)))
        self.block.problems.append(BlockProblem(kind, line, col, detail))

    def scalar(self, node: yaml.ScalarNode) -> Scalar:
        line, col = self.source.position(self.start + node.start_mark.index)
        # libyaml marks a plain scalar with the style "", pure-Python PyYAML with None.
        return Scalar(str(node.value), line, col, plain=not node.style)

    def read(self) -> None:
        deep = too_deep(self.content, self.max_depth)
        if deep is not None:
            return self.problem("syntax", deep, f"嵌套超过 {self.max_depth} 层 / nested too deep")
        loader = _Loader(self.content)
        try:
            node = loader.get_single_node()
        except yaml.reader.ReaderError as exc:
            return self.problem("syntax", exc.position, f"U+{exc.character:04X}")
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or ""
            if exc.context_mark and ("end of stream" in problem or "expected ','" in problem):
                mark = exc.context_mark  # an unclosed bracket: point where it opened
            detail = "; ".join(p for p in (exc.context, exc.problem) if p)
            return self.problem("syntax", mark.index if mark else 0, detail)
        finally:
            loader.dispose()
        if node is None:
            return self.problem("no-table", 0)
        if not isinstance(node, yaml.MappingNode):
            return self.problem("not-mapping", node.start_mark.index)
        for key_node, value_node in self.pairs(node):
            key = key_node.value
            if key not in _TOP_KEYS:
                self.problem("unknown-key", key_node.start_mark.index, key)
            elif key in ("table", "format"):
                if isinstance(value_node, yaml.ScalarNode):
                    setattr(self.block, key, self.scalar(value_node))
                else:
                    self.problem("not-a-value", value_node.start_mark.index, key)
            elif key == "cells":
                self.row(None, value_node)
            elif isinstance(value_node, yaml.MappingNode):
                for label_node, row_node in self.pairs(value_node):
                    self.row(self.scalar(label_node), row_node)
            elif not (isinstance(value_node, yaml.ScalarNode) and value_node.value in _NULLS):
                self.problem("not-mapping", value_node.start_mark.index, "rows")
        if self.block.table is None:
            self.problem("no-table", 0)
        elif not self.block.rows and not self.block.problems:
            self.problem("no-rows", 0)
        return None

    def pairs(self, node: yaml.MappingNode) -> Iterator[tuple[yaml.ScalarNode, yaml.Node]]:
        """A mapping's pairs with scalar keys, each key once; anything else is reported."""
        if self.once(node):
            return
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem("not-a-value", key_node.start_mark.index)
            elif key_node.value in seen:
                self.problem("duplicate-key", key_node.start_mark.index, key_node.value)
            else:
                seen.add(key_node.value)
                yield key_node, value_node

    def once(self, node: yaml.Node) -> bool:
        """True (and reported) when an alias brings a collection back a second time: an
        alias could otherwise make a small block cost as much as a huge one."""
        if id(node) in self.visited:
            self.problem(
                "syntax", node.start_mark.index, "不支持锚点和别名 / no anchors or aliases"
            )
            return True
        self.visited.add(id(node))
        return False

    def row(self, label: Scalar | None, node: yaml.Node) -> None:
        cells: list[tuple[Scalar | None, Scalar]] = []
        if isinstance(node, yaml.SequenceNode):
            if self.once(node):
                return
            for item in node.value:
                if isinstance(item, yaml.ScalarNode):
                    cells.append((None, self.scalar(item)))
                else:
                    self.problem("not-a-value", item.start_mark.index)
            self.block.rows.append(RawRow(label, tuple(cells), True))
        elif isinstance(node, yaml.MappingNode):
            for name, value in self.pairs(node):
                if isinstance(value, yaml.ScalarNode):
                    cells.append((self.scalar(name), self.scalar(value)))
                else:
                    self.problem("not-a-value", value.start_mark.index)
            self.block.rows.append(RawRow(label, tuple(cells), False))
        elif isinstance(node, yaml.ScalarNode) and not node.style and node.value in _BLANK:
            self.block.rows.append(RawRow(label, (), False))
        elif isinstance(node, yaml.ScalarNode):
            self.block.rows.append(RawRow(label, ((None, self.scalar(node)),), True))
