"""Which files a report names may be published beside it: its `attachments:` and the
images in its body.

The checks (GK009, GK010) and the site build share this one decision, so a file the check
accepts is exactly a file the site copies, and nothing outside the project is ever copied.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

# Original documents a reader may download beside a report (the allow-list).
TYPES = (".pdf", ".docx", ".xlsx", ".ofd", ".jpg", ".png")
PROJECT_MARKERS = ("gongkai.yml", ".git")


class Problem(StrEnum):
    outside = "outside"  # absolute, `..` out of the project, or a symlink leading out
    missing = "missing"
    not_a_file = "not-a-file"
    type = "type"


def project_root(start: Path) -> Path:
    """The project a report belongs to: the nearest directory holding gongkai.yml or .git,
    else the report's own directory (then attachments must lie beside or below it)."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if any((directory / marker).exists() for marker in PROJECT_MARKERS):
            return directory
    return start


def root_of(report_path: Path, roots: dict[Path, Path]) -> Path:
    """`project_root` of a report's folder, remembered in `roots` for the rest of one run."""
    folder = report_path.parent
    if folder not in roots:
        roots[folder] = project_root(folder)
    return roots[folder]


def problem(
    report_path: Path, name: str, root: Path, types: tuple[str, ...] = TYPES
) -> Problem | None:
    """Why `name` (relative to the report) cannot be published, or None when it can;
    `types` are the allowed suffixes."""
    given = Path(name)
    # `C:…` and `\\server\…` are absolute only to Windows, NUL is no file name at all.
    if given.is_absolute() or name.startswith("\\") or ":" in name or "\0" in name:
        return Problem.outside
    try:
        # resolve() follows every symlink, so a link that leads out is caught here too.
        source = (report_path.parent / given).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return Problem.missing
    if not source.is_relative_to(root.resolve()):
        return Problem.outside
    if not source.exists():
        return Problem.missing
    if not source.is_file():
        return Problem.not_a_file
    if given.suffix.lower() not in types or source.suffix.lower() not in types:
        return Problem.type
    return None
