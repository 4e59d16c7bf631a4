"""Atomic publishing: the site changes only by a complete build swapped in at once.

A build killed with SIGKILL leaves the previous site byte for byte and the next build
clears what it left behind; two builds of one site take turns; `mkdocs serve` never
touches it. The reports are synthetic (scripts/_synthetic.py), made at test time.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from gongkai.site import publish
from gongkai.site.moves import read_lock
from gongkai.site.publish import Shadow, SiteLock, remove_leftovers, staging_dir
from sitebuild import ROOT, make_project

sys.path.insert(0, str(ROOT / "scripts"))  # the benchmarks' synthetic reports
import _synthetic

MKDOCS = Path(sys.executable).with_name("mkdocs")
needs_mkdocs = pytest.mark.skipif(
    not MKDOCS.exists(), reason="mkdocs is not installed in this environment (install '.[site]')"
)
# Pinned so that two builds of the same tree are byte-identical (see events.now).
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
WAITED = "gongkai: 另一次构建（进程 "
# Builds told apart by the site name, which every page carries in its <title>.
SITE_NAME_LINE = "site_name: 政务公开年度报告\n"
SITE_NAME_FROM_ENV = "site_name: !ENV [GONGKAI_TEST_SITE_NAME, 政务公开年度报告]\n"
# href/src values that name a file of this site (not another host, an anchor or data).
LOCAL_REFERENCE = re.compile(r'(?:href|src)="(?![a-z][a-z0-9+.-]*:|//|#)([^"#?]+)')


class Build:
    """`mkdocs <command>` running in its own process group, its output going to a file."""

    def __init__(self, project: Path, *command: str, site_name: str | None = None) -> None:
        env = ENV if site_name is None else {**ENV, "GONGKAI_TEST_SITE_NAME": site_name}
        self.log = project.parent / f"mkdocs-{time.monotonic_ns()}.log"
        with self.log.open("w") as stream:
            self.process = subprocess.Popen(
                [str(MKDOCS), *(command or ("build",))],
                cwd=project,
                env=env,
                stdout=stream,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                # A test run in the background ignores Ctrl-C, and so would its children.
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            )

    def finish(self, timeout: float = 600) -> tuple[int, str]:
        code = self.process.wait(timeout)
        return code, self.log.read_text(encoding="utf-8")


def build(project: Path, site_name: str | None = None) -> str:
    """A build that must succeed; its log."""
    code, log = Build(project, site_name=site_name).finish()
    assert code == 0, log
    return log


def synthetic(n: int) -> dict[str, str]:
    return {r.relpath: r.text for r in _synthetic.corpus(n, seed=11, shared=None)}


def urls_of(reports: dict[str, str]) -> set[str]:
    """The report URLs: year/type/issuer/."""
    found = set()
    for text in reports.values():
        fields = dict(re.findall(r"^(year|type|issuer): (.+)$", text, re.MULTILINE))
        found.add(f"{fields['year']}/{fields['type']}/{fields['issuer']}/")
    return found


def snapshot(directory: Path) -> dict[str, str]:
    """Every entry under `directory`, hidden ones included, without following links: a
    file by its SHA-256, a link by its target, a directory as such."""
    entries = {}
    for parent, dirs, files in os.walk(directory):
        for name in dirs + files:
            path = Path(parent, name)
            key = str(path.relative_to(directory))
            if path.is_symlink():
                entries[key] = "link " + os.readlink(path)
            elif path.is_dir():
                entries[key] = "dir"
            else:
                entries[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return entries


def leftovers(project: Path) -> list[str]:
    """Staging and retired directories and the build lock: nothing once builds are done.
    The shadow tree is no leftover: it is the previous site, kept for the next build."""
    return sorted(
        p.name for p in project.iterdir() if p.name.startswith(".site") and p.name != ".site.shadow"
    )


def pages_in(staging: Path) -> int:
    try:
        return sum(1 for _ in staging.rglob("index.html"))
    except FileNotFoundError:
        return 0  # swapped in meanwhile: the build is over


def missing_references(site: Path, base: str) -> list[str]:
    """Local files that some page links to or loads and that the site lacks; `base` is the
    path of site_url, which absolute references (404.html's) start with."""
    missing = []
    for page in site.rglob("*.html"):
        for reference in LOCAL_REFERENCE.findall(page.read_text(encoding="utf-8")):
            relative = reference.removeprefix(base) if reference.startswith("/") else reference
            start = site if reference.startswith("/") else page.parent
            target = (start / unquote(relative)).resolve()
            if reference.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{page.relative_to(site)} → {reference}")
    return missing


# ------------------------------------------------------------------ the pieces


def test_staging_directories_carry_the_builders_process_id(tmp_path: Path) -> None:
    staging = staging_dir(tmp_path / "site")
    assert staging.parent == tmp_path
    assert staging.name.startswith(f".site.staging-{os.getpid()}-")


def test_leftovers_of_dead_builds_go_and_those_of_running_builds_stay(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])  # a process id that is no longer running
    dead.wait()
    alive = subprocess.Popen(["sleep", "60"])
    try:
        names = [
            f".site.staging-{dead.pid}-a1",
            f".site.old-{dead.pid}-b2",
            f".site.staging-{alive.pid}-c3",
            ".site.staging-abc",  # no process id: not ours to judge
            "site",
        ]
        for name in names:
            (tmp_path / name).mkdir()
            (tmp_path / name / "index.html").write_text("x", encoding="utf-8")
        (tmp_path / f".site.staging-{dead.pid}-file").write_text("x", encoding="utf-8")
        removed = remove_leftovers(tmp_path / "site")
    finally:
        alive.kill()
        alive.wait()
    assert [p.name for p in removed] == [f".site.staging-{dead.pid}-a1", f".site.old-{dead.pid}-b2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            f".site.staging-{alive.pid}-c3",
            f".site.staging-{dead.pid}-file",
            ".site.staging-abc",
            "site",
        ]
    )


