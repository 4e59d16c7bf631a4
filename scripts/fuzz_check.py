"""Run the property tests' strategies against the checker for a fixed time.

    .venv/bin/python scripts/fuzz_check.py 10            # ten minutes
    .venv/bin/python scripts/fuzz_check.py 0.5 --batch 50

Same strategies and invariants as tests/test_properties.py (both come from
tests/_hypothesis.py), but in batches of random examples until the time is up: the
checker on random and generated report files, and (with the `site` extra installed) the
site renderer on report pages with hostile metadata and bodies. Prints how
many examples ran per property and, for each failure, Hypothesis' shrunk example and the
error; also the slowest example seen, since a hang is a bug too. Exit status 1 if anything
failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import _hypothesis as props


class _TimeUp(BaseException):
    """Raised inside an example once the time is up; Hypothesis lets BaseException through."""


# How long a batch may run past the deadline to finish shrinking a failure, at most.
_MAX_GRACE_S = 60.0


@dataclass
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]
    examples: int = 0
    failures: list[str] = field(default_factory=list)
    slowest: tuple[float, Any] = (0.0, None)
    # The first failing example as generated, in case time runs out while shrinking it.
    unshrunk: tuple[Any, BaseException] | None = None


def targets() -> list[Target]:
    def invariants(data: bytes) -> None:
        props.check("reports/x.md", data)

    def deterministic(data: bytes) -> None:
        assert props.check("x.md", data) == props.check("x.md", data)

    chosen = [
        Target("invariants", props.random_inputs(), invariants),
        Target("reports", props.file_bytes(), invariants),
        Target("deterministic", props.random_inputs(), deterministic),
        Target("line-ends-bom", props.documents(), props.check_line_ends),
        Target("headings", props.heading_documents(), props.check_headings),
    ]
    if importlib.util.find_spec("nh3") is not None:  # the renderer needs the `site` extra
        pages = st.tuples(props.published_reports(), props.site_markdown_bodies())
        chosen.append(Target("renderer", pages, props.check_render))
    return chosen


def run_batch(target: Target, examples: int, deadline: float, grace: float) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.target, Phase.shrink, Phase.explain],
    )
    @given(target.strategy)
    def prop(value: Any) -> None:
        if time.monotonic() > deadline + grace:
            raise _TimeUp
        started = time.perf_counter()
        try:
            target.check(value)
        except Exception as exc:
            target.unshrunk = target.unshrunk or (value, exc)
            raise
        finally:
            elapsed = time.perf_counter() - started
            target.examples += 1
            if elapsed > target.slowest[0]:
                target.slowest = (elapsed, value)

    try:
        prop()
    except _TimeUp:
        if target.unshrunk is not None:
            value, first = target.unshrunk
            shown = "".join(traceback.format_exception(first, limit=-4)).strip()
            target.failures.append(f"{shown}\n(not shrunk, time ran out) value={value!r}")
    except Exception as exc:  # Hypothesis re-raises the shrunk failure(s)
        errors = exc.exceptions if isinstance(exc, ExceptionGroup) else (exc,)
        for error in errors:
            target.failures.append("".join(traceback.format_exception(error, limit=-4)).strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("minutes", type=float, help="how long to run, in minutes")
    parser.add_argument("--batch", type=int, default=200, help="examples per batch")
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    grace = min(_MAX_GRACE_S, max(10.0, args.minutes * 60 * 0.2))
    chosen = targets()
    started = time.monotonic()
    rounds = 0
    while time.monotonic() < deadline and not all(t.failures for t in chosen):
        # Start each round with the next property, so a short run still reaches them all.
        order = chosen[rounds % len(chosen) :] + chosen[: rounds % len(chosen)]
        rounds += 1
        for target in order:
            if time.monotonic() >= deadline:
                break
            # Stop looking once a property has failed: Hypothesis would find it again.
            if not target.failures:
                run_batch(target, args.batch, deadline, grace)
    elapsed = time.monotonic() - started
    total = sum(t.examples for t in chosen)
    print(f"ran {total} examples in {elapsed:.0f} s ({rounds} rounds of {args.batch})")
    for t in chosen:
        status = "FAILED" if t.failures else "ok"
        print(
            f"  {t.name:<14} {t.examples:>8} examples  slowest {t.slowest[0] * 1000:7.1f} ms  {status}"
        )
    for t in chosen:
        if t.slowest[0] > 1.0:
            print(f"\nslowest {t.name} example ({t.slowest[0]:.1f} s): {t.slowest[1]!r:.500}")
        for failure in t.failures:
            print(f"\n=== {t.name} failed ===\n{failure}")
    return 1 if any(t.failures for t in chosen) else 0


if __name__ == "__main__":
    sys.exit(main())
