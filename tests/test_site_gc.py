"""The site build's process tells the cycle collector what it loaded before building is
long-lived, once, and lets it pass less often (gongkai.site.events.GC_THRESHOLD)."""

from __future__ import annotations

import gc

import pytest

from gongkai.site.events import GC_THRESHOLD, SiteBuild


def test_what_a_build_process_loaded_is_frozen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, *before[1:])
        SiteBuild().on_startup("serve", dirty=False)
        assert gc.get_threshold() == (GC_THRESHOLD, *before[1:])
        assert frozen == [True]
        # Again in the same process (another build of it): what the first build left,
        # garbage included, is not frozen for good.
        SiteBuild().on_startup("build", dirty=False)
        assert frozen == [True]
    finally:
        gc.set_threshold(*before)
