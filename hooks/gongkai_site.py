"""MkDocs hooks: every event goes to gongkai's site build (gongkai.site.events)."""

from __future__ import annotations

from gongkai.site.events import SiteBuild

_build = SiteBuild()

on_startup = _build.on_startup
on_config = _build.on_config
on_env = _build.on_env
on_files = _build.on_files
on_nav = _build.on_nav
on_page_markdown = _build.on_page_markdown
on_page_content = _build.on_page_content
on_post_page = _build.on_post_page
on_post_build = _build.on_post_build
on_build_error = _build.on_build_error
on_shutdown = _build.on_shutdown
