"""The background writer of a site build: every file written, in order, each directory made
once, a failure named by its path, nothing written after the build let go of its staging tree;
and the build cache's compression."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from gongkai.cache import CACHE_DIR
from gongkai.site import spool as spool_module
from gongkai.site.buildcache import BUILD_CACHE, BuildCache, parse
from gongkai.site.spool import INLINE, Spool, WriteFailed, write_file


def test_each_directory_is_made_by_one_mkdir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real_mkdir = os.mkdir

    def counting_mkdir(path: str, mode: int = 0o777) -> None:
        made.append(path)
        real_mkdir(path, mode)

    monkeypatch.setattr(spool_module.os, "mkdir", counting_mkdir)
    known = {str(tmp_path)}
    for year in range(3):
        for issuer in range(40):
            path = tmp_path / f"{2020 + year}/fazhi/{issuer}/index.html"
            assert write_file(known, str(path), b"page") is None
    # 3 years, 3 "fazhi", 120 issuers: one mkdir each, none above the root.
    assert len(made) == len(set(made)) == 3 + 3 + 120
    assert all(Path(p).is_relative_to(tmp_path) for p in made)


@pytest.mark.parametrize("inline", [INLINE, 0, 5])
def test_every_file_is_written_in_order(tmp_path: Path, inline: int) -> None:
    """Whether written in the build's thread, by the writer process or first one then the
    other: every file, the last bytes given for a path written twice."""
    spool = Spool(tmp_path, "site", inline=inline)
    expected = {}
    for round_ in range(2):
        for n in range(30):
            path = tmp_path / f"{n % 3}/{n}/index.html"
            expected[path] = f"{round_} {n}".encode() * 500
            spool.write(str(path), expected[path])
    spool.finish()
    assert {p: p.read_bytes() for p in expected} == expected
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")) == sorted(
        p.relative_to(tmp_path).as_posix() for p in expected
    )


@pytest.mark.parametrize("inline", [INLINE, 0])
def test_a_failed_write_is_named_by_its_site_path(tmp_path: Path, inline: int) -> None:
    spool = Spool(tmp_path, "site", inline=inline)
    (tmp_path / "2024").write_text("a file where a directory belongs", encoding="utf-8")
    spool.write(str(tmp_path / "2024/fazhi/x/index.html"), b"page")
    spool.write(str(tmp_path / "ok/index.html"), b"page")
    with pytest.raises(WriteFailed) as failure:
        spool.finish()
    assert (
        str(failure.value)
        == "无法写出 1 个文件：\nsite/2024/fazhi/x/index.html：路径中有一段不是目录"
    )
    assert (tmp_path / "ok/index.html").read_bytes() == b"page"


def test_close_stops_the_writer_and_nothing_is_written_after(tmp_path: Path) -> None:
    spool = Spool(tmp_path, "site", inline=0)
    # Small files: the pipe holds them all, more than the writer can write meanwhile.
    for n in range(3000):
        spool.write(str(tmp_path / f"{n}.html"), b"x" * 100)
    spool.close()
    after_close = sorted(tmp_path.iterdir())
    time.sleep(0.3)
    assert sorted(tmp_path.iterdir()) == after_close
    assert len(after_close) < 3000  # stopped where it was, not drained
    with pytest.raises(RuntimeError):
        spool.write(str(tmp_path / "late.html"), b"3")


def test_a_writer_whose_build_is_gone_writes_nothing(tmp_path: Path) -> None:
    target = os.fsencode(tmp_path / "index.html")
    message = spool_module._HEAD.pack(len(target), 4) + target + b"page" + spool_module._END
    writer = subprocess.run(
        [sys.executable, "-m", "gongkai.site.spool", "1"],  # not its parent
        input=message,
        capture_output=True,
        check=False,
    )
    assert writer.returncode == 1
    assert writer.stdout == b""
    assert not (tmp_path / "index.html").exists()


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


def test_one_core_writes_every_file_in_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spool_module.os, "cpu_count", lambda: 1)
    spool = Spool(tmp_path, "site", inline=0)
    spool.write(str(tmp_path / "a/index.html"), b"page")
    assert (tmp_path / "a/index.html").read_bytes() == b"page"  # before `finish`
    spool.finish()


def test_ctrl_c_leaves_the_writer_to_its_build(tmp_path: Path) -> None:
    """SIGINT, sent to the whole process group by Ctrl-C, neither stops the writer nor
    makes it print a traceback: the build finishes or stops it."""
    target = os.fsencode(tmp_path / "index.html")
    writer = subprocess.Popen(
        [sys.executable, "-m", "gongkai.site.spool", str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert writer.stdin is not None
    writer.stdin.write(spool_module._HEAD.pack(len(target), 4) + target + b"page")
    writer.stdin.flush()
    deadline = time.monotonic() + 30
    while not (tmp_path / "index.html").exists() and time.monotonic() < deadline:
        time.sleep(0.01)  # the writer is running, past its start-up
    writer.send_signal(signal.SIGINT)
    out, err = writer.communicate(spool_module._END, timeout=30)
    assert (writer.returncode, out, err) == (0, b"[]", b"")
    assert (tmp_path / "index.html").read_bytes() == b"page"
