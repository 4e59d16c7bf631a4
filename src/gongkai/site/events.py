"""The site build, one MkDocs event at a time. hooks/gongkai_site.py hands each event here.

on_config   read gongkai.yml and the registry; wait for the site's build lock; send MkDocs'
            output to a staging directory
on_files    check every report (the same engine as `gongkai check`); stop on any error;
            add the generated pages (reports, listings, dashboard, search, data)
on_page_*   sanitise report pages, collect their text for search, mark pages zh-CN
on_post_build  search index, open data, redirects, URL lock, the no-other-host check
on_shutdown    bring the shadow tree to this build's output and swap it in, only if everything
               above succeeded (gongkai.site.publish)
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from gongkai.config import Config, find_config
from gongkai.engine import load_checked_config
from gongkai.errors import GongkaiError
from gongkai.output import text as findings_text
from gongkai.site import collect_less_often, offline
from gongkai.site.buildcache import BuildCache, CompiledTemplates, build_cache_file, signing_key
from gongkai.site.collect import Collection, collect
from gongkai.site.comparedata import write_compare_csvs
from gongkai.site.comparisons import YearPair
from gongkai.site.dcat import write_dcat
from gongkai.site.docpages import keep_rendering, trusted
from gongkai.site.feed import CHINA_STANDARD_TIME
from gongkai.site.frames import (
    FINISHED_TEMPLATE,
    FRAMED_TEMPLATE,
    Frames,
    PythonTemplates,
    probe_page,
)
from gongkai.site.framing import Framing, toc_global, url_filter
from gongkai.site.html import HtmlPage
from gongkai.site.moves import moved_problems, read_lock, write_lock, write_redirect
from gongkai.site.opendata import write_open_data
from gongkai.site.pages import NAV_PAGES, SEARCH_INDEX, STATIC, site_pages
from gongkai.site.prerender import (
    Counting,
    ReadyPage,
    code_digest,
    fingerprint,
    keep,
    page_key,
    prerender,
    render,
    rendered_page,
)
from gongkai.site.publish import (
    Shadow,
    SiteLock,
    content_hash,
    discard,
    remove_leftovers,
    staging_dir,
)
from gongkai.site.records import PublishedReport
from gongkai.site.regions import roll_ups, write_regions_csv
from gongkai.site.sanitize import sanitise
from gongkai.site.search import (
    Previous,
    SearchDoc,
    html_to_text,
    write_index,
)
from gongkai.site.slots import Stand
from gongkai.site.spool import Spool, WriteFailed
from gongkai.site.tablecsv import write_table_csvs

log = logging.getLogger("mkdocs.plugins.gongkai")

HOME_MARKER = "<!-- gongkai:home -->"
# What MkDocs logs (INFO) for each page whose output is blank, which it does not write: a
# page the shadow tree holds already is printed blank (`_finished_page`), and is no news.
_SKIPPED = re.compile(r"Page skipped: '(.*)'\. Generated empty output\.")


class _HeldNotes(logging.Filter):
    """Drops MkDocs' note on each page the shadow tree holds (printed blank on purpose)."""

    def __init__(self) -> None:
        super().__init__()
        self.build: SiteBuild | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        skipped = _SKIPPED.fullmatch(str(record.msg))
        return skipped is None or self.build is None or skipped[1] not in self.build.held


_HELD_NOTES = _HeldNotes()
SITE_CSS = STATIC + "site.css"
# The hashes of the shadow tree's files (gongkai.site.publish.HashRecord), in the build cache.
HASHES = "shadow.hashes"


