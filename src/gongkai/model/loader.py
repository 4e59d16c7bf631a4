"""Turning the bytes of one file into a Report, recording every problem instead of raising."""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from gongkai.limits import DEFAULT_LIMITS, Limits
from gongkai.model.frontmatter import FrontMatter, parse_front_matter
from gongkai.model.headings import scan_headings
from gongkai.model.metadata import FIELD_NAMES, STATUS_NOTES, ReportMeta, Status
from gongkai.model.report import FieldIssue, Report
from gongkai.model.source import DecodeFailure, Oversize, decode


def load_report(path: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Report:
    """The report in `data`; pass the project's `config.limits` (the defaults otherwise).

    A file over a limit is read no further than needed to tell: it gets `oversize` and no
    text, so no rule spends time on it.
    """
    report = Report(path, limits=limits)
    if len(data) > limits.max_file_bytes:
        report.oversize = Oversize("file", 1, limits.max_file_bytes)
        return report
    decoded = decode(data)
    if isinstance(decoded, DecodeFailure):
        report.decode_failure = decoded
        return report
    long_line = decoded.first_line_longer_than(limits.max_line_chars)
    if long_line is not None:
        report.oversize = Oversize("line", long_line, limits.max_line_chars)
        return report
    report.source = decoded
    front_matter = parse_front_matter(decoded, limits)
    report.front_matter = front_matter
    report.body_offset = front_matter.body_offset
    report.headings = scan_headings(decoded, front_matter.body_offset)
    if front_matter.data is not None:
        report.fields, report.field_issues = validate_fields(front_matter)
    return report


# Format characters that change what a name looks like without being seen: zero-width
# spaces and joiners, bidirectional overrides and isolates (U+202E shows 府政 for 政府),
# the soft hyphen, word joiner and a BOM pasted mid-text. An issuer name holding one can
# pass for another body's, so it is an invalid value, not a typo.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def validate_fields(front_matter: FrontMatter) -> tuple[dict[str, Any], list[FieldIssue]]:
    data = front_matter.data or {}
    try:
        meta = ReportMeta.model_validate(data)
    except ValidationError as exc:
        issues = [_issue(error, front_matter) for error in exc.errors(include_url=False)]
        fields = _valid_subset(data, {issue.field for issue in issues})
    else:
        issues = []
        fields = {name: getattr(meta, name) for name in FIELD_NAMES}
    hidden = _invisible(fields, front_matter)
    for issue in hidden:
        del fields[issue.field]
    issues += hidden
    # `status` is absent from `fields` only when it is itself invalid: then whether
    # `published` is needed cannot be known, and the status finding says enough.
    status = fields.get("status")
    needs_date = status is not None and status != Status.draft
    reported = {issue.field for issue in issues}
    if needs_date and fields.get("published") is None and "published" not in reported:
        issues.append(_missing("published", front_matter))
    note = STATUS_NOTES.get(getattr(status, "value", ""))
    if note and fields.get(note) is None and note not in reported:
        issues.append(_missing(note, front_matter))
    order = {name: index for index, name in enumerate(FIELD_NAMES)}
    issues.sort(key=lambda issue: (issue.line, issue.col, order.get(issue.field, len(order))))
    return fields, issues


def _issue(error: Any, front_matter: FrontMatter) -> FieldIssue:
    name = str(error["loc"][0]) if error["loc"] else ""
    if error["type"] == "missing":
        return _missing(name, front_matter)
    position = front_matter.keys.get(name)
    if error["type"] == "extra_forbidden":
        line, col = (position.line, position.col) if position else (front_matter.open_line, 1)
        return FieldIssue("unknown", name, line, col, value=error.get("input"))
    line, col = (position.value_line, position.value_col) if position else (1, 1)
    problem = error["type"]
    if name == "published" and problem in {"value_error", "date_from_datetime_parsing"}:
        problem = "date_parsing"
    return FieldIssue("invalid", name, line, col, problem, (front_matter.data or {}).get(name))


def _invisible(fields: dict[str, Any], front_matter: FrontMatter) -> list[FieldIssue]:
    issues = []
    for name, value in fields.items():
        hidden = _INVISIBLE.search(value) if isinstance(value, str) else None
        if hidden:
            position = front_matter.keys.get(name)
            line, col = (position.value_line, position.value_col) if position else (1, 1)
            code = f"U+{ord(hidden.group()):04X}"
            issues.append(FieldIssue("invalid", name, line, col, "invisible_character", code))
    return issues


def _missing(name: str, front_matter: FrontMatter) -> FieldIssue:
    # Point at the closing `---`: that is where the editor adds the line.
    return FieldIssue("missing", name, front_matter.close_line, 1)


@cache
def _default(name: str) -> Any:
    # pydantic inspects the signature of a default factory (`list`) on every call, which
    # cost more than the rest of the report's loading; each report gets its own copy.
    return ReportMeta.model_fields[name].get_default(call_default_factory=True)


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    info = ReportMeta.model_fields[name]
    return TypeAdapter(info.rebuild_annotation())


def _valid_subset(data: dict[str, Any], bad: set[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in FIELD_NAMES:
        if name in bad:
            continue
        if name not in data:
            default = copy.deepcopy(_default(name))
            if default is not None:
                fields[name] = default
            continue
        try:
            fields[name] = _adapter(name).validate_python(data[name])
        except ValidationError:
            continue
    return fields
