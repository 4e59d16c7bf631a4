"""Where a report lives: `reports/<year>/<type>/<slug>.md` in the repository, and the site
address derived from the same slug (gongkai.site.urls).

A leaf module: `gongkai import` and `gongkai new` name the file they write with it, the site
names pages with it, and neither has to import the other for that.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

# Characters that would need escaping in a path or confuse a reader of the URL; Chinese
# characters stay: 示例县人民政府 is a better address than a transliteration or a number.
_UNSAFE = re.compile(r"[^\w\u3400-\u9fff\uf900-\ufaff〔〕·-]+")


def slug(text: str) -> str:
    cleaned = _UNSAFE.sub("-", unicodedata.normalize("NFKC", text).strip()).strip("-")
    return cleaned or "-"


def report_file(year: object, report_type: object, issuer: str) -> Path:
    """Where the repository layout puts a report: reports/<year>/<type>/<issuer slug>.md."""
    return Path("reports", str(year), str(report_type), f"{slug(issuer)}.md")
