"""The one pipeline behind `gongkai check` and the site build: files → reports → findings."""

from __future__ import annotations

import dataclasses
import errno
import gc
import hashlib
import itertools
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import InitErrorDetails

from gongkai import suppress
from gongkai.cache import Cache, Stat, content_key, stat_of
from gongkai.config import Config, load_config
from gongkai.errors import ConfigError, GongkaiError
from gongkai.limits import Limits
from gongkai.model.loader import load_report
from gongkai.model.report import Report
from gongkai.profiles import load_profile, profile_ids
from gongkai.progress import progress
from gongkai.rules import ALL_RULES, RULE_KEYS, RULES_BY_ID, find_rule
from gongkai.rules.base import Context, CorpusEntry, FileAnalysis, Finding, Memo, Severity
from gongkai.yamlfile import validation_message

# Below this many uncached files a process pool costs more than it saves.
_PARALLEL_THRESHOLD = 400
# Files a worker takes at a time. The pool's last chunks decide when the check ends: a
# worker still busy with one while the other has none left keeps a core idle for up to a
# chunk's time (625 files of a 10,000-report check, a third of a second). Results travel
# as one message per chunk, so smaller ones cost little.
_MAX_CHUNK = 32
_LABEL = "检查"  # the progress bar's, on a terminal only (gongkai.progress)
T = TypeVar("T")


@dataclass(frozen=True)
class FileResult:
    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None  # the file could not be read at all
    # The content key of the bytes checked (None when they were not read): the site build
    # publishes a report only if it reads the very same bytes again.
    key: str | None = None
    # What `check_paths`' `extract` made of the report where it was analysed (None when it
    # was not: unread, known to the cache, or no `extract`).
    extracted: Any = None


def load_checked_config(path: Path | None, root: Path | None = None) -> Config:
    """The project configuration (config.load_config), every name under `rules:` checked
    against the rules: the one way the commands and the site build read gongkai.yml."""
    config = load_config(path, root)
    unknown = [key for key in config.rules if find_rule(key) is None]
    if unknown and path is not None:  # without a file there are no rule settings
        # Worded and laid out as pydantic reports the configuration's other errors.
        error = InitErrorDetails(
            type="value_error",
            loc=("rules",),
            input=dict(config.rules),
            ctx={"error": ValueError(f"unknown rule(s): {', '.join(unknown)}")},
        )
        problem = ValidationError.from_exception_data(Config.__name__, [error])
        raise ConfigError(validation_message(path, "configuration", problem))
    return config


def context_for(report: Report, config: Config) -> Context:
    known = profile_ids()
    report_type = report.fields.get("type")
    profile = load_profile(report_type) if report_type in known else None
    return Context(profile, config, known, rule_keys=RULE_KEYS)


def silenced(report: Report) -> tuple[tuple[int, str], ...]:
    """(line, rule id) pairs that the report's valid suppression comments silence."""
    pairs = []
    for directive in suppress.directives(report):
        resolved = suppress.resolve(directive.names, RULE_KEYS)
        # Anything less silences nothing (and is invalid-suppression).
        valid = resolved.rules and not resolved.unknown and directive.reason
        if valid and directive.target is not None:
            pairs += [(directive.target, rule) for rule in resolved.rules]
    return tuple(pairs)


def apply_suppressions(
    findings: Iterable[Finding], pairs: Iterable[tuple[int, str]]
) -> list[Finding]:
    """The findings no suppression silences."""
    silence = set(pairs)
    return [f for f in findings if (f.line, f.rule) not in silence]


def analyse_report(report: Report, config: Config) -> FileAnalysis:
    """Run every per-file rule and every corpus rule's digest on one report.

    Severities from the config and suppressions are applied later, by the caller: the
    analysis is cached, and must not depend on either.
    """
    ctx = context_for(report, config)
    findings: list[Finding] = []
    digests: dict[str, Any] = {}
    for rule in ALL_RULES:
        if rule.needs_profile and ctx.profile is None:
            continue
        findings.extend(rule.check(report, ctx))
        if rule.digest is not None and config.severity_for(rule.id, rule.name) != "off":
            digest = rule.digest(report, ctx)
            if digest is not None:
                digests[rule.id] = digest
    findings.sort(key=_order)
    meta = {name: report.fields.get(name) for name in ("year", "issuer", "type")}
    return FileAnalysis(tuple(findings), meta, digests, silenced(report))


