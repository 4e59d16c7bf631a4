"""The project's own Markdown pages (docs/: the home page, the guide, the rules) rendered
once instead of on every build (0.1–0.2 s CPU a save of `mkdocs serve` at 2,000 reports,
0.09 s of a `mkdocs build`, for pages a report's edit never changes): kept by the process
and, as data, in the build cache (kind `docs`) for the next one.

A page's rendering depends on its Markdown (after every plugin's on_page_markdown), the
Markdown settings (`prerender.fingerprint`), where the page is, and, for each link, what the
files it looks up answer: the target's URL and whether it is excluded. The rendering is kept
with those answers, and reused only while the same Markdown at the same place finds the
same answers to the same questions. A rendering that logged anything (a broken link, say)
is not kept, so its warnings appear on every rebuild as before; nor is one made with an
extension that may read other files (pymdownx.snippets, an include), whose output the key
would not cover: only extensions of Python-Markdown itself and MkDocs' own are trusted.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from gongkai.site import mdfast
from gongkai.site.buildcache import BuildCache
from gongkai.site.prerender import Answer, Watched, answer, counting_logs, digest, toc_tokens

# Python-Markdown's own extensions: their output depends on the page's source and settings.
_TRUSTED = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    }
)


@dataclass(frozen=True)
class _Kept:
    key: str
    answers: tuple[tuple[str, Answer], ...]
    content: str
    toc: list[dict[str, Any]]
    title: str | None
    anchors: frozenset[str]
    # Links to anchors of other pages: target's source name → anchor → link as written.
    links: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

    def to_json(self) -> bytes:
        entry = {
            "key": self.key,
            "answers": self.answers,
            "content": self.content,
            "toc": self.toc,
            "title": self.title,
            "anchors": sorted(self.anchors),
            "links": self.links,
        }
        return json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _from_json(data: bytes) -> _Kept | None:
    """None for anything but a whole entry: a damaged one costs a render, not a crash."""
    try:
        entry = json.loads(data)
        kept = _Kept(
            key=entry["key"],
            answers=tuple((path, _answer(found)) for path, found in entry["answers"]),
            content=entry["content"],
            toc=entry["toc"],
            title=entry["title"],
            anchors=frozenset(entry["anchors"]),
            links=tuple(
                (target, tuple((anchor, link) for anchor, link in anchors))
                for target, anchors in entry["links"]
            ),
        )
    except (ValueError, TypeError, KeyError):
        return None
    texts = [kept.key, kept.content, *(p for p, _ in kept.answers), *kept.anchors]
    texts += [t for target, anchors in kept.links for t in (target, *sum(anchors, ()))]
    shapes = (
        all(isinstance(t, str) for t in texts)
        and isinstance(kept.title, str | None)
        and isinstance(kept.toc, list)
    )
    return kept if shapes else None


def _answer(found: Any) -> Answer:
    if found is None:
        return None
    src_uri, url, inclusion = found  # ValueError, TypeError: not an answer
    if not all(isinstance(t, str) for t in found):
        raise TypeError(found)
    return (src_uri, url, inclusion)


# Per process (`mkdocs serve` builds again in it on every save): source name → rendering.
_KEPT: dict[str, _Kept] = {}


def trusted(config: MkDocsConfig) -> bool:
    """Whether every Markdown extension of the site is one whose output the key covers."""
    names = (e if isinstance(e, str) else type(e).__module__ for e in config.markdown_extensions)
    return all(n.removeprefix("markdown.extensions.") in _TRUSTED for n in names)


class KeptPage(Page):
    """A page of docs/ whose rendering the process keeps (see the module's docstring). Made
    by turning MkDocs' own Page into one (`keep_rendering`): the nav gave it its title."""

    stamp = ""  # `prerender.fingerprint` of this build's configuration
    cache: BuildCache | None = None  # the renderings kept for the next build process

    def render(self, config: MkDocsConfig, files: Files) -> None:
        assert self.markdown is not None
        file = self.file
        key = digest("\0".join((self.stamp, file.src_uri, file.url, file.inclusion.name)))
        key = digest(f"{key}\0{self.markdown}")
        kept = _KEPT.get(file.src_uri)
        if (kept is None or kept.key != key) and self.cache is not None:
            kept = self.cache.decoded(key, _from_json)
        watching = mdfast.PAGES_LOG.getEffectiveLevel() > logging.DEBUG
        if (
            kept is not None
            and kept.key == key
            and watching
            and all(answer(files.get_file_from_path(p)) == a for p, a in kept.answers)
        ):
            self.content = kept.content
            self.toc = get_toc(kept.toc)  # type: ignore[arg-type]
            self._title_from_render = kept.title
            self.present_anchor_ids = set(kept.anchors)
            self.links_to_anchors = {
                _found(files, target): dict(anchors) for target, anchors in kept.links
            }
            _KEPT[file.src_uri] = kept
            if self.cache is not None and not self.cache.has(key):
                self.cache.write(key, kept.to_json())
            return
        _KEPT.pop(file.src_uri, None)
        asked = Watched(files)
        with counting_logs() as counter:
            mdfast.render(self, config, asked)
        if counter.records or self.content is None or self.links_to_anchors is None:
            return
        kept = _KEPT[file.src_uri] = _Kept(
            key=key,
            answers=tuple(asked.answers.items()),
            content=self.content,
            toc=toc_tokens(list(self.toc)),
            title=self._title_from_render,
            anchors=frozenset(self.present_anchor_ids or ()),
            links=tuple(
                (target.src_uri, tuple(anchors.items()))
                for target, anchors in self.links_to_anchors.items()
            ),
        )
        if self.cache is not None:
            self.cache.write(key, kept.to_json())


def keep_rendering(files: Files, stamp: str, cache: BuildCache | None = None) -> None:
    """Make each page of docs/ a KeptPage (generated pages have their own cache); with
    `cache`, the renderings are kept there for the next build process too."""
    KeptPage.stamp, KeptPage.cache = stamp, cache
    for file in files.documentation_pages():
        page = file.page
        if not file.generated_by and type(page) is Page:
            # The same object, so the nav's references and the title it gave stay.
            page.__class__ = KeptPage


def _found(files: Files, src_uri: str) -> File:
    found = files.get_file_from_path(src_uri)
    assert found is not None  # looked up when rendered, and answered the same now
    return found