class SiteBuild:
    def __init__(self) -> None:
        self.command: str | None = None
        self.lock: SiteLock | None = None
        # Outlives the rebuilds of `mkdocs serve`, which all run in this process.
        self.templates = CompiledTemplates()
        self._reset()

    def _reset(self) -> None:
        self.root = Path.cwd()
        self.config = Config()
        self.live_dir: Path | None = None
        self.staging: Path | None = None
        self.shadow: Shadow | None = None
        # Writes the pages and the search index in the background (gongkai.site.spool).
        self.spool: Spool | None = None
        self.collection = Collection([])
        self.report_pages: dict[str, PublishedReport] = {}
        self.preview_pages: set[str] = set()
        self.home = ""
        self.comparisons: list[YearPair] = []  # for data/compare*.csv
        self.search_docs: list[SearchDoc] = []
        self.html_pages: dict[str, str] = {}  # src_uri → rendered content of an HtmlPage
        self.scanned: set[str] = set()  # pages already checked and given their policy
        self.fetches: list[offline.ExternalFetch] = []
        self.site_url: str | None = None
        self.nav_cache: dict[int, Markup] = {}
        self.render_cache: BuildCache | None = None
        self.terms_cache: BuildCache | None = None  # each search document's counted terms
        self.page_cache: BuildCache | None = None
        self.page_sums: BuildCache | None = None  # `content_hash` of each kept page's bytes
        self.docs_cache: BuildCache | None = None  # the renderings of docs/ (docpages)
        self.templates_cache: BuildCache | None = None  # the theme compiled, signed
        self.nav: Navigation | None = None
        # Pages outside the nav: the key of each one's finished output; those found in the
        # page cache are handed over by FINISHED_TEMPLATE.
        self.page_keys: dict[str, str] = {}
        self.reused: set[str] = set()
        self.framing = Framing()  # pages filled into frames (gongkai.site.slots)
        # Of those, the pages the shadow tree holds already: never decompressed nor written.
        self.held: set[str] = set()
        self.release = False  # see on_post_page
        self.alone = False  # no other plugin reads or changes a page's output
        self.ready = False

    # ---------------------------------------------------------------- MkDocs events

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command
        _collect_less()
        # One filter per process, told the build that started last: a hook loaded again
        # (the tests build many sites in one process) adds no other.
        _HELD_NOTES.build = self
        logging.getLogger("mkdocs.commands.build").addFilter(_HELD_NOTES)

    @property
    def preview(self) -> bool:
        """`mkdocs serve`: the editor's preview shows findings on the pages instead of
        stopping, and shows drafts; it never writes the published site."""
        return self.command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        # `mkdocs serve --clean` announces itself as a build, but serves from the temporary
        # directory it made (mkdocs/commands/serve.py); staging away from it would leave
        # the server nothing to serve. It is a preview like any other `serve`.
        served = Path(config.site_dir)
        if (
            self.command == "build"
            and served.name.startswith("mkdocs_")
            and (served.parent == Path(tempfile.gettempdir()))
        ):
            self.command = "serve"
        if not config.use_directory_urls:
            raise PluginError("gongkai 需要 use_directory_urls: true（报告网址以 / 结尾）")
        self.root = Path(config.config_file_path).resolve().parent
        try:
            self.config = load_checked_config(find_config(self.root), root=self.root)
        except GongkaiError as exc:
            raise PluginError(str(exc)) from exc
        # `mkdocs serve` rebuilds when the reports or the project files change, not only docs/.
        for watched in (self.config.site.reports, self.config.site.registry, "gongkai.yml"):
            path = self.root / watched
            if path.exists() and str(path) not in config.watch:
                config.watch.append(str(path))
        # Builds and `mkdocs serve`'s rebuilds alike write only what changed, beside the
        # site (gongkai.site.publish); serve has its own temporary directory, so only real
        # builds wait for each other.
        if self.command in {"build", "gh-deploy", "serve"}:
            self.live_dir = Path(config.site_dir)
            if not self.preview:
                if self.lock is None:
                    self.lock = SiteLock(self.live_dir)
                    self.lock.acquire(on_wait=self._waiting)
                for leftover in remove_leftovers(self.live_dir):
                    log.info(f"gongkai: 已删除中断的构建留下的 {leftover.name}")
            self.staging = staging_dir(self.live_dir)
            # `mkdocs serve`'s shadow tree goes when it stops: its hashes are kept in memory.
            record = None if self.preview else build_cache_file(self.root, self._mode, HASHES)
            self.shadow = Shadow(self.live_dir, self.staging, record)
            self.spool = Spool(self.staging, self.live_dir.name)
            config.site_dir = str(self.staging)
        config.extra_css.insert(0, SITE_CSS)
        self.site_url = config.site_url
        return config

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if trusted(config):
            # The pages of docs/ are rendered once, not on every build or save.
            self.docs_cache = BuildCache.open(self.root, self._mode, "docs")
            keep_rendering(files, fingerprint(config), self.docs_cache)
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["gongkai_nav"] = self._nav
        env.globals["gongkai_toc"] = toc_global
        env.filters["url"] = url_filter(env.filters["url"])
        self.templates_cache = BuildCache.open(self.root, self._mode, "templates")
        self.templates.keep_in(self.templates_cache, signing_key())
        env.bytecode_cache = self.templates
        assert env.loader is not None
        own = {FINISHED_TEMPLATE: self._finished_page, FRAMED_TEMPLATE: self.framing.page}
        env.loader = ChoiceLoader([PythonTemplates(own), env.loader])
        self.framing.env = env
        if self.nav is not None:
            # The hook's own code finishes the page too (lang, CSP, the offline check).
            mode = f"{self._mode}\0{code_digest()}"
            # Another plugin may read or change each page's output: it is then given it.
            alone = self.alone = self._only_hook(config, "post_page")
            self.release = alone and self._only_hook(config, "post_build")
            # A frame is the template's output for the page's context; another plugin's
            # on_page_context could change that context page by page.
            framing = self._only_hook(config, "page_context")
            frames = Frames(env, config, self.nav, files, mode)
            self._find_finished(frames, files, alone=alone, framing=framing)
            log.debug(f"gongkai: {len(self.held)} 个页面与上一次生成的完全相同，不再读取和写出")
        return env

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        try:
            self.collection = collect(self.root, self.config, preview=self.preview)
        except GongkaiError as exc:
            raise PluginError(str(exc)) from exc
        self._report_findings()
        generated = site_pages(self.collection, self.config, now().date())
        self.report_pages, self.home = generated.reports, generated.home
        self.preview_pages = generated.previews
        self.comparisons = generated.comparisons
        sources: dict[str, str] = {}
        outside_nav: list[File] = []
        for src_uri, content in generated.pages.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"docs/{src_uri} 与 gongkai 生成的页面同名，请改名或删除")
            inclusion = (
                InclusionLevel.NOT_IN_NAV if src_uri not in NAV_PAGES else InclusionLevel.UNDEFINED
            )
            if isinstance(content, HtmlPage):
                self.html_pages[src_uri] = content.html
                content = content.front_matter()
            else:
                sources[src_uri] = content
            file = File.generated(config, src_uri, content=content, inclusion=inclusion)
            files.append(file)
            if src_uri not in NAV_PAGES:
                outside_nav.append(file)
        self._prepare_pages(config, outside_nav, sources)
        for site_path, source in self.collection.files.items():
            files.append(
                File.generated(
                    config, site_path, abs_src_path=str(source), inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
        for site_path, data in generated.files.items():  # the dashboard's CSV and filters
            files.append(File.generated(config, site_path, content=data))
        static = resources.files("gongkai.site") / "static"
        for item in static.iterdir():
            files.append(File.generated(config, STATIC + item.name, content=item.read_bytes()))
        return files

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri == "index.md":
            return markdown.replace(HOME_MARKER, self.home)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.html_pages.pop(page.file.src_uri, None)
        if generated is not None:
            return generated
        if page.file.src_uri in self.preview_pages:
            return self._cleaned(page, html)[0]
        report = self.report_pages.get(page.file.src_uri)
        if report is None:
            return html
        clean, text = self._cleaned(page, html)
        if report.status != "withdrawn":
            self.search_docs.append(_search_doc(report, text))
        return clean

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        finished = self._finish(output, page)
        if self.release and page.file.inclusion is InclusionLevel.NOT_IN_NAV:
            # Written as soon as this returns, and no other plugin reads pages later: held to
            # the end of the build, the HTML and Markdown of every report page were a third
            # of the peak memory at 10,000 reports (nav pages keep theirs for the nav).
            page.content = page.markdown = None
            if isinstance(page, ReadyPage):
                page.cleaned = None
        return finished

    def _finish(self, output: str, page: Page) -> str:
        dest, src_uri = page.file.dest_uri, page.file.src_uri
        self.scanned.add(dest)
        if src_uri in self.held:
            return output
        if src_uri in self.reused:
            # Finished, checked and given its policy by the build that kept it.
            return self._unless_unchanged(page, output, self.page_keys[src_uri])
        # The theme writes lang="zh"; assistive technology and search engines want the region.
        output = output.replace('<html lang="zh"', '<html lang="zh-CN"', 1)
        # Checked and given its policy here, while in memory: reading every page back after
        # the build costs as much as writing it.
        fetches = offline.scan_page(dest, output, site_url=self.site_url)
        self.fetches += fetches
        # `mkdocs serve` injects its live-reload script into every page it serves; the
        # policy would block it, and the preview is only ever seen on the editor's machine.
        if not self.preview:
            output = offline.with_content_security_policy(output)
        key = self.page_keys.get(src_uri)
        if key is not None and not fetches and self.page_cache is not None:
            self.page_cache.write(key, output.encode("utf-8", "surrogatepass"))
            return self._unless_unchanged(page, output, key)
        return self._unless_unchanged(page, output)

    def on_post_build(self, config: MkDocsConfig) -> None:
        log.debug(f"gongkai: {self.framing.summary()}")
        # Every page is done: kept even if a check below stops the build.
        kept = (self.render_cache, self.page_cache, self.page_sums, self.docs_cache)
        for cache in (*kept, self.templates_cache):
            if cache is not None:
                cache.save()
        site_dir = Path(config.site_dir)
        self._write_search_index(site_dir)
        site_url = config.site_url or ""
        generated = now().replace(microsecond=0)
        write_open_data(self.collection.reports, site_dir, site_url, config.site_name, generated)
        write_table_csvs(self.collection.reports, self.collection.cells, site_dir)
        write_regions_csv(
            roll_ups(self.collection.reports, self.collection.cells, self.config.registry),
            site_dir,
        )
        write_compare_csvs(self.comparisons, site_dir)
        for old, new in self.config.site.redirects.items():
            write_redirect(site_dir, old, new)
        offline.neutralise_theme_bundle(site_dir)
        offline.apply_content_security_policy(site_dir, skip=self.scanned)
        fetches = sorted(self.fetches + offline.find_external_fetches(site_dir, skip=self.scanned))
        for fetch in fetches:
            log.error(
                f"site/{fetch.file}:{fetch.line}:{fetch.col}: 页面会从其他网站加载 {fetch.url}（{fetch.what}）"
            )
        if fetches:
            raise PluginError(
                f"{len(fetches)} 处资源来自其他网站：政务内网和部分网络无法访问它们，网站未发布"
            )
        # Last: the DCAT catalog lists the data files this build wrote.
        self._write_dcat(config, site_dir, generated)
        if self.spool is not None:
            try:
                self.spool.finish()
            except WriteFailed as exc:
                raise PluginError(f"{exc}\n网站未发布") from exc
        self.ready = True
        if self.preview:
            # `mkdocs serve` calls on_shutdown once, when the server stops: each rebuild is
            # swapped in here. The server answers no request while it builds.
            self._publish()

    def on_build_error(self, error: Exception) -> None:
        self.ready = False
        if self.preview:
            self._publish()

    def on_shutdown(self) -> None:
        try:
            self._publish()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None
            if self.preview and self.shadow is not None:
                # Beside serve's temporary directory, which serve removes.
                shutil.rmtree(self.shadow.path, ignore_errors=True)

    # ---------------------------------------------------------------- helpers

    def _prepare_pages(
        self, config: MkDocsConfig, pages: list[File], sources: dict[str, str]
    ) -> None:
        """Pages outside the nav take their rendering from the build cache or the pool
        (`prerender`); a finished HTML page needs only the rendering of empty Markdown."""
        cache = BuildCache.open(self.root, self._mode, "render", remember=self.preview)
        self.render_cache = cache
        stamp = fingerprint(config)
        counting = None
        if self.shadow is not None and self.live_dir is not None:
            terms = self.terms_cache = BuildCache.open(self.root, self._mode, "search-terms")
            # The documents `on_page_content` makes of these pages, but for their text.
            heads = {
                src_uri: _search_doc(report, "")
                for src_uri, report in self.report_pages.items()
                if src_uri in sources
                and src_uri not in self.preview_pages
                and report.status != "withdrawn"
            }
            counting = Counting(heads, terms, code_digest())
        ready = prerender(config, sources, cache, stamp, counting)
        blank = render(config, "index.md", "")
        for file in pages:
            page = ReadyPage(None, file, config)
            source = sources.get(file.src_uri)
            if source is None:
                page.ready = blank
            else:
                page.ready = ready.get(file.src_uri)
                page.key = page_key(stamp, file.src_uri, source)

    def _write_search_index(self, site_dir: Path) -> None:
        """The search index. Each document's counted terms (build cache kind `search-terms`)
        and a record of the index are kept, so that a rebuild after a few edits patches the
        live site's index (the shards of the terms the edits changed, the changed documents
        and the files that depend on every document) instead of merging all documents
        again; only the files whose bytes the shadow tree lacks are written."""
        terms = self.terms_cache
        if self.shadow is None or self.live_dir is None or terms is None:
            write_index(self.search_docs, site_dir / SEARCH_INDEX)
            return
        shadow = self.shadow

        # SEARCH_INDEX ends in "/": joined as strings, as a PurePosixPath per file cost a
        # sixth of the index's checks against the shadow tree.
        def unchanged(relative: str, data: bytes) -> bool:
            return shadow.holds(SEARCH_INDEX + relative, data)

        def keeps(relative: str, digest: str) -> bool:
            return shadow.keep({SEARCH_INDEX + relative: digest})

        previous = Previous(self.live_dir / SEARCH_INDEX, keeps)
        out = site_dir / SEARCH_INDEX
        put = None if self.spool is None else self.spool.write
        stats = write_index(self.search_docs, out, terms, code_digest(), unchanged, previous, put)
        terms.save()
        if stats.patched == 0:
            log.debug("gongkai: 搜索索引的内容没有变化，沿用上一次生成的文件")
        elif stats.patched:
            log.debug(f"gongkai: 搜索索引只改写了 {stats.patched} 份有变化的文档涉及的文件")

    def _unless_unchanged(self, page: Page, output: str, key: str | None = None) -> str:
        """A page the shadow tree holds already is written to the sink, not the staging
        directory: a build then writes only the pages that changed. With the `key` of a
        kept page, the hash of its bytes is kept too, for `_find_finished`."""
        # Encoded as MkDocs encodes it to write it (mkdocs.commands.build._build_page).
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        if key is not None and self.page_sums is not None:
            self.page_sums.write(key, content_hash(data).encode("ascii"))
        if self.shadow is None:
            return output
        if self.shadow.holds(page.file.dest_uri, data):
            page.file.abs_dest_path = self.shadow.sink
        elif self.alone and self.spool is not None and output.strip():
            # Written in the background; MkDocs writes to the sink. (MkDocs writes no page
            # whose output is blank: nor does the spool.)
            self.spool.write(page.file.abs_dest_path, data)
            page.file.abs_dest_path = self.shadow.sink
        return output

    def _cleaned(self, page: Page, html: str) -> tuple[str, str]:
        """The sanitised page and its search text, from the build cache when the page's
        rendering came from there."""
        if not isinstance(page, ReadyPage):
            clean = sanitise(html)
            return clean, html_to_text(clean)
        ready, page.ready = page.ready, None  # MkDocs holds every page's content already
        if ready is not None and ready.html == html:
            page.cleaned = ready.clean
            return ready.clean, ready.text
        clean = sanitise(html)
        text = html_to_text(clean)
        if page.fresh and page.key is not None and self.render_cache is not None:
            keep(self.render_cache, page.key, rendered_page(page, clean, text))
            page.cleaned = clean
        return clean, text

    @property
    def _mode(self) -> str:
        return "preview" if self.preview else "publish"

    def _only_hook(self, config: MkDocsConfig, event: str) -> bool:
        """Whether this hook is all that handles `event`: no other plugin sees its pages."""
        return all(getattr(m, "__self__", None) is self for m in config.plugins.events[event])

    def _find_finished(self, frames: Frames, files: Files, *, alone: bool, framing: bool) -> None:
        """Look up each page outside the nav in the page cache; a page found there is
        printed as kept (FINISHED_TEMPLATE) instead of being rendered. When no other plugin
        takes the pages' output (`alone`), a kept page whose bytes the shadow tree holds
        already (their hash says so) is not even read: it is printed blank, which MkDocs
        does not write (writing each to the sink cost 0.05 s at 2,000 reports). With
        `framing`, the others are filled into a frame (FRAMED_TEMPLATE)."""
        cache = self.page_cache = BuildCache.open(self.root, self._mode, "page")
        sums = self.page_sums = BuildCache.open(self.root, self._mode, "pagehash")
        for file in files.documentation_pages():
            page = file.page
            if not isinstance(page, ReadyPage) or page.content is None:
                continue
            key = frames.key(page)
            if key is None:
                continue
            self.page_keys[file.src_uri] = key
            # Only looked up now (its CRC says the entry is whole) and read when the page is
            # written: thousands of finished pages held until then would double the build's
            # memory, and decompressing each twice cost a quarter of a second.
            if cache.has(key):
                self.reused.add(file.src_uri)
                page.meta["template"] = FINISHED_TEMPLATE
                if alone and self._in_shadow(file.dest_uri, sums.read(key)):
                    self.held.add(file.src_uri)
            elif framing:
                self.framing.framed[file.src_uri] = str(page.meta.get("template", "main.html"))
                page.meta["template"] = FRAMED_TEMPLATE

    def _in_shadow(self, dest_uri: str, recorded: bytes | None) -> bool:
        """Whether the shadow tree's file at `dest_uri` has the recorded hash; if so it
        counts as this build's output."""
        if recorded is None or self.shadow is None:
            return False
        return self.shadow.keep({dest_uri: recorded.decode("ascii", "replace")})

    def _finished_page(self, context: dict[str, Any]) -> str:
        src_uri = context["page"].file.src_uri
        if src_uri in self.held:
            return ""
        assert self.page_cache is not None
        kept = self.page_cache.read(self.page_keys[src_uri])
        assert kept is not None  # its CRC matched: the entry is whole
        return kept.decode("utf-8", "surrogatepass")

    def _write_dcat(self, config: MkDocsConfig, site_dir: Path, generated: dt.datetime) -> None:
        # A licence only when the site names one (mkdocs.yml extra.data_license): never guessed.
        license_url = config.extra.get("data_license")
        write_dcat(
            self.collection.reports,
            self.collection.cells,
            site_dir,
            config.site_url or "",
            config.site_name,
            config.site_description or "",
            generated,
            registry=self.config.registry,
            license_url=license_url if isinstance(license_url, str) and license_url else None,
        )

    def _publish(self) -> None:
        if self.spool is not None:
            self.spool.close()  # a no-op after on_post_build's finish
        staging, live, shadow = self.staging, self.live_dir, self.shadow
        if staging is None or live is None or shadow is None:
            return
        self.staging = None  # once per build
        if shadow.hashes is not None:
            # Whether or not the build succeeded: what it hashed is as true either way.
            shadow.hashes.save()
        if not self.ready:
            discard(staging)
            if self.preview:
                log.error("gongkai 预览：这次生成失败（见上方），浏览器中仍是上一次生成的预览")
            else:
                log.error(f"gongkai: 构建失败，{live} 保持上一次成功构建的内容")
            return
        shadow.publish(live)
        if self.preview:
            # After serve's first build the shadow tree is empty: linked now, while the
            # server starts, instead of on the editor's first save (0.5 s at 2,000 reports);
            # and its pages hashed, which the first save would do (0.2 s).
            if shadow.prime(live):
                shadow.hash_ahead(self.scanned)
        else:
            log.info(f"gongkai: 网站已发布到 {live}")
            self._record_urls()

    def _waiting(self, holder: str) -> None:
        log.info(f"gongkai: 另一次构建（进程 {holder}）正在生成 {self.live_dir}，等它完成后再开始")

    @pass_context
    def _nav(self, context: Context) -> Markup:
        """The theme's site navigation. A page outside the nav has no active entry, so its
        navigation differs from another's only in how deep its URL is: rendered once per depth
        instead of once per page, the largest part of rendering thousands of report pages."""
        page = context.get("page")
        if isinstance(page, Stand):
            # A frame is made for one depth of pages outside the nav: the nav is the same.
            page = page.real
        template = context.environment.get_template("partials/nav.html")
        if page is None or page.file.inclusion is not InclusionLevel.NOT_IN_NAV:
            return Markup(template.render(context.get_all()))
        depth = page.url.count("/")
        if depth not in self.nav_cache:
            # Rendered for a probe, not for this page: a relative link rendered for
            # rules/GK001/ ("../" to rules/) would lead the next page at its depth astray.
            values = {**context.get_all(), "page": probe_page(context["config"], depth)}
            self.nav_cache[depth] = Markup(template.render(values))
        return self.nav_cache[depth]

    def _record_urls(self) -> None:
        """Add the URLs of newly published reports to the lock, after a successful build only."""
        lock = self.root / self.config.site.url_lock
        locked = read_lock(lock)
        urls = {r.url for r in self.collection.reports}
        if not urls <= locked:
            write_lock(lock, locked | urls)
            log.info(f"gongkai: 新的报告网址已记入 {self.config.site.url_lock}，请一并提交")

    def _report_findings(self) -> None:
        collection = self.collection
        for result in collection.results:
            if result.error:
                log.error(f"{result.path}: 无法读取：{result.error}")
        lines = findings_text(collection.results, self.config.lang, self.config.docs_url)
        for line in lines.splitlines():
            (log.error if " [error] " in line else log.warning)(line)
        for problem in collection.problems:
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        locked = read_lock(self.root / self.config.site.url_lock)
        current = {r.url for r in collection.reports}
        moved = moved_problems(locked, current, self.config.site.redirects)
        for message in moved:
            log.error(f"{self.config.site.url_lock}: {message}")
        if self.preview and (collection.failed or moved):
            log.warning(
                "gongkai 预览：有错误的报告和草稿也显示在预览网站上，问题标在页面中；"
                "正式生成网站（make site）时有错误的报告不会发布"
            )
        elif collection.failed or moved:
            errors = (
                sum(f.severity.value == "error" for r in collection.results for f in r.findings)
                + sum(p.severity == "error" for p in collection.problems)
                + len(moved)
            )
            raise PluginError(
                f"报告检查发现 {errors} 个错误（见上方，每条都有文件和行号），网站未生成。"
                "在本地运行 gongkai check 可以看到同样的结果"
            )


_frozen = False


def _collect_less() -> None:
    """Once per process (`mkdocs serve` starts once and builds again on every save): what
    MkDocs, the theme and gongkai loaded until now lives as long as the process, so the
    collector leaves it out of its passes (gc.freeze: worker processes forked later then
    also share those memory pages instead of copying them), and passes come less often
    (`GC_THRESHOLD`, set when gongkai.site was imported, unless changed since)."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
    collect_less_often()


def now() -> dt.datetime:
    """The build's clock, in China Standard Time: deadlines are Beijing dates. Pinned by
    SOURCE_DATE_EPOCH (reproducible-builds.org) for reproducible builds and tests."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), CHINA_STANDARD_TIME)
    return dt.datetime.now(CHINA_STANDARD_TIME)


def _search_doc(report: PublishedReport, text: str) -> SearchDoc:
    return SearchDoc(
        url=report.url,
        title=report.title,
        issuer=report.issuer,
        issuer_level=report.issuer_level,
        year=report.year,
        type=report.type,
        type_name=report.type_name,
        published=report.published.isoformat(),
        text=text,
    )
