"""`gongkai new`: an empty report of a type, ready to be filled in.

The scaffold is a draft whose front-matter is complete, so that `gongkai check` on it says
only what is left to write: every content the profile requires is a heading with the
regulation's requirement under it as an HTML comment, which readers never see and which
does not count as content (GK103 empty-section names each heading until it is written).
Tables are ```gongkai-table blocks with every row of the national format and every value
blank (~).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from gongkai.bilingual import Note
from gongkai.deadlines import due_date
from gongkai.errors import GongkaiError
from gongkai.importers.tables import map_layout
from gongkai.model.levels import IssuerLevel, issuer_level
from gongkai.numerals import to_chinese
from gongkai.profiles import Content, Profile, load_profile, profile_ids
from gongkai.profiles.rowlabels import numbering
from gongkai.profiles.tablespec import Layout, TableSpec
from gongkai.registry import Issuer

if TYPE_CHECKING:
    from gongkai.config import Config

_LEVEL_VALUES = frozenset(level.value for level in IssuerLevel)
_LEVEL_CHOICES = Note(
    "、".join(f"{level}（{level.zh}）" for level in IssuerLevel), ", ".join(IssuerLevel)
)


class ScaffoldFailure(GongkaiError):
    """The report cannot be scaffolded; `note` says what to give instead. As a string it is
    the Chinese text."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.note = Note(zh, en)


def parse_year(text: str) -> int:
    """`--year` as typed; the range is the one the front-matter accepts (GK004)."""
    if not re.fullmatch(r"\d{4}", text.strip()) or not 2000 <= int(text) <= 2100:
        raise ScaffoldFailure(
            f"--year “{text}” 不是报告年度：请写 2000 到 2100 之间的四位年份，如 2024",
            f"--year “{text}” is not a year reported on: write a year from 2000 to 2100, "
            "such as 2024",
        )
    return int(text)