def check_report(report: Report, config: Config) -> list[Finding]:
    """Run every per-file rule on one report, its suppression comments applied; severities
    from the config are applied later."""
    analysis = analyse_report(report, config)
    return apply_suppressions(analysis.findings, analysis.suppressions)


def check_bytes(path: str, data: bytes, config: Config) -> list[Finding]:
    return check_report(load_report(path, data, limits=config.limits), config)


def _order(finding: Finding) -> tuple[int, int, str]:
    return finding.line, finding.col, finding.rule


def apply_config(findings: Iterable[Finding], config: Config) -> tuple[Finding, ...]:
    """Drop rules turned off and apply severity overrides from gongkai.yml."""
    result = []
    for finding in findings:
        rule = RULES_BY_ID[finding.rule]
        override = config.severity_for(rule.id, rule.name)
        if override == "off":
            continue
        if override is not None:
            finding = dataclasses.replace(finding, severity=Severity(override))
        result.append(finding)
    return tuple(result)


# A path to check, and the directory it was found in: it must not lead out of that
# directory. None for a file named on the command line, which is read wherever it is.
Candidate = tuple[str, str | None]


class UnsafePath(Exception):
    """A path that must not be read; its kind is a GK008 message key."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class FileChanged(OSError):
    """The file's size changed while it was read: what was read may be half of an edit."""


def find_reports(paths: Sequence[str]) -> list[Candidate]:
    """Report files under the given paths, in a stable order, each with the directory it
    was found in; directories give their *.md, and symbolic links to directories (which
    are not entered) so that GK008 can say their reports were not checked."""
    found: list[Candidate] = []

    def unreadable(error: OSError) -> None:
        raise GongkaiError(
            f"无法读取目录 / cannot read directory {error.filename}: {error.strerror}"
        )

    for given in paths:
        if os.path.isdir(given):
            for directory, subdirs, files in os.walk(given, onerror=unreadable):
                names = sorted(d for d in subdirs if not d.startswith("."))
                links = [d for d in names if os.path.islink(os.path.join(directory, d))]
                subdirs[:] = [d for d in names if d not in links]
                reports = [name for name in files if name.endswith(".md")]
                # A name from a listing is one component (never "." or ".."): the
                # directory normalised once makes every path in it normal, without a join
                # and a normpath per file (a third of listing 10,000 reports).
                base = os.path.normpath(directory)
                prefix = "" if base == os.curdir else os.path.join(base, "")
                found.extend((prefix + n, given) for n in sorted(reports + links))
        elif os.path.exists(given) or os.path.islink(given):
            found.append((os.path.normpath(given), None))
        else:
            raise GongkaiError(f"路径不存在 / no such file or directory: {given}")
    # A file named twice (`check reports reports/a.md`) is checked once, in first-seen order.
    unique: dict[str, str | None] = {}
    for path, root in found:
        unique.setdefault(path, root)
    return list(unique.items())


def discover(paths: Sequence[str]) -> list[str]:
    """Report files under the given paths, in a stable order; directories give their *.md."""
    return [path for path, _root in find_reports(paths)]


def read_report(
    path: str, root: str | None, limits: Limits, *, real_root: str | None = None
) -> bytes:
    """The bytes of a report, at most `limits.max_file_bytes + 1` of them (enough for
    load_report to tell the file is too large). `real_root`, when given, is `root`
    resolved already: a check of many files under one root resolves it once.

    Raises UnsafePath for a path that leads out of `root` or to something not a regular
    file (a FIFO is never waited on), FileChanged when the size changed during the read,
    and OSError when the file cannot be read.
    """
    return _read_report(path, root, limits, real_root)[0]


