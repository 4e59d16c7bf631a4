"""Shared test helpers: golden files (rewritten with `pytest --update-goldens`), and the real
reports as search documents with their index (for tests/search and tests/browser)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest

from gongkai.site.search import SearchDoc, write_index
from search.conftest import corpus_docs


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite golden (.expected) files from the current output instead of comparing.",
    )


Golden = Callable[[Path, str], None]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """`golden(path, actual)`: compare with the UTF-8 file at `path`, failing with a unified
    diff; with --update-goldens, write `actual` there instead. Review every rewritten golden."""
    update = request.config.getoption("--update-goldens")

    def check(path: Path, actual: str) -> None:
        if update:
            path.write_bytes(actual.encode("utf-8"))
            return
        if not path.exists():
            pytest.fail(f"{path} does not exist; create it with pytest --update-goldens")
        expected = path.read_bytes().decode("utf-8")
        if actual != expected:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{path.name} (expected)",
                tofile=f"{path.name} (actual)",
            )
            pytest.fail("output differs from the golden file:\n" + "".join(diff), pytrace=False)

    return check


@pytest.fixture(scope="session")
def corpus() -> list[SearchDoc]:
    return corpus_docs()


@pytest.fixture(scope="session")
def corpus_index(corpus: list[SearchDoc], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "search"
    write_index(corpus, out)
    return out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository root with a reports/ folder, as the working directory."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "reports").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own temporary folder as the working directory (drafts go to reports/)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
