"""Tables on PDF pages with pdfplumber's table finder, and tables that continue across pages.

pdfplumber is slow, so it only looks at pages that may hold a table (``PageText.may_hold_table``).
Ruled tables are found from their lines; a page with aligned CJK cells but no ruled table is tried
with the text strategy. A table that is the last on one page and the first on the next, with the same
number of columns, is one table; its header row, when the next page repeats it, is dropped. A cell
merged over several rows gives its text to each and is kept as a merged range, so the rows under a name
written once say which row they continue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pdfplumber.page import Page
from pdfplumber.table import Table

from pipeline.extract.grids import Grid, TableGrid, join_cell_lines
from pipeline.extract.rosters.merges import Merge

_UNRULED = {"vertical_strategy": "text", "horizontal_strategy": "text", "min_words_vertical": 3}
#: A continuation starts in the top part of its page (below at most a letterhead).
_CONTINUATION_TOP = 0.3


@dataclass(frozen=True)
class PageTable:
    """A table on one page: its rows, where it sits (fractions of the page height), and its cells
    merged over several rows (coordinates of ``rows``)."""

    page: int
    rows: Grid
    top: float
    bottom: float
    merges: tuple[Merge, ...] = ()


def extract_page_tables(page: Page, number: int, unruled: bool) -> list[PageTable]:
    """The tables of one page, top to bottom, merged cells expanded and wrapped cell text joined."""
    found = page.find_tables()
    ruled = bool(found)
    if not ruled and unruled:
        found = page.find_tables(_UNRULED)
    tables = []
    for table in found:
        rows, merges = expand_merged_cells(table)
        kept_rows = _table_rows(rows, range(len(rows)) if ruled else _without_prose(rows))
        kept_cols = _filled_columns([rows[r] for r in kept_rows])
        if kept_rows:
            tables.append(
                PageTable(
                    number,
                    tuple(tuple(rows[r][c] for c in kept_cols) for r in kept_rows),
                    table.bbox[1] / page.height,
                    table.bbox[3] / page.height,
                    _kept_merges(merges, kept_rows, kept_cols),
                )
            )
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
        rows: list[tuple[str | None, ...]] = []
        row_pages: list[int] = []
        merges: list[Merge] = []
        for part in group:
            skip = int(part is not group[0] and _normal(part.rows[0]) == header)
            shift = len(rows) - skip
            merges += [
                Merge(m.first_row + shift, m.first_col, m.last_row + shift, m.last_col)
                for m in part.merges
                if m.first_row >= skip
            ]
            rows.extend(part.rows[skip:])
            row_pages.extend([part.page] * (len(part.rows) - skip))
        grids.append(
            TableGrid(f"{pages} table {per_page[first]}", tuple(rows), tuple(row_pages), tuple(merges))
        )
    return grids


def expand_merged_cells(table: Table) -> tuple[list[tuple[str | None, ...]], list[Merge]]:
    """The table's rows with each cell of a merged region holding the region's text, and the cells
    merged over several rows as ranges of one column each.

    pdfplumber gives ``None`` for a position a merged cell covers; the cell that covers the position's
    centre supplies the text, and when that cell starts on a row above, the position continues it.
    """
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    columns = _column_spans(boxes)
    covering = [
        (r, box, texts[r][c]) for r, row in enumerate(boxes) for c, box in enumerate(row) if box is not None
    ]
    rows = []
    down: dict[tuple[int, int], int] = {}  # (first row, column) of a cell merged down: its last row
    for r, row in enumerate(boxes):
        top, bottom = table.rows[r].bbox[1], table.rows[r].bbox[3]
        cells = []
        for c, box in enumerate(row):
            text = texts[r][c]
            if box is None and c in columns:
                x = (columns[c][0] + columns[c][1]) / 2
                y = (top + bottom) / 2
                found = next(
                    ((r0, t) for r0, b, t in covering if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None
                )
                if found is not None and found[0] < r:
                    down[found[0], c] = r
                text = found[1] if found is not None else None
            cells.append(join_cell_lines(text))
        rows.append(tuple(cells))
    return rows, [Merge(first, col, last, col) for (first, col), last in sorted(down.items())]


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


def _without_prose(rows: list[tuple[str | None, ...]]) -> range:
    """The rows of an unruled table without the lines above and below it that the text strategy swept in.

    Those (letterhead, title, "特此通知。", page number) fill one cell, or two when a word straddles a
    column edge; a table row fills at least half of its cells.
    """
    filled = [i for i, row in enumerate(rows) if sum(bool(cell) for cell in row) >= max(2, len(row) / 2)]
    return range(filled[0], filled[-1] + 1) if filled else range(0)


def _table_rows(rows: list[tuple[str | None, ...]], among: range) -> list[int]:
    """The indices of the rows of ``among`` that are not empty."""
    return [r for r in among if any(rows[r])]


def _filled_columns(rows: list[tuple[str | None, ...]]) -> list[int]:
    """The indices of the columns that are filled in some row."""
    return [c for c in range(max((len(r) for r in rows), default=0)) if any(r[c] for r in rows)]


def _kept_merges(merges: list[Merge], kept_rows: list[int], kept_cols: list[int]) -> tuple[Merge, ...]:
    """``merges`` in the coordinates of the kept rows and columns; a merge whose first row or column
    was dropped, or that keeps only one row, is gone.

    >>> _kept_merges([Merge(1, 0, 3, 0), Merge(0, 2, 1, 2), Merge(3, 1, 4, 1)], [1, 3], [0, 1])
    (Merge(first_row=0, first_col=0, last_row=1, last_col=0),)
    """
    row_at = {r: i for i, r in enumerate(kept_rows)}
    col_at = {c: i for i, c in enumerate(kept_cols)}
    out = []
    for merge in merges:
        last = max((row_at[r] for r in range(merge.first_row, merge.last_row + 1) if r in row_at), default=-1)
        first = row_at.get(merge.first_row)
        if first is not None and merge.first_col in col_at and last > first:
            col = col_at[merge.first_col]
            out.append(Merge(first, col, last, col))
    return tuple(out)


def _normal(row: tuple[str | None, ...]) -> tuple[str, ...]:
    return tuple("".join((cell or "").split()) for cell in row)
