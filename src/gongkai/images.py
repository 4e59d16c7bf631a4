"""The images a report's body shows, wherever Markdown or HTML names them.

A relative image is published beside the report page, at the same relative path, so the
link works unchanged on the site; one that would need `..` cannot be placed so, and one on
another host would be fetched from there by every reader (see GK010).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from gongkai import attachments
from gongkai.model.report import Report
from gongkai.model.scan import literals, occurs
from gongkai.prose import COMMENT_OR_CODE, blank, without_fences

# Formats every browser shows; SVG is left out on purpose: opened on its own, an SVG file
# runs its scripts with the site's origin.
TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
_MARKS = literals("![", "<")
_INLINE = re.compile(r"!\[[^\]\n]*\]\(\s*(?:<([^>\n]*)>|([^\s()]+))")
_REFERENCE = re.compile(r"!\[([^\]\n]*)\]\[([^\]\n]*)\]")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
_IMG_SRC = re.compile(
    r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Problems of images besides those of attachments.Problem.
REMOTE, NOT_BESIDE = "remote", "not-beside"


@dataclass(frozen=True)
class Image:
    line: int
    col: int
    url: str  # as written (HTML character references decoded)

    @property
    def scheme(self) -> str | None:
        match = _SCHEME.match(self.url)
        return match.group(1).lower() if match else None

    @property
    def remote(self) -> bool:
        return self.url.startswith("//") or self.scheme in {"http", "https", "ftp"}

    @property
    def path(self) -> str | None:
        """The file it names, relative to the report, when it is a local file."""
        if self.scheme or not self.url or self.url.startswith(("/", "#", "?")):
            return None
        return unquote(self.url.split("#", 1)[0].split("?", 1)[0])

    @property
    def beside(self) -> bool:
        """Whether the file lies beside the report or below it (no `..` out of its folder)."""
        path = self.path
        return path is not None and not posixpath.normpath(path).startswith("..")


def images(report: Report) -> list[Image]:
    """Every image the body shows, in order."""
    if report.source is None:
        return []
    # Most reports hold neither `![` nor a `<` that could open <img>: the shared scan says
    # so without lowercasing the body.
    if not occurs(report, _MARKS):
        return []
    body = report.text[report.body_offset :]
    if "![" not in body and "<img" not in body.lower():
        return []
    body = COMMENT_OR_CODE.sub(blank, without_fences(body))
    found: list[tuple[int, str]] = []
    for match in _INLINE.finditer(body):
        group = 1 if match.group(1) is not None else 2
        found.append((match.start(group), match.group(group)))
    definitions = {m.group(1).strip().lower(): m for m in _DEFINITION.finditer(body)}
    for match in _REFERENCE.finditer(body):
        key = (match.group(2) or match.group(1)).strip().lower()
        if key in definitions:
            found.append((definitions[key].start(2), definitions[key].group(2)))
    for match in _IMG_SRC.finditer(body):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        found.append((match.start(group), match.group(group)))
    result = []
    for offset, url in sorted(set(found)):
        line, col = report.source.position(report.body_offset + offset)
        result.append(Image(line, col, html.unescape(url).strip()))
    return result


def problem(path: Path, image: Image, roots: dict[Path, Path]) -> str | None:
    """Why `image` in the report at `path` cannot be published, or None; `roots` caches
    each folder's project root."""
    if image.remote:
        return REMOTE
    if image.scheme is not None:
        return None  # javascript:, data: …: GK409's, and the sanitiser removes them
    if image.path is None:
        return attachments.Problem.outside.value
    if not image.beside:
        return NOT_BESIDE
    found = attachments.problem(path, image.path, attachments.root_of(path, roots), TYPES)
    return None if found is None else found.value
