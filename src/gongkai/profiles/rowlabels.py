"""Matching the row and column labels an editor writes against the national format's.

Real reports write the same label many ways: with or without its numbering (“1.”“（三）”),
with full- or half-width brackets and digits, curly or straight quotes, and with or without
the remark in brackets (“部分公开（区分处理的，只计这一情形，不计其他情形）”). All of these
name the same row, so labels are compared by their core text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from gongkai.numerals import NUMERALS

# NFKC has already made （ ） and ． half-width when this runs.
_NUMBERING = re.compile(rf"^(?:[{NUMERALS}]+[、.]|\([{NUMERALS}\d]+\)|\d+[.、]|[{NUMERALS}]+是)")
_REMARK = re.compile(r"\([^()]*\)$")
_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》,，、;；:：。]")
_REMARK_ZH = re.compile(r"（[^（）]*）$")
_PREFIX = re.compile(rf"^(?:[{NUMERALS}]+、|（[{NUMERALS}]+）|\d+[.．])")


@cache
def core(label: str) -> str:
    """The comparable core of a label: “（三）不予公开” and “不予公开” give the same."""
    text = unicodedata.normalize("NFKC", label).strip()
    text = _NUMBERING.sub("", text, count=1)
    # A remark is dropped only when something is left: “（七）总计” keeps its text.
    without_remark = _REMARK.sub("", text)
    text = without_remark or text
    return _NOISE.sub("", text)


def numbering(label: str) -> str:
    """The numbering a label starts with, as written (“三、”, “（七）”, “1.”), or ''."""
    found = _PREFIX.match(label)
    return found.group(0) if found else ""


def short(label: str) -> str:
    """A label without its bracketed remark: “（二）部分公开”, not the whole instruction."""
    return _REMARK_ZH.sub("", label) or label
