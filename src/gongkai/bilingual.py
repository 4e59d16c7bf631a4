"""What a command tells the editor, in both languages: said in the run's.

The code that finds a problem (an importer's reader, the scaffold) does not know whether
the editor asked for English (`--lang en`); only the command does. So every refusal and
every note is made with both texts and rendered at the end, as the checker's findings are.
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
