"""Every finding tells an editor what is wrong and what to do, in words an office worker uses.

The checks read the message templates, not rendered findings: a value quoted from a report
(which may itself contain 请 or a question mark) must not make a message pass.
"""

from __future__ import annotations

import re

import pytest

from gongkai.rules import ALL_RULES

TEMPLATES = [
    pytest.param(texts["zh"], id=f"{rule.id}-{key}")
    for rule in ALL_RULES
    for key, texts in rule.messages.items()
]
# 请 as a request, not inside 申请 (applications, in table rows) or 邀请.
REQUEST = re.compile(r"(?<![申邀])请")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
# Words that mean nothing to an office worker unless explained.
JARGON = ("YAML", "front-matter", "frontmatter", "regex", "正则", "映射", "键值")
GLOSSED = "报告信息（前置元数据）"


@pytest.mark.parametrize("template", TEMPLATES)
def test_message_says_the_problem_then_what_to_do(template: str) -> None:
    text = PLACEHOLDER.sub("", template)
    request = REQUEST.search(text)
    assert request, f"no instruction (请…) in: {template}"
    assert text[: request.start()].strip("。；，：:;, "), f"the problem is not stated: {template}"
    assert not text.rstrip().endswith(("？", "?")), f"ends with a question: {template}"


@pytest.mark.parametrize("template", TEMPLATES)
def test_message_explains_its_terms(template: str) -> None:
    assert not [word for word in JARGON if word.lower() in template.lower()], template
    if "前置元数据" in template:
        assert GLOSSED in template, f"前置元数据 without saying what it is: {template}"


def test_the_request_check_is_not_fooled_by_applications() -> None:
    assert not REQUEST.search("收到和处理政府信息公开申请情况")
    assert REQUEST.search("请核对这些数")
