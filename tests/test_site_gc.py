"""The site build's process tells the cycle collector what it loaded before building is
long-lived, once, and lets it pass less often (gongkai.site.GC_THRESHOLD), from the moment
the site build is imported."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from gongkai.site import GC_THRESHOLD, events
from gongkai.site.events import SiteBuild


def test_what_a_build_process_loaded_is_frozen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(events, "_frozen", False)  # a new process
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


def test_the_collector_passes_less_often_while_the_site_build_is_imported() -> None:
    code = "import gc, gongkai.site; print(gc.get_threshold()[0])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == GC_THRESHOLD
