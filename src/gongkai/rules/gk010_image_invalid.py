"""## 检查内容

正文中显示的每张图片（Markdown 的 `![说明](图片.png)`、引用式图片和 HTML 的 `<img src>`）
必须：

- 是本项目中的文件，放在报告文件旁边或其下的文件夹中（例如 `gongkai import` 导入 Word
  文档时生成的 `报告名.assets/image1.png`），用相对路径引用；不能来自其他网站，不能用
  `../` 指到报告文件夹之外，也不能用绝对路径；
- 确实存在；
- 是浏览器都能显示的格式：png、jpg、jpeg、gif、webp。

## 为什么重要

网站会把图片复制到报告页面旁边，链接不用改就能打开。其他网站上的图片，政务内网和部分
网络打不开，而且每位读者打开页面时都会访问那个网站，所以网站生成时会因此失败；写错文件名
的图片在页面上显示为破图。SVG 图片单独打开时可以运行其中的脚本，因此不能发布。

## 如何修改

把图片下载或另存到报告文件旁边（或旁边的文件夹里），用相对路径引用，注意大小写一致；
其他格式请先另存为 PNG 或 JPG。
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from gongkai import attachments, images
from gongkai.config import Config
from gongkai.model.report import Report
from gongkai.rules.base import Context, CorpusEntry, Finding, Memo, Severity, corpus_rule, shorten


def _digest(report: Report, ctx: Context) -> Any:
    found = images.images(report)
    return [[image.line, image.col, image.url] for image in found] or None


@corpus_rule(
    id="GK010",
    name="image-invalid",
    severity=Severity.error,
    summary={
        "zh": "图片来自其他网站、不在报告旁边、找不到或格式不能发布",
        "en": "An image is on another host, not beside the report, missing, or of a refused type",
    },
    messages={
        images.REMOTE: {
            "zh": "图片“{url}”在其他网站上：政务内网和部分网络打不开，网站生成时会因此失败。"
            "请把图片下载后放在报告文件旁边，用相对路径引用",
            "en": "Image '{url}' is on another host, which intranets cannot reach; the site "
            "build fails on it. Download it beside the report and use a relative path",
        },
        images.NOT_BESIDE: {
            "zh": "图片“{url}”不在报告文件旁边或其下的文件夹中，不会发布。请把图片放在报告旁边"
            "（如 报告名.assets/图1.png），用相对路径引用",
            "en": "Image '{url}' is not beside the report or in a folder below it and is not "
            "published; put it beside the report (e.g. report.assets/1.png), relative path",
        },
        attachments.Problem.outside: {
            "zh": "图片“{url}”不在本项目内，不会发布。请把图片放在报告文件旁边，用相对路径引用",
            "en": "Image '{url}' is outside the project and is not published; put it beside "
            "the report and use a relative path",
        },
        attachments.Problem.missing: {
            "zh": "找不到图片“{url}”。请检查文件名（区分大小写）和位置：路径相对于报告文件",
            "en": "Image '{url}' does not exist; check its name (case matters) and location: "
            "the path is relative to the report",
        },
        attachments.Problem.not_a_file: {
            "zh": "图片“{url}”是文件夹，不是图片文件。请写出图片的文件名",
            "en": "Image '{url}' is a folder, not a file; name the image file",
        },
        attachments.Problem.type: {
            "zh": "图片“{url}”的格式不能发布。可以使用：{kinds}；请先另存为 PNG 或 JPG",
            "en": "Image '{url}' is of a type that is not published; allowed: {kinds}. Save it "
            "as PNG or JPG first",
        },
    },
    doc=__doc__ or "",
    digest=_digest,
)
def image_invalid(
    entries: Sequence[CorpusEntry], config: Config, memo: Memo
) -> Iterator[tuple[str, Finding]]:
    # A corpus rule for the same reason as GK009: an image file can appear or vanish while
    # the report, and so its cached per-file result, stays the same.
    kinds = "、".join(kind[1:] for kind in images.TYPES)
    roots: dict[Path, Path] = {}
    for entry in entries:
        path = Path(entry.path)
        for line, col, url in entry.digest:
            image = images.Image(line, col, url)
            problem = images.problem(path, image, roots)
            if problem is not None:
                finding = image_invalid.finding(line, col, problem, url=shorten(url), kinds=kinds)
                yield entry.path, finding
