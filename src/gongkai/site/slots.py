"""Pages outside the nav filled into a frame instead of each running the theme's templates.

Thousands of report pages differ from one another, as the theme prints them, only in their
title, content, table of contents, canonical URL and a few links: the frame around them is
the same for every page at the same URL depth. A frame is made by rendering the page's
template once for a stand-in of a real page (`Stand`) whose values print as slot markers
and which records every question the templates ask of the page (`_Recorder.ops`): is the
title empty, does the content hold "<h1", which key of the metadata is there, what the
`url` filter made of a path. A page whose answers to those questions are the frame's would
take the same way through the templates, so its output is the frame with its own values
in the slots, transformed as the template transformed the marker there (printed as it is,
escaped, stripped of tags).

How each slot was transformed is read off two renders with different text inside the
markers (`_PAYLOADS`); both must give the same frame and the same questions, and any use of
a value the stand-in cannot answer exactly (a string method, hashing, iteration past the
first toc entry, the page compared or printed) gives no frame: the page is rendered by the
theme as before. So do pages whose answers match none of the frames made in `MAX_FRAMES`
tries for their template and depth.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

# Frames tried per template and URL depth, made or not; a page matching none of those made is
# rendered by the theme.
MAX_FRAMES = 8
_OPEN, _SEP, _CLOSE = "\ue000gk:", "\ue002", "\ue001"
# Two texts that every transformation the frame accepts changes differently.
_PAYLOADS = ("x<i>y</i>  z&amp;&lt;\"'>w", "q<b>r</b>\t s&gt;&#39;'\"<t")
_SLOT = re.compile(f"{_OPEN}([\\w.]+){_SEP}(.*?){_CLOSE}", re.S)
_MISSING = object()
_META_KEY = re.compile(r"[A-Za-z_]\w*")


def _identity(text: str) -> str:
    return text


def _escape(text: str) -> str:
    return str(escape(text))


def _striptags(text: str) -> str:
    return Markup(text).striptags()


def _striptags_escape(text: str) -> str:
    return str(escape(Markup(text).striptags()))


# What a template may do to a value it prints (jinja2's `e` and `striptags`).
_TRANSFORMS: tuple[Callable[[str], str], ...] = (_identity, _escape, _striptags, _striptags_escape)


class Unframeable(Exception):
    """The template used a page's value in a way a frame cannot reproduce."""


def _fail(*_args: object) -> Any:
    raise Unframeable


_OWN = frozenset({"name", "real", "recorder"})


class _Slot(str):
    """A page's text value: prints as its marker, answers questions from the real value."""

    name: str
    real: str
    recorder: _Recorder

    def __new__(cls, recorder: _Recorder, name: str, real: str) -> _Slot:
        self = super().__new__(cls, f"{_OPEN}{name}{_SEP}{recorder.payload}{_CLOSE}")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "real", real)
        object.__setattr__(self, "recorder", recorder)
        return self

    def __getattribute__(self, attr: str) -> Any:
        # Dunders are how Python and markupsafe print and escape a string; any method of
        # the value (lower, replace, startswith…) would answer from the marker.
        if attr == "__html__" or not (attr.startswith("__") or attr in _OWN):
            if attr == "__html__":
                raise AttributeError(attr)
            raise Unframeable(attr)
        return super().__getattribute__(attr)

    def __str__(self) -> str:
        return str.__str__(self)

    def __bool__(self) -> bool:
        return bool(self.recorder.ask(("bool", self.name), bool(self.real)))

    def __len__(self) -> int:
        answer: int = self.recorder.ask(("len", self.name), len(self.real))
        return answer

    def __contains__(self, part: object) -> bool:
        if not isinstance(part, str):
            raise Unframeable
        return bool(self.recorder.ask(("in", self.name, part), part in self.real))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str) or isinstance(other, _Slot):
            raise Unframeable
        return bool(self.recorder.ask(("eq", self.name, other), self.real == other))

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = __iter__ = __getitem__ = __add__ = __radd__ = __mul__ = __rmul__ = _fail
    __mod__ = __lt__ = __le__ = __gt__ = __ge__ = __format__ = __reduce__ = _fail


