"""## 检查内容

公开日期 `published` 晚于该类报告、该层级机关的公开期限。法治政府建设年度报告应在
次年 4 月 1 日之前向社会公开（《法治政府建设与责任落实督察工作规定》），即最迟 3 月 31 日。

默认是警告；在项目配置 `gongkai.yml` 中可以改为错误，或按地方规定调整期限：

    rules:
      deadline-missed: error
    deadlines:
      fazhi:
        township: "03-01"

草稿（`status: draft`）不检查。

## 为什么重要

逾期公开是第三方评估中最常见的扣分项。2019 年的评估中，31 个省级政府只有 4 个在
4 月 1 日前公开了上一年度的报告。

## 如何修改

如果公开日期填错了，改正 `published`；如果确实逾期，按时公开下一年度的报告，必要时在
“其他需要报告的情况”中说明原因。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gongkai.deadlines import due_date
from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK202",
    name="deadline-missed",
    severity=Severity.warning,
    summary={
        "zh": "公开日期晚于法定公开期限",
        "en": "Published after the deadline for this report type and issuer level",
    },
    messages={
        "default": {
            "zh": "公开日期 {published} 晚于公开期限 {deadline}，逾期 {days} 天（依据：{basis_zh}）。"
            "请核对公开日期是否填错；确实逾期的，请按实际日期保留",
            "en": "Published on {published}, {days} days after the deadline {deadline} "
            "({basis_en}); check the date, and keep it if it is the real one",
        },
        "one-day": {
            "zh": "公开日期 {published} 晚于公开期限 {deadline}，逾期 1 天（依据：{basis_zh}）。"
            "请核对公开日期是否填错；确实逾期的，请按实际日期保留",
            "en": "Published on {published}, 1 day after the deadline {deadline} ({basis_en}); "
            "check the date, and keep it if it is the real one",
        },
        "configured": {
            "zh": "公开日期 {published} 晚于本项目配置（gongkai.yml）的公开期限 {deadline}，"
            "逾期 {days} 天。请核对公开日期是否填错；确实逾期的，请按实际日期保留",
            "en": "Published on {published}, {days} day(s) after the deadline {deadline} "
            "set in gongkai.yml; check the date, and keep it if it is the real one",
        },
    },
    doc=__doc__ or "",
    needs_profile=True,
)
def deadline_missed(report: Report, ctx: Context) -> Iterator[Finding]:
    profile, fields = ctx.profile, report.fields
    published, year, level = fields.get("published"), fields.get("year"), fields.get("issuer_level")
    if profile is None or not isinstance(published, dt.date) or not isinstance(year, int):
        return
    if level is None or getattr(fields.get("status"), "value", None) == "draft":
        return
    deadline, configured = due_date(profile, ctx.config, year, getattr(level, "value", str(level)))
    if published <= deadline:
        return
    position = report.front_matter.keys["published"] if report.front_matter else None
    line, col = (position.value_line, position.value_col) if position else (1, 1)
    days = (published - deadline).days
    message = "configured" if configured else "one-day" if days == 1 else "default"
    yield deadline_missed.finding(
        line,
        col,
        message,
        published=published.isoformat(),
        deadline=deadline.isoformat(),
        days=days,
        basis_zh=profile.deadline.basis.zh,
        basis_en=profile.deadline.basis.en,
    )
