"""The dashboard's filters (year, type, level, region), with no script and no server.

Each filter is a `<select>`; a generated style sheet hides, for every option, the sections
and rows that do not match it, through `:has()` on the dashboard's box. Without `:has()`
(old browsers) site.css hides the filters and everything stays shown; without CSS,
everything is shown too.

Pages and the style sheet speak only of tokens (`y2024`, `t0`, `county`, `r3`), never of
names: an issuer's name, which comes from the registry, never reaches a CSS selector.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.model.levels import IssuerLevel
from gongkai.site.dashboard import Cell, Period, region_of
from gongkai.site.html import esc

FILTERS_CSS = "assets/gongkai/dashboard-filters.css"
BOX = "gk-dash"


@dataclass(frozen=True)
class Filter:
    key: str  # year | type | level | region: the data-f-<key> attribute and the select's id
    label: str
    options: tuple[tuple[str, str], ...]  # (token, what readers see)


@dataclass(frozen=True)
class Filters:
    year: Filter
    type: Filter
    level: Filter
    region: Filter

    def all(self) -> tuple[Filter, ...]:
        return (self.year, self.type, self.level, self.region)

    def token(self, key: str, shown: str) -> str:
        flt = getattr(self, key)
        assert isinstance(flt, Filter)
        return next(token for token, text in flt.options if text == shown)


def filters_of(periods: Sequence[Period]) -> Filters:
    """The options, in a stable order, from what the periods hold."""
    years = sorted({p.year for p in periods}, reverse=True)
    types = sorted({(p.type, p.type_name) for p in periods})
    issuers = [c.issuer for p in periods for c in p.cells]
    levels = [level for level in IssuerLevel if any(i.level is level for i in issuers)]
    regions = sorted({region_of(i) for i in issuers})
    return Filters(
        Filter("year", "年度", tuple((f"y{y}", f"{y}年") for y in years)),
        Filter("type", "报告类型", tuple((f"t{n}", name) for n, (_, name) in enumerate(types))),
        Filter("level", "机关层级", tuple((level.value, level.zh) for level in levels)),
        Filter("region", "所属地区", tuple((f"r{n}", r) for n, r in enumerate(regions))),
    )


def type_token(filters: Filters, period: Period) -> str:
    return filters.token("type", period.type_name)


def section_attrs(filters: Filters, period: Period) -> str:
    return f'data-f-type="{type_token(filters, period)}" data-f-year="y{period.year}"'


def row_attrs(filters: Filters, cell: Cell) -> str:
    region = filters.token("region", region_of(cell.issuer))
    return f'data-f-level="{cell.issuer.level.value}" data-f-region="{region}"'


def controls(filters: Filters) -> str:
    """The selects, each with its label; “全部” first and chosen."""
    fields = "".join(
        f'<label for="gk-f-{f.key}">{esc(f.label)}</label>'
        f'<select id="gk-f-{f.key}"><option value="" selected>全部</option>'
        + "".join(f'<option value="{t}">{esc(text)}</option>' for t, text in f.options)
        + "</select>"
        for f in filters.all()
    )
    return (
        f'<fieldset class="gk-filters"><legend>筛选</legend>{fields}'
        '<p class="gk-filters-note">筛选只改变下方显示的内容；各表标题中的统计数字和 CSV '
        "文件始终包括全部机关。</p></fieldset>"
    )


def style_sheet(filters: Filters) -> bytes:
    """One rule per option: while it is chosen, what carries another value of its key is
    hidden. Tokens are ASCII letters and digits, safe in a selector as they are."""
    rules = [
        f'.{BOX}:has(#gk-f-{f.key} option[value="{token}"]:checked) '
        f'[data-f-{f.key}]:not([data-f-{f.key}="{token}"]) {{ display: none; }}'
        for f in filters.all()
        for token, _ in f.options
    ]
    header = "/* gongkai: the dashboard's filters, generated from the registry (filters.py). */"
    return ("\n".join([header, *rules]) + "\n").encode("utf-8")
