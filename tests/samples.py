"""Sample reports shared by the tests: a fictional issuer, original text."""

from __future__ import annotations

# A complete, valid front-matter block for a 2024 fazhi report of a township.
FRONT_MATTER = """\
---
title: 关于2024年法治政府建设情况的报告
type: fazhi
year: 2024
issuer: 示例县示例镇人民政府
issuer_level: township
published: 2025-03-20
---
"""

# A report with no findings at all: every required content, causes, on time.
CLEAN = (
    FRONT_MATTER
    + """
2024年，示例镇人民政府把法治政府建设列入全镇重点工作，现将有关情况报告如下。

## 一、主要举措和成效

镇政府修改了常务会议议事规则，重大事项先征求村民代表意见，再提交会议讨论。

## 二、存在的不足

村级事务管理还不够规范。主要原因是部分村干部对相关规定学得不深。

## 三、党政主要负责人履行推进法治建设第一责任人职责情况

镇党委书记和镇长把推进法治建设第一责任人职责列入年度述职内容。

## 四、2025年工作安排

每季度组织一次村干部法律知识讲座。

## 五、其他需要报告的情况

无。
"""
)

# The six sections of a 政府信息公开工作年度报告, as the national format (2021) titles them.
XXGK_SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# 表三's result rows under （三）…（六）, by group, as the national format (2021) labels them.
TABLE_3_GROUPS = {
    "（三）不予公开": [
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ],
    "（四）无法提供": [
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
    ],
    "（五）不予处理": [
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
    ],
    "（六）其他处理": [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ],
}
