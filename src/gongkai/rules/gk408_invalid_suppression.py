"""## 检查内容

抑制注释写得不对，因而不起作用：

- 没有写原因：`<!-- gongkai-disable-next-line GK402 -->`；
- 没有写规则，或写了不存在的规则编号、名称；
- 注释后面没有任何内容可以抑制。

正确的写法是在需要抑制的那一行上方单独一行写：

    <!-- gongkai-disable-next-line 规则编号或名称 -- 原因 -->

可以用逗号或空格分隔写多条规则；注释对它下面第一个非空行起作用。

## 为什么重要

抑制注释会让检查对某一行“视而不见”。写明原因，审核的人才能判断这样做是否合理；
不写原因的抑制注释不起作用，被抑制的问题仍会报告。

## 如何修改

按提示补上“ -- 原因”，或改正规则编号、名称；不再需要的抑制注释直接删除。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.report import Report
from gongkai.rules.base import Context, Finding, Severity, rule
from gongkai.suppress import directives, resolve


@rule(
    id="GK408",
    name="invalid-suppression",
    severity=Severity.warning,
    summary={
        "zh": "抑制注释缺少原因、规则不存在或没有抑制对象",
        "en": "A suppression comment lacks a reason, names no known rule or has nothing to suppress",
    },
    messages={
        "no-reason": {
            "zh": "抑制注释没有写原因，因此不起作用。请写成“<!-- gongkai-disable-next-line "
            "{rules} -- 原因 -->”",
            "en": "The suppression comment gives no reason, so it has no effect; write "
            "'<!-- gongkai-disable-next-line {rules} -- reason -->'",
        },
        "no-rule": {
            "zh": "抑制注释没有写要抑制的规则，因此不起作用。请在 gongkai-disable-next-line "
            "后写规则编号或名称",
            "en": "The suppression comment names no rule, so it has no effect; name a rule "
            "id or name after gongkai-disable-next-line",
        },
        "unknown-rule": {
            "zh": "抑制注释中的“{name}”不是已有的规则编号或名称，注释不起作用。"
            "请用 gongkai rules 查看规则列表",
            "en": "'{name}' in the suppression comment is not a rule id or name, so the "
            "comment has no effect; `gongkai rules` lists them",
        },
        "no-target": {
            "zh": "抑制注释下面没有内容，无可抑制，请删除这条注释",
            "en": "Nothing follows the suppression comment; remove it",
        },
    },
    doc=__doc__ or "",
)
def invalid_suppression(report: Report, ctx: Context) -> Iterator[Finding]:
    for directive in directives(report):
        finding = invalid_suppression.finding
        resolved = resolve(directive.names, ctx.rule_keys)
        if resolved.unknown:
            yield finding(directive.line, directive.col, "unknown-rule", name=resolved.unknown[0])
        elif not resolved.rules:
            yield finding(directive.line, directive.col, "no-rule")
        elif not directive.reason:
            yield finding(
                directive.line, directive.col, "no-reason", rules=",".join(resolved.rules)
            )
        elif directive.target is None:
            yield finding(directive.line, directive.col, "no-target")