def _read_report(
    path: str,
    root: str | None,
    limits: Limits,
    real_root: str | None = None,
    real_dirs: dict[str, str] | None = None,
) -> tuple[bytes, os.stat_result]:
    """read_report, and the file's stat taken before the bytes were read (for the cache's
    stat index: taken after, it could describe a later edit than the bytes). `real_dirs`,
    when given, keeps the directories resolved in this run (see _realpath)."""
    try:
        real = (
            _realpath(path, real_dirs)
            if real_dirs is not None
            else os.path.realpath(path, strict=True)
        )
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePath("loop") from exc
        if os.path.islink(path):
            raise UnsafePath("dangling") from exc
        raise
    if os.path.isdir(real):
        raise UnsafePath("directory-link" if os.path.islink(path) else "not-a-file")
    if root is not None and not _inside(real, real_root or os.path.realpath(root)):
        raise UnsafePath("outside")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(real, flags | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # `real` became a link after it was resolved
            raise UnsafePath("loop") from exc
        raise
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePath("not-a-file")
        # One byte past the size tells a file that grew; asking for the whole limit at
        # once would allocate (and free) a buffer of that size for every report.
        data = _read_upto(descriptor, min(info.st_size, limits.max_file_bytes) + 1)
    finally:
        os.close(descriptor)
    if len(data) <= limits.max_file_bytes and len(data) != info.st_size:
        raise FileChanged(errno.EAGAIN, "文件在读取时被修改 / the file changed while being read")
    return data, info


def _realpath(path: str, real_dirs: dict[str, str]) -> str:
    """`os.path.realpath(path, strict=True)`, with the directory's part remembered in
    `real_dirs`: resolving a path stats each of its components, and a check reads many
    files of one directory. Only a file that is no symbolic link is joined to its
    directory's resolution; a link (and what realpath says of a broken one) is resolved as
    before. As the root's, a directory is resolved once per run."""
    directory, name = os.path.split(path)
    if name in {"", ".", ".."}:
        return os.path.realpath(path, strict=True)
    real_dir = real_dirs.get(directory)
    if real_dir is None:
        real_dir = real_dirs[directory] = os.path.realpath(directory or ".", strict=True)
    real = os.path.join(real_dir, name)
    if stat.S_ISLNK(os.lstat(real).st_mode):
        return os.path.realpath(path, strict=True)
    return real


def _read_upto(descriptor: int, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end of the file."""
    chunks = []
    while size > 0 and (chunk := os.read(descriptor, size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _inside(path: str, directory: str) -> bool:
    try:
        return os.path.commonpath([path, directory]) == directory
    except ValueError:  # on another drive (Windows)
        return False


# Something made of a report where it is analysed (in a worker), for a caller that would
# otherwise read and parse it once more: a module-level function, so workers can run it.
Extract = Callable[[Report, Config], Any]


def check_paths(
    paths: Sequence[str],
    config: Config,
    cache: Cache | None = None,
    jobs: int = 0,
    extract: Extract | None = None,
) -> list[FileResult]:
    candidates = find_reports(paths)
    files = [path for path, _root in candidates]
    if cache:
        cache.begin()
    analysed: dict[str, FileAnalysis] = {}
    keys: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    extracted: dict[str, Any] = {}
    outcomes = _map(candidates, config, cache, jobs, extract)
    for (path, root), outcome in zip(candidates, outcomes, strict=True):
        key, entry, error, info, made = outcome
        display = path.replace(os.sep, "/")
        stored = None
        if cache and key is not None and entry is None and error is None:
            stored = cache.analysis(key)
            if stored is None:  # malformed in the cache: analysed afresh
                key, entry, error, info, made = _check_file((path, root), config, set(), extract)
        if made is not None:
            extracted[display] = made
        if error is not None:
            errors[display] = error
            continue
        if cache and key is not None:
            cache.put(path, root, key, entry, info)
        analysed[display] = stored or FileAnalysis.from_json(entry)
        keys[display] = key
    try:
        extra = corpus_findings(analysed, config, keys, cache)
    except LostDigests:
        assert cache is not None  # only the cache loses digests
        # What the cache kept of the cross-report rules is gone or not its own: it starts
        # afresh, and every file is read and analysed again.
        cache.forget()
        return check_paths(paths, config, cache, jobs, extract)
    if cache:
        cache.save()
    results: list[FileResult] = []
    for path in files:
        display = path.replace(os.sep, "/")
        if display in errors:
            results.append(FileResult(display, error=errors[display]))
            continue
        analysis = analysed[display]
        findings = analysis.findings
        # Most reports have no finding: a re-check of 10,000 spends no time on them here.
        if findings or display in extra:
            ordered = sorted([*findings, *extra.get(display, ())], key=_order)
            findings = apply_config(apply_suppressions(ordered, analysis.suppressions), config)
        results.append(
            FileResult(display, findings, key=keys[display], extracted=extracted.get(display))
        )
    return results


def corpus_findings(
    analysed: Mapping[str, FileAnalysis],
    config: Config,
    keys: Mapping[str, str | None] | None = None,
    cache: Cache | None = None,
) -> dict[str, list[Finding]]:
    """Run each cross-report rule once over the digests of every checked report; a pure
    rule over the same reports and configuration as last time is answered by the cache."""
    keys = keys or {}
    found: dict[str, list[Finding]] = {}
    with _collector_paused():
        _run_corpus_rules(analysed, config, keys, cache, found)
    return found


def _run_corpus_rules(
    analysed: Mapping[str, FileAnalysis],
    config: Config,
    keys: Mapping[str, str | None],
    cache: Cache | None,
    found: dict[str, list[Finding]],
) -> None:
    for rule in ALL_RULES:
        if rule.corpus_check is None or config.severity_for(rule.id, rule.name) == "off":
            continue
        memo: Memo = {}
        if rule.pure and cache is not None:
            token = _corpus_token(rule.id, analysed, keys, config)
            rows = cache.corpus(rule.id, token)
            if rows is None:
                digests = _pure_digests(rule.id, analysed, keys, cache)
                memo = cache.memo(rule.id)
                results = list(rule.corpus_check(_entries(rule.id, digests, keys), config, memo))
                rows = [[path, finding.to_json()] for path, finding in results]
                cache.put_corpus(rule.id, token, rows)
            for path, row in rows:
                found.setdefault(path, []).append(Finding.from_json(row))
            continue
        for path, finding in rule.corpus_check(_entries(rule.id, analysed, keys), config, memo):
            found.setdefault(path, []).append(finding)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cross-report rules allocate millions of short-lived tuples, which make no
    reference cycles, while the parent holds every report's analysis: each time the cycle
    collector fires it walks all of those, a third of GK406's step over 10,000 reports."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _entries(
    rule: str, analysed: Mapping[str, FileAnalysis], keys: Mapping[str, str | None]
) -> list[CorpusEntry]:
    return [
        CorpusEntry(
            path,
            _typed(analysis.meta.get("year"), int),
            _typed(analysis.meta.get("issuer"), str),
            _typed(analysis.meta.get("type"), str),
            analysis.digests[rule],
            keys.get(path),
        )
        for path, analysis in analysed.items()
        if rule in analysis.digests
    ]


def _corpus_token(
    rule: str,
    analysed: Mapping[str, FileAnalysis],
    keys: Mapping[str, str | None],
    config: Config,
) -> str:
    """What a pure rule's findings depend on: the configuration and, in order, every
    report's path and content key (or, for one that was not read, its digest)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(rule.encode() + b"\0" + config.model_dump_json().encode())
    for path, analysis in analysed.items():
        key = keys.get(path)
        if key is None:
            key = json.dumps(analysis.digests.get(rule), sort_keys=True)
        digest.update(f"\0{path}\0{key}".encode())
    return digest.hexdigest()


def _pure_digests(
    rule: str, analysed: Mapping[str, FileAnalysis], keys: Mapping[str, str | None], cache: Cache
) -> dict[str, FileAnalysis]:
    """The analyses with the pure rules' digests, which the cache keeps apart."""
    complete: dict[str, FileAnalysis] = {}
    for path, analysis in analysed.items():
        key = keys.get(path)
        if key is None or rule in analysis.digests:
            complete[path] = analysis
            continue
        digests = cache.pure_digests(key)
        if digests is None:
            raise LostDigests(path)
        complete[path] = dataclasses.replace(analysis, digests={**analysis.digests, **digests})
    return complete


def _typed(value: Any, kind: type[T]) -> T | None:
    # `bool` is an `int` to Python, never a year to us.
    return value if isinstance(value, kind) and not isinstance(value, bool) else None


class LostDigests(Exception):
    """The cache holds a report's analysis but no longer the digests its pure corpus rules
    made of it."""


# What one file comes back as: its content key (None when the analysis of a path that
# was not read must not be cached), its analysis as JSON data (None when the cache holds
# it), why it could not be read, its stat before the read (None when it was not read) and
# what `extract` made of it (None when it was not analysed). Plain data rather than
# objects crosses the process boundary, but for what `extract` makes.
Outcome = tuple[str | None, dict[str, Any] | None, str | None, Stat | None, Any]
_state: dict[str, Any] = {}


def _map(
    files: list[Candidate], config: Config, cache: Cache | None, jobs: int, extract: Extract | None
) -> Iterator[Outcome]:
    """Each file's outcome, in order: from the cache's stat index when its stat is
    unchanged (unread), else read, hashed and, if its bytes are new, analysed."""
    recalled = [cache.recall(path, root) if cache else None for path, root in files]
    unread = [candidate for candidate, hit in zip(files, recalled, strict=True) if hit is None]
    # The keys with an analysis matter only to files read; none is on a re-check of an
    # unchanged tree.
    known = cache.known() if cache and unread else set()
    fresh = _read(unread, config, known, jobs, extract) if unread else iter(())
    for hit in recalled:
        yield (hit[0], None, None, None, None) if hit else next(fresh)


def _read(
    files: list[Candidate], config: Config, known: set[str], jobs: int, extract: Extract | None
) -> Iterator[Outcome]:
    workers = jobs or min(os.cpu_count() or 1, 8)
    if len(files) >= _PARALLEL_THRESHOLD:
        for rule in ALL_RULES:
            if rule.prepare is not None and config.severity_for(rule.id, rule.name) != "off":
                rule.prepare()
    if workers <= 1 or len(files) < _PARALLEL_THRESHOLD:
        _setup(config, known, extract)
        for candidate in progress(files, len(files), _LABEL):
            yield _check_file(candidate, config, known, extract)
        return
    # Workers read, hash and check files themselves: the parent never holds the whole
    # tree in memory, and a re-check of touched files spreads its reading and hashing too.
    # The first file is checked here, before the workers are forked: what a check loads on
    # first use (profiles, place names, character components: some 50 ms) is then loaded
    # once and inherited, not once in every worker.
    _setup(config, known, extract)
    first = _check_file(files[0], config, known, extract)
    chunk = max(1, min(_MAX_CHUNK, len(files) // (workers * 8)))
    # Imported here: the pool's modules (multiprocessing, concurrent.futures, ctypes: some
    # 5 ms) serve only a check with files to read, not one answered from the cache.
    from gongkai.workers import process_pool

    with process_pool(workers, _setup, (config, known, extract)) as pool:
        outcomes = pool.map(_check_in_worker, files[1:], chunksize=chunk)
        # Yielded as they come: the caller takes in each file's results (and the cache
        # records them) while the workers go on, not all of them after the last.
        yield from progress(itertools.chain([first], outcomes), len(files), _LABEL)


def _setup(config: Config, known: set[str], extract: Extract | None) -> None:
    _state["config"], _state["known"], _state["extract"] = config, known, extract
    _state["real_roots"], _state["real_dirs"] = {}, {}


def _check_in_worker(candidate: Candidate) -> Outcome:
    return _check_file(candidate, _state["config"], _state["known"], _state["extract"])


def _check_file(
    candidate: Candidate, config: Config, known: set[str], extract: Extract | None = None
) -> Outcome:
    """Read one file; analyse it unless its content key is `known` to the cache."""
    path, root = candidate
    real_root = None
    if root is not None:
        real_root = _state.setdefault("real_roots", {}).get(root)
        if real_root is None:
            # Resolving it stats each of its components: once per run, not once per file.
            real_root = _state["real_roots"][root] = os.path.realpath(root)
    try:
        # Elsewhere than POSIX, realpath knows links (junctions) that lstat may not show.
        real_dirs = _state.setdefault("real_dirs", {}) if os.name == "posix" else None
        data, info = _read_report(path, root, config.limits, real_root, real_dirs)
    except UnsafePath as exc:
        report = Report(path, unsafe_path=exc.kind)
        return None, analyse_report(report, config).to_json(), None, None, None
    except FileNotFoundError:
        return (
            None,
            None,
            "文件已不存在（检查期间被移动或删除？）/ the file is gone (moved or deleted?)",
            None,
            None,
        )
    except OSError as exc:
        return None, None, exc.strerror or str(exc), None, None
    key = content_key(data)
    if key in known:
        return key, None, None, stat_of(info), None
    report = load_report(path, data, limits=config.limits)
    entry = analyse_report(report, config).to_json()
    return key, entry, None, stat_of(info), extract(report, config) if extract else None