def test_the_swap_without_renameat2_leaves_the_new_site_and_the_old_as_shadow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)  # no RENAME_EXCHANGE
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    staging = staging_dir(site)
    (staging / "new.html").write_text("new", encoding="utf-8")
    Shadow(site, staging).publish(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.shadow", "site"]
    assert [p.name for p in site.iterdir()] == ["new.html"]
    assert [p.name for p in (tmp_path / ".site.shadow").iterdir()] == ["old.html"]


def test_a_missing_shadow_tree_starts_as_hard_links_to_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a/b").mkdir(parents=True)
    (site / "a/b/index.html").write_text("page", encoding="utf-8")
    shadow = Shadow(site, staging_dir(site))
    assert (shadow.path / "a/b/index.html").samefile(site / "a/b/index.html")
    assert shadow.holds("a/b/index.html", b"page")


def test_a_file_hash_is_remembered_only_while_the_file_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs serve` hashes the shadow tree's kept pages on every save: a file hashed
    before is not read again, but one replaced or written in place is, even with the same
    size and modification time."""
    hashed: list[bytes] = []

    def counting(data: bytes) -> str:
        hashed.append(data)
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    monkeypatch.setattr(publish, "content_hash", counting)
    page = tmp_path / "index.html"
    page.write_bytes(b"old page")
    first = publish.file_hash(page)
    assert publish.file_hash(page) == first
    assert hashed == [b"old page"]
    stamp = page.stat()
    other = tmp_path / "staged.html"
    other.write_bytes(b"new page")
    os.utime(other, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    os.replace(other, page)  # as `Shadow.publish` brings a file up to date
    assert publish.file_hash(page) == counting(b"new page") != first
    with page.open("r+b") as stream:  # not done by gongkai, but by someone
        stream.write(b"NEW")
    os.utime(page, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert publish.file_hash(page) == counting(b"NEW page")
    page.unlink()
    with pytest.raises(OSError):
        publish.file_hash(page)


def _next_tick(directory: Path) -> None:
    """Wait until the file system's clock has moved on (its tick may be coarse)."""
    probe = directory / "tick"
    probe.touch()
    before = probe.stat().st_mtime_ns
    while probe.stat().st_mtime_ns == before:
        time.sleep(0.001)
        probe.touch()


def test_a_recorded_hash_is_trusted_only_for_a_file_older_than_the_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next build process trusts a recorded hash where the file's status is the same;
    a file changed in the same tick as the record's mark (git's "racily clean") may have
    changed again without its status changing, so it is hashed again, and a file rewritten
    in place with the same size and modification time is seen to have changed."""
    hashed: list[bytes] = []

    def counting(data: bytes) -> str:
        hashed.append(data)
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    monkeypatch.setattr(publish, "content_hash", counting)
    monkeypatch.setattr(publish, "_HASHED", {})
    site = tmp_path / "site"
    shadow_dir = tmp_path / ".site.shadow"
    (shadow_dir / "old").mkdir(parents=True)
    (shadow_dir / "old/index.html").write_bytes(b"old page")
    _next_tick(tmp_path)
    record = tmp_path / ".gongkai-cache/shadow.hashes"
    shadow = Shadow(site, staging_dir(site), record)
    (shadow_dir / "racy").mkdir()
    racy = shadow_dir / "racy/index.html"
    racy.write_bytes(b"racy page")  # in the record's tick or later: not safely older
    digests = {"old/index.html": counting(b"old page"), "racy/index.html": counting(b"racy page")}
    hashed.clear()
    assert shadow.keep(digests)
    assert sorted(hashed) == [b"old page", b"racy page"]
    assert shadow.hashes is not None
    shadow.hashes.save()

    # The next build, another process: it knows only the record.
    monkeypatch.setattr(publish, "_HASHED", {})
    hashed.clear()
    assert Shadow(site, staging_dir(site), record).keep(digests)
    assert hashed == [b"racy page"]

    # Rewritten in place, same size, modification time put back.
    stamp = racy.stat()
    with racy.open("r+b") as stream:
        stream.write(b"RACY")
    os.utime(racy, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    monkeypatch.setattr(publish, "_HASHED", {})
    hashed.clear()
    assert not Shadow(site, staging_dir(site), record).keep(digests)
    assert publish.file_hash(racy) == counting(b"RACY page")


def test_a_damaged_or_foreign_hash_record_is_an_empty_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[bytes] = []
    monkeypatch.setattr(publish, "content_hash", lambda data: hashed.append(data) or "ab" * 16)
    site = tmp_path / "site"
    (tmp_path / ".site.shadow").mkdir()
    (tmp_path / ".site.shadow/index.html").write_bytes(b"page")
    _next_tick(tmp_path)
    record = tmp_path / "shadow.hashes"
    for damage in (
        lambda data: data[:-1],  # torn
        lambda data: data[:30] + bytes([data[30] ^ 1]) + data[31:],  # a bit flipped
        lambda data: b"another format\n" + data,
        lambda data: b"",
    ):
        monkeypatch.setattr(publish, "_HASHED", {})
        shadow = Shadow(site, staging_dir(site), record)
        assert shadow.keep({"index.html": "ab" * 16})
        assert shadow.hashes is not None
        shadow.hashes.save()
        record.write_bytes(damage(record.read_bytes()))
        monkeypatch.setattr(publish, "_HASHED", {})
        hashed.clear()
        assert Shadow(site, staging_dir(site), record).keep({"index.html": "ab" * 16})
        assert hashed == [b"page"]


def test_serve_hashes_the_primed_shadow_tree_before_the_first_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_bytes(b"page")
    shadow = Shadow(tmp_path / "elsewhere", staging_dir(tmp_path / "elsewhere"))
    assert shadow.prime(site)
    assert not shadow.prime(site)  # no longer empty
    shadow.hash_ahead(["a/index.html", "gone/index.html"])
    hashed: list[bytes] = []
    monkeypatch.setattr(publish, "content_hash", lambda data: hashed.append(data) or "")
    digest = hashlib.blake2b(b"page", digest_size=16).hexdigest()
    assert shadow.keep({"a/index.html": digest})
    assert hashed == []


def test_publishing_touches_only_what_changed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    staging = staging_dir(site)
    for name, text in {
        "same/index.html": "same",
        "moved/index.html": "a page, then a directory's name",
        "gone/deep/index.html": "no longer built",
        "changed.css": "old",
        "kept.js": "kept",
    }.items():
        (tmp_path / ".site.shadow" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / ".site.shadow" / name).write_text(text, encoding="utf-8")
    shadow = Shadow(site, staging)
    untouched = (shadow.path / "same/index.html").stat().st_ino
    kept = (shadow.path / "kept.js").stat().st_ino
    assert shadow.holds("same/index.html", b"same")
    assert not shadow.holds("changed.css", b"new")
    assert not shadow.holds("absent.html", b"")
    assert not shadow.holds("same", b"a directory")
    for name, text in {
        "changed.css": "new",
        "kept.js": "kept",  # written by the build, with the same bytes
        "moved/index.html/x.png": "now a directory",
        "new/index.html": "new",
    }.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(text, encoding="utf-8")
    Path(shadow.sink).write_text("whatever went to the sink", encoding="utf-8")
    shadow.publish(site)
    assert {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.is_file()
    } == {
        "same/index.html": "same",
        "changed.css": "new",
        "kept.js": "kept",
        "moved/index.html/x.png": "now a directory",
        "new/index.html": "new",
    }
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()) == [
        "moved",
        "moved/index.html",
        "new",
        "same",
    ]
    assert (site / "same/index.html").stat().st_ino == untouched
    assert (site / "kept.js").stat().st_ino == kept
    assert not staging.exists()


def test_a_first_build_becomes_the_site_whole(tmp_path: Path) -> None:
    """No shadow tree to keep anything of (a cold build): the staging directory is renamed
    into place, with what the slow path leaves out left out there too."""
    site = tmp_path / "site"
    staging = staging_dir(site)
    shadow = Shadow(site, staging)
    for name in ("index.html", "a/b/index.html", "assets/x.css"):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(name, encoding="utf-8")
    (staging / "empty/deeper").mkdir(parents=True)
    (staging / Shadow.SINK).write_text("sink", encoding="utf-8")
    shadow.publish(site)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "a",
        "a/b",
        "a/b/index.html",
        "assets",
        "assets/x.css",
        "index.html",
    ]
    assert (site / "a/b/index.html").read_text(encoding="utf-8") == "a/b/index.html"
    assert not staging.exists()
    # The next build compares against it.
    again = Shadow(site, staging_dir(site))
    assert again.holds("a/b/index.html", b"a/b/index.html")


# A builder holding the lock, with worker processes forked meanwhile as the check forks them.
HOLD_LOCK = """
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from gongkai.site.publish import SiteLock
lock = SiteLock(Path(sys.argv[1]))
lock.acquire(on_wait=print)
workers = ProcessPoolExecutor(2)
list(workers.map(abs, [1, 2]))
print("locked", flush=True)
sys.stdin.read()  # until the test closes stdin, or kills this process
lock.release()
workers.shutdown()
"""


def _holder(site: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(site)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    return holder


@pytest.mark.slow  # waits a second to see the second builder still waiting
def test_a_second_builder_waits_for_the_first(tmp_path: Path) -> None:
    site = tmp_path / "site"
    holder = _holder(site)
    told: list[str] = []
    lock = SiteLock(site)
    waiter = threading.Thread(target=lock.acquire, args=(told.append,))
    waiter.start()
    waiter.join(1.0)
    assert waiter.is_alive()  # still waiting
    assert told == [str(holder.pid)]
    holder.communicate("")  # the first builder finishes and lets go
    waiter.join(10.0)
    assert not waiter.is_alive()
    assert (tmp_path / ".site.lock").read_text() == str(os.getpid())
    lock.release()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _must_not_wait(holder: str) -> None:
    raise AssertionError(f"the lock is still held by {holder}")


def test_a_killed_builder_leaves_no_lock(tmp_path: Path) -> None:
    """kill -9 of the builder alone: its forked workers live on (they are orphans that
    never exit by themselves) and must not keep the lock."""
    site = tmp_path / "site"
    holder = _holder(site)
    try:
        holder.kill()
        holder.wait()
        assert (tmp_path / ".site.lock").exists()  # the file stays; the kernel dropped the lock
        lock = SiteLock(site)
        lock.acquire(_must_not_wait)
        lock.release()
    finally:
        os.killpg(holder.pid, signal.SIGKILL)  # the orphaned workers
        holder.communicate()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ------------------------------------------------------------------ real builds


@pytest.mark.site
@needs_mkdocs
def test_a_build_killed_mid_way_leaves_the_previous_site(tmp_path: Path) -> None:
    reports = synthetic(150)
    first = dict(list(reports.items())[:100])
    project = make_project(tmp_path, first)
    build(project)
    site_before = snapshot(project / "site")
    lock_before = (project / "published-urls.txt").read_bytes()
    assert read_lock(project / "published-urls.txt") == urls_of(first)
    for relative, text in reports.items():
        (project / "reports" / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / "reports" / relative).write_text(text, encoding="utf-8")

    killed = Build(project)
    pid = killed.process.pid
    staging: Path | None = None
    deadline = time.monotonic() + 300
    while killed.process.poll() is None and time.monotonic() < deadline:
        found = list(project.glob(f".site.staging-{pid}-*"))
        if found and pages_in(found[0]) >= 20:
            staging = found[0]
            break
        time.sleep(0.02)
    assert staging is not None, (
        "the build ended before it wrote its pages: " + killed.log.read_text()
    )
    os.killpg(pid, signal.SIGKILL)
    code, _ = killed.finish()
    assert code == -signal.SIGKILL

    assert snapshot(project / "site") == site_before
    assert (project / "published-urls.txt").read_bytes() == lock_before
    assert staging.is_dir()  # what the killed build left

    log = build(project)
    assert f"gongkai: 已删除中断的构建留下的 {staging.name}" in log
    assert leftovers(project) == []
    assert read_lock(project / "published-urls.txt") == urls_of(reports)
    assert all((project / "site" / url / "index.html").is_file() for url in urls_of(reports))


@pytest.mark.site
@needs_mkdocs
def test_two_builds_at_once_take_turns(tmp_path: Path) -> None:
    reports = synthetic(30)
    project = make_project(tmp_path, reports)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(SITE_NAME_LINE, SITE_NAME_FROM_ENV), encoding="utf-8")

    builds = {name: Build(project, site_name=name) for name in ("甲站", "乙站")}
    logs = {}
    for name, running in builds.items():
        code, logs[name] = running.finish()
        assert code == 0, logs[name]
    waited = [name for name, log in logs.items() if WAITED in log]
    # The second waited for the first, then built and published: its site is the one left.
    assert len(waited) == 1, logs
    [last] = waited
    [first] = set(builds) - {last}
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<title>{last}</title>" in home
    assert all(first not in page.read_text(encoding="utf-8") for page in site.rglob("*.html"))
    [site_url] = re.findall(r"^site_url: (\S+)", text, re.MULTILINE)
    assert missing_references(site, urlsplit(site_url).path) == []
    assert read_lock(project / "published-urls.txt") == urls_of(reports)
    assert leftovers(project) == []

    published = snapshot(site)
    build(project, site_name=last)  # the same build again, alone
    assert snapshot(site) == published


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.site
@needs_mkdocs
def test_serve_does_not_touch_the_site_or_hold_up_a_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, synthetic(10))
    address = f"127.0.0.1:{_free_port()}"
    serve = Build(project, "serve", "-a", address)
    try:
        deadline = time.monotonic() + 300
        while True:
            assert serve.process.poll() is None, serve.log.read_text()
            assert time.monotonic() < deadline, serve.log.read_text()
            try:
                with urllib.request.urlopen(f"http://{address}/", timeout=5) as page:
                    assert page.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        assert not (project / "site").exists()  # serve builds into a directory of its own
        log = build(project)
        assert WAITED not in log
        built = snapshot(project / "site")
        with urllib.request.urlopen(f"http://{address}/", timeout=5) as page:
            assert page.status == 200
    finally:
        os.killpg(serve.process.pid, signal.SIGINT)  # Ctrl-C: serve shuts down as it does
        try:
            serve.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.process.pid, signal.SIGKILL)
            serve.process.wait()
            raise
    assert snapshot(project / "site") == built
    assert leftovers(project) == []


# `mkdocs build` with one file of the background writer failing as a full disk fails it.
# Every file is written in the build's process, where the fault is (tests/test_site_spool.py
# fails a write in the writer process).
FULL_DISK_AT = """
import builtins, errno, sys
from gongkai.site import spool
failing = sys.argv.pop(1)
def open_or_fail(path, mode="r"):
    if path.endswith(failing):
        raise OSError(errno.ENOSPC, "No space left on device", path)
    return builtins.open(path, mode)
spool.open = open_or_fail
spool.INLINE = 1_000_000
from mkdocs.__main__ import cli
cli()
"""


@pytest.mark.site
@needs_mkdocs
def test_a_failed_background_write_fails_the_build_and_leaves_the_site(tmp_path: Path) -> None:
    reports = synthetic(6)
    project = make_project(tmp_path, reports)
    build(project)
    site_before = snapshot(project / "site")
    edited, text = next(iter(reports.items()))
    (project / "reports" / edited).write_text(text + "\n新增一段内容。\n", encoding="utf-8")
    url = next(iter(urls_of({edited: text})))

    failed = subprocess.run(
        [sys.executable, "-c", FULL_DISK_AT, f"/{url}index.html", "build"],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode != 0, failed.stderr
    assert f"无法写出 1 个文件：\nsite/{url}index.html：磁盘空间不足\n网站未发布" in failed.stderr
    assert snapshot(project / "site") == site_before
    assert leftovers(project) == []
    # The same build without the fault publishes the edit.
    build(project)
    assert "新增一段内容" in (project / "site" / url / "index.html").read_text(encoding="utf-8")


def test_an_empty_shadow_tree_is_not_looked_into(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build has nothing to compare with: no file of its output is looked up in
    the shadow tree, and every one is written."""
    site = tmp_path / "site"
    shadow = Shadow(site, staging_dir(site))
    looked: list[str] = []
    real_stat = os.stat
    monkeypatch.setattr(
        Path, "stat", lambda self, **kw: looked.append(str(self)) or real_stat(self)
    )
    monkeypatch.setattr(
        publish.os, "stat", lambda path, **kw: looked.append(path) or real_stat(path)
    )
    assert not shadow.holds("a/index.html", b"page")
    assert not shadow.keep({"a/index.html": "ab" * 16})
    assert looked == []
    # A tree primed from the site is compared with as usual.
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_bytes(b"page")
    assert shadow.prime(site)
    assert shadow.holds("a/index.html", b"page")
    assert Shadow(site, staging_dir(site)).holds("a/index.html", b"page")
