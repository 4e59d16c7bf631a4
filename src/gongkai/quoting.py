"""Text from a report quoted in one line of output: a finding's arguments and the paths
`gongkai check` prints. A leaf, so the rules and the output formats share it."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Text quoted from a report, made safe for a one-line finding: a line break or a
    control character in a value would otherwise split or corrupt the output."""
    return _CONTROL.sub(lambda m: "\\n" if m.group() == "\n" else f"\\x{ord(m.group()):02x}", text)
