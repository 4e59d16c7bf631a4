"""The editor's preview (`mkdocs serve`): each finding shown on the report's page, next to
the paragraph, heading or table it is about, in the project's language.

The build that publishes stops on any error; the preview must not, or the editor would see
only a log. So in preview every report gets a page, drafts and reports with errors too,
and the published site is never built this way.

Python-Markdown cannot say which line a rendered element came from, so notes are placed in
the Markdown before rendering: at the start of the block (paragraph, list, table, fenced
block) holding the finding's line, as a one-line raw-HTML block that Markdown passes
through. A finding in the front-matter goes into the panel above the report instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongkai.engine import FileResult
from gongkai.layout import slug
from gongkai.model.report import Report
from gongkai.rules import RULES_BY_ID
from gongkai.site.html import HtmlPage, esc, headed, link, page, table
from gongkai.site.urls import relative

PREVIEW_INDEX = "preview/"
_SEVERITY = {
    "zh": {"error": "错误", "warning": "警告"},
    "en": {"error": "error", "warning": "warning"},
}
_FENCE = ("```", "~~~")


@dataclass(frozen=True)
class Note:
    """A finding or a site problem, rendered for the page."""

    line: int
    col: int
    severity: str  # error | warning
    message: str
    rule: str | None = None  # rule id, for the link to its page


@dataclass(frozen=True)
class Preview:
    """A report the published site would leave out, shown in preview only."""

    path: str
    url: str
    title: str
    reason: str
    body: str  # Markdown, notes placed


@dataclass(frozen=True)
class Placed:
    """Where each note goes: inserted into the Markdown at an offset, or in the panel."""

    insertions: list[tuple[int, str]]  # offset in the report's text → one-line HTML
    panel: str  # HTML above the report; empty when there is nothing to say


def notes_for(result: FileResult, lang: str) -> list[Note]:
    notes = []
    for finding in result.findings:
        rule = RULES_BY_ID[finding.rule]
        notes.append(
            Note(
                finding.line,
                finding.col,
                finding.severity.value,
                rule.render(finding, lang),
                rule.id,
            )
        )
    return notes


def preview_url(path: str) -> str:
    """Where a report with no usable year, type or issuer is previewed: by its file name."""
    stem = path.removesuffix(".md")
    return f"{PREVIEW_INDEX}{slug(stem.replace('/', '-'))}/"


def place(report: Report, notes: Sequence[Note], here: str, lang: str) -> Placed:
    """Group the notes by the block they are about and render them."""
    if not notes or report.source is None:
        return Placed([], panel(notes, here, lang) if notes else "")
    source = report.source
    body_line = source.position(report.body_offset)[0] if report.body_offset else 1
    starts = _block_starts(source.text.split("\n"), body_line)
    above: list[Note] = []
    by_line: dict[int, list[Note]] = defaultdict(list)
    for note in sorted(notes, key=lambda n: (n.line, n.col)):
        if note.line < body_line or note.line > len(starts):
            above.append(note)
        else:
            by_line[starts[note.line - 1]].append(note)
    insertions = [
        (source.line_offset(line), _notes_html(group, here, lang))
        for line, group in sorted(by_line.items())
    ]
    return Placed(insertions, panel(notes, here, lang, above))


def panel(notes: Sequence[Note], here: str, lang: str, above: Iterable[Note] = ()) -> str:
    """The counts, and the notes that belong to no paragraph (front-matter, whole file)."""
    errors = sum(n.severity == "error" for n in notes)
    warnings = len(notes) - errors
    if lang == "zh":
        summary = f"检查发现 {errors} 个错误、{warnings} 个警告，已标在相关内容的上方。"
        if errors:
            summary += "有错误的报告不会发布，请逐条修改后保存，本页会自动刷新。"
    else:
        summary = f"{errors} error(s) and {warnings} warning(s), shown above what they are about."
        if errors:
            summary += " A report with errors is not published; fix them and save."
    kind = "danger" if errors else "warning"
    items = "".join(_note_item(note, here, lang) for note in above)
    listed = f'<ul class="gk-finding-list">{items}</ul>' if items else ""
    title = "预览：检查结果" if lang == "zh" else "Preview: check results"
    return (
        f'<div class="admonition {kind} gk-findings" role="status">'
        f'<p class="admonition-title">{title}</p><p>{esc(summary)}</p>{listed}</div>'
    )


def _notes_html(notes: Sequence[Note], here: str, lang: str) -> str:
    kind = "error" if any(n.severity == "error" for n in notes) else "warning"
    items = "".join(_note_item(note, here, lang) for note in notes)
    return f'<div class="gk-finding gk-finding-{kind}" role="note"><ul>{items}</ul></div>'


def _note_item(note: Note, here: str, lang: str) -> str:
    severity = _SEVERITY[lang][note.severity]
    where = f"第 {note.line} 行" if lang == "zh" else f"line {note.line}"
    rule = ""
    if note.rule is not None:
        label = f"{note.rule} 说明" if lang == "zh" else f"{note.rule} help"
        rule = " " + link(relative(here, f"rules/{note.rule}/"), label)
    return (
        f'<li class="gk-{note.severity}"><strong>{severity}</strong> {where}：'
        f"{esc(note.message)}{rule}</li>"
    )


def _block_starts(lines: list[str], body_line: int) -> list[int]:
    """For every line (1-based), the first line of the Markdown block it belongs to.

    A block runs from a blank line to the next; a fenced block is one block whatever
    blank lines it holds, so a note never lands inside code or a table block."""
    starts: list[int] = []
    start = body_line
    fence: str | None = None
    previous_blank = True
    for number, line in enumerate(lines, start=1):
        if number < body_line:
            starts.append(number)
            continue
        stripped = line.strip()
        if fence is not None:
            starts.append(start)
            if stripped.startswith(fence) and not stripped[len(fence) :].strip("`~"):
                fence = None
            continue
        marker = next((m for m in _FENCE if stripped.startswith(m)), None)
        # An ATX heading is a block of its own even without a blank line before it.
        if marker is not None or (stripped and (previous_blank or stripped.startswith("#"))):
            start = number
        if marker is not None:
            fence = stripped[: len(stripped) - len(stripped.lstrip(marker[0]))]
        starts.append(start if stripped else number)
        previous_blank = not stripped
    return starts


def preview_page(preview: Preview) -> str:
    banner = (
        '<div class="admonition warning gk-preview" role="status">'
        '<p class="admonition-title">预览：本页只在本机预览时显示</p>'
        f"<p>{esc(preview.reason)}。文件：<code>{esc(preview.path)}</code></p></div>"
    )
    return headed(page(preview.title, banner), preview.body)


def preview_index(
    results: Sequence[FileResult], urls: dict[str, str], held_back: set[str]
) -> HtmlPage:
    """Every checked file with its counts, worst first, linked to its page; `held_back` are
    the paths the published site would leave out."""
    here = PREVIEW_INDEX
    rows = []
    order = sorted(results, key=lambda r: (-_count(r, "error"), -_count(r, "warning"), r.path))
    for result in order:
        url = urls.get(result.path)
        name = link(relative(here, url), result.path) if url else esc(result.path)
        if result.error:
            rows.append([name, esc(f"无法读取：{result.error}"), "", ""])
            continue
        state = "不会发布" if result.path in held_back else "会发布"
        rows.append(
            [name, esc(state), str(_count(result, "error")), str(_count(result, "warning"))]
        )
    return page(
        "预览：检查结果",
        "<p>本页只在本机预览（mkdocs serve）时生成。每份报告的问题标在它自己页面的相关内容上方；"
        "保存文件后页面自动刷新。</p>",
        table("全部报告的检查结果", ["文件", "状态", "错误", "警告"], rows),
    )


def preview_banner(results: Sequence[FileResult]) -> str:
    failing = sum(1 for r in results if r.error or _count(r, "error"))
    text = f"预览模式：共 {len(results)} 份报告，其中 {failing} 份有错误（改正前不会发布）。"
    return (
        '<div class="admonition warning gk-preview" role="status">'
        f'<p class="admonition-title">本机预览</p><p>{esc(text)}'
        f"{link(PREVIEW_INDEX, '查看全部检查结果')}</p></div>"
    )


def _count(result: FileResult, severity: str) -> int:
    return sum(f.severity.value == severity for f in result.findings)
