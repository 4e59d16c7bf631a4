"""The front-matter schema: one pydantic model, also published as JSON Schema."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr


class IssuerLevel(StrEnum):
    province = "province"
    city = "city"
    county = "county"
    township = "township"
    department = "department"


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


class ReportMeta(BaseModel):
    """Front-matter of one report."""

    # `published` is required unless the report is a draft; the loader enforces it so the
    # finding is an ordinary missing-field, and the JSON Schema states it with if/then.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "if": {"not": {"properties": {"status": {"const": "draft"}}, "required": ["status"]}},
            "then": {"required": ["published"], "properties": {"published": {"type": "string"}}},
        },
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
}
