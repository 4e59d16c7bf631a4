"""## 检查内容

报告缺少其报告类型要求的表格，或表格数据块中一个数也没有填写（例如 `gongkai new` 生成的
空白表格还没有填）。政府信息公开工作年度报告（`type: xxgk`）必须按国家统一格式
（国办公开办函〔2021〕30号；2019、2020年度报告用2019年试行格式）附三张表：

- 表二：主动公开政府信息情况，放在“二、主动公开政府信息情况”一节；
- 表三：收到和处理政府信息公开申请情况，放在“三、收到和处理政府信息公开申请情况”一节；
- 表四：政府信息公开行政复议、行政诉讼情况，放在“四、政府信息公开行政复议、行政诉讼情况”一节。

表格不是画出来的，而是写成数据块：一个信息字符串为 `gongkai-table` 的代码块，网站据此
生成带合并表头的正式表格，并导出 CSV 数据。该节本身缺失时，只由 GK101 提示。

`gongkai import` 未能从原文完整读出某张表时，不会猜测或只填一部分，而是在草稿中留下注释
`<!-- 表三未能识别，请手工补录 -->`，其下保留原文中该表的内容。这时本检查在注释处提示一次：
原文有这张表，但导入时未能识别，需要手工补录；不会说报告缺少这张表，也不会对没有读出的
数字做加总核对。补录了数据块却忘了删除注释和其下的原文内容时，提示删除（警告），否则
原文内容会与表格一起发布。

## 为什么重要

三张表是统一格式的法定内容，也是公众和上级机关比较各机关工作量的依据。没有表格，报告
就不完整，数字也无法核对。

## 如何修改

在提示指出的一节中加入数据块。表二、表三每行写一个项目，方括号中按统一格式的列顺序填写；
没有发生的填 0，未统计的留空（写 `~`）：

    ```gongkai-table
    table: 三
    format: 2021
    rows:
      本年新收政府信息公开申请数量: [12, 3, 0, 0, 1, 0, 16]
      上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]
      ……
    ```

也可以按列名逐个填写，如 `予以公开: {自然人: 5, 商业企业: 1, 总计: 6}`。表四只有一行数据，
写作 `cells: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]`。三张表的完整写法见示例报告
`reports/2024/xxgk/shili-xian.md`。

提示指向导入时留下的注释 `<!-- 表三未能识别，请手工补录 -->` 时，对照注释下保留的原文内容
（以原文件为准）写出数据块，放在注释的位置，再删除注释和保留的原文内容。
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.model.outline import OutlineItem
from gongkai.model.report import Report
from gongkai.profiles.recognise import Located, locate_contents
from gongkai.rules.base import Context, Finding, Severity, rule
from gongkai.tables.keptout import kept_out_notes
from gongkai.tables.resolve import tables_of


@rule(
    id="GK301",
    name="table-missing",
    severity=Severity.error,
    summary={
        "zh": "缺少报告类型要求的表格（如表三“收到和处理政府信息公开申请情况”）",
        "en": "A table the report type requires is absent",
    },
    messages={
        "default": {
            "zh": "“{section}”一节缺少表{number}（{title}）。请在本节中加入表格数据块"
            "（```gongkai-table，第一行写 table: {number}），按{version}年版统一格式填写",
            "en": "The section '{section}' lacks table {number} ({title_en}). Add a "
            "```gongkai-table block with 'table: {number}' to it, in the {version} "
            "national format",
        },
        "kept_out": {
            "zh": "表{number}（{title}）在导入时未能识别，请对照原文手工补录为 gongkai-table "
            "表格块，然后删除这条注释",
            "en": "Table {number} ({title_en}) could not be recovered on import. Enter it by "
            "hand from the source as a gongkai-table block, then delete this note",
        },
        "kept_out_left": {
            "zh": "表{number}（{title}）已有表格数据块，但导入时留下的注释“表{number}未能识别”"
            "和其下保留的原文内容还在，会与表格一起发布。请删除这条注释和其下的原文内容",
            "en": "Table {number} ({title_en}) has its block now, but the import's note and "
            "the source rows kept below it are still there and would be published beside "
            "the table; delete the note and those rows",
        },
        "blank": {
            "zh": "表{number}（{title}）的数据全部为空（~）。请按台账填写每一格：没有发生的"
            "填 0，确实未统计的才留空",
            "en": "Every cell of table {number} ({title_en}) is blank (~). Fill in each "
            "cell from the records: 0 where nothing happened, blank only where not counted",
        },
    },
    doc=__doc__ or "",
    needs_profile=True,
)
def table_missing(report: Report, ctx: Context) -> Iterator[Finding]:
    profile = ctx.profile
    if profile is None or not profile.tables or report.source is None:
        return
    found = tables_of(report, profile)
    located = locate_contents(report, profile)
    year = report.fields.get("year")
    for spec in profile.tables:
        table = found.tables.get(spec.id)
        if table is not None and table.cells and all(c.blank for c in table.cells.values()):
            yield table_missing.finding(
                table.block.line,
                table.block.col,
                "blank",
                number=spec.number,
                title=spec.title.zh,
                title_en=spec.title.en,
            )
            continue
        note = kept_out_notes(report).get(spec.number)
        if spec.id in found.claimed:
            if note is not None:
                # Entered by hand, but the note and the source's rows below it are still
                # there: the rows would be published beside the table.
                yield table_missing.finding(
                    *note,
                    "kept_out_left",
                    Severity.warning,
                    number=spec.number,
                    title=spec.title.zh,
                    title_en=spec.title.en,
                )
            continue
        if note is not None:
            yield table_missing.finding(
                *note, "kept_out", number=spec.number, title=spec.title.zh, title_en=spec.title.en
            )
            continue
        items = _own_sections(located, spec.section)
        if not items:
            continue
        layout = spec.layout_for_year(year if isinstance(year, int) else None)
        yield table_missing.finding(
            items[0].line,
            items[0].col,
            section=items[0].title,
            number=spec.number,
            title=spec.title.zh,
            title_en=spec.title.en,
            version=layout.version,
        )


def _own_sections(located: dict[str, Located], content: str) -> list[OutlineItem]:
    """The items of `content` that are sections of their own. 总体情况 often opens with a
    sub-item per later part ((一)主动公开政府信息情况 …): a summary, where no table goes."""
    others = [item for key, found in located.items() if key != content for item in found.items]
    return [
        item
        for item in located[content].items
        if not any(o.start < item.start < o.end and o.level < item.level for o in others)
    ]
