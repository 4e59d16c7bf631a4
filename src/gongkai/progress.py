"""Progress of long work on a terminal: files done of total, rate and time left, on stderr.

Shown only when stderr is a terminal and the work has lasted DELAY seconds, so CI logs,
pipes and the machine-readable formats stay byte-exact, and a quick run prints nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
DELAY = 2.0


def progress(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """Yield `items`, drawing a bar labelled `label` under the conditions above."""
    stream = sys.stderr
    if not stream.isatty():
        yield from items
        return
    from tqdm import tqdm  # only a terminal shows a bar: pipes and CI never import it

    with tqdm(
        items,
        total=total,
        desc=label,
        unit="份",
        delay=DELAY,
        file=stream,
        leave=False,
        dynamic_ncols=True,
    ) as bar:
        yield from bar