class _Meta:
    """The page's metadata: a text value is a slot, anything else an answer to compare."""

    def __init__(self, recorder: _Recorder) -> None:
        self._recorder = recorder

    def __bool__(self) -> bool:
        return bool(self._recorder.ask(("meta?",), bool(self._recorder.meta)))

    def __contains__(self, key: object) -> bool:
        return bool(self._recorder.ask(("meta in", key), key in self._recorder.meta))

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        return self._look_up(key, AttributeError)

    def __getitem__(self, key: str) -> Any:
        return self._look_up(key, KeyError)

    def _look_up(self, key: str, missing: type[Exception]) -> Any:
        if not isinstance(key, str) or hasattr(dict, key):
            raise Unframeable  # a dict method (get, items…) or an odd key
        real = self._recorder.meta.get(key, _MISSING)
        if isinstance(real, str) and _META_KEY.fullmatch(key):
            self._recorder.ask(("meta str", key), True)
            return _Slot(self._recorder, "meta." + key, real)
        self._recorder.ask(("meta", key), real)
        if real is _MISSING:
            raise missing(key)
        return real

    __eq__ = __hash__ = __iter__ = __len__ = __str__ = _fail


def _present(name: str, value: Any) -> Any:
    if value is _MISSING:
        raise AttributeError(name)
    return value


class _Anchor:
    """The first entry of the page's toc (base.html's skip link): its URL is a slot."""

    def __init__(self, recorder: _Recorder) -> None:
        self._recorder = recorder

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        first = self._recorder.page.toc.items[0]
        if name == "url":
            return _Slot(self._recorder, "toc.url", first.url)
        return _present(name, self._recorder.ask(("anchor", name), getattr(first, name, _MISSING)))

    __eq__ = __hash__ = __iter__ = __len__ = __str__ = _fail


class _Toc:
    """The page's table of contents, as base.html asks about it (`page.toc | first`). The
    toc itself is printed by `gongkai_toc()` (overrides/main.html), a slot of its own."""

    def __init__(self, recorder: _Recorder) -> None:
        self._recorder = recorder

    def __bool__(self) -> bool:
        return bool(self._recorder.ask(("toc?",), bool(self._recorder.page.toc.items)))

    def __len__(self) -> int:
        answer: int = self._recorder.ask(("toc#",), len(self._recorder.page.toc.items))
        return answer

    def __iter__(self) -> Iterator[_Anchor]:
        if self._recorder.ask(("toc?",), bool(self._recorder.page.toc.items)):
            yield _Anchor(self._recorder)
            raise Unframeable  # the rest of the toc: not asked for by any slot

    __eq__ = __hash__ = __getitem__ = __str__ = _fail


