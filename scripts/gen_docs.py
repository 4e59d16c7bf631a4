"""Write the generated documentation (rule pages, JSON Schema) under docs/.

Usage: python scripts/gen_docs.py [--check]
With --check, write nothing and exit 1 if any generated file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.generated_docs import pages

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = []
    for name, text in pages().items():
        target = DOCS / name
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for name in stale:
        print(f"{'out of date' if check else 'wrote'}: docs/{name}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
