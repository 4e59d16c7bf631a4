"""What the site knows about one published report: its checked metadata and its URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Timeliness(StrEnum):
    on_time = "on-time"
    late = "late"
    # No deadline is known for this report type, or the report has no publication date.
    unknown = "unknown"


@dataclass(frozen=True)
class Attachment:
    name: str  # the file name shown to readers, e.g. 原件.pdf
    url: str  # site-relative, beside the report page


@dataclass(frozen=True)
class PublishedReport:
    """One report as the public site shows it; drafts never become one."""

    path: str  # source file, as the checker names it (posix separators)
    url: str  # site-relative directory URL, e.g. "2024/fazhi/示例县人民政府/"
    title: str
    type: str
    type_name: str  # the report type in Chinese, e.g. 法治政府建设年度报告
    year: int
    issuer: str
    issuer_level: str  # province | city | county | township | department
    published: dt.date
    status: str  # published | corrected | withdrawn
    doc_number: str | None = None
    region_code: str | None = None
    deadline: dt.date | None = None
    timeliness: Timeliness = Timeliness.unknown
    correction_date: dt.date | None = None
    correction_note: str | None = None
    withdrawal_date: dt.date | None = None
    withdrawal_reason: str | None = None
    attachments: tuple[Attachment, ...] = ()

    @property
    def updated(self) -> dt.date:
        """The date of the last public change: publication, correction or withdrawal."""
        return max(d for d in (self.published, self.correction_date, self.withdrawal_date) if d)
