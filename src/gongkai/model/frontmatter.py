"""Splitting and parsing YAML front-matter without ever swallowing an error.

MkDocs drops front-matter it cannot parse and renders the page anyway; here every problem
becomes a located error, with the line and column PyYAML itself reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from gongkai.model.source import SourceText

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

ErrorKind = Literal[
    "missing", "unclosed", "fullwidth-colon", "syntax", "empty", "not-mapping", "duplicate-key"
]
# `year： 2024` typed with a Chinese IME: YAML would report a confusing error on the next line.
_FULLWIDTH_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*[ \t]*(：)", re.MULTILINE)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader that leaves dates as text, so the schema, not YAML, decides what a
    valid date is: `2025-02-30` then becomes a located field error instead of a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class FrontMatterError:
    kind: ErrorKind
    line: int
    col: int
    detail: str = ""


@dataclass(frozen=True)
class KeyPosition:
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


def parse_front_matter(source: SourceText) -> FrontMatter:
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
    _load(text[start : close.start()], result)
    return result


def _load(yaml_text: str, result: FrontMatter) -> None:
    # YAML marks are 0-based and relative to the block, which starts on the line after `---`.
    first_line = result.open_line + 1
    colon = _FULLWIDTH_COLON.search(yaml_text)
    if colon:
        line = yaml_text.count("\n", 0, colon.start(1)) + first_line
        col = colon.start(1) - (yaml_text.rfind("\n", 0, colon.start(1)) + 1) + 1
        result.error = FrontMatterError("fullwidth-colon", line, col)
        return
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            result.error = FrontMatterError("empty", result.open_line, 1)
            return
        if not isinstance(node, yaml.MappingNode):
            mark = node.start_mark
            result.error = FrontMatterError(
                "not-mapping", mark.line + first_line, mark.column + 1, node.id
            )
            return
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            # An unclosed quote or bracket is noticed at the end; point where it was opened.
            mark = exc.context_mark
        line, col = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        result.error = FrontMatterError("syntax", line, col, _describe(exc))
        return
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        result.error = FrontMatterError("syntax", first_line, 1, str(exc) or type(exc).__name__)
        return
    finally:
        loader.dispose()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        position = KeyPosition(
            key_node.start_mark.line + first_line,
            key_node.start_mark.column + 1,
            value_node.start_mark.line + first_line,
            value_node.start_mark.column + 1,
        )
        if key in result.keys:
            # PyYAML keeps the last value silently; an editor who typed a key twice
            # almost never means the second one.
            result.error = FrontMatterError("duplicate-key", position.line, position.col, key)
            return
        result.keys[key] = position
    result.data = {str(k): v for k, v in data.items()}


def _describe(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or type(exc).__name__
