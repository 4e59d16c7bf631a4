"""Finished pages kept between builds: an unchanged page outside the nav is not put through
the theme's templates, the offline check and the CSP again.

What MkDocs writes for a page outside the nav depends on the page (its URL, title, content,
table of contents, metadata) and on what every page at the same URL depth shares (the
configuration, the nav, the theme and its overrides). The page's part is hashed directly;
the shared part by rendering the page's template once per depth for an empty probe page and
hashing that: whatever changes the frame changes the probe. The two hashes make the key of
the finished page in the build cache. A page found there gets `FINISHED_TEMPLATE`, which
prints the kept page as it is; the others are rendered as always and kept once finished.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import BaseLoader, Environment, Template, TemplateNotFound
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from gongkai.site.prerender import ReadyPage, digest, toc_tokens

FINISHED_TEMPLATE = "gongkai/finished.html"
# A page filled into a frame (gongkai.site.slots) instead of rendered by its template.
FRAMED_TEMPLATE = "gongkai/framed.html"
_PROBE = "gongkai-probe"


class Frames:
    """The key of each finished page, with the probes it needs rendered once each."""

    def __init__(
        self, env: Environment, config: MkDocsConfig, nav: Navigation, files: Files, mode: str
    ) -> None:
        self.env, self.config, self.nav, self.files = env, config, nav, files
        self.mode = mode  # what the hook does to the output besides the theme (preview or not)
        self.probes: dict[tuple[int, str], str] = {}

    def key(self, page: Page) -> str | None:
        """None for a page whose frame cannot be probed (the site's top level)."""
        depth = page.url.count("/")
        if depth == 0:
            return None
        template = str(page.meta.get("template", "main.html"))
        probe = self.probes.get((depth, template))
        if probe is None:
            probe = self.probes[(depth, template)] = digest(self._probe(depth, template))
        head = "\0".join((self.mode, probe, template, _inputs(page), ""))
        # The content is most of the bytes: a page rendered from the build cache or the pool
        # is keyed by its rendering's key (what its content was made from; a quarter of
        # the keys' cost at 2,000 reports), any other by its content, hashed as it is.
        rendering = page.rendering() if isinstance(page, ReadyPage) else None
        if rendering is not None:
            return digest(f"{head}rendering\0{rendering}")
        return digest(f"{head}content\0{page.content or ''}")

    def _probe(self, depth: int, template: str) -> str:
        probe = probe_page(self.config, depth)
        probe.active = True
        context = get_context(self.nav, self.files, self.config, probe)
        return self.env.get_template(template).render(context)


class _Python(Template):
    """A template that is a Python function of the page's context."""

    make: Callable[[dict[str, Any]], str]

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.make(dict(*args, **kwargs))


class PythonTemplates(BaseLoader):
    """The hook's own page templates (FINISHED_TEMPLATE, FRAMED_TEMPLATE): MkDocs renders every
    page's template, and setting up Jinja's context for one that only hands over a page made
    elsewhere cost a tenth of a millisecond a page."""

    def __init__(self, templates: Mapping[str, Callable[[dict[str, Any]], str]]) -> None:
        self.templates = templates

    def load(
        self, environment: Environment, name: str, globals: Mapping[str, Any] | None = None
    ) -> Template:
        make = self.templates.get(name)
        if make is None:
            raise TemplateNotFound(name)
        template = environment.from_string("", template_class=_Python)
        assert isinstance(template, _Python)
        template.name, template.make = name, make
        return template


def probe_page(config: MkDocsConfig, depth: int) -> Page:
    """An empty page outside the nav at `depth`, under a path no page of the site shares a
    part of: the relative links rendered for it reach the same places from every page at
    that depth."""
    src_uri = "/".join([_PROBE] * depth) + "/index.md"
    file = File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
    probe = Page(_PROBE, file, config)
    probe.markdown, probe.content, probe.toc = "", "", get_toc([])
    return probe


def _inputs(page: Page) -> str:
    """Everything of the page a template can print, but its content."""

    def where(other: Any) -> str | None:
        return None if other is None else str(other.url)

    parts: list[object] = [
        page.file.src_uri,
        page.url,
        page.canonical_url,
        page.abs_url,
        page.edit_url,
        page.title,
        page.is_homepage,
        sorted((str(k), repr(v)) for k, v in page.meta.items()),
        toc_tokens(list(page.toc)),
        where(page.previous_page),
        where(page.next_page),
        where(page.parent),
        [where(a) for a in page.ancestors],
        page.content is None,
    ]
    return repr(parts)
