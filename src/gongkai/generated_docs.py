"""Documentation generated from the code: a page per rule and the front-matter JSON Schema.

`scripts/gen_docs.py` writes these under docs/ and a test fails when they drift from the
code, so a rule, the schema and their documentation cannot disagree.
"""

from __future__ import annotations

import json

from gongkai.model.metadata import json_schema
from gongkai.rules import ALL_RULES
from gongkai.rules.base import Rule

_SEVERITY_ZH = {"error": "错误（error）", "warning": "警告（warning）"}


def rule_page(rule: Rule) -> str:
    return (
        f"# {rule.id} {rule.name}\n\n"
        f"{rule.summary['zh']}。\n\n"
        f"- 编号：`{rule.id}`\n"
        f"- 名称：`{rule.name}`\n"
        f"- 默认级别：{_SEVERITY_ZH[rule.severity.value]}\n"
        f"- 英文说明：{rule.summary['en']}\n\n"
        f"{rule.doc}\n\n"
        "## 调整级别\n\n"
        "在仓库根目录的 `gongkai.yml` 中可以调整本规则的级别（`error`、`warning` 或 `off`）：\n\n"
        f"```yaml\nrules:\n  {rule.name}: warning\n```\n"
    )


def index_page() -> str:
    rows = "".join(
        f"| [{rule.id}]({rule.id}.md) | `{rule.name}` | {_SEVERITY_ZH[rule.severity.value]} "
        f"| {rule.summary['zh']} |\n"
        for rule in ALL_RULES
    )
    return (
        "# 检查规则\n\n"
        "`gongkai check` 和网站构建使用同一套规则。每条提示的格式为：\n\n"
        "```text\n文件:行:列: 编号 [级别] 说明 (规则名称)\n```\n\n"
        "级别为“错误”的问题会使检查失败、网站无法发布；“警告”提醒编辑注意，"
        "使用 `--strict` 时同样视为失败。点击编号查看每条规则的说明和修改方法。\n\n"
        "| 编号 | 名称 | 默认级别 | 检查内容 |\n| --- | --- | --- | --- |\n" + rows
    )


def pages() -> dict[str, str]:
    """Path under docs/ → file text."""
    result = {f"rules/{rule.id}.md": rule_page(rule) for rule in ALL_RULES}
    result["rules/index.md"] = index_page()
    schema = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    result["schema/report.schema.json"] = schema
    return result
