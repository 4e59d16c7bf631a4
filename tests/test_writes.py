"""Nothing is lost: every write into an editor's tree is atomic, refuses to replace an
existing file unless told, and leaves the old file byte-identical when it fails."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from gongkai.cli import cli
from gongkai.errors import GongkaiError
from gongkai.writes import FileChanged, WriteRefused, replace_file, write_atomically, write_new
from samples import CLEAN

OLD = "编辑改过的稿子\n".encode()
NEW = "---\ntitle: 新的内容\n---\n".encode()
# A fixable report: Word's bookmark residue, which `check --fix` deletes.
RESIDUE = CLEAN.replace("无。", "[bookmark: _GoBack]无。")


def names(directory: Path) -> list[str]:
    """Every entry of the directory, hidden temporary files included."""
    return sorted(path.name for path in directory.iterdir())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def full_disk(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class HalfWritten:
    """A temporary file whose write stops halfway with a full disk."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __enter__(self) -> HalfWritten:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()

    def write(self, data: bytes) -> int:
        self._stream.write(data[: len(data) // 2])
        self._stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _fail_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", full_disk)


def _fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "replace", full_disk)


def _fail_link(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "link", full_disk)


def _fail_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWritten(real_fdopen(*a, **k)))


Failure = Callable[[pytest.MonkeyPatch], None]
# Each step of writing an existing file anew, and of creating a new one.
REPLACE_FAILURES: dict[str, Failure] = {
    "write": _fail_write,
    "fsync": _fail_fsync,
    "replace": _fail_replace,
}
CREATE_FAILURES: dict[str, Failure] = {
    "write": _fail_write,
    "fsync": _fail_fsync,
    "link": _fail_link,
}


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


# ------------------------------------------------------------------ write_new


def test_write_new_creates_an_ordinary_file_and_its_folders(
    tmp_path: Path, umask_022: None
) -> None:
    target = tmp_path / "reports/2024/fazhi/a.md"
    write_new(target, "新报告\n")
    assert target.read_bytes() == "新报告\n".encode()
    assert mode(target) == 0o644  # not mkstemp's private 0600
    assert names(target.parent) == ["a.md"]


def test_write_new_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(OLD)
    with pytest.raises(WriteRefused) as refused:
        write_new(target, NEW)
    assert str(refused.value) == f"{target} 已存在；如要覆盖，请加 --force"
    assert target.read_bytes() == OLD
    assert names(tmp_path) == ["a.md"]


def test_write_new_refuses_a_file_created_after_any_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves the same path in the instant between gongkai's look and its write."""
    target = tmp_path / "a.md"
    real_link = os.link

    def editor_saves_first(source: Any, destination: Any) -> None:
        target.write_bytes(OLD)
        real_link(source, destination)

    monkeypatch.setattr(os, "link", editor_saves_first)
    with pytest.raises(WriteRefused):
        write_new(target, NEW)
    assert target.read_bytes() == OLD
    assert names(tmp_path) == ["a.md"]


def test_write_new_without_hard_links_still_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None
) -> None:
    def no_hard_links(*args: Any) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_hard_links)  # FAT, exFAT, some network shares
    target = tmp_path / "a.md"
    write_new(target, NEW)
    assert (target.read_bytes(), mode(target)) == (NEW, 0o644)
    with pytest.raises(WriteRefused):
        write_new(target, OLD)
    assert target.read_bytes() == NEW
    assert names(tmp_path) == ["a.md"]


def test_write_new_with_force_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(OLD)
    target.chmod(0o640)
    write_new(target, NEW, force=True)
    assert (target.read_bytes(), mode(target)) == (NEW, 0o640)
    assert names(tmp_path) == ["a.md"]


def test_write_new_with_force_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(OLD)
    (tmp_path / "link.md").symlink_to("real.md")
    write_new(tmp_path / "link.md", NEW, force=True)
    assert (tmp_path / "link.md").is_symlink()
    assert real.read_bytes() == NEW


def test_write_new_cannot_replace_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.md").mkdir()
    with pytest.raises(GongkaiError) as failed:
        write_new(tmp_path / "a.md", NEW, force=True)
    assert str(failed.value) == f"无法写入 {tmp_path / 'a.md'}：这是一个目录"
    assert names(tmp_path) == ["a.md"]


