"""`published_report(...)`: a PublishedReport as the site gathers it, for tests of the pages
and the open data that need reports but no files."""

from __future__ import annotations

import datetime as dt

from gongkai.site.records import PublishedReport, Timeliness
from gongkai.site.urls import report_url

TYPE_NAMES = {"fazhi": "法治政府建设年度报告", "xxgk": "政府信息公开工作年度报告"}


def published_report(
    issuer: str,
    year: int,
    published: str | None = None,
    *,
    report_type: str = "fazhi",
    issuer_level: str = "county",
    **extra: object,
) -> PublishedReport:
    """Published on `published` (default: 20 January of the next year) against a 31 March
    deadline, so its timeliness follows from the date; `extra` overrides any field."""
    deadline = dt.date(year + 1, 3, 31)
    day = dt.date.fromisoformat(published) if published else dt.date(year + 1, 1, 20)
    fields: dict[str, object] = {
        "path": f"reports/{year}/{report_type}/{issuer}.md",
        "url": report_url(year, report_type, issuer),
        "title": f"{issuer}{year}年{TYPE_NAMES[report_type]}",
        "type": report_type,
        "type_name": TYPE_NAMES[report_type],
        "year": year,
        "issuer": issuer,
        "issuer_level": issuer_level,
        "published": day,
        "status": "published",
        "deadline": deadline,
        "timeliness": Timeliness.on_time if day <= deadline else Timeliness.late,
    }
    fields.update(extra)
    return PublishedReport(**fields)  # type: ignore[arg-type]
