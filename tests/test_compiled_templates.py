"""The templates Jinja compiled are kept for the next rebuild of `mkdocs serve` in memory,
and for the next build in the build cache, signed: a rebuild compiles nothing it compiled
before, an edited template or an entry not signed with this user's key is compiled again,
and what is rendered is the same."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from gongkai.site.buildcache import BuildCache, CompiledTemplates, signing_key

TEMPLATES = {
    "base.html": "<title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}",
    "page.html": '{% extends "base.html" %}{% block title %}{{ title }}{% endblock %}'
    "{% block body %}{% for line in lines %}<p>{{ line }}</p>{% endfor %}{% endblock %}",
}


def rebuild(
    templates: dict[str, str], cache: CompiledTemplates, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, list[str]]:
    """A new environment, as each rebuild makes one: what it renders and what it compiled."""
    compiled: list[str] = []
    compile_source = Environment.compile

    def counting(self: Environment, source: str, name: str | None = None, *a: object) -> object:
        compiled.append(name or "")
        return compile_source(self, source, name, *a)

    monkeypatch.setattr(Environment, "compile", counting)
    env = Environment(loader=DictLoader(templates), bytecode_cache=cache, autoescape=True)
    page = env.get_template("page.html").render(title="年度报告", lines=["一、", "<b>"])
    monkeypatch.undo()
    return page, compiled


def test_a_rebuild_compiles_only_what_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = CompiledTemplates()
    first, compiled = rebuild(TEMPLATES, cache, monkeypatch)
    assert first == "<title>年度报告</title><p>一、</p><p>&lt;b&gt;</p>"
    assert sorted(compiled) == ["base.html", "page.html"]
    assert rebuild(TEMPLATES, cache, monkeypatch) == (first, [])
    edited = {**TEMPLATES, "base.html": TEMPLATES["base.html"] + "<footer>页脚</footer>"}
    page, compiled = rebuild(edited, cache, monkeypatch)
    assert (page, compiled) == (first + "<footer>页脚</footer>", ["base.html"])


def next_build(root: Path, key: bytes | None) -> CompiledTemplates:
    """A new process's templates, reading what the last build kept under `root`."""
    cache = CompiledTemplates()
    cache.keep_in(BuildCache.open(root, "publish", "templates"), key)
    return cache


def test_the_next_build_takes_the_templates_it_signed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = signing_key(tmp_path / "user")
    assert key is not None
    first = next_build(tmp_path, key)
    page, compiled = rebuild(TEMPLATES, first, monkeypatch)
    assert sorted(compiled) == ["base.html", "page.html"]
    assert first.kept is not None
    first.kept.save()
    assert rebuild(TEMPLATES, next_build(tmp_path, key), monkeypatch) == (page, [])
    # Another user's entries, or a project's cache from elsewhere: not run, compiled again.
    other = b"\1" * len(key)
    again = next_build(tmp_path, other)
    assert rebuild(TEMPLATES, again, monkeypatch) == (page, ["page.html", "base.html"])
    # Forged: the bytecode changed and written back with a whole CRC, its signature kept.
    forged = next_build(tmp_path, key)
    assert forged.kept is not None
    for entry in list(forged.kept.loaded):
        signed = forged.kept.read(entry)
        assert signed is not None
        forged.kept.write(entry, signed[:-1] + bytes([signed[-1] ^ 1]))
    assert rebuild(TEMPLATES, forged, monkeypatch) == (page, ["page.html", "base.html"])
    # Without a key the templates are kept in memory only.
    assert rebuild(TEMPLATES, next_build(tmp_path, None), monkeypatch)[1] != []


def test_the_signing_key_is_made_once_and_for_the_user_alone(tmp_path: Path) -> None:
    key = signing_key(tmp_path / "user")
    assert key is not None
    assert signing_key(tmp_path / "user") == key
    (path,) = (tmp_path / "user").iterdir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_bytes(key[:5])  # not a key: nothing is signed or trusted
    assert signing_key(tmp_path / "user") is None
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    assert signing_key(blocked / "user") is None
