"""Building beside the live site and swapping it in only when the build succeeded.

A failed, interrupted or killed build leaves the previous site exactly as it was: MkDocs
writes into a fresh staging directory next to the site, and the swap is a single rename
(Linux renameat2 RENAME_EXCHANGE) where the platform has one, two renames elsewhere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_dir(site_dir: Path) -> Path:
    """A new empty directory beside `site_dir`, on the same file system so renames work."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.staging-", dir=site_dir.parent))


def swap_in(staging: Path, site_dir: Path) -> None:
    """Make `staging` the site; the old site, if any, is removed afterwards."""
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if _exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
    os.rename(site_dir, retired / "site")
    os.rename(staging, site_dir)
    shutil.rmtree(retired, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two directories; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
