"""What counts as a fetch from another host, and where in a file it is: every scanner
reports the URLs it finds to a `Collector`."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True, order=True)
class ExternalFetch:
    """A URL on another host that the browser would fetch. `line` and `col` are 1-based and
    count code points, like every other gongkai position."""

    file: str
    line: int
    col: int
    url: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.what} {self.url}"


# --- where URLs count as external ---------------------------------------------------------

# XML namespace names look like URLs but are identifiers: nothing ever fetches them.
NAMESPACES = frozenset(
    {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xhtml",
        "http://www.w3.org/1999/xlink",
        "http://www.w3.org/2000/xmlns/",
        "http://www.w3.org/XML/1998/namespace",
        "http://www.w3.org/1998/Math/MathML",
    }
)
# Browsers drop tabs and newlines anywhere in a URL and read "\" as "/" in http(s) URLs, so
# "/\cdn.example" is protocol-relative; normalise the same way before deciding.
_URL_NOISE = re.compile(r"[\t\n\r]")


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of a URL that names a host, else None (relative, data:, …)."""
    cleaned = _URL_NOISE.sub("", url.strip()).replace("\\", "/")
    if cleaned.startswith("//"):
        cleaned = "http:" + cleaned
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # e.g. "//[1]/": not a valid URL, so the browser fetches nothing
        return None
    if parts.scheme.lower() not in {"http", "https", "ws", "wss", "ftp"} or not parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class Positions:
    """Offset → (line, col), both 1-based, col in code points. The line index is built on first
    use: most files have nothing to report."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_starts: list[int] | None = None

    @property
    def _starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self._text))]
        return self._line_starts

    def offset(self, line: int, col0: int) -> int:
        return self._starts[line - 1] + col0

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class Collector:
    def __init__(self, rel: str, text: str, site_origin: str | None) -> None:
        self.rel = rel
        self.positions = Positions(text)
        self.site_origin = site_origin
        self.found: list[ExternalFetch] = []

    def url(self, url: str, offset: int, what: str) -> None:
        origin = origin_of(url)
        if origin is not None and origin != self.site_origin and url.strip() not in NAMESPACES:
            line, col = self.positions.at(offset)
            self.found.append(ExternalFetch(self.rel, line, col, url.strip(), what))