def parse_date(text: str) -> dt.date:
    """`--published` as typed."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ScaffoldFailure(
            f"--published “{text}” 不是日期：请写成“年-月-日”，如 2025-03-20",
            f"--published “{text}” is not a date: write it as year-month-day, such as 2025-03-20",
        ) from None


@dataclass
class Scaffold:
    text: str
    fields: dict[str, Any]
    notes: list[Note] = field(default_factory=list)


def scaffold(
    report_type: str,
    year: int,
    issuer: str,
    *,
    config: Config,
    level: str | None = None,
    published: dt.date | None = None,
) -> Scaffold:
    """The draft report of `report_type` on `year` by `issuer`."""
    if report_type not in profile_ids():
        raise ScaffoldFailure(
            f"未知的报告类型“{report_type}”：请用 --type 指定 {'、'.join(profile_ids())} 之一",
            f"unknown report type “{report_type}”: give --type one of " + ", ".join(profile_ids()),
        )
    issuer = issuer.strip()
    if not issuer:
        raise ScaffoldFailure(
            "发布机关名称为空：请用 --issuer 写明发布机关的完整名称",
            "the issuer's name is empty: give the issuing body's full name with --issuer",
        )
    if level is not None and level not in _LEVEL_VALUES:
        raise ScaffoldFailure(
            f"--level “{level}” 不是发布机关层级：请改为 {_LEVEL_CHOICES.zh}",
            f"--level “{level}” is not a level of issuing body: use {_LEVEL_CHOICES.en}",
        )
    profile = load_profile(report_type)
    notes: list[Note] = []
    registered = config.registry.find(issuer) if config.registry else None
    if config.registry is not None and registered is None:
        notes.append(
            Note(
                f"发布机关“{issuer}”不在发布机关名录（{config.site.registry}）中：请核对是否写了"
                "完整名称；如是新机关，请在名录中登记",
                f"the issuer “{issuer}” is not in the registry ({config.site.registry}): check "
                "that the full name is written; a new body is to be registered there",
            )
        )
    level = _level(issuer, level, registered, notes)
    fields: dict[str, Any] = {
        "title": f"{issuer}{year}年{profile.name.zh}",
        "type": report_type,
        "year": year,
        "issuer": issuer,
        "issuer_level": level,
    }
    if registered and registered.region_code:
        fields["region_code"] = registered.region_code
    if published:
        fields["published"] = published
    fields["status"] = "draft"
    deadline, _configured = due_date(profile, config, year, level)
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False)
    # YAML comments, so that the front-matter holds exactly the fields above.
    date_line = "" if published else f"，并加一行公开日期，如 published: {deadline}"
    front += f"# 公开时：把 status 改为 published{date_line}（公开期限：{deadline} 前）\n"
    tables = "表格中的 ~ 表示未填，请换成数字（没有发生的填 0）。" if profile.tables else ""
    intro = (
        "<!-- 这是 gongkai new 生成的报告框架。请在每个标题下写正文，写好后删除“填写”提示。"
        f"{tables} -->"
    )
    body = _body(profile, year, level)
    return Scaffold(f"---\n{front}---\n\n{intro}\n\n{body}", fields, notes)


def _level(issuer: str, given: str | None, registered: Issuer | None, notes: list[Note]) -> str:
    """The issuer's level: as given, else from the registry, else from its name; a plain
    string, which yaml.safe_dump writes and an enum it cannot."""
    if given:
        if registered and registered.level != given:
            notes.append(
                Note(
                    f"名录中“{issuer}”的层级是 {registered.level}（{registered.level.zh}），"
                    f"已按 --level 写为 {given}；请核对",
                    f"the registry gives “{issuer}” the level {registered.level}; written as "
                    f"{given}, as --level says: please check",
                )
            )
        return given
    if registered:
        return registered.level.value
    inferred = issuer_level(issuer)
    if inferred is None:
        raise ScaffoldFailure(
            f"无法从“{issuer}”判断发布机关层级：请用 --level 指定，可选 {_LEVEL_CHOICES.zh}",
            f"the level of “{issuer}” cannot be told from its name: give it with --level, "
            f"one of {_LEVEL_CHOICES.en}",
        )
    notes.append(
        Note(
            f"发布机关层级按名称判断为 {inferred}（{inferred.zh}）；如不对，"
            "请改正 issuer_level 或用 --level 指定",
            f"the issuer's level, judged from its name, is {inferred}; if that is wrong, "
            "correct issuer_level or give --level",
        )
    )
    return inferred.value


def _body(profile: Profile, year: int, level: str) -> str:
    """One section per required content, in the profile's order. A content suggested as a
    subsection (xxgk's 考核、评议、追究, under （五）监督保障) is hinted in the section
    before it: a lone （五） would be a numbering gap, and a section with a subsection is
    never empty, so its own hint would go unreported."""
    sections: dict[str, list[Content]] = {}
    for content in profile.contents:
        if not content.applies_to(level):
            continue
        title = content.suggested_heading.zh
        if title.startswith("（") and sections:
            title = list(sections)[-1]
        sections.setdefault(title, []).append(content)
    tables = {spec.section: spec for spec in profile.tables}
    # Profiles without numbered headings (fazhi) get 一、二、… as reports are written.
    numbered = any(numbering(title) for title in sections)
    chunks: list[str] = []
    for position, (title, contents) in enumerate(sections.items()):
        heading = title if numbered else f"{to_chinese(position + 1)}、{title}"
        hint = "；".join(content.requirement.zh for content in contents)
        chunks.append(f"## {heading}\n\n<!-- 填写：{hint} -->\n")
        spec = next((tables[c.id] for c in contents if c.id in tables), None)
        if spec is not None:
            chunks.append(_table(spec, spec.layout_for_year(year)))
    return "\n".join(chunks)


def _table(spec: TableSpec, layout: Layout) -> str:
    """The table's block with every row and every value blank: the importer's mapping of
    a published table that has the official labels and nothing in its cells."""
    grid = [[*row.label[-1:], *[""] * len(layout.group_of[row.key].columns)] for row in layout.rows]
    block = map_layout(spec, layout, [grid]).block
    if block is None:  # the official labels always map; a profile that breaks this is ours
        raise GongkaiError(f"表{spec.number}的统一格式无法生成表格数据块")
    columns = [
        "、".join(layout.column_names[position, column.key] for column in group.columns)
        for position, group in enumerate(layout.groups)
    ]
    if len(layout.groups) == 1:
        order = f"各列依次为：{columns[0]}"
    else:
        order = "；".join(
            f"{'、'.join(row.label[-1] for row in group.rows)}：{names}"
            for group, names in zip(layout.groups, columns, strict=True)
        )
    return f"<!-- 填写表{spec.number}（{order}） -->\n\n{block}\n"
