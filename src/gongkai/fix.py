"""`gongkai check --fix` and `--diff`: the repairs that cannot change what a report says.

Only rules that declare a fixer contribute (conversion residue, typography), only for
findings that are neither suppressed nor turned off in gongkai.yml, and every byte outside
the repaired spans is kept as it was: the BOM, CRLF line ends, the front-matter.
"""

from __future__ import annotations

import bisect
import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gongkai.config import Config
from gongkai.engine import UnsafePath, context_for, find_reports, read_report, silenced
from gongkai.model.loader import load_report
from gongkai.model.source import UTF8_BOM
from gongkai.rules import ALL_RULES
from gongkai.rules.base import Fix
from gongkai.writes import FileChanged, replace_file

# A repair may expose another (a bookmark removed before a half-width comma); a few passes
# reach a fixed point, and the bound keeps a pathological file from looping.
_MAX_PASSES = 4


@dataclass(frozen=True)
class FixedFile:
    path: str
    before: bytes
    after: bytes
    fixes: int

    def diff(self) -> str:
        before = self.before.decode("utf-8-sig").splitlines(keepends=True)
        after = self.after.decode("utf-8-sig").splitlines(keepends=True)
        lines = difflib.unified_diff(before, after, f"a/{self.path}", f"b/{self.path}")
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def fix_bytes(path: str, data: bytes, config: Config) -> tuple[bytes, int]:
    """The file with every applicable fix applied, and how many were applied."""
    total = 0
    for _ in range(_MAX_PASSES):
        fixes = _fixes(path, data, config)
        if not fixes:
            break
        data = _apply(data, fixes)
        total += len(fixes)
    return data, total


def fix_paths(paths: Sequence[str], config: Config) -> list[FixedFile]:
    """The files under `paths` that fixes would change; nothing is written."""
    changed = []
    # Read as `check` reads: never a FIFO, a link out of the tree, or more than the limit.
    for path, root in find_reports(paths):
        try:
            before = read_report(path, root, config.limits)
        except (OSError, UnsafePath):
            continue  # `check` reports the unreadable file
        after, count = fix_bytes(path, before, config)
        if after != before:
            changed.append(FixedFile(path.replace(os.sep, "/"), before, after, count))
    return changed


def summary(fixed: Sequence[FixedFile], lang: str, written: bool) -> str:
    """One line on stderr after --fix (written) or --diff (not written)."""
    count, files = sum(item.fixes for item in fixed), len(fixed)
    if lang == "zh":
        if not fixed:
            return "没有可以自动修复的问题。"
        verb = "已修复" if written else "可自动修复"
        note = "" if written else "（未写入文件；去掉 --diff 并使用 --fix 写入）"
        return f"{verb} {count} 处问题，涉及 {files} 个文件{note}。"
    if not fixed:
        return "Nothing to fix."
    verb = "Fixed" if written else "Would fix"
    note = "" if written else " (nothing written; use --fix without --diff to write)"
    return f"{verb} {count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}{note}."


def write(fixed: FixedFile) -> bool:
    """Replace the file atomically, keeping its permissions. False, writing nothing, when
    the file no longer holds the bytes the fixes were made from (saved in an editor
    meanwhile): that edit wins, and the next --fix starts from it."""
    try:
        replace_file(Path(fixed.path), fixed.after, expected=fixed.before)
    except FileChanged:
        return False
    return True


def _fixes(path: str, data: bytes, config: Config) -> list[Fix]:
    report = load_report(path, data, limits=config.limits)
    if report.source is None:
        return []
    ctx = context_for(report, config)
    silent = set(silenced(report))
    chosen: list[Fix] = []
    for rule in ALL_RULES:
        if rule.fix is None or config.severity_for(rule.id, rule.name) == "off":
            continue
        chosen += [fix for fix in rule.fix(report, ctx) if (fix.line, rule.id) not in silent]
    # Overlapping repairs would conflict: keep the first of each overlap; the next pass
    # sees the result and repairs what is left.
    chosen.sort(key=lambda fix: (fix.start, fix.end))
    kept: list[Fix] = []
    for fix in chosen:
        if not kept or fix.start >= kept[-1].end:
            kept.append(fix)
    return kept


def _apply(data: bytes, fixes: list[Fix]) -> bytes:
    """Apply fixes given as offsets into the decoded text (BOM dropped, CRLF folded to LF)
    to the original file, whose BOM and line ends are kept."""
    bom = UTF8_BOM if data.startswith(UTF8_BOM) else b""
    raw = data[len(bom) :].decode("utf-8")
    # Offsets in the folded text shift by one for every CRLF before them.
    folded_crlf: list[int] = []
    index = raw.find("\r\n")
    while index != -1:
        folded_crlf.append(index - len(folded_crlf))
        index = raw.find("\r\n", index + 2)

    def original(offset: int) -> int:
        return offset + bisect.bisect_left(folded_crlf, offset)

    parts: list[str] = []
    position = 0
    for fix in fixes:
        start, end = original(fix.start), original(fix.end)
        parts += [raw[position:start], fix.replacement]
        position = end
    parts.append(raw[position:])
    return bom + "".join(parts).encode("utf-8")
