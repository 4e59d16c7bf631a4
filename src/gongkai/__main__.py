from __future__ import annotations

from gongkai.cli import main

main()
