"""Tables on PDF pages with pdfplumber's table finder, and tables that continue across pages.

pdfplumber is slow, so it only looks at pages that may hold a table (``PageText.may_hold_table``).
Ruled tables are found from their lines; a page with aligned CJK cells but no ruled table is tried
with the text strategy. A table that is the last on one page and the first on the next, with the same
number of columns, is one table; its header row, when the next page repeats it, is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pdfplumber.page import Page
from pdfplumber.table import Table

from pipeline.extract.grids import Grid, TableGrid, join_cell_lines

_UNRULED = {"vertical_strategy": "text", "horizontal_strategy": "text", "min_words_vertical": 3}
#: A continuation starts in the top part of its page (below at most a letterhead).
_CONTINUATION_TOP = 0.3


@dataclass(frozen=True)
class PageTable:
    """A table on one page: its rows and where it sits (fractions of the page height)."""

    page: int
    rows: Grid
    top: float
    bottom: float


def extract_page_tables(page: Page, number: int, unruled: bool) -> list[PageTable]:
    """The tables of one page, top to bottom, merged cells expanded and wrapped cell text joined."""
    found = page.find_tables()
    ruled = bool(found)
    if not ruled and unruled:
        found = page.find_tables(_UNRULED)
    tables = []
    for table in found:
        rows = expand_merged_cells(table)
        rows = _trim(rows if ruled else _without_prose(rows))
        if rows:
            tables.append(PageTable(number, rows, table.bbox[1] / page.height, table.bbox[3] / page.height))
    return sorted(tables, key=lambda t: t.top)


def join_continued_tables(tables: Sequence[PageTable]) -> list[TableGrid]:
    """One grid per table, a table continued on the next page joined to its start.

    ``tables`` are in page order. A repeated header row on the continuation is dropped.
    """
    groups: list[list[PageTable]] = []
    for table in tables:
        if groups and _continues(groups[-1][-1], table, tables):
            groups[-1].append(table)
        else:
            groups.append([table])
    grids = []
    per_page: dict[int, int] = {}
    for group in groups:
        first, last = group[0].page, group[-1].page
        per_page[first] = per_page.get(first, 0) + 1
        pages = f"page {first}" if first == last else f"pages {first}-{last}"
        header = _normal(group[0].rows[0])
        rows = [*group[0].rows]
        row_pages = [first] * len(rows)
        for part in group[1:]:
            added = part.rows[1:] if _normal(part.rows[0]) == header else part.rows
            rows.extend(added)
            row_pages.extend([part.page] * len(added))
        grids.append(TableGrid(f"{pages} table {per_page[first]}", tuple(rows), tuple(row_pages)))
    return grids


def expand_merged_cells(table: Table) -> list[tuple[str | None, ...]]:
    """The table's rows with each cell of a merged region holding the region's text.

    pdfplumber gives ``None`` for a position a merged cell covers; the cell that covers the position's
    centre supplies the text.
    """
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    columns = _column_spans(boxes)
    covering = [
        (box, texts[r][c]) for r, row in enumerate(boxes) for c, box in enumerate(row) if box is not None
    ]
    rows = []
    for r, row in enumerate(boxes):
        top, bottom = table.rows[r].bbox[1], table.rows[r].bbox[3]
        cells = []
        for c, box in enumerate(row):
            text = texts[r][c]
            if box is None and c in columns:
                x = (columns[c][0] + columns[c][1]) / 2
                y = (top + bottom) / 2
                text = next((t for b, t in covering if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
            cells.append(join_cell_lines(text))
        rows.append(tuple(cells))
    return rows


def _column_spans(boxes: list[tuple]) -> dict[int, tuple[float, float]]:
    """Each column's narrowest left/right edges (a merged cell is wider than its column)."""
    spans: dict[int, tuple[float, float]] = {}
    for row in boxes:
        for c, box in enumerate(row):
            if box is not None and (c not in spans or box[2] - box[0] < spans[c][1] - spans[c][0]):
                spans[c] = (box[0], box[2])
    return spans


def _continues(previous: PageTable, table: PageTable, tables: Sequence[PageTable]) -> bool:
    last_on_page = max((t.top for t in tables if t.page == previous.page), default=0) == previous.top
    first_on_page = min((t.top for t in tables if t.page == table.page), default=1) == table.top
    return (
        table.page == previous.page + 1
        and last_on_page
        and first_on_page
        and table.top < _CONTINUATION_TOP
        and len(table.rows[0]) == len(previous.rows[0])
    )


def _without_prose(rows: list[tuple[str | None, ...]]) -> list[tuple[str | None, ...]]:
    """An unruled table without the lines above and below it that the text strategy swept in.

    Those (letterhead, title, "特此通知。", page number) fill one cell, or two when a word straddles a
    column edge; a table row fills at least half of its cells.
    """
    filled = [i for i, row in enumerate(rows) if sum(bool(cell) for cell in row) >= max(2, len(row) / 2)]
    return rows[filled[0] : filled[-1] + 1] if filled else []


def _trim(rows: list[tuple[str | None, ...]]) -> Grid:
    """Rows without empty rows, and without columns that are empty in every row."""
    rows = [row for row in rows if any(row)]
    keep = [c for c in range(max((len(r) for r in rows), default=0)) if any(r[c] for r in rows)]
    return tuple(tuple(row[c] for c in keep) for row in rows)


def _normal(row: tuple[str | None, ...]) -> tuple[str, ...]:
    return tuple("".join((cell or "").split()) for cell in row)
