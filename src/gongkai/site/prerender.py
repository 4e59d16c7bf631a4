"""Generated pages rendered before MkDocs asks for them: in a process pool, and once per content.

MkDocs renders pages one after another, and Python-Markdown was a third of a large build.
Each generated report page is rendered here instead, with MkDocs' `Page.render` as `mdfast`
does it (the same output, faster) and the site's own `mkdocs.yml`, then sanitised and
reduced to its search text, and the result is kept in `.gongkai-cache/build/` under a hash
of the page's source and of everything else the result depends on (`fingerprint`). An
unchanged report is then neither rendered nor sanitised again. `ReadyPage.render` hands the
result over only when the Markdown MkDocs read is the Markdown that was rendered; otherwise
(another plugin changed it) it renders as MkDocs does.

A page whose rendering looks up other files (relative links and images: their URLs depend on
the whole site) or logs anything is rendered by MkDocs in the build itself, so its links are
resolved against the real files and its warnings appear once, as they always have.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import struct
from collections.abc import Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields, replace
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from markdown import Markdown
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils.meta import YAML_RE, get_data

from gongkai import __version__, htmlpolicy
from gongkai.progress import progress
from gongkai.site import mdfast
from gongkai.site.buildcache import BuildCache
from gongkai.site.html import HEAD_START, split_head
from gongkai.site.sanitize import sanitise
from gongkai.site.search import Cache, SearchDoc, counted, html_to_text
from gongkai.workers import process_pool

# Below this many pages to render, starting workers (each loads mkdocs.yml) costs more than
# it saves: `mkdocs serve` after one save renders in the build process.
POOL_MIN = 64
_MAX_WORKERS = 8
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
# The packages whose versions change a rendered page.
_PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "nh3")


@dataclass(frozen=True)
class Rendered:
    """What `Page.render` leaves on a page, and the page's cleaned HTML and search text."""

    markdown: str  # digest of the Markdown it was rendered from
    html: str
    toc: list[dict[str, Any]]  # Python-Markdown's toc tokens
    title: str | None
    anchors: list[str]
    self_links: dict[str, str]  # anchor → link, for links to the page's own anchors
    clean: str = ""
    text: str = ""

    @classmethod
    def from_json(cls, data: Any) -> Rendered | None:
        """None for anything but a whole entry: a damaged one costs a render, not a crash."""
        try:
            rendered = cls(**data)
        except TypeError:
            return None
        texts = (rendered.markdown, rendered.html, rendered.clean, rendered.text)
        shapes = (
            all(isinstance(t, str) for t in texts)
            and isinstance(rendered.title, str | None)
            and isinstance(rendered.toc, list)
            and isinstance(rendered.anchors, list)
            and isinstance(rendered.self_links, dict)
        )
        return rendered if shapes else None


@dataclass(frozen=True)
class Counting:
    """The search documents of pages to render: the pool that makes each page's text counts
    its terms too (`gongkai.site.search.counted`) and keeps them in `cache` under `stamp`,
    so that the search index has nothing left to count in a second pool."""

    heads: dict[str, SearchDoc]  # source name → the page's search document, its text empty
    cache: Cache
    stamp: str


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def fingerprint(config: MkDocsConfig) -> str:
    """Everything besides a page's source that its rendered, cleaned HTML depends on."""
    parts = [__version__, *(_version(name) for name in _PACKAGES)]
    parts.append(code_digest())
    # Callables in the extension settings (toc's slugify) print with their address.
    settings = (config["markdown_extensions"], config["mdx_configs"], config.validation)
    parts.append(_ADDRESS.sub("", repr(settings)))
    parts.append(str(config.use_directory_urls))
    return digest("\0".join(parts))


def code_digest() -> str:
    """The site build's own code and the HTML policy: a fix must not be hidden by entries
    the build made before it."""
    package = Path(__file__).parent
    sources = [*sorted(package.rglob("*.py")), Path(htmlpolicy.__file__)]
    return digest("\0".join(f"{p.name}\0{p.read_text(encoding='utf-8')}" for p in sources))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


class _NoFiles(Files):
    """The site's files as a worker sees them: none. Remembers whether the page asked."""

    def __init__(self) -> None:
        super().__init__([])
        self.asked = False

    def get_file_from_path(self, path: str) -> File | None:
        self.asked = True
        return None


class LogCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1


@contextlib.contextmanager
def counting_logs() -> Iterator[LogCount]:
    """Counts what rendering logs; MkDocs' logger does not pass its records to the root."""
    counter = LogCount()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    for logger in loggers:
        logger.addHandler(counter)
    try:
        yield counter
    finally:
        for logger in loggers:
            logger.removeHandler(counter)