@pytest.mark.parametrize("failure", REPLACE_FAILURES)
def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(OLD)
    REPLACE_FAILURES[failure](monkeypatch)
    with pytest.raises(GongkaiError) as failed:
        write_new(target, NEW, force=True)
    assert str(failed.value) == f"无法写入 {target}：磁盘空间不足"
    with pytest.raises(GongkaiError):
        replace_file(target, NEW)
    with pytest.raises(OSError):
        write_atomically(target, NEW)
    assert target.read_bytes() == OLD
    assert names(tmp_path) == ["a.md"]


@pytest.mark.parametrize("failure", CREATE_FAILURES)
def test_a_full_disk_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    CREATE_FAILURES[failure](monkeypatch)
    with pytest.raises(GongkaiError) as failed:
        write_new(tmp_path / "a.md", NEW)
    assert str(failed.value) == f"无法写入 {tmp_path / 'a.md'}：磁盘空间不足"
    assert names(tmp_path) == []


def test_an_interrupt_mid_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(OLD)

    def interrupted(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_new(target, NEW, force=True)
    assert target.read_bytes() == OLD
    assert names(tmp_path) == ["a.md"]


# ------------------------------------------------------------------ replace_file


def test_replace_file_keeps_permissions_and_symbolic_links(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(OLD)
    real.chmod(0o600)
    (tmp_path / "link.md").symlink_to("real.md")
    replace_file(tmp_path / "link.md", NEW, expected=OLD)
    assert (tmp_path / "link.md").is_symlink()
    assert (real.read_bytes(), mode(real)) == (NEW, 0o600)
    assert names(tmp_path) == ["link.md", "real.md"]


def test_replace_file_keeps_a_newer_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor saves while gongkai is flushing its copy: the editor's text wins."""
    target = tmp_path / "a.md"
    target.write_bytes(OLD)
    real_fsync = os.fsync
    edited = "编辑刚保存的新稿\n".encode()

    def editor_saves(handle: int) -> None:
        real_fsync(handle)
        if target.read_bytes() == OLD:
            target.write_bytes(edited)

    monkeypatch.setattr(os, "fsync", editor_saves)
    with pytest.raises(FileChanged) as changed:
        replace_file(target, NEW, expected=OLD)
    assert str(changed.value) == f"{target} 在读取后又被修改或删除，未写入，以免覆盖别人的修改"
    assert target.read_bytes() == edited
    assert names(tmp_path) == ["a.md"]


def test_replace_file_does_not_bring_back_a_deleted_file(tmp_path: Path) -> None:
    with pytest.raises(FileChanged):
        replace_file(tmp_path / "a.md", NEW, expected=OLD)
    with pytest.raises(GongkaiError) as failed:
        replace_file(tmp_path / "a.md", NEW)
    assert str(failed.value) == f"无法写入 {tmp_path / 'a.md'}：文件不存在"
    assert names(tmp_path) == []


def test_write_atomically_gives_new_files_the_mode_and_keeps_existing_ones(
    tmp_path: Path,
) -> None:
    write_atomically(tmp_path / "site/catalog.json", b"{}")
    assert mode(tmp_path / "site/catalog.json") == 0o644
    lock = tmp_path / "published-urls.txt"
    lock.write_bytes(OLD)
    lock.chmod(0o664)  # a group-writable checkout stays group-writable
    write_atomically(lock, NEW)
    assert (lock.read_bytes(), mode(lock)) == (NEW, 0o664)
    assert names(tmp_path) == ["published-urls.txt", "site"]


def test_a_file_that_need_not_survive_a_power_cut_is_not_flushed_but_still_replaced_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site build's output in its staging directory and the build caches: `mkdocs serve`
    waited for two flushes per file on every save."""
    flushed: list[int] = []
    sync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda handle: (flushed.append(handle), sync(handle)))
    target = tmp_path / "site/catalog.json"
    write_atomically(target, OLD)
    assert len(flushed) == 2  # the file, then the directory's rename
    flushed.clear()
    target.chmod(0o640)
    write_atomically(target, NEW, durable=False)
    write_atomically(tmp_path / "site/catalog.csv", OLD, durable=False)
    assert flushed == []
    assert (target.read_bytes(), mode(target)) == (NEW, 0o640)
    assert mode(tmp_path / "site/catalog.csv") == 0o644
    assert names(tmp_path / "site") == ["catalog.csv", "catalog.json"]


def test_a_long_name_still_gets_a_temporary_file(tmp_path: Path) -> None:
    # 80 CJK characters are 240 bytes: a temporary name of `.<name>.<random>.tmp` would
    # pass the 255-byte limit of a file name.
    target = tmp_path / ("长" * 80 + ".md")
    write_new(target, NEW)
    assert target.read_bytes() == NEW
    assert names(tmp_path) == [target.name]


# ------------------------------------------------------------------ through the CLI


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_import_refuses_to_overwrite_and_a_full_disk_keeps_the_old_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = project / "published.txt"
    source.write_text(CLEAN.split("---\n", 2)[2], encoding="utf-8")
    target = project / "reports/a.md"
    target.write_bytes(OLD)
    options = ("--type", "fazhi", "--year", "2024", "--issuer", "示例县示例镇人民政府")
    refused = run("import", str(source), "-o", "reports/a.md", *options)
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: reports/a.md 已存在；如要覆盖，请加 --force\n",
    )
    with monkeypatch.context() as patch:
        _fail_fsync(patch)
        failed = run("import", str(source), "-o", "reports/a.md", "--force", *options)
    assert (failed.exit_code, failed.stderr) == (
        2,
        "Error: 无法写入 reports/a.md：磁盘空间不足\n",
    )
    assert target.read_bytes() == OLD
    assert names(target.parent) == ["a.md"]
    forced = run("import", str(source), "-o", "reports/a.md", "--force", *options)
    assert forced.exit_code == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("---\ntitle:")


def test_new_refuses_to_overwrite_and_a_full_disk_keeps_the_old_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "new" not in cli.commands:
        pytest.skip("gongkai new is not in this version")
    target = project / "reports/a.md"
    target.write_bytes(OLD)
    options = ("--type", "fazhi", "--year", "2024", "--issuer", "示例县人民政府", "-o")
    refused = run("new", *options, "reports/a.md")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "Error: reports/a.md 已存在；如要覆盖，请加 --force\n",
    )
    with monkeypatch.context() as patch:
        _fail_replace(patch)
        failed = run("new", *options, "reports/a.md", "--force")
    assert (failed.exit_code, failed.stderr) == (
        2,
        "Error: 无法写入 reports/a.md：磁盘空间不足\n",
    )
    assert target.read_bytes() == OLD
    assert names(target.parent) == ["a.md"]


def test_fix_keeps_permissions(project: Path) -> None:
    report = project / "reports/r.md"
    report.write_text(RESIDUE, encoding="utf-8")
    report.chmod(0o640)
    result = run("check", "--fix", "reports")
    assert result.exit_code == 0, result.stderr
    assert (report.read_text(encoding="utf-8"), mode(report)) == (CLEAN, 0o640)
    assert names(report.parent) == ["r.md"]


def test_fix_skips_a_file_saved_while_it_was_being_fixed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = project / "reports/r.md"
    report.write_text(RESIDUE, encoding="utf-8")
    edited = RESIDUE.replace("每季度", "每月")  # the editor's own change, residue and all
    real_fsync = os.fsync

    def editor_saves(handle: int) -> None:
        real_fsync(handle)
        if report.read_text(encoding="utf-8") == RESIDUE:
            report.write_text(edited, encoding="utf-8")

    monkeypatch.setattr(os, "fsync", editor_saves)
    result = run("check", "--fix", "reports")
    assert report.read_text(encoding="utf-8") == edited
    assert names(report.parent) == ["r.md"]
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "reports/r.md: 修复期间文件被修改，未写入，以免覆盖新的修改 / "
        "changed while being fixed; not written, the newer edit is kept"
    )
    assert not any(line.startswith(("已修复", "没有可以自动修复")) for line in lines)
    # The file is then checked as it is now: the residue is still there and still an error.
    assert result.exit_code == 1
    assert "GK403 [error]" in result.stdout


def test_fix_on_a_full_disk_exits_2_and_keeps_the_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = project / "reports/r.md"
    report.write_text(RESIDUE, encoding="utf-8")
    with monkeypatch.context() as patch:
        _fail_fsync(patch)
        result = run("check", "--fix", "reports")
    assert (result.exit_code, result.stderr) == (2, "Error: 无法写入 reports/r.md：磁盘空间不足\n")
    assert report.read_text(encoding="utf-8") == RESIDUE
    assert names(report.parent) == ["r.md"]
