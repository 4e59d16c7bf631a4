"""Profiles are data: every bundled one loads, and a broken one is refused with a reason."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from pydantic import ValidationError

from gongkai.config import Config
from gongkai.engine import check_bytes
from gongkai.model.loader import load_report
from gongkai.profiles import Profile, load_profile, profile_ids
from gongkai.profiles.recognise import locate_contents
from samples import FRONT_MATTER


@pytest.mark.parametrize("profile_id", profile_ids())
def test_bundled_profile_loads_and_compiles(profile_id: str) -> None:
    profile = load_profile(profile_id)
    assert profile.id == profile_id
    for content in profile.contents:
        assert content.heading_pattern() or content.text_pattern()


def _fazhi_data() -> dict:
    return load_profile("fazhi").model_dump(mode="json")


def test_unknown_profile_key_is_refused() -> None:
    data = _fazhi_data()
    data["contents"][0]["heading"] = ["typo for headings"]
    with pytest.raises(ValidationError, match="heading"):
        Profile.model_validate(data)


def test_bad_regular_expression_is_refused() -> None:
    data = _fazhi_data()
    data["contents"][0]["headings"] = ["(unclosed"]
    with pytest.raises(ValidationError, match="invalid regular expression"):
        Profile.model_validate(data)


def test_bad_deadline_is_refused() -> None:
    data = _fazhi_data()
    data["deadline"]["by_level"] = {"township": "3-1"}
    with pytest.raises(ValidationError, match="not MM-DD"):
        Profile.model_validate(data)


def test_fazhi_profile_round_trips_through_yaml() -> None:
    data = _fazhi_data()
    assert Profile.model_validate(yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))) == (
        load_profile("fazhi")
    )


REPORT = (
    FRONT_MATTER
    + """
# 关于2024年法治政府建设情况的报告

{body}
"""
)


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        # Headings worded differently from the regulation, in another order.
        (
            "## 一、下一步工作打算\n\n继续推进。\n\n## 二、主要措施及成效\n\n做了工作。\n\n"
            "## 三、存在的短板和不足\n\n短板明显，原因是人手不足。\n\n"
            "## 四、党政主要负责人履行推进法治建设第一责任人职责情况\n\n带头学法。\n\n"
            "## 五、其他需要说明的事项\n\n无。\n",
            [],
        ),
        # Thematic sections only, 第一责任人 as a sentence inside them.
        (
            "## 一、加强组织领导\n\n镇长履行第一责任人职责。\n\n## 二、存在的问题\n\n由于人手少。\n\n"
            "## 三、2025年工作思路\n\n继续推进。\n\n## 四、其他需要报告的情况\n\n无。\n",
            [],
        ),
        (
            "## 一、加强组织领导\n\n做了工作。\n\n## 二、下一步工作计划\n\n继续推进。\n",
            ["shortcomings", "first_responsible", "other"],
        ),
    ],
)
def test_contents_are_recognised_not_matched_literally(body: str, missing: list[str]) -> None:
    findings = check_bytes("r.md", REPORT.format(body=body).encode(), Config())
    profile = load_profile("fazhi")
    names = {profile.content(c).name.zh for c in missing}
    found = {f.args["name_zh"] for f in findings if f.rule == "GK101"}
    assert found == names


def test_titles_remembered_for_one_profile_do_not_answer_for_another() -> None:
    # Contents are matched once per title and profile: a profile that words a content
    # differently (same ids, same title seen before) must be asked afresh.
    report = load_report("r.md", REPORT.format(body="## 一、存在的问题\n\n由于人手少。\n").encode())
    fazhi = load_profile("fazhi")
    data = _fazhi_data()
    for content in data["contents"]:
        content["headings"] = ["问题"] if content["id"] == "next_year" else ["不会出现的标题"]
    changed = Profile.model_validate(data)
    found = [
        {cid for cid, located in locate_contents(copy, profile).items() if located.items}
        for copy, profile in [
            (report, fazhi),
            (dataclasses.replace(report, memo_store={}), changed),
        ]
    ]
    assert found == [{"shortcomings"}, {"next_year"}]
