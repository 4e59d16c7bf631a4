"""One build's framing: which pages outside the nav are filled into frames (gongkai.site.slots),
the frames made and tried for each template and URL depth, and each toc rendered once.

The hook marks a page for framing in `on_env` (`Framing.framed`); its template is then
`FRAMED_TEMPLATE`, which calls `Framing.page` with the page's context. The theme's own
template also meets the stand-in page while a frame is made: `toc_global` and `url_filter`
are what `gongkai_toc()` and the `url` filter are then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.structure.pages import Page

from gongkai.site.slots import (
    MAX_FRAMES,
    Answers,
    Frame,
    Stand,
    TocOnly,
    Unframeable,
    make_frame,
    marker,
    recorder_url,
    toc_key,
)

TOC_SLOT = "toc"
TOC_PARTIAL = "partials/toc.html"


class Framing:
    def __init__(self) -> None:
        # Pages to fill into a frame: source name → their own template.
        self.framed: dict[str, str] = {}
        self.frames: dict[tuple[int, str], list[Frame]] = {}
        # Frames tried per key, made or not: a page of a kind no frame can cover (the toc of a
        # project's older overrides/main.html) must not cost every such page two more renders.
        self.tries: dict[tuple[int, str], int] = {}
        self.tocs: dict[tuple[int, str], str] = {}  # (frame, `toc_key`) → the toc's HTML
        self.themed = 0  # framed pages the theme rendered after all
        self.env: Environment | None = None  # MkDocs' for this build, from on_env

    def summary(self) -> str:
        frames = sum(map(len, self.frames.values()))
        return (
            f"{len(self.framed) - self.themed} 个页面填入 {frames} 个框架"
            f"（试做 {sum(self.tries.values())} 次），{self.themed} 个由主题渲染"
        )

    def page(self, context: dict[str, Any]) -> str:
        """The page filled into the frame of its template and depth whose questions it
        answers as the frame's page did; else made a frame of, or rendered by the theme."""
        page = context["page"]
        env = self.env
        assert env is not None
        template = self.framed[page.file.src_uri]
        # What Jinja's Template.render would give the template: its globals, then these.
        values = {**env.globals, **context}
        meta = {k: v for k, v in page.meta.items() if k != "template"}
        if template != "main.html":
            meta["template"] = template
        answers = Answers(page, meta, context["base_url"])
        key = (page.url.count("/"), template)
        made = self.frames.setdefault(key, [])
        try:
            for frame in made:
                if frame.matches(answers, values):
                    return self._fill(env, frame, answers, page)
            tries = self.tries.get(key, 0)
            if tries < MAX_FRAMES:
                self.tries[key] = tries + 1
                new = make_frame(env, template, values, page, meta)
                if new is not None:
                    made.append(new)
                    return self._fill(env, new, answers, page)
        except Unframeable:
            pass
        self.themed += 1
        return env.get_template(template).render(values)

    def _fill(self, env: Environment, frame: Frame, answers: Answers, page: Page) -> str:
        """`frame` with the page's values; its toc rendered by the theme once per toc."""
        texts = {}
        for name, scope in frame.scopes.items():
            if name != TOC_SLOT:
                raise Unframeable
            partial = env.get_template(TOC_PARTIAL)
            key = (id(frame), toc_key(page.toc.items))
            text = self.tocs.get(key)
            if text is None:
                try:
                    text = self.tocs[key] = partial.render({**scope, "page": TocOnly(page)})
                except Unframeable:  # the partial prints more of the page than its toc
                    text = partial.render({**scope, "page": page})
            texts[name] = text
        return frame.fill(answers, texts)


@pass_context
def toc_global(context: Context) -> Markup:
    """`gongkai_toc()`: the theme's toc partial (overrides/main.html); in a frame, a slot."""
    page = context.get("page")
    if isinstance(page, Stand):
        return marker(page, TOC_SLOT, context.get_all())
    return Markup(context.environment.get_template(TOC_PARTIAL).render(context.get_all()))


def url_filter(url: Callable[[Context, str], str]) -> Callable[[Context, str], str]:
    """The `url` filter; while a frame is made, the stand-in page records what it made."""

    @pass_context
    def filtered(context: Context, value: str) -> str:
        page = context.get("page")
        if isinstance(page, Stand):
            return recorder_url(page, value, context["base_url"])
        return url(context, value)

    return filtered
