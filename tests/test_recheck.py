"""Re-checking: the cache's stat index, the cached cross-report step, and GK406 on copies
and templates. Every test compares findings, never time: a re-check must print exactly
what a check without the cache prints."""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gongkai import engine
from gongkai.cache import CACHE_DIR, Cache, code_digest
from gongkai.cli import cli
from gongkai.config import Config
from gongkai.engine import FileResult, check_paths
from gongkai.model.loader import load_report
from gongkai.model.report import Report
from gongkai.rules import gk406_duplicate_content as gk406
from samples import FRONT_MATTER

# Common characters, for text no two reports share by chance.
_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小"
    "物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形"
)


def _sentences(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choices(_CHARS, k=rng.randint(16, 30))) + "。" for _ in range(count)]


def _report(issuer: str, body: list[str], year: int = 2024) -> str:
    front = FRONT_MATTER.replace("示例县示例镇人民政府", issuer).replace("2024", str(year))
    lines = [front, "## 一、主要举措和成效", "", *body, "", "## 二、存在的不足", ""]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _settle(*paths: Path) -> None:
    """Wait until the file system's clock has passed the last change of `paths`: only then
    may the stat index trust them (see Cache.begin)."""
    latest = max(path.stat().st_ctime_ns for path in paths)
    probe = paths[0].parent / ".probe"
    for _ in range(500):
        probe.touch()
        os.utime(probe)
        if probe.stat().st_mtime_ns > latest:
            probe.unlink()
            return
        time.sleep(0.01)
    pytest.skip("the file system's clock did not move")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def _copies(project: Path) -> list[Path]:
    """Six reports of one year: two pairs of copies and two of their own."""
    rng = random.Random(7)
    one, two = _sentences(rng, 12), _sentences(rng, 12)
    texts = {
        "a": one,
        "b": [*one[:10], *_sentences(rng, 2)],
        "c": two,
        "d": [*two[:11], *_sentences(rng, 1)],
        "e": _sentences(rng, 12),
        "f": _sentences(rng, 12),
    }
    return [
        _write(project / f"reports/2024/{name}.md", _report(f"示例县{name}镇人民政府", body))
        for name, body in texts.items()
    ]


def _copied(results: list[FileResult]) -> dict[str, list[str]]:
    """Each report GK406 flags → the reports it names."""
    found: dict[str, list[str]] = {}
    for result in results:
        for finding in result.findings:
            if finding.rule == "GK406":
                found.setdefault(result.path, []).append(str(finding.args["other"]))
    return found


def _memo(project: Path) -> dict[str, Any]:
    side = json.loads((project / CACHE_DIR / "digests-v3.json").read_text(encoding="utf-8"))
    memo: dict[str, Any] = side["memo"]["GK406"]
    return memo


@pytest.mark.parametrize("output", ["text", "json"])
def test_warm_output_is_byte_identical_to_cold(project: Path, output: str) -> None:
    files = _copies(project)
    cold = _run("check", "reports", "--format", output, "--no-cache")
    assert "GK406" in cold[1]
    assert _run("check", "reports", "--format", output) == cold  # fills the cache
    _settle(*files)
    assert _run("check", "reports", "--format", output) == cold  # indexes the stats
    assert _run("check", "reports", "--format", output) == cold  # from the index


