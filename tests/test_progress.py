"""The progress display never reaches a pipe, and always passes every item through."""

from __future__ import annotations

import io

import pytest

from gongkai import progress as progress_module
from gongkai.progress import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_not_a_terminal_prints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    assert list(progress(range(5), 5, "检查")) == [0, 1, 2, 3, 4]
    assert err.getvalue() == ""


def test_terminal_shows_count_rate_and_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    assert list(progress(range(3), 3, "检查")) == [0, 1, 2]
    shown = err.getvalue()
    assert "检查" in shown
    # done/total [elapsed<time left, rate]; the last frame is cleared (leave=False).
    assert "/3 [" in shown
    assert "<" in shown
    assert "份/s" in shown


def test_quick_work_on_a_terminal_prints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal()
    monkeypatch.setattr("sys.stderr", err)
    assert list(progress(range(3), 3, "检查")) == [0, 1, 2]
    assert err.getvalue() == ""
