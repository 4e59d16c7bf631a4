"""A three-year site (2022–2024) of the same issuers under one region, built with MkDocs: the
end-to-end test (test_site_years.py), the browser test (browser/test_years_browser.py) and the
guide's screenshots (scripts/guide_screenshots.py) all use it.

- 青山县人民政府 (the region) and 青山县东湖镇人民政府 publish xxgk reports with 2021-format
  tables every year; the county's 2023 report is its 2022 report with only the numbers changed.
- 青山县西岭镇人民政府 publishes fazhi reports; 2023 is rewritten, 2024 is copied from 2023.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild import ROOT, build_site, report

YEARS = (2022, 2023, 2024)
COUNTY = "青山县人民政府"
EAST_LAKE = "青山县东湖镇人民政府"
WEST_RIDGE = "青山县西岭镇人民政府"

REGISTRY = f"""\
issuers:
  - {{name: {COUNTY}, level: county, region_code: "419902", owes: [xxgk]}}
  - {{name: {EAST_LAKE}, level: township, parent: {COUNTY}, owes: [xxgk]}}
  - {{name: {WEST_RIDGE}, level: township, parent: {COUNTY}, owes: [fazhi]}}
"""
# Reports copied from the year before are what GK406 warns about; here they are on purpose.
CONFIG = "rules:\n  duplicate-content: off\n"

# 表二's 行政许可 (t2.licensing.decisions) and 行政处罚 (t2.penalty.decisions) per issuer and
# year; every other figure is the sample report's.
LICENSING = {
    COUNTY: {2022: 3100, 2023: 3114, 2024: 3126},
    EAST_LAKE: {2022: 210, 2023: 198, 2024: 245},
}
PENALTY = {
    COUNTY: {2022: 1790, 2023: 1831, 2024: 1843},
    EAST_LAKE: {2022: 64, 2023: 70, 2024: 58},
}

_SAMPLE = ROOT / "reports" / "2024" / "xxgk" / "shili-xian.md"


def xxgk(issuer: str, year: int, level: str = "county") -> str:
    """The repository's sample xxgk report, for `issuer` and `year`, with this module's 表二."""
    text = _SAMPLE.read_text(encoding="utf-8")
    # 2024 → year first: the result never contains 2025, so the second step is safe.
    text = text.replace("2024", str(year)).replace("2025", str(year + 1))
    text = text.replace("示例县人民政府", issuer).replace(
        "issuer_level: county", f"issuer_level: {level}"
    )
    if level != "county":  # a township's deadline is 31 January
        text = text.replace(f"published: {year + 1}-03-26", f"published: {year + 1}-01-20")
    for old, new in _STEADY:
        assert old in text, old
        text = text.replace(old, new)
    text = text.replace("行政许可: 3126", f"行政许可: {LICENSING[issuer][year]}")
    return text.replace("行政处罚: 1843", f"行政处罚: {PENALTY[issuer][year]}")


# The same six requests carried over into and out of every year, so that each year's
# 上年结转 equals the year before's 结转下年度 (GK308): one fewer request is handled.
_STEADY = (
    ("共办结105件，另有5件结转", "共办结104件，另有6件结转"),
    (
        "要求行政机关确认或重新出具已获取信息: [1, 0, 0, 0, 0, 0, 1]",
        "要求行政机关确认或重新出具已获取信息: [0, 0, 0, 0, 0, 0, 0]",
    ),
    ("总计: [87, 12, 1, 0, 3, 2, 105]", "总计: [86, 12, 1, 0, 3, 2, 104]"),
    ("结转下年度继续办理: [4, 1, 0, 0, 0, 0, 5]", "结转下年度继续办理: [5, 1, 0, 0, 0, 0, 6]"),
)


# The county's own words for 2022; 2023 keeps them and changes only the numbers.
_COUNTY_2022 = ("全年新收政府信息公开申请104件", "通过县政府门户网站主动公开政府信息4126条")
_COUNTY_2023 = ("全年新收政府信息公开申请104件", "通过县政府门户网站主动公开政府信息4311条")

_WEST_RIDGE_2023 = """\
{year}年，西岭镇以村级事务公开为抓手推进依法行政，主要情况如下。

## 一、主要举措和成效

镇里新设了公共法律服务室，每周二由律师坐班解答群众咨询，全年接待来访三百余人次。
各村修订村规民约，删去与法律法规不一致的条款，并在村务公开栏张贴。

## 二、存在的不足

合法性审查力量薄弱。主要原因是镇司法所只有两名工作人员，审查任务集中时难以及时完成。

## 三、党政主要负责人履行推进法治建设第一责任人职责情况

镇长带头参加旁听庭审活动，并在镇党委会上专题研究行政复议案件的整改。

## 四、{next}年工作安排

为每个村培养两名法律明白人，并把合法性审查延伸到村级合同。

## 五、其他需要报告的情况

本年度没有需要说明的其他事项。
"""


def _west_ridge(year: int) -> str:
    """fazhi: 2022 is the template's text; 2023 is rewritten; 2024 repeats 2023."""
    published = f"{year + 1}-03-18"
    base = report(WEST_RIDGE, "township", year, published)
    if year == 2022:
        return base
    head = base.split("\n---\n", 1)[0] + "\n---\n\n"
    text_year = 2023  # 2024 copies 2023's text, headings and all, changing only the years
    body = _WEST_RIDGE_2023.format(year=text_year, next=text_year + 1)
    return head + body.replace(str(text_year + 1), str(year + 1)).replace(str(text_year), str(year))


def reports() -> dict[str, str | bytes]:
    tree: dict[str, str | bytes] = {}
    for year in YEARS:
        county = xxgk(COUNTY, year)
        if year == 2023:
            for old, new in zip(_COUNTY_2022, _COUNTY_2023, strict=True):
                county = county.replace(old, new)
        tree[f"{year}/xxgk/qingshan.md"] = county
        tree[f"{year}/xxgk/donghu.md"] = xxgk(EAST_LAKE, year, "township")
        tree[f"{year}/fazhi/xiling.md"] = _west_ridge(year)
    return tree


def build(tmp_path: Path) -> Path:
    """Build the site strictly and return its directory."""
    return build_site(tmp_path, reports(), REGISTRY, CONFIG)
