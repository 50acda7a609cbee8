"""Tables found in documents (PDF pages, Word files) as grids of cell text, ready for the roster path.

A grid is rows of cell texts, "" for an empty cell, merged cells already expanded (each cell of a
merged region holds its text; ``None`` only where a merged cell could not be expanded), so a roster
printed into a PDF or typed into Word is read by the same header mapping and validation as a
spreadsheet roster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = r"[\u3400-\u9fff\uf900-\ufaff（）《》、，：；]"
_CJK_BREAK = re.compile(rf"(?<={_CJK})\s*\n\s*(?={_CJK})")
_OTHER_BREAK = re.compile(r"\s*\n\s*")

Grid = tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True)
class TableGrid:
    """One table: where it was found ("page 2 table 1", "pages 2-3 table 1"), its rows, and for a PDF
    the page each row is printed on (``row_pages[i]`` for ``rows[i]``; empty for a Word table)."""

    location: str
    rows: Grid
    row_pages: tuple[int, ...] = ()


def join_cell_lines(text: str | None) -> str | None:
    """A cell's text on one line: wrapped Chinese joins without a space, other text with one.

    Cells wrap long unit names ("北京市第一\\n中学"); a space there would split the name.

    >>> join_cell_lines("北京市海淀区第一\\n中学"), join_cell_lines("Beijing No.1\\nMiddle School")
    ('北京市海淀区第一中学', 'Beijing No.1 Middle School')
    >>> join_cell_lines("  "), join_cell_lines(None)
    ('', None)
    """
    if text is None:
        return None
    return _OTHER_BREAK.sub(" ", _CJK_BREAK.sub("", text.strip()))
