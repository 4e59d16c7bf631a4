"""What a reader hands to `report.build`: paragraphs, tables, and what only Word knows.

A text, web page or PDF gives paragraph lines and tables (`Part`); their headings are read
from the 一、/（一） numbering. A Word file also says which paragraphs its author styled as
headings, and holds images and footnotes, which the reader turns into Markdown itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.bilingual import Note
from gongkai.importers.tables import Part


@dataclass(frozen=True)
class Heading:
    """A paragraph styled as a heading; `level` is Word's (1 for 标题 1)."""

    text: str
    level: int


@dataclass(frozen=True)
class Markup:
    """Markdown the reader made (an image link, the footnotes): written as it is."""

    markdown: str


Block = Part | Heading | Markup
# Stands for the folder of a report's images in its links and notes until the report's
# path is known (`Imported.text_for`), as `-o` may name any.
ASSETS_LINK = "@assets@"


@dataclass
class Read:
    """A source file as read: its blocks in order, the files it embeds, what was lost."""

    parts: Sequence[Block]
    assets: dict[str, bytes] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
