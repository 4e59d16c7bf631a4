"""Every file gongkai writes into an editor's tree goes through here.

A crash, a full disk or a second writer never leaves half a file: the content goes to a
temporary file in the target's directory, is flushed to disk, and is then renamed over the
target in one step. A new file is linked into place, which fails if something appeared
there meanwhile, so an existing file is never replaced unless the caller was told to. A
replaced file keeps its permissions, and a symbolic link keeps pointing where it did: the
file it points to is the one replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from gongkai.errors import GongkaiError

# What a file system without hard links (FAT, exFAT, some network shares) answers to link().
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}
# The OS's own text for these is English; the people who see them read Chinese.
_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "文件系统是只读的",
    errno.EISDIR: "这是一个目录",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ENAMETOOLONG: "文件名太长",
}
# Room for the random part and the suffix of a temporary name within a 255-byte file name.
_PREFIX_CHARS = 60


class WriteRefused(GongkaiError):
    """The target exists and replacing it was not asked for; the message says how."""


class FileChanged(GongkaiError):
    """The file changed on disk after it was read: replacing it would lose that edit."""


def write_new(target: Path, data: str | bytes, *, force: bool = False) -> None:
    """Create `target`; an existing file is replaced only with `force` (else WriteRefused).
    Any other failure is a GongkaiError saying why, and leaves the old file as it was."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if force and target.exists():
            real = _real(target)
            _replace(real, content, mode=real.stat().st_mode & 0o7777)
            return
        temporary = _temporary_copy(target, content, mode=_public_mode())
        try:
            _link_new(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
        _sync_directory(target.parent)
    except FileExistsError as exc:
        raise WriteRefused(f"{target} 已存在；如要覆盖，请加 --force") from exc
    except OSError as exc:
        raise GongkaiError(f"无法写入 {target}：{reason(exc)}") from exc


def replace_file(target: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace an existing file in one step, keeping its permissions. With `expected` (the
    bytes the caller read and worked from), a file that no longer holds exactly those bytes
    is left alone and FileChanged is raised: the newer edit on disk wins."""
    try:
        real = _real(target)
        _replace(real, data, mode=real.stat().st_mode & 0o7777, expected=expected)
    except FileNotFoundError as exc:
        if expected is None:
            raise GongkaiError(f"无法写入 {target}：文件不存在") from exc
        raise _changed(target) from exc
    except OSError as exc:
        raise GongkaiError(f"无法写入 {target}：{reason(exc)}") from exc


def write_atomically(target: Path, data: bytes, mode: int = 0o644, *, durable: bool = True) -> None:
    """Write a generated file (created or replaced): the site's files, the URL lock, caches.
    A new file gets `mode`, readable by the web server; an existing one keeps its own.
    `durable=False`: not flushed to disk, for a file whose loss in a power cut costs nothing
    (a build cache, a file in a site build's staging directory, which the build publishes
    as a whole); the flushes made each `mkdocs serve` save wait a tenth of a second."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        mode = target.stat().st_mode & 0o7777
    _replace(target, data, mode=mode, durable=durable)


def reason(exc: OSError) -> str:
    """Why a file operation failed, in words an editor understands."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc)


def _replace(
    target: Path, data: bytes, *, mode: int, expected: bytes | None = None, durable: bool = True
) -> None:
    temporary = _temporary_copy(target, data, mode=mode, durable=durable)
    try:
        # Compared as late as possible, after the slow part (writing and flushing the copy),
        # so an editor's save during it is still seen.
        if expected is not None and target.read_bytes() != expected:
            raise _changed(target)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        _sync_directory(target.parent)


def _changed(target: Path) -> FileChanged:
    return FileChanged(f"{target} 在读取后又被修改或删除，未写入，以免覆盖别人的修改")


def _link_new(temporary: Path, target: Path) -> None:
    """Give the finished temporary file the name `target`, failing with FileExistsError if
    that name is taken, even when it was taken after any earlier check."""
    try:
        os.link(temporary, target)
        return
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
    # Without hard links the name is claimed by an exclusive create, then the finished
    # content is renamed over the claim: at worst a crash leaves an empty new file, never
    # a damaged existing one.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        os.replace(temporary, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _temporary_copy(target: Path, data: bytes, *, mode: int, durable: bool = True) -> Path:
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name[:_PREFIX_CHARS]}.", suffix=".tmp"
    )
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); reports and site files are ordinary files.
        temporary.chmod(mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _real(target: Path) -> Path:
    """The file a path names, through any symbolic links: the link itself stays."""
    return Path(os.path.realpath(target))


def _sync_directory(directory: Path) -> None:
    """Make the rename itself survive a power cut, where the system allows it."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not openable as a file (Windows): the rename is still atomic
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a directory; the data is already on disk
    finally:
        os.close(handle)


def _public_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