class _Unused:
    """A value of the context that differs from page to page but that no template of the
    site prints (MkDocs' `build_date_utc`, `now()` for each page unless SOURCE_DATE_EPOCH
    is set): a template that uses it gets no frame."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise Unframeable(name)

    __str__ = __repr__ = __format__ = __bool__ = __eq__ = __hash__ = __iter__ = _fail
    __len__ = __lt__ = __le__ = __gt__ = __ge__ = __add__ = __sub__ = _fail


_PER_PAGE = frozenset({"build_date_utc"})


class TocOnly:
    """A page that shows a template its toc and nothing else: the toc partial rendered for it
    is the same for every page with that toc (`toc_key`), and one that asks for more raises
    Unframeable."""

    def __init__(self, page: Page) -> None:
        self.toc = page.toc

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise Unframeable(name)

    __eq__ = __hash__ = __str__ = __iter__ = __len__ = _fail


def toc_key(items: list[Any]) -> str:
    """Every attribute of every entry of a toc, whatever a plugin may have added."""
    return repr(
        [
            (
                sorted((k, repr(v)) for k, v in vars(a).items() if k != "children"),
                toc_key(a.children),
            )
            for a in items
        ]
    )


# The page's values a frame leaves a slot for, when they are text.
_TEXT = ("title", "content", "canonical_url", "abs_url")


class Stand:
    """What a template sees as `page` while a frame is made."""

    def __init__(self, recorder: _Recorder) -> None:
        object.__setattr__(self, "recorder", recorder)
        object.__setattr__(self, "real", recorder.page)  # for the hook's own globals only

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        recorder: _Recorder = object.__getattribute__(self, "recorder")
        return recorder.attribute(name)

    def __setattr__(self, name: str, value: object) -> None:
        raise Unframeable

    def __bool__(self) -> bool:
        return True

    __eq__ = __hash__ = __iter__ = __len__ = __str__ = _fail


@dataclass
class _Recorder:
    page: Page
    meta: dict[str, Any]
    payload: str
    ops: list[tuple[tuple[Any, ...], Any]] = field(default_factory=list)
    # What the templates had in scope where they printed a slot that is no value of the
    # page (the toc): the frame renders it there for each page.
    scopes: dict[str, dict[str, Any]] = field(default_factory=dict)
    closed: bool = False  # the frame is made: a question now would go unrecorded

    def ask(self, question: tuple[Any, ...], answer: Any) -> Any:
        if self.closed:
            raise Unframeable
        self.ops.append((question, answer))
        return answer

    def attribute(self, name: str) -> Any:
        if name == "meta":
            return _Meta(self)
        if name == "toc":
            return _Toc(self)
        real = getattr(self.page, name, _MISSING)
        if name in _TEXT and isinstance(real, str):
            self.ask(("str", name), True)
            return _Slot(self, name, real)
        # An attribute the page lacks is a question too: another page may have it.
        return _present(name, self.ask(("attr", name), real))

    def url(self, value: object, base: str) -> str:
        """The `url` filter, for the stand-in: what it makes of a path for this page."""
        if isinstance(value, _Slot):
            # Only a URL the filter leaves as it is (an anchor, an absolute URL) is a slot.
            same = normalize_url(value.real, self.page, base) == value.real
            if not self.ask(("url same", value.name), same):
                raise Unframeable
            return value
        path = str(value)
        return str(self.ask(("url", path), normalize_url(path, self.page, base)))


class Answers:
    """The questions a frame asks, answered for another page (`Frame.matches`)."""

    def __init__(self, page: Page, meta: dict[str, Any], base: str) -> None:
        self.page, self.meta, self.base = page, meta, base
        url = page.url
        parts = url[:-1].split("/")
        # A URL of plain directories: what the `url` filter makes of a path from it depends
        # only on its depth, unless its first directory is the path's.
        self.plain = url.endswith("/") and not {"", ".", ".."} & set(parts)
        self.head, self.depth = parts[0], len(parts)

    def text(self, name: str) -> str:
        if name.startswith("meta."):
            value: str = self.meta[name[5:]]
            return value
        if name == "toc.url":
            return str(self.page.toc.items[0].url)
        real: str = getattr(self.page, name)
        return real

    def answer(self, question: tuple[Any, ...]) -> Any:
        kind = question[0]
        page, meta = self.page, self.meta
        if kind == "attr":
            return getattr(page, question[1], _MISSING)
        if kind == "str":
            return isinstance(getattr(page, question[1], None), str)
        if kind == "bool":
            return bool(self.text(question[1]))
        if kind == "len":
            return len(self.text(question[1]))
        if kind == "in":
            return question[2] in self.text(question[1])
        if kind == "eq":
            return self.text(question[1]) == question[2]
        if kind == "meta?":
            return bool(meta)
        if kind == "meta in":
            return question[1] in meta
        if kind == "meta str":
            return isinstance(meta.get(question[1]), str)
        if kind == "meta":
            return meta.get(question[1], _MISSING)
        if kind == "toc?":
            return bool(page.toc.items)
        if kind == "toc#":
            return len(page.toc.items)
        if kind == "anchor":
            return getattr(page.toc.items[0], question[1], _MISSING)
        if kind == "url":
            path = question[1]
            if self.plain and _first_part(path) not in (self.head, None):
                return _relative(path, self.depth)
            return normalize_url(path, page, self.base)
        if kind == "url same":
            real = self.text(question[1])
            return normalize_url(real, page, self.base) == real
        raise AssertionError(question)


@functools.lru_cache(maxsize=1 << 12)
def _first_part(path: str) -> str | None:
    """The first directory of a relative path as MkDocs' get_relative_url reads it; None
    where it would be anything but the first plain segment."""
    parts = path.split("/")
    if ".." in parts or "\\" in path or "\0" in path:
        return None  # normalised otherwise (a backslash is a slash), or the stand-in's name
    plain = [part for part in parts if part not in ("", ".")]
    return plain[0] if plain else ""


class _At:
    """A page as `normalize_url` sees it: its URL."""

    def __init__(self, url: str) -> None:
        self.url = url


@functools.lru_cache(maxsize=1 << 12)
def _relative(path: str, depth: int) -> str:
    """`path` through the `url` filter from any page `depth` plain directories deep whose
    first directory is not the path's (a name no site path has stands in for them)."""
    return normalize_url(path, cast(Page, _At("\0/" * depth)))


