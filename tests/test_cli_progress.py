"""`gongkai check` and `gongkai import` show progress on a terminal, and only there.

Each command runs twice in its own process: once with stderr on a pipe, as in CI, and once
with stderr on a pseudo-terminal. The bar must be on the terminal, and stdout (findings,
the summary table) must be the same bytes in both runs. The bar's two-second delay is set
to zero in the child, so no test waits for the clock.
"""

from __future__ import annotations

import errno
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from samples import CLEAN

pytestmark = [
    pytest.mark.slow,  # four runs of the command line in processes of their own
    pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal"),
]

# The command line, with the progress shown as soon as the work starts.
_GONGKAI = (
    "import sys; from gongkai import progress; progress.DELAY = 0.0; "
    "from gongkai.cli import main; main()"
)


def run(args: list[str], cwd: Path, *, terminal: bool) -> tuple[int, bytes, bytes]:
    """Exit status, stdout and stderr of `gongkai ARGS`; stderr on a pty if `terminal`."""
    command = [sys.executable, "-c", _GONGKAI, *args]
    if not terminal:
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        return done.returncode, done.stdout, done.stderr
    import fcntl
    import pty
    import termios

    leader, follower = pty.openpty()
    # A terminal of 24 rows and 80 columns: one of no size (0×0) gets no bar from tqdm.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    shown = bytearray()

    def drain() -> None:
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError as exc:  # EIO: the terminal's last writer has gone
                if exc.errno != errno.EIO:
                    raise
                return
            if not data:
                return
            shown.extend(data)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        with subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL
        ) as process:
            os.close(follower)
            stdout, _ = process.communicate(timeout=120)
        reader.join(timeout=10)
    finally:
        os.close(leader)
    return process.returncode, stdout, bytes(shown)


def _reports(root: Path, n: int) -> None:
    for index in range(n):
        path = root / "reports" / f"r{index:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Every other report has an error (GK202 year in the title), so stdout is not empty.
        text = CLEAN if index % 2 else CLEAN.replace("2024年法治政府", "2023年法治政府", 1)
        path.write_text(text.replace("示例县示例镇", f"示例县{index}号镇"), encoding="utf-8")


def test_check_bar_on_a_terminal_and_the_same_findings(tmp_path: Path) -> None:
    _reports(tmp_path, 6)
    args = ["check", "--no-cache", "reports"]
    piped = run(args, tmp_path, terminal=False)
    shown = run(args, tmp_path, terminal=True)
    assert piped[0] == shown[0] == 1
    assert piped[1] == shown[1] != b""
    assert b"\r" not in piped[2] and b"/6 [" not in piped[2]
    assert "检查".encode() in shown[2]
    assert b"/6 [" in shown[2]


def test_import_bar_on_a_terminal_and_the_same_table(tmp_path: Path) -> None:
    for issuer in ("示例县司法局", "示例县财政局", "示例县民政局"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"{issuer}.txt").write_text(
            f"{issuer}2023年法治政府建设年度报告\n一、主要举措和成效\n全年审查合同10份。\n",
            encoding="utf-8",
        )
    args = ["import", "--force", "in"]
    piped = run(args, tmp_path, terminal=False)
    shown = run(args, tmp_path, terminal=True)
    assert piped[0] == shown[0] == 0
    assert piped[1] == shown[1]
    assert "共 3 个文件".encode() in piped[1]
    assert b"\r" not in piped[2] and b"/3 [" not in piped[2]
    assert "导入".encode() in shown[2]
    assert b"/3 [" in shown[2]