def test_parallel_output_is_identical_to_serial(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copies(project)
    config = Config()
    serial = check_paths(["reports"], config, None, jobs=1)
    monkeypatch.setattr(engine, "_PARALLEL_THRESHOLD", 1)
    assert check_paths(["reports"], config, None, jobs=2) == serial
    cache = Cache(project, config)
    assert check_paths(["reports"], config, cache, jobs=2) == serial
    # Workers that find a content key in the cache send back the key alone.
    os.utime(project / "reports/2024/a.md")
    assert check_paths(["reports"], config, Cache(project, config), jobs=2) == serial


def _title_and_length(report: Report, config: Config) -> tuple[str, int]:
    return str(report.fields.get("title")), len(report.text)


@pytest.mark.parametrize("jobs", [1, 2])
def test_extract_gives_what_was_made_of_each_report_analysed(
    project: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(engine, "_PARALLEL_THRESHOLD", 1)
    paths = sorted(p.relative_to(project).as_posix() for p in _copies(project))
    config = Config()
    cache = Cache(project, config)
    results = check_paths(["reports"], config, cache, jobs=jobs, extract=_title_and_length)
    assert [r.path for r in results] == paths
    made = {r.path: r.extracted for r in results}
    for path in paths:
        report = load_report(path, (project / path).read_bytes())
        assert made[path] == (report.fields["title"], len(report.text))
    # Nothing is made of a report the check did not analyse (its analysis was cached) …
    again = check_paths(["reports"], config, Cache(project, config), jobs=jobs)
    assert [r.extracted for r in again] == [None] * len(paths)
    # … and the findings are those of a check without `extract`.
    assert [replace(r, extracted=None) for r in results] == again


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a file was read")

    monkeypatch.setattr(engine, "_read_report", refuse)


def _no_analysing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a file was analysed")

    monkeypatch.setattr(engine, "analyse_report", refuse)


def _check(project: Path) -> list[FileResult]:
    return check_paths(["reports"], Config(), Cache(project, Config()))


def test_unchanged_files_are_not_read_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _copies(project)
    _settle(*files)
    first = _check(project)
    with monkeypatch.context() as patch:
        _no_reading(patch)
        assert _check(project) == first
    cache = Cache(project, Config())
    check_paths(["reports"], Config(), cache)
    assert cache.recalled == len(files)


def test_a_touched_but_unchanged_file_is_read_not_analysed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _copies(project)
    _settle(*files)
    first = _check(project)
    os.utime(files[0], ns=(1, 10**18))
    with monkeypatch.context() as patch:
        _no_analysing(patch)
        cache = Cache(project, Config())
        assert check_paths(["reports"], Config(), cache) == first
    assert cache.recalled == len(files) - 1


def _late(project: Path) -> bool:
    (result,) = _check(project)
    return "GK202" in {finding.rule for finding in result.findings}


def test_an_edit_in_the_same_size_and_mtime_is_seen(project: Path) -> None:
    report = _write(project / "reports/r.md", _report("示例县示例镇人民政府", ["无。"]))
    text = report.read_text(encoding="utf-8")
    late = text.replace("2025-03-20", "2025-04-20")
    # Within the file system's clock tick of its last stat: never trusted, read again.
    assert not _late(project)
    stat = report.stat()
    report.write_text(late, encoding="utf-8")
    os.utime(report, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert report.stat().st_size == stat.st_size
    assert _late(project)
    # An older file, indexed: a rewrite with its mtime put back still changes its ctime.
    report.write_text(text, encoding="utf-8")
    _settle(report)
    assert not _late(project)
    assert not _late(project)  # from the index
    stat = report.stat()
    report.write_text(late, encoding="utf-8")
    os.utime(report, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _late(project)


def test_one_changed_report_recomputes_only_its_pairs(project: Path) -> None:
    files = _copies(project)
    cold = check_paths(["reports"], Config())
    assert _check(project) == cold
    first = _memo(project)
    assert first["compared"] == len(first["pairs"]) > 2
    assert first["reused"] == 0
    # Nothing changed: the cross-report step is not run at all.
    assert _check(project) == cold
    assert _memo(project) == first
    # d gets a sentence of its own, and stays a copy of c: only the two comparisons of
    # that pair are new. (A change to what most reports share would be a new boilerplate,
    # and every pair would be compared again.)
    text = files[3].read_text(encoding="utf-8")
    files[3].write_text(text + "新增一句本报告自己的话，说明今年的新做法和新成效。\n", "utf-8")
    changed = _check(project)
    assert changed == check_paths(["reports"], Config())
    memo = _memo(project)
    assert (memo["compared"], memo["reused"]) == (2, len(first["pairs"]) - 2)
    assert _copied(changed) == _copied(cold)


def test_lost_digests_cost_a_full_check_not_a_finding(project: Path) -> None:
    files = _copies(project)
    cold = check_paths(["reports"], Config())
    assert _check(project) == cold
    (project / CACHE_DIR / "digests-v3.json").unlink()
    os.utime(files[-1])  # the file list is the same, so GK406 must run again
    _write(project / "reports/2024/g.md", _report("示例县g镇人民政府", ["无。"]))
    expected = check_paths(["reports"], Config())
    assert _check(project) == expected
    assert [r.findings for r in expected[:6]] == [r.findings for r in cold]


def _template(count: int, copies: int) -> dict[str, str]:
    """`count` reports of one year on one template (most of each text), each with a few
    sentences of its own; the last `copies` copy the first ones' own sentences too."""
    rng = random.Random(11)
    template = _sentences(rng, 24)
    texts: dict[str, str] = {}
    own = [_sentences(rng, 10) for _ in range(count)]
    for index in range(count):
        mine = own[index - (count - copies)] if index >= count - copies else own[index]
        body = [*template[:12], *mine, *template[12:]]
        texts[f"reports/2024/t{index:02d}.md"] = _report(f"第{index}号镇人民政府", body)
    return texts


def test_a_shared_template_is_not_copying_but_copies_among_its_reports_are(
    project: Path,
) -> None:
    for path, text in _template(12, copies=2).items():
        _write(project / path, text)
    results = check_paths(["reports"], Config())
    assert _copied(results) == {
        "reports/2024/t00.md": ["reports/2024/t10.md"],
        "reports/2024/t01.md": ["reports/2024/t11.md"],
        "reports/2024/t10.md": ["reports/2024/t00.md"],
        "reports/2024/t11.md": ["reports/2024/t01.md"],
    }


def test_comparisons_per_report_are_bounded(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Five copies of one text (too few to be a template): everyone meets
    # everyone, until each report has had its share of comparisons.
    rng = random.Random(3)
    body = _sentences(rng, 12)
    for index in range(5):
        _write(project / f"reports/2024/c{index}.md", _report(f"第{index}号镇人民政府", body))
    assert [len(found) for found in _copied(check_paths(["reports"], Config())).values()] == [3] * 5
    monkeypatch.setattr(gk406, "MAX_COMPARISONS", 2)
    assert len(_copied(_check(project))) == 5
    assert _memo(project)["compared"] <= 5 * 2


def test_the_code_digest_follows_the_package_sources(tmp_path: Path) -> None:
    # A fixed rule or profile must not be hidden by entries made before the fix.
    package = tmp_path / "package"
    (package / "rules" / "__pycache__").mkdir(parents=True)
    (package / "rules" / "gk1.py").write_text("A = 1\n", encoding="utf-8")
    (package / "profiles.yml").write_text("a: 1\n", encoding="utf-8")
    first = code_digest(str(package))
    assert code_digest(str(package)) == first
    (package / "rules" / "__pycache__" / "gk1.cpython-311.pyc").write_bytes(b"\0")
    (package / "notes.txt").write_text("not code", encoding="utf-8")
    assert code_digest(str(package)) == first
    (package / "rules" / "gk1.py").write_text("A = 2\n", encoding="utf-8")
    edited = code_digest(str(package))
    assert edited != first
    (package / "profiles.yml").write_text("a: 2\n", encoding="utf-8")
    profile_edited = code_digest(str(package))
    assert profile_edited not in {first, edited}
    # Renamed, with the same bytes: another module.
    (package / "rules" / "gk1.py").rename(package / "rules" / "gk2.py")
    assert code_digest(str(package)) not in {first, edited, profile_edited}


@pytest.mark.parametrize(
    "damage",
    [
        {"findings": None},
        {"findings": 0},
        {"suppressions": None},
        {"suppressions": {}},
        {"findings": [["GK201", "2", 10, "error", "default", {}]]},
        {"meta": []},
    ],
)
def test_a_damaged_entry_costs_a_check_of_its_file(project: Path, damage: dict[str, Any]) -> None:
    files = _copies(project)
    wrong = _report("示例县w镇人民政府", ["无。"]).replace("关于2024年", "关于2023年")
    files.append(_write(project / "reports/2024/w.md", wrong))
    cold = check_paths(["reports"], Config())
    # Per-file findings, which a damaged entry must not lose (GK201, GK101 …).
    assert any(f.rule == "GK201" for r in cold for f in r.findings)
    assert _check(project) == cold
    cache_file = project / CACHE_DIR / "check-v3.json"
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    for entry in stored["entries"].values():
        entry.update(damage)
    cache_file.write_text(json.dumps(stored), encoding="utf-8")
    _settle(*files)
    assert _check(project) == cold
