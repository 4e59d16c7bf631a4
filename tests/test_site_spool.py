"""The background writer of a site build: every file written, each directory made once, a
failure named by its path, nothing written after the build let go of its staging tree;
and the build cache's compression."""

from __future__ import annotations

import os
import threading
import zlib
from pathlib import Path

import pytest

from gongkai.cache import CACHE_DIR
from gongkai.site import spool as spool_module
from gongkai.site.buildcache import BUILD_CACHE, BuildCache, parse
from gongkai.site.spool import Spool, WriteFailed


def test_every_file_is_written_under_directories_made_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real_mkdir = os.mkdir

    def counting_mkdir(path: str, mode: int = 0o777) -> None:
        made.append(path)
        real_mkdir(path, mode)

    monkeypatch.setattr(spool_module.os, "mkdir", counting_mkdir)
    spool = Spool(tmp_path, "site")
    expected = {}
    for year in range(3):
        for issuer in range(40):
            path = tmp_path / f"{2020 + year}/fazhi/{issuer}/index.html"
            expected[path] = f"{year} {issuer}".encode() * 100
            spool.write(str(path), expected[path])
    spool.finish()
    assert {p: p.read_bytes() for p in expected} == expected
    # 3 years, 3 "fazhi", 120 issuers: each made by one mkdir, however many threads ran.
    assert sorted(made) == sorted(set(made))
    assert len(made) == 3 + 3 + 120


def test_a_failed_write_is_named_by_its_site_path(tmp_path: Path) -> None:
    spool = Spool(tmp_path, "site")
    (tmp_path / "2024").write_text("a file where a directory belongs", encoding="utf-8")
    spool.write(str(tmp_path / "2024/fazhi/x/index.html"), b"page")
    spool.write(str(tmp_path / "ok/index.html"), b"page")
    with pytest.raises(WriteFailed) as failure:
        spool.finish()
    assert "无法写出 1 个文件" in str(failure.value)
    assert "site/2024/fazhi/x/index.html：路径中有一段不是目录" in str(failure.value)
    assert (tmp_path / "ok/index.html").read_bytes() == b"page"


def test_a_path_written_again_holds_the_last_bytes(tmp_path: Path) -> None:
    spool = Spool(tmp_path, "site", threads=4)
    target = tmp_path / "d/0.bin"
    for round_ in range(20):
        for n in range(10):
            spool.write(str(tmp_path / f"d/{n}.bin"), b"%d" % round_)
    spool.write(str(target), b"last")
    spool.finish()
    assert target.read_bytes() == b"last"
    assert (tmp_path / "d/9.bin").read_bytes() == b"19"


def test_close_drops_what_is_queued_and_waits_for_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    real_open = open

    def slow_open(path: str, mode: str = "r") -> object:
        started.set()
        release.wait(10)
        return real_open(path, mode)

    monkeypatch.setattr(spool_module, "open", slow_open, raising=False)
    spool = Spool(tmp_path, "site", threads=1)
    spool.write(str(tmp_path / "first.html"), b"1")
    started.wait(10)
    for n in range(10):
        spool.write(str(tmp_path / f"queued-{n}.html"), b"2")
    closing = threading.Thread(target=spool.close)
    closing.start()
    while not spool._dropping:  # close has begun: what is queued is to be dropped
        closing.join(0.001)
    release.set()
    closing.join(10)
    assert not closing.is_alive()
    # The write under way finished; the queued ones never happened, and never will.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.html"]
    with pytest.raises(RuntimeError):
        spool.write(str(tmp_path / "late.html"), b"3")


def test_a_build_cache_written_with_zlib_reads_as_before(tmp_path: Path) -> None:
    """The cache is compressed by ISA-L now; a pack the zlib-compressing code wrote (same
    format, same MAGIC) still reads, entry for entry, and a damaged entry is still none."""
    pack = tmp_path / CACHE_DIR / BUILD_CACHE / "publish" / "page.pack"
    old = BuildCache(pack, {})
    old.kept = {"a" * 32: zlib.compress(b"<html>kept</html>", 1), "b" * 32: b"not zlib"}
    old.save()
    cache = BuildCache.open(tmp_path, "publish", "page")
    assert cache.read("a" * 32) == b"<html>kept</html>"
    assert cache.read("b" * 32) is None
    cache.write("c" * 32, b"new")
    cache.save()
    assert zlib.decompress(parse(pack.read_bytes())["c" * 32]) == b"new"
