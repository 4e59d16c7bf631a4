"""URLs a stylesheet fetches: `@import` and `url()`, outside comments."""

from __future__ import annotations

import re

from gongkai.site.offline.collector import Collector

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_IMPORT = re.compile(
    r"""@import\s+(?:url\(\s*)?(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^"'\s);]+))""",
    re.IGNORECASE,
)
_CSS_URL = re.compile(
    r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^"'\s)]*))""", re.IGNORECASE
)


def _value_group(match: re.Match[str]) -> str:
    return next(g for g in ("dq", "sq", "bare") if match.group(g) is not None)


def scan_css(text: str, base: int, collector: Collector) -> None:
    # Blank comments out with spaces so that offsets stay those of the file.
    code = _CSS_COMMENT.sub(lambda m: " " * len(m.group()), text)
    imported: set[int] = set()
    for what, pattern in (("@import", _CSS_IMPORT), ("CSS url()", _CSS_URL)):
        for match in pattern.finditer(code):
            group = _value_group(match)
            if match.start(group) not in imported:  # `@import url(…)` is reported once
                imported.add(match.start(group))
                collector.url(match.group(group), base + match.start(group), what)