def _same(one: Any, other: Any) -> bool:
    """Equal and printed alike: 1 == 1.0 == True, but a template prints each differently."""
    return one is other or (type(one) is type(other) and one == other)


@dataclass(frozen=True)
class Frame:
    """A template's output for one way through it: text between slots."""

    pieces: tuple[str, ...]  # len(slots) + 1
    slots: tuple[tuple[str, Callable[[str], str]], ...]  # slot name, transformation
    ops: tuple[tuple[tuple[Any, ...], Any], ...]
    context: dict[str, Any]  # the render's context but the page: compared, not asked
    scopes: dict[str, dict[str, Any]]  # see _Recorder.scopes

    def matches(self, values: Answers, context: dict[str, Any]) -> bool:
        """Whether a page with `context` (its page aside) answers as the frame's did."""
        if len(context) != len(self.context) + 1 + len(_PER_PAGE & context.keys()):
            return False
        for key, value in self.context.items():
            if not _same(context.get(key, _MISSING), value):
                return False
        try:
            return all(_same(values.answer(q), a) for q, a in self.ops)
        except (AttributeError, IndexError, KeyError, TypeError):
            return False

    def fill(self, values: Answers, texts: dict[str, str]) -> str:
        """The page: `texts` holds slots that are not the page's own values (the toc)."""
        parts = [self.pieces[0]]
        for (name, transform), piece in zip(self.slots, self.pieces[1:], strict=True):
            text = texts[name] if name in texts else values.text(name)
            parts.append(transform(text))
            parts.append(piece)
        return "".join(parts)


def marker(stand: Stand, name: str, scope: dict[str, Any]) -> Markup:
    """What a slot that is not one of the page's values (the toc) prints in a frame;
    `scope`: the variables it is rendered with, for each page."""
    recorder: _Recorder = object.__getattribute__(stand, "recorder")
    recorder.scopes[name] = {k: v for k, v in scope.items() if k != "page"}
    return Markup(f"{_OPEN}{name}{_SEP}{recorder.payload}{_CLOSE}")


def recorder_url(stand: Stand, value: object, base: str) -> str:
    recorder: _Recorder = object.__getattribute__(stand, "recorder")
    return recorder.url(value, base)


def make_frame(
    env: Environment,
    template: str,
    context: dict[str, Any],
    page: Page,
    meta: dict[str, Any],
) -> Frame | None:
    """The frame of `template` for pages that answer as `page` does; None when its output
    cannot be made of slots. `context`: the page's context but the page."""
    renders = []
    recorders = []
    for payload in _PAYLOADS:
        recorder = _Recorder(page, meta, payload)
        recorders.append(recorder)
        try:
            unused = {key: _Unused() for key in _PER_PAGE & context.keys()}
            stand = Stand(recorder)
            output = env.get_template(template).render({**context, **unused, "page": stand})
        except Unframeable:
            return None
        finally:
            recorder.closed = True
        renders.append((output, recorder.ops))
    parsed = [
        _split(output, payload) for (output, _), payload in zip(renders, _PAYLOADS, strict=True)
    ]
    first, second = parsed
    if first is None or second is None or renders[0][1] != renders[1][1]:
        return None
    if first[0] != second[0] or [n for n, _ in first[1]] != [n for n, _ in second[1]]:
        return None
    slots = []
    for (name, one), (_, two) in zip(first[1], second[1], strict=True):
        if one is not two:
            return None
        slots.append((name, one))
    if recorders[0].scopes.keys() != recorders[1].scopes.keys():
        return None
    context = {k: v for k, v in context.items() if k != "page" and k not in _PER_PAGE}
    return Frame(first[0], tuple(slots), tuple(renders[0][1]), context, recorders[0].scopes)


def _split(
    output: str, payload: str
) -> tuple[tuple[str, ...], list[tuple[str, Callable[[str], str]]]] | None:
    pieces: list[str] = []
    slots: list[tuple[str, Callable[[str], str]]] = []
    at = 0
    for found in _SLOT.finditer(output):
        pieces.append(output[at : found.start()])
        at = found.end()
        transform = next((t for t in _TRANSFORMS if t(payload) == found[2]), None)
        if transform is None:
            return None
        slots.append((found[1], transform))
    pieces.append(output[at:])
    if any(_OPEN in piece or _CLOSE in piece or _SEP in piece for piece in pieces):
        return None  # a marker the template changed: its slot cannot be found
    return tuple(pieces), slots
