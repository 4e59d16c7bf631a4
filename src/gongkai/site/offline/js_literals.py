"""URLs in JavaScript (and JSON) string and template literals, found by a tokenizer that
skips comments and regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.site.offline.collector import Collector

_JS_URL = re.compile(
    # An absolute or protocol-relative URL anywhere in a literal ("\/" is JSON's escaped "/");
    # the host may be a template expression (`https://${host}/api`).
    r"(?<![\w.+\-])(?:(?:https?|wss?):)?(?:\\?/){2}(?:[A-Za-z0-9\[]|\$\{)(?:\\/|[^\s\"'`<>()\\])*",
    re.IGNORECASE,
)
# After these words a "/" starts a regular expression, not a division.
_KEYWORDS_BEFORE_EXPRESSION = frozenset(
    [
        "return",
        "typeof",
        "instanceof",
        "in",
        "of",
        "new",
        "delete",
        "void",
        "throw",
        "case",
        "do",
        "else",
        "yield",
        "await",
    ]
)


@dataclass(frozen=True)
class Literal:
    start: int  # offset of the opening quote or backtick
    end: int  # offset just past the closing one


# Where the scanner has to look: everything else is skipped at C speed.
_JS_STOP = re.compile(r"""["'`/{}]""")
_JS_STRING = {quote: re.compile(rf"{quote}(?:[^{quote}\\\n]|\\[\s\S])*{quote}?") for quote in "'\""}
# A template literal's text up to its end or its next `${`.
_JS_TEMPLATE_TEXT = re.compile(r"(?:[^`\\$]|\\[\s\S]|\$(?!\{))*")
_JS_WORD_CHAR = re.compile(r"[\w$\u0080-\uffff]")


def _match_end(pattern: re.Pattern[str], text: str, at: int) -> int:
    """End of `pattern`'s match at `at`; the patterns used here match there by construction."""
    match = pattern.match(text, at)
    return match.end() if match else at + 1


class _JsScanner:
    """Finds string and template literals in JavaScript (or JSON), skipping comments and regular
    expressions, so a URL in a licence comment is not mistaken for one the code fetches. Good
    enough for minified bundles; it is a tokenizer, not a parser."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.literals: list[Literal] = []

    def scan(self, i: int = 0, *, nested: bool = False) -> int:
        """Scan code from `i`; when `nested` (inside a template's `${…}`), stop after the
        unmatched "}" and return the offset past it. Literals inside a template are not
        recorded separately: the template as a whole is."""
        text, n = self.text, len(self.text)
        depth = 0
        while (stop := _JS_STOP.search(text, i)) is not None:
            i = stop.start()
            c = text[i]
            if text.startswith("//", i):
                newline = text.find("\n", i)
                i = n if newline < 0 else newline
            elif text.startswith("/*", i):
                close = text.find("*/", i + 2)
                i = n if close < 0 else close + 2
            elif c == "/":
                i = self._skip_regex(i) if self._regex_may_start(i) else i + 1
            elif c in "'\"`":
                end = self._skip_template(i) if c == "`" else _match_end(_JS_STRING[c], text, i)
                if not nested:
                    self.literals.append(Literal(i, end))
                i = end
            elif c == "{":
                depth += 1
                i += 1
            else:  # "}"
                if nested and depth == 0:
                    return i + 1
                depth -= 1
                i += 1
        return n

    def _regex_may_start(self, i: int) -> bool:
        """Whether a "/" at `i` starts a regular expression rather than being a division,
        judged by what precedes it: a value (name, number, literal, closing bracket) means
        division, unless the name is a keyword like `return`."""
        text, j = self.text, i - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        if j < 0:
            return True
        if text[j] in ")]}'\"`":
            return False
        if not _JS_WORD_CHAR.match(text[j]):
            return True
        start = j
        while start > 0 and _JS_WORD_CHAR.match(text[start - 1]):
            start -= 1
        return text[start : j + 1] in _KEYWORDS_BEFORE_EXPRESSION

    def _skip_template(self, i: int) -> int:
        text, j = self.text, i + 1
        while True:
            j = _match_end(_JS_TEMPLATE_TEXT, text, j)
            if text.startswith("${", j):
                j = self.scan(j + 2, nested=True)
            else:
                return min(j + 1, len(text))  # past the closing backtick

    def _skip_regex(self, i: int) -> int:
        text, j, in_class = self.text, i + 1, False
        while j < len(text) and text[j] != "\n":
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c == "[":
                in_class = True
            elif c == "]":
                in_class = False
            elif c == "/" and not in_class:
                j += 1
                while j < len(text) and text[j].isalpha():
                    j += 1
                return j
            j += 1
        return j


# A URL is used as one when it starts the literal or follows "=", a quote or "(", as in
# `src="https://…"` or `url(https://…)` in markup or CSS built as a string. After a space it is
# prose, like the "see https://…" of an error message, which nothing fetches.
_URL_CONTEXT = frozenset("=\"'(")


def js_urls(text: str) -> Iterator[tuple[Literal, re.Match[str]]]:
    scanner = _JsScanner(text)
    scanner.scan()
    for literal in scanner.literals:
        for match in _JS_URL.finditer(text, literal.start + 1, literal.end - 1):
            if match.start() == literal.start + 1 or text[match.start() - 1] in _URL_CONTEXT:
                yield literal, match


def scan_js(text: str, base: int, collector: Collector) -> None:
    for _literal, match in js_urls(text):
        url = match.group().replace("\\/", "/")
        collector.url(url, base + match.start(), "JS string")
