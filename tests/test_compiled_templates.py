"""`mkdocs serve` keeps the templates Jinja compiled for the next rebuild, in memory only:
a rebuild compiles nothing it compiled before, an edited template is compiled again, and
what is rendered is the same."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment

from gongkai.site.buildcache import CompiledTemplates

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
