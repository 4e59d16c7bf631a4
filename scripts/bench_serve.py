"""What one `mkdocs serve` save costs, in CPU time, without the server's noise.

    .venv/bin/python scripts/bench_serve.py PROJECT [--saves 6] [--profile OUT.prof]

PROJECT is a site project with its reports, such as the one `scripts/bench_site.py --keep
DIR` leaves in DIR/n2000/gongkai. As `mkdocs serve` does (mkdocs/commands/serve.py), one
process builds the site once into a temporary directory, then builds it again after each
save of one report (a paragraph appended), with a new configuration each time; the CPU and
wall time of each rebuild are printed, and the median of those after the first. With
--profile, the last rebuild is profiled with the process's CPU time as cProfile's clock (the
machine is shared: wall time would charge a function for other processes' work).

Then the save as the server sees it: MkDocs' PollingObserver (0.5 s, as serve makes it)
over the paths serve watches, idle for 10 s (its CPU share), and the delay from each of a
few saves to the change it reports (before serve's `build_delay` of 0.1 s).

To measure another version of src/ (the main branch, say), put it first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import watchdog.events
import watchdog.observers.polling
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

import gongkai

URL = "http://127.0.0.1:8000/"
POLL = 0.5  # mkdocs.livereload.LiveReloadServer's polling_interval


def rebuilds(saves: int, profile: Path | None) -> None:
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def config() -> MkDocsConfig:
        loaded = load_config(config_file="mkdocs.yml", site_dir=site_dir)
        loaded.site_url = URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    started = time.process_time()
    build(first, serve_url=URL)
    print(f"first build: {time.process_time() - started:.2f} s CPU")
    report = sorted(Path("reports").glob("*/*/*.md"))[7]
    original = report.read_bytes()
    walls, cpus = [], []
    try:
        for number in range(saves):
            report.write_bytes(original + f"\n\n第{number}次保存新增的段落。\n".encode())
            profiler = (
                cProfile.Profile(time.process_time) if profile and number == saves - 1 else None
            )
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            build(config(), serve_url=URL)
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    finally:
        report.write_bytes(original)
    later = cpus[1:] or cpus
    print(
        "rebuild CPU  "
        + ", ".join(f"{c:.2f}" for c in cpus)
        + f" s  median after the first {statistics.median(later):.2f} s"
    )
    print("rebuild wall " + ", ".join(f"{w:.2f}" for w in walls) + " s")


def observer(root: Path) -> None:
    watched = [
        p
        for p in (
            root / "docs",
            root / "mkdocs.yml",
            root / "reports",
            root / "gongkai.yml",
            root / "registry.yml",
        )
        if p.exists()
    ]
    seen = threading.Event()

    class Handler(watchdog.events.FileSystemEventHandler):
        def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
            if not event.is_directory:
                seen.set()

    polling = watchdog.observers.polling.PollingObserver(timeout=POLL)
    for path in watched:
        polling.schedule(Handler(), str(path), recursive=True)
    files = sum(len(names) for p in watched if p.is_dir() for _, _, names in os.walk(p))
    polling.start()
    time.sleep(1)
    cpu = time.process_time()
    time.sleep(10)
    idle = (time.process_time() - cpu) / 10
    report = sorted(Path("reports").glob("*/*/*.md"))[7]
    original = report.read_bytes()
    delays = []
    try:
        for number in range(8):
            seen.clear()
            time.sleep(0.3 + 0.07 * number)  # saves at different points of the polling cycle
            saved = time.perf_counter()
            report.write_bytes(original + f"\n{number}\n".encode())
            seen.wait(5)
            delays.append(time.perf_counter() - saved)
            time.sleep(POLL + 0.1)
    finally:
        report.write_bytes(original)
        polling.stop()
        polling.join()
    print(
        f"observer: {files} files under {len(watched)} watched paths; idle {idle:.1%} of a core; "
        f"save → change seen median {statistics.median(delays):.2f} s, at most {max(delays):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--saves", type=int, default=6)
    parser.add_argument("--profile", type=Path, help="cProfile output of the last rebuild")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1751212800")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    root = args.project.resolve()
    os.chdir(root)
    print(f"gongkai from {Path(gongkai.__file__).parent}, load {os.getloadavg()[0]:.2f}")
    rebuilds(args.saves, args.profile.resolve() if args.profile else None)
    observer(root)


if __name__ == "__main__":
    main()
