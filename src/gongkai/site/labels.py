"""Chinese wording shared by the generated pages."""

from __future__ import annotations

import datetime as dt

from gongkai.site.records import PublishedReport, Timeliness


def date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def time_tag(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{date_zh(day)}</time>'


def timeliness_badge(report: PublishedReport) -> str:
    if report.timeliness is Timeliness.on_time:
        return '<span class="gk-badge gk-on-time">按时公开</span>'
    if report.timeliness is Timeliness.late and report.deadline:
        days = (report.published - report.deadline).days
        return f'<span class="gk-badge gk-late">逾期 {days} 天公开</span>'
    return ""


def status_badge(report: PublishedReport) -> str:
    if report.status == "withdrawn":
        return '<span class="gk-badge gk-withdrawn">已撤回</span>'
    if report.status == "corrected":
        return '<span class="gk-badge gk-corrected">已更正</span>'
    return timeliness_badge(report)
