"""Published URLs stay valid: a lock file records them, and one that disappears needs a
declared redirect.

The lock file (default `published-urls.txt`, one URL per line) is the tool's own record,
like a dependency lock: a successful build adds the URLs of new reports to it, and the
editor commits it with the report. It is never pruned automatically.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from gongkai.site.html import esc
from gongkai.writes import write_atomically

_HEADER = (
    "# 已发布的报告网址（gongkai 自动维护，请随报告一并提交）。\n"
    "# Published report URLs, kept by gongkai: commit this file with the reports.\n"
)


def read_lock(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def moved_problems(locked: set[str], current: set[str], redirects: Mapping[str, str]) -> list[str]:
    """Why the build must stop: a published URL gone without a redirect, or a redirect that
    leads nowhere."""
    problems = [
        f"已发布的网址 {url} 在本次构建中不存在：报告的年度、类型或发布机关改变了，或报告被删除了。"
        f"已发布的报告不能删除（撤回请写 status: withdrawn）；如确需迁移，请在 gongkai.yml 中声明："
        f"site: {{redirects: {{'{url}': '新网址'}}}}"
        for url in sorted(locked - current - set(redirects))
    ]
    problems += [
        f"gongkai.yml 中的 site.redirects 把 {old} 指向 {new}，但 {new} 不是本站的报告网址"
        for old, new in sorted(redirects.items())
        if new not in current
    ]
    problems += [
        f"gongkai.yml 中的 site.redirects 把 {old} 转到别处，但 {old} 仍是一份报告的网址"
        for old in sorted(set(redirects) & current)
    ]
    return problems


def write_lock(path: Path, urls: Iterable[str]) -> None:
    text = _HEADER + "".join(f"{url}\n" for url in sorted(set(urls)))
    write_atomically(path, text.encode("utf-8"))


def write_redirect(site_dir: Path, old: str, new: str) -> None:
    """A static page at the old URL that sends readers and crawlers to the new one."""
    depth = old.strip("/").count("/") + 1
    target = "../" * depth + new
    page = site_dir / old / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>页面已迁移</title>"
        f'<link rel="canonical" href="{esc(target)}">'
        f'<meta http-equiv="refresh" content="0; url={esc(target)}">'
        f'</head><body><p>本页已迁移到 <a href="{esc(target)}">{esc(new)}</a>。</p></body></html>\n',
        encoding="utf-8",
    )
