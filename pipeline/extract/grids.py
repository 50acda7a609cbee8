"""Tables found in documents (PDF pages, Word files) as grids of cell text, ready for the roster path.

A grid is rows of cell texts, "" for an empty cell, merged cells already expanded (each cell of a
merged region holds its text; ``None`` only where a merged cell could not be expanded), so a roster
printed into a PDF or typed into Word is read by the same header mapping and validation as a
spreadsheet roster.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.rosters.forms import find_form
from pipeline.extract.rosters.grid import extract_roster_grid
from pipeline.extract.rosters.headers import HEADER_SEARCH_ROWS, find_header
from pipeline.extract.rosters.merges import Merge
from pipeline.records import Record
from pipeline.staging import StagedBatch

_CJK = r"[\u3400-\u9fff\uf900-\ufaff（）《》、，：；]"
_CJK_BREAK = re.compile(rf"(?<={_CJK})\s*\n\s*(?={_CJK})")
_OTHER_BREAK = re.compile(r"(?:(?<!\s)\s+)?\n\s*")  # blanks before: from the first (linear)

Grid = tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True)
class TableGrid:
    """One table: where it was found ("page 2 table 1", "pages 2-3 table 1"), its rows, for a PDF
    the page each row is printed on (``row_pages[i]`` for ``rows[i]``; empty for a Word table), and
    the cells merged over several rows when the reader knows them (grid coordinates)."""

    location: str
    rows: Grid
    row_pages: tuple[int, ...] = ()
    merges: tuple[Merge, ...] = ()


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


def grids_to_rosters(
    tables: Sequence[TableGrid], *, source_file: str, sha256: str
) -> list[Record | StagedBatch]:
    """The roster rows (and quarantined rows) of every table in a document that is a roster.

    A notice's other tables (a schedule, a fee list) are no roster and no error: only tables whose
    header names 姓名 or 单位名称 go through ``extract_roster_grid``, the spreadsheet roster path.
    """
    return [
        item
        for table in tables
        if is_roster(table.rows)
        for item in extract_roster_grid(
            table.rows, source_file=source_file, sha256=sha256, sheet=table.location, merges=table.merges
        )
    ]


def is_roster(rows: Grid) -> bool:
    """True when the roster header finder sees a member (姓名) or unit (单位名称) header in the table,
    or the table is one person's form (报名表: 姓名 | 张伟 | 性别 | 男 ...).

    >>> is_roster((("序号", "姓名", "性别"), ("1", "张伟", "男"))), is_roster((("时间", "内容"),))
    (True, False)
    >>> is_roster((("姓名", "张伟", "性别", "男"), ("手机", "13800138000", "籍贯", "山西")))
    True

    A table with no header row is no roster, even when a column looks like names: a PDF's tables are
    mostly not rosters, and 应交税费, 预付款项 start with surnames too.

    >>> is_roster((("项目", "期末余额"), ("预付款项", "2,436,695.05"), ("应交税费", "84,791.64"),
    ...            ("应收票据", "50,000.00")))
    False
    """
    head = [list(row) for row in rows[:HEADER_SEARCH_ROWS]]
    header = find_header(head)
    return (header is not None and header.first >= 0) or find_form(head) is not None
