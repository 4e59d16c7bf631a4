"""The front-matter schema: one pydantic model, also published as JSON Schema."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

from gongkai.model.levels import IssuerLevel


class Status(StrEnum):
    draft = "draft"
    published = "published"
    corrected = "corrected"
    withdrawn = "withdrawn"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _strict_date(value: Any) -> Any:
    # Only ISO dates: "2025/3/20" or "2025年3月20日" would parse differently in other tools.
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("not an ISO date")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_strict_date)]


class Correction(BaseModel):
    """更正说明: what was corrected after publication, and when; shown on the page and in the feed."""

    # defer_build: validators are built at the first validation, not at import; a check
    # answered from the cache validates none of these.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    date: IsoDate = Field(description="更正日期（YYYY-MM-DD）")
    note: str = Field(min_length=1, description="更正说明，如“第二部分第3段数据有误，已更正”")


class Withdrawal(BaseModel):
    """Why and when a published report was withdrawn: its page stays, with this notice."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    date: IsoDate = Field(description="撤回日期（YYYY-MM-DD）")
    reason: str = Field(min_length=1, description="撤回原因")


# `status` values that need an explanation, and the field that gives it.
STATUS_NOTES: dict[str, str] = {"corrected": "correction", "withdrawn": "withdrawal"}


def _is_status(status: str) -> dict[str, Any]:
    return {"properties": {"status": {"const": status}}, "required": ["status"]}


# What the loader enforces across fields, stated for other tools: a date unless a draft,
# and the explanation a corrected or withdrawn report owes its readers.
_REQUIRED_WHEN: list[Any] = [
    {"if": {"not": _is_status("draft")}, "then": {"required": ["published"]}},
    *(
        {"if": _is_status(status), "then": {"required": [note]}}
        for status, note in STATUS_NOTES.items()
    ),
]


class ReportMeta(BaseModel):
    """Front-matter of one report."""

    # `published` is required unless the report is a draft; the loader enforces it so the
    # finding is an ordinary missing-field, and the JSON Schema states it with if/then.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"allOf": _REQUIRED_WHEN},
        defer_build=True,
    )

    title: str = Field(min_length=1, description="报告标题，如“关于2024年法治政府建设情况的报告”")
    type: str = Field(
        pattern=r"^[a-z][a-z0-9_-]*$", description="报告类型标识，如 fazhi（法治政府建设年度报告）"
    )
    # Strict: YAML's `true` or a quoted "2024" is a typo to report, not a value to coerce.
    year: StrictInt = Field(ge=2000, le=2100, description="报告所述年度")
    issuer: str = Field(min_length=2, description="发布机关全称，如“示例县示例镇人民政府”")
    issuer_level: IssuerLevel = Field(description="发布机关层级")
    published: IsoDate | None = Field(
        default=None, description="公开日期（YYYY-MM-DD）；草稿（status: draft）可不填"
    )
    status: Status = Field(default=Status.published, description="发布状态")
    doc_number: str | None = Field(
        default=None,
        pattern=r"^.+〔\d{4}〕\d+号$",
        description="发文字号，如“示镇政〔2025〕3号”（六角括号〔〕）",
    )
    region_code: StrictStr | None = Field(
        default=None,
        pattern=r"^[1-8]\d{5}$",
        description='GB/T 2260 六位行政区划代码，如 "411303"',
    )
    correction: Correction | None = Field(
        default=None, description="更正说明；status: corrected 时必填"
    )
    withdrawal: Withdrawal | None = Field(
        default=None, description="撤回说明；status: withdrawn 时必填"
    )
    attachments: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="原件附件（PDF、DOCX 等），路径相对于报告文件，如 原件.pdf",
    )


FIELD_NAMES: tuple[str, ...] = tuple(ReportMeta.model_fields)


def json_schema() -> dict[str, Any]:
    schema = ReportMeta.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "gongkai report front-matter"
    return schema


# How editors and developers call each field, and a line they can copy.
FIELD_LABELS: dict[str, dict[str, str]] = {
    "title": {"zh": "标题", "en": "title"},
    "type": {"zh": "报告类型", "en": "report type"},
    "year": {"zh": "报告年度", "en": "year reported on"},
    "issuer": {"zh": "发布机关", "en": "issuing body"},
    "issuer_level": {"zh": "发布机关层级", "en": "level of the issuing body"},
    "published": {"zh": "公开日期", "en": "publication date"},
    "status": {"zh": "发布状态", "en": "status"},
    "doc_number": {"zh": "发文字号", "en": "document number"},
    "region_code": {"zh": "行政区划代码", "en": "administrative division code"},
    "correction": {"zh": "更正说明", "en": "correction note"},
    "withdrawal": {"zh": "撤回说明", "en": "withdrawal notice"},
    "attachments": {"zh": "附件", "en": "attachments"},
}
FIELD_EXAMPLES: dict[str, str] = {
    "title": "title: 关于2024年法治政府建设情况的报告",
    "type": "type: fazhi",
    "year": "year: 2024",
    "issuer": "issuer: 示例县示例镇人民政府",
    "issuer_level": "issuer_level: township",
    "published": "published: 2025-03-20",
    "status": "status: published",
    "doc_number": "doc_number: 示镇政〔2025〕3号",
    "region_code": 'region_code: "411303"',
    "correction": "correction: {date: 2025-04-10, note: 第二部分第3段数据有误，已更正}",
    "withdrawal": "withdrawal: {date: 2025-05-06, reason: 误发，已撤回}",
    "attachments": "attachments: [原件.pdf]",
}
