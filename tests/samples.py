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
