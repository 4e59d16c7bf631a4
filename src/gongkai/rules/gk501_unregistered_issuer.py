"""## 检查内容

项目中有发布机关名录（默认是仓库根目录的 `registry.yml`）时，报告的发布机关 `issuer`
必须与名录中某个机关的名称完全一致。没有名录的项目不做这项检查。

## 为什么重要

公开情况一览表按名录统计哪些机关按时公开、逾期公开或没有公开。发布机关名称写了简称、
错字或多了空格，这份报告就对不上它的机关：一览表会把该机关显示为“未公开”，机关页面上
也找不到这份报告。

## 如何修改

把 `issuer` 改成名录中的全称（提示中会给出最接近的名称）；如果这是一个新机关，请在
`registry.yml` 中登记它：

    issuers:
      - name: 示例县示例镇人民政府
        level: township
        parent: 示例县人民政府
        owes: [fazhi]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule


@rule(
    id="GK501",
    name="unregistered-issuer",
    severity=Severity.warning,
    summary={
        "zh": "发布机关不在发布机关名录中",
        "en": "The issuer is not in the issuer registry",
    },
    messages={
        "default": {
            "zh": "发布机关“{issuer}”不在发布机关名录（{registry}）中。请改用名录中的全称，"
            "或在名录中登记该机关",
            "en": "Issuer '{issuer}' is not in the issuer registry ({registry}); use the "
            "registered name or add the issuer to the registry",
        },
        "suggest": {
            "zh": "发布机关“{issuer}”不在发布机关名录（{registry}）中，可能是“{suggestion}”写错了。"
            "请改为“{suggestion}”，或在名录中登记该机关",
            "en": "Issuer '{issuer}' is not in the issuer registry ({registry}), probably a "
            "misspelt '{suggestion}'; use '{suggestion}' or register the issuer",
        },
    },
    doc=__doc__ or "",
)
def unregistered_issuer(report: Report, ctx: Context) -> Iterator[Finding]:
    registry, issuer = ctx.config.registry, report.fields.get("issuer")
    if registry is None or not isinstance(issuer, str) or registry.find(issuer):
        return
    position = report.front_matter.keys.get("issuer") if report.front_matter else None
    line, col = (position.value_line, position.value_col) if position else (1, 1)
    where = ctx.config.site.registry
    close = difflib.get_close_matches(issuer, sorted(registry.names()), n=1, cutoff=0.75)
    if close:
        yield unregistered_issuer.finding(
            line, col, "suggest", issuer=issuer, registry=where, suggestion=close[0]
        )
    else:
        yield unregistered_issuer.finding(line, col, issuer=issuer, registry=where)
