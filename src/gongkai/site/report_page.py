"""The page of one report: metadata card, public notices, then the report itself."""

from __future__ import annotations

from gongkai.site.html import esc, headed, link, page
from gongkai.site.labels import date_zh, status_badge, time_tag, timeliness_badge
from gongkai.site.records import PublishedReport
from gongkai.site.urls import compare_url, issuer_url, relative, type_url, year_url


def report_page(report: PublishedReport, body: str, *, has_previous: bool = False) -> str:
    """`has_previous`: the issuer's report of the same type for the year before is on the
    site, so the page links to the two side by side."""
    here = report.url
    rows = [
        ("发布机关", link(relative(here, issuer_url(report.issuer)), report.issuer)),
        ("报告类型", link(relative(here, type_url(report.type)), report.type_name)),
        ("报告年度", link(relative(here, year_url(report.year)), f"{report.year}年")),
        ("公开日期", f"{time_tag(report.published)} {timeliness_badge(report)}".strip()),
    ]
    if report.deadline:
        rows.append(("公开期限", time_tag(report.deadline)))
    if report.doc_number:
        rows.append(("发文字号", esc(report.doc_number)))
    if has_previous:
        target = compare_url(report.year, report.type, report.issuer)
        rows.append((f"{report.year - 1}年报告", link(relative(here, target), "与上年对比")))
    if report.attachments:
        files = "、".join(link(relative(here, a.url), a.name) for a in report.attachments)
        rows.append(("原件", files))
    card = "".join(f"<div><dt>{esc(k)}</dt><dd>{v}</dd></div>" for k, v in rows)
    parts = [f'<section class="gk-card" aria-label="报告信息"><dl>{card}</dl></section>']
    if report.correction_date and report.correction_note:
        parts.append(
            '<div class="admonition info gk-correction">'
            f'<p class="admonition-title">更正说明（{date_zh(report.correction_date)}）</p>'
            f"<p>{esc(report.correction_note)}</p></div>"
        )
    if report.status == "withdrawn":
        when = date_zh(report.withdrawal_date) if report.withdrawal_date else ""
        parts.append(
            '<div class="admonition danger gk-withdrawal" role="alert">'
            f'<p class="admonition-title">本报告已于{when}撤回</p>'
            f"<p>撤回原因：{esc(report.withdrawal_reason or '')}</p>"
            "<p>本页保留报告的基本信息，报告正文不再公开。</p></div>"
        )
    heading = f'<h1 id="gk-title">{esc(report.title)} {status_badge(report)}</h1>'
    head = page(report.title, *parts, heading=heading)
    return headed(head) if report.status == "withdrawn" else headed(head, body)