def toc_tokens(items: Sequence[AnchorLink]) -> list[dict[str, Any]]:
    return [
        {"level": a.level, "id": a.id, "name": a.title, "children": toc_tokens(a.children)}
        for a in items
    ]


def render(config: MkDocsConfig, src_uri: str, source: str) -> Rendered | None:
    """Render one generated page's source as MkDocs would; None when the page must be left
    to MkDocs (it looks up other files or logs something)."""
    markdown, _meta = get_data(source)
    file = File(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    page = Page(None, file, config)
    # Python-Markdown passes the head's HTML through as it is, but only after it and MkDocs
    # have each parsed every tag of it: a sixth of a report page's rendering. It renders a
    # mark in its place instead, which the head then replaces.
    head, rest = split_head(markdown) if _passes_heads(config) else ("", markdown)
    page.markdown = _HEAD_MARK + rest if head else markdown
    files = _NoFiles()
    with counting_logs() as counter:
        mdfast.render(page, config, files)
    if files.asked or counter.records or page.content is None:
        return None
    if head:
        if not page.content.startswith(_HEAD_MARK):
            return None  # an extension moved or changed the mark: MkDocs renders it whole
        page.content = head + page.content[len(_HEAD_MARK) :]
        page.present_anchor_ids = (page.present_anchor_ids or set()) | _head_anchor_ids(head)
        page.markdown = markdown
    clean = sanitise(page.content)
    return rendered_page(page, clean, html_to_text(clean))


_HEAD_MARK = "<!--gongkai-head-->"
# The preprocessors that pass a head `headed` made as it is: they read only whole lines that
# start with a fence, or whitespace and their own marks, which a head has none of.
_PASSING = {
    "normalize_whitespace": NormalizeWhitespace,
    "html_block": HtmlBlockPreprocessor,
    "fenced_code_block": FencedBlockPreprocessor,
}


def _passes_heads(config: MkDocsConfig) -> bool:
    """Whether Python-Markdown with the site's extensions leaves a head alone before it
    sets it aside as raw HTML; with any other preprocessor the page is rendered whole."""
    settings = repr((config["markdown_extensions"], config["mdx_configs"]))
    passes = _PASSES.get(settings)
    if passes is None:
        md = Markdown(
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"] or {},
        )
        steps = md.preprocessors
        known = [n for n, kind in _PASSING.items() if n in steps and type(steps[n]) is kind]
        passes = _PASSES[settings] = len(known) == len(list(steps))
    return passes


_PASSES: dict[str, bool] = {}


class _AnchorIds(HTMLParser):
    """The anchors MkDocs finds in raw HTML (its `_RawHTMLPreprocessor`): every id, and the
    name of an <a>."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


def _head_anchor_ids(head: str) -> set[str]:
    """`_anchor_ids` of a head `split_head` gave, which starts with the whole tag
    `HEAD_START`: when nothing after that tag spells an attribute an anchor is read from (an
    attribute's name is compared in lower case), its anchors are that tag's, and the head
    need not be parsed (6 % of a report page's rendering)."""
    rest = head[len(HEAD_START) :].lower()
    if head.startswith(HEAD_START) and "id" not in rest and "name" not in rest:
        return set(_HEAD_START_IDS)
    return _anchor_ids(head)


def _anchor_ids(html: str) -> set[str]:
    parser = _AnchorIds()
    parser.feed(html)
    parser.close()
    return parser.ids


_HEAD_START_IDS = frozenset(_anchor_ids(HEAD_START))


_worker_config: MkDocsConfig | None = None
_worker_stamp = ""


def _start(config_file: str, stamp: str) -> None:
    global _worker_config, _worker_stamp
    # The worker's log goes nowhere: a page that logs is rendered again in the build, which
    # shows its warnings. INFO, because MkDocs reports some link problems at that level.
    root = logging.getLogger()
    root.handlers.clear()
    root.addHandler(logging.NullHandler())
    root.setLevel(logging.INFO)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers.clear()
    mkdocs_log.setLevel(logging.INFO)
    _worker_config = load_config(config_file)
    _worker_stamp = stamp


_Job = tuple[str, str, SearchDoc | None]


def _render_in_worker(job: _Job) -> tuple[Rendered, tuple[str, bytes] | None] | None:
    assert _worker_config is not None
    src_uri, source, head = job
    try:
        rendered = render(_worker_config, src_uri, source)
        if rendered is None or head is None:
            return None if rendered is None else (rendered, None)
        return rendered, counted(_worker_stamp, replace(head, text=rendered.text))
    except Exception:
        # MkDocs renders the page again in the build and reports the error with its page.
        return None


def page_key(stamp: str, src_uri: str, source: str) -> str:
    return digest(f"{stamp}\0{src_uri}\0{source}")


def cached(cache: BuildCache, key: str) -> Rendered | None:
    return cache.decoded(key, _rendered)


def _rendered(data: bytes) -> Rendered | None:
    """An entry `keep` made; None for anything else."""
    try:
        sizes = _SIZES.unpack_from(data)
        if _SIZES.size + sum(sizes) != len(data):
            return None
        parts, at = [], _SIZES.size
        for size in sizes:
            parts.append(data[at : at + size].decode("utf-8", "surrogatepass"))
            at += size
        small, *texts = parts
        rest = json.loads(small)
    except (ValueError, struct.error):
        return None
    if not isinstance(rest, dict):
        return None
    return Rendered.from_json({**rest, **dict(zip(_TEXTS, texts, strict=True))})


# A rendering's three long texts are kept as they are after the rest as JSON, each with its
# length in front: JSON escapes and parses every quote of the HTML, which cost twice the
# decoding of the text (2,000 renderings read by every build).
_TEXTS = ("html", "clean", "text")
_SIZES = struct.Struct(f">{1 + len(_TEXTS)}I")


def keep(cache: BuildCache, key: str, rendered: Rendered) -> None:
    # Not dataclasses.asdict, which deep-copies every toc first (a second at 2,000 reports).
    rest = {f.name: getattr(rendered, f.name) for f in fields(rendered) if f.name not in _TEXTS}
    small = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))
    texts = (small, *(getattr(rendered, name) for name in _TEXTS))
    parts = [text.encode("utf-8", "surrogatepass") for text in texts]
    cache.write(key, _SIZES.pack(*map(len, parts)) + b"".join(parts))


def prerender(
    config: MkDocsConfig,
    sources: dict[str, str],
    cache: BuildCache,
    stamp: str,
    counting: Counting | None = None,
) -> dict[str, Rendered]:
    """Rendered pages for `sources` (source name → page source), from the cache or rendered
    now, in a process pool when there are many; the pool counts the search terms of the
    pages `counting` names. Pages left to MkDocs are not in the result."""
    ready: dict[str, Rendered] = {}
    keys = {src_uri: page_key(stamp, src_uri, source) for src_uri, source in sources.items()}
    heads = counting.heads if counting is not None else {}
    missing: list[_Job] = []
    for src_uri, source in sources.items():
        hit = cached(cache, keys[src_uri])
        if hit is not None:
            ready[src_uri] = hit
        else:
            missing.append((src_uri, source, heads.get(src_uri)))
    if len(missing) < POOL_MIN or not config.config_file_path:
        # Few pages: MkDocs renders them in the build, and `ReadyPage` keeps its result.
        return ready
    workers = min(os.cpu_count() or 1, _MAX_WORKERS)
    terms_stamp = counting.stamp if counting is not None else ""
    # A pool that breaks (a worker killed, out of memory) leaves the rest to MkDocs.
    with (
        contextlib.suppress(BrokenProcessPool),
        process_pool(workers, _start, (config.config_file_path, terms_stamp)) as pool,
    ):
        results = pool.map(_render_in_worker, missing, chunksize=16)
        done = progress(zip(missing, results, strict=True), len(missing), "渲染报告页面")
        for (src_uri, _source, _head), result in done:
            if result is None:
                continue
            rendered, terms = result
            ready[src_uri] = rendered
            keep(cache, keys[src_uri], rendered)
            if terms is not None and counting is not None:
                counting.cache.write(*terms)
    return ready


class ReadyPage(Page):
    """A generated page outside the nav that takes its rendering from `prerender`."""

    ready: Rendered | None = None
    # Set when MkDocs rendered the page here and nothing in it depends on other files or
    # logged: the build then stores it under `key` once it is cleaned.
    key: str | None = None
    fresh: bool = False
    # What `on_page_content` made of the rendering kept under `key` (`rendering`).
    cleaned: str | None = None
    read_markdown: str | None = None  # the Markdown of the page's own source, as read

    def rendering(self) -> str | None:
        """`key` while the page's content is still the cleaned rendering kept under it (no
        other plugin replaced it): the key then stands for the content, which need not be
        hashed again."""
        if self.key is not None and self.cleaned is not None and self.content is self.cleaned:
            return self.key
        return None

    def read_source(self, config: MkDocsConfig) -> None:
        # As Page.read_source, but for the front matter (generated: no file to fail on).
        source = config.plugins.on_page_read_source(page=self, config=config)
        own = source is None
        if source is None:
            source = self.file.content_string
        self.markdown, self.meta = _data(source)
        self.read_markdown = self.markdown if own else None

    def _own_markdown(self) -> bool:
        """Whether the Markdown is still that of the page's own source, from which `ready`
        was rendered when the page has a `key` (the source's): no hash needed to tell."""
        return self.key is not None and self.markdown is self.read_markdown

    def _set_canonical_url(self, base: str | None) -> None:
        # urljoin and urlsplit parse both URLs again for each of thousands of pages (a
        # quarter of a second at 2,000 reports); a generated page's URL is a plain relative
        # path, which they would only append to a base that ends in "/".
        if base:
            base = base if base.endswith("/") else base + "/"
            joined = _plain_base(base)
            url = self.url
            if joined is not None and _PLAIN_URL.fullmatch(url) and "/." not in "/" + url:
                self.canonical_url = base + url
                self.abs_url = joined + url
                return
        super()._set_canonical_url(base)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        ready, own = self.ready, self._own_markdown()
        self.read_markdown = None  # needed only here: kept, every page's would last the build
        if (
            ready is not None
            and self.markdown is not None
            and (own or ready.markdown == digest(self.markdown))
        ):
            self.content = ready.html
            self.toc = get_toc(ready.toc)  # type: ignore[arg-type]
            self._title_from_render = ready.title
            self.present_anchor_ids = set(ready.anchors)
            if mdfast.PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
                self.links_to_anchors = (
                    {self.file: dict(ready.self_links)} if ready.self_links else {}
                )
            return
        watched = Watched(files)
        with counting_logs() as counter:
            mdfast.render(self, config, watched)
        # Without its links to its own anchors (MkDocs keeps none at -v) it is not kept.
        self.fresh = (
            self.key is not None
            and not watched.asked
            and not counter.records
            and self.links_to_anchors is not None
        )


def _data(source: str) -> tuple[str, dict[str, Any]]:
    """`get_data`, with each front matter parsed by YAML once per process: thousands of
    generated pages have a title each, many alike, and `mkdocs serve` builds them all
    again on every save."""
    found = YAML_RE.match(source)
    if found is None:
        return get_data(source)
    rest, meta = _front_matter(source[: found.end()])
    if rest:  # not a mapping, or not YAML: as get_data has it
        return get_data(source)
    return source[found.end() :].lstrip("\n"), dict(meta)


@functools.lru_cache(maxsize=1 << 16)
def _front_matter(head: str) -> tuple[str, dict[str, Any]]:
    # The front matter of nearly every generated page, `HtmlPage.front_matter`'s: YAML
    # reads such a title as it is, and reading each of 2,000 with PyYAML cost 0.1 s a build.
    plain = _PLAIN_TITLE.fullmatch(head)
    if plain is not None:
        return "", {"title": plain[1]}
    return get_data(head)


# A title as one double-quoted YAML scalar that YAML reads as written: no quote, backslash
# (an escape), tab or line break of any kind (YAML folds those), and only characters YAML
# prints (PyYAML's reader refuses the rest), but no byte order mark.
_PLAIN_TITLE = re.compile(
    r'---\ntitle: "([\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff'
    r'\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*)"\n---\n'
)


# No scheme, query, fragment, parameters, empty segments or characters urlsplit strips.
_PLAIN_URL = re.compile(r"(?:[^/:?#;\x00-\x20\x7f]+/)*[^/:?#;\x00-\x20\x7f]*")


@functools.cache
def _plain_base(base: str) -> str | None:
    """The path of `base` (a site URL ending in "/") when urljoin appends a plain relative
    URL to it unchanged, as `Page._set_canonical_url` would; None when it would not."""
    probe = "gongkai/probe/"
    if urljoin(base, probe) != base + probe:
        return None
    path = urlsplit(base).path
    return path if urlsplit(base + probe).path == path + probe else None


class Watched(Files):
    """The site's files, remembering each path looked up and what it answered (the file's
    source name, URL and inclusion, or None)."""

    def __init__(self, files: Files) -> None:
        super().__init__([])
        self.inner = files
        self.answers: dict[str, Answer] = {}

    @property
    def asked(self) -> bool:
        return bool(self.answers)

    def get_file_from_path(self, path: str) -> File | None:
        found = self.inner.get_file_from_path(path)
        self.answers[path] = answer(found)
        return found


Answer = tuple[str, str, str] | None


def answer(file: File | None) -> Answer:
    return None if file is None else (file.src_uri, file.url, file.inclusion.name)


def rendered_page(page: Page, clean: str, text: str) -> Rendered:
    """What rendering left on `page`, with its cleaned HTML and search text, to keep."""
    assert page.markdown is not None and page.content is not None
    return Rendered(
        markdown=digest(page.markdown),
        html=page.content,
        toc=toc_tokens(list(page.toc)),
        title=page._title_from_render,
        anchors=sorted(page.present_anchor_ids or ()),
        self_links=dict((page.links_to_anchors or {}).get(page.file, {})),
        clean=clean,
        text=text,
    )
