"""axe-core accessibility checks on a Playwright page (axe-core comes from npm: `npm ci`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .harness import unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = frozenset({"serious", "critical"})


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical on the page as it is now."""
    if not AXE.is_file():
        unavailable(f"{AXE} is missing (run `npm ci` in the repository root)")
    # evaluate() runs through the DevTools protocol, which the page's Content-Security-Policy
    # does not govern; an injected <script> element would be refused by it.
    page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n}}")
    results: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
    )
    return [v for v in results["violations"] if v["impact"] in SERIOUS]


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: rule id, impact, what to do, and the offending elements."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} [{violation['impact']}]: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        lines += [f"  at {' '.join(map(str, node['target']))}" for node in violation["nodes"]]
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = serious_violations(page)
    assert not violations, f"axe-core found serious or critical problems on {page.url}:\n" + (
        describe(violations)
    )
