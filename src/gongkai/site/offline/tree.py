"""The files of a built site that the other-host check and the CSP read."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from pathlib import Path


def site_files(
    site_dir: Path, suffixes: Collection[str], skip: Collection[str] = ()
) -> Iterator[tuple[str, Path]]:
    """Each file under `site_dir` whose suffix, in lower case, is one of `suffixes` and whose
    site-relative POSIX path is not in `skip`, as (that path, the file's path), in no
    particular order. Names stay strings until a file is chosen: a site of 2,000 reports has
    11,000 entries, nearly all pages in `skip` or search shards, and a Path for each (as
    `rglob` makes, sorted) cost more than reading the few files chosen."""
    stack = [("", os.fspath(site_dir))]
    while stack:
        relative, directory = stack.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                path = relative + entry.name
                if entry.is_dir():
                    stack.append((path + "/", entry.path))
                elif (
                    os.path.splitext(entry.name)[1].lower() in suffixes
                    and path not in skip
                    and entry.is_file()
                ):
                    yield path, Path(entry.path)
