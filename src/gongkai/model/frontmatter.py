"""Splitting and parsing YAML front-matter without ever swallowing an error.

MkDocs drops front-matter it cannot parse and renders the page anyway; here every problem
becomes a located error, with the line and column PyYAML itself reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import yaml

from gongkai.limits import DEFAULT_LIMITS, Limits
from gongkai.model.source import SourceText

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

ErrorKind = Literal[
    "missing",
    "unclosed",
    "fullwidth-colon",
    "too-large",
    "too-deep",
    "too-many-nodes",
    "control-character",
    "syntax",
    "empty",
    "not-mapping",
    "duplicate-key",
]
# Bounds far above any real front-matter (about 10 keys, a few hundred characters) that
# keep hostile input from costing unbounded time or memory; gongkai.yml `limits:` may
# change them (the depth bounds the table blocks' YAML too).
MAX_FRONT_MATTER_CHARS = DEFAULT_LIMITS.front_matter_chars
MAX_DEPTH = DEFAULT_LIMITS.front_matter_depth
MAX_NODES = DEFAULT_LIMITS.front_matter_nodes
# Block nesting: indentation, and the compact form `- - - x` or `? ? x` that nests one level
# per indicator on a single line (20,000 of them overflowed Python's recursion limit).
_INDENT = re.compile(r"(?:[ ]|[-?:][ \t])*+")
# `year： 2024` typed with a Chinese IME: YAML would report a confusing error on the next line.
_FULLWIDTH_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*[ \t]*(：)", re.MULTILINE)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader that leaves dates as text, so the schema, not YAML, decides what a
    valid date is: `2025-02-30` then becomes a located field error instead of a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"


def _refuse_binary(loader: yaml.SafeLoader, node: yaml.Node) -> None:
    # `title: !!binary …` was read as bytes, which the schema took for text: a title full
    # of NUL and control characters passed every check and reached the site.
    raise yaml.constructor.ConstructorError(
        None, None, "!!binary 不是文字 (!!binary is not text)", node.start_mark
    )


_Loader.add_constructor("tag:yaml.org,2002:binary", _refuse_binary)


@dataclass(frozen=True)
class FrontMatterError:
    kind: ErrorKind
    line: int
    col: int
    detail: str = ""


class KeyPosition(NamedTuple):  # a tuple: every key of every report has one
    line: int
    col: int
    value_line: int
    value_col: int


@dataclass
class FrontMatter:
    """The parsed block. `data` is None when `error` says why it could not be read."""

    data: dict[str, Any] | None
    open_line: int = 1
    close_line: int = 1
    body_offset: int = 0
    keys: dict[str, KeyPosition] = field(default_factory=dict)
    error: FrontMatterError | None = None


def parse_front_matter(source: SourceText, limits: Limits = DEFAULT_LIMITS) -> FrontMatter:
    text = source.text
    if not _OPEN.match(text):
        return FrontMatter(None, error=FrontMatterError("missing", 1, 1))
    start = text.index("\n") + 1
    close = _CLOSE.search(text, start)
    if close is None:
        return FrontMatter(None, error=FrontMatterError("unclosed", 1, 1))
    close_line = source.position(close.start())[0]
    end = text.find("\n", close.end())
    body_offset = len(text) if end == -1 else end + 1
    result = FrontMatter(None, 1, close_line, body_offset)
    _load(source, start, close.start(), result, limits)
    return result


def _load(source: SourceText, start: int, end: int, result: FrontMatter, limits: Limits) -> None:
    yaml_text = source.text[start:end]

    def fail(kind: ErrorKind, index: int, detail: str = "") -> None:
        # YAML's marks are character indexes into the block, which keeps them right even
        # where YAML and we disagree on what a line break is (U+2028, NEL).
        line, col = source.position(start + min(index, max(len(yaml_text) - 1, 0)))
        result.error = FrontMatterError(kind, line, col, detail)

    # A line-anchored pattern is tried at every character: only where its colon occurs.
    colon = _FULLWIDTH_COLON.search(yaml_text) if "：" in yaml_text else None
    if colon:
        return fail("fullwidth-colon", colon.start(1))
    if len(yaml_text) > limits.front_matter_chars:
        return fail("too-large", 0, str(limits.front_matter_chars))
    deep = too_deep(yaml_text, limits.front_matter_depth)
    if deep is not None:
        return fail("too-deep", deep, str(limits.front_matter_depth))
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            result.error = FrontMatterError("empty", result.open_line, 1)
            return None
        if not isinstance(node, yaml.MappingNode):
            return fail("not-mapping", node.start_mark.index)
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                # A key is a name as typed: `true:` or `2024:` is the unknown key "true" or
                # "2024" (located where it is), and `<<:` is not a merge, whose merged keys
                # once passed for duplicates of the keys beside them.
                key_node.tag = _STR
        # Without aliases a document has fewer nodes than characters: count only if needed.
        nodes = limits.front_matter_nodes
        could_explode = "*" in yaml_text or len(yaml_text) > nodes
        if could_explode and _expanded_size(node, {}) > nodes:
            return fail("too-many-nodes", node.start_mark.index, str(nodes))
        data = construct(loader, node)
        if not isinstance(data, dict):  # a mapping tagged as another kind: `!!set {a, b}`
            return fail("not-mapping", node.start_mark.index)
    except yaml.reader.ReaderError as exc:
        return fail("control-character", exc.position, f"U+{exc.character:04X}")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            # An unclosed quote or bracket is noticed at the end; point where it was opened.
            mark = exc.context_mark
        return fail("syntax", mark.index if mark else 0, _describe(exc))
    except Exception as exc:
        # PyYAML's constructors raise whatever their input provokes (`!!bool 0` gives a
        # KeyError, `!!timestamp 0` an AttributeError): any of them is a syntax finding.
        return fail("syntax", 0, f"{type(exc).__name__}: {exc}")
    finally:
        loader.dispose()
    repeated = _first_repeated_key(node)
    if repeated is not None:
        # PyYAML keeps the last value silently, at any depth (correction:, withdrawal:); an
        # editor who typed a key twice almost never means the second one.
        key_node, path = repeated
        key_line, key_col = source.position(start + key_node.start_mark.index)
        result.error = FrontMatterError("duplicate-key", key_line, key_col, path)
        return None
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key_line, key_col = source.position(start + key_node.start_mark.index)
        value_line, value_col = source.position(start + value_node.start_mark.index)
        result.keys[key] = KeyPosition(key_line, key_col, value_line, value_col)
    result.data = {str(k): v for k, v in data.items()}
    return None


def construct(loader: _Loader, node: yaml.MappingNode) -> Any:
    """`loader.construct_document(node)` for the root mapping, whose scalar keys `_load`
    has made text. Most front-matter is a plain mapping of scalars: PyYAML's document
    machinery (a generator per mapping, a table of the nodes built) then costs a third of
    reading it, so each value is built on its own instead: text as written (what
    construct_yaml_str gives), anything else by its own constructor, which fails as it
    would there."""
    pairs = node.value
    plain = node.tag == _MAP and all(
        isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
        for key, value in pairs
    )
    if not plain:
        return loader.construct_document(node)
    return {
        key.value: value.value if value.tag == _STR else loader.construct_object(value)
        for key, value in pairs
    }


def _first_repeated_key(root: yaml.MappingNode) -> tuple[yaml.Node, str] | None:
    """The first key, in document order, that repeats a key of the same mapping at any
    depth, with its path (`correction.date`, `items[2].name`)."""
    first: tuple[yaml.Node, str] | None = None
    seen_nodes: set[int] = set()  # an alias brings a node back: walk it once
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack += [(item, f"{path}[{i + 1}]") for i, item in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
                child = f"{path}.{key}" if path else key
                earlier = first is None or key_node.start_mark.index < first[0].start_mark.index
                if key and key in keys and earlier:
                    first = (key_node, child)
                keys.add(key)
                stack.append((value_node, child))
    return first


def too_deep(yaml_text: str, max_depth: int = MAX_DEPTH) -> int | None:
    """Where nesting gets deeper than any report needs, if it does: brackets, or block
    indentation. The table blocks' YAML is bounded the same way.

    libyaml's C parser overflows its stack on tens of thousands of `[`, so this is decided
    before YAML sees the text.
    """
    if yaml_text.count("[") + yaml_text.count("{") > max_depth:
        depth = 0
        for index, char in enumerate(yaml_text):
            if char in "[{":
                depth += 1
                if depth > max_depth:
                    return index
            elif char in "]}":
                depth = max(depth - 1, 0)
    offset = 0
    widest = 2 * max_depth
    for line in yaml_text.split("\n"):
        # A line no longer than the widest indentation allowed cannot exceed it.
        if len(line) > widest:
            indent = _INDENT.match(line)
            if indent and indent.end() > widest:
                return offset
        offset += len(line) + 1
    return None


def _expanded_size(node: yaml.Node, seen: dict[int, int]) -> int:
    """Nodes the document would have with every alias expanded ("billion laughs")."""
    known = seen.get(id(node))
    if known is not None:
        return known
    seen[id(node)] = 1  # a recursive alias counts once instead of looping
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, seen) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(
            _expanded_size(key, seen) + _expanded_size(value, seen) for key, value in node.value
        )
    else:
        size = 1
    seen[id(node)] = size
    return size


def _describe(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or type(exc).__name__
