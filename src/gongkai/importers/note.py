"""What the import tells the editor about a file: in both languages, said in the run's.

A reader knows what went wrong; only the command knows whether the editor asked for
English (`--lang en`). So every refusal and every note is made with both texts and
rendered at the end, as the checker's findings are.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh

    def said(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def replace(self, old: str, new: str) -> Note:
        return Note(self.zh.replace(old, new), self.en.replace(old, new))
