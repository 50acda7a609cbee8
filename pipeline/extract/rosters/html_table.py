"""HTML tables saved with a spreadsheet suffix (.xls exported by web systems): read as the roster they are.

rowspan/colspan are expanded (the value copied into every spanned cell) and handed on as merged ranges,
so a unit spanning two contact rows, or a name spanning one person's two phone rows, reaches the roster
logic like a merged cell in a workbook.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import NamedTuple

from pipeline.errors import UnreadableInput
from pipeline.extract.rosters.grid import extract_roster_grid
from pipeline.extract.rosters.merges import Merge
from pipeline.extract.sources import SourceFile
from pipeline.reasons import ReasonCode
from pipeline.records import Record
from pipeline.repair import decode_bytes
from pipeline.settings import Settings
from pipeline.staging import StagedBatch


def extract_html_roster(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """The roster rows of every <table> in an HTML file that was saved as .xls/.xlsx."""
    tables = extract_html_tables(decode_bytes(data).text)
    if not tables:
        raise UnreadableInput(
            ReasonCode.WRONG_TYPE,
            "an HTML page saved with a spreadsheet suffix, without a <table>: save the roster as .xlsx",
        )
    out: list[Record | StagedBatch] = []
    for number, table in enumerate(tables, start=1):
        out += extract_roster_grid(
            table.rows,
            source_file=source.source_file,
            sha256=sha256,
            sheet=f"table {number}",
            merges=table.merges,
        )
    return out


class HtmlTable(NamedTuple):
    """A table's rows of cell texts, spans expanded, and its spanned cells as merged ranges."""

    rows: list[list[str]]
    merges: list[Merge]


def extract_html_tables(html: str) -> list[HtmlTable]:
    """Every table of ``html``.

    >>> page = '<table><tr><td rowspan="2">一中</td><td>张三</td></tr><tr><td>李四</td></tr></table>'
    >>> [table] = extract_html_tables(page)
    >>> table.rows, [tuple(m) for m in table.merges]
    ([['一中', '张三'], ['一中', '李四']], [(0, 0, 1, 0)])
    """
    parser = _TableParser()
    parser.feed(html)
    return [_expand(rows) for rows in parser.tables if rows]


Cell = tuple[str, int, int]


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[Cell]]] = []
        self._cell: list[str] | None = None
        self._spans = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            found = dict(attrs)
            self._cell = []
            self._spans = (_span(found.get("rowspan")), _span(found.get("colspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables:
            if not self.tables[-1]:
                self.tables[-1].append([])
            self.tables[-1][-1].append(("".join(self._cell).strip(), *self._spans))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _span(value: str | None) -> int:
    return int(value) if value and value.strip().isdigit() and int(value) > 0 else 1


def _expand(rows: list[list[Cell]]) -> HtmlTable:
    """Rows of (text, rowspan, colspan) cells laid out on a grid, spanned cells copied."""
    grid: dict[tuple[int, int], str] = {}
    merges: list[Merge] = []
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            if rowspan > 1 or colspan > 1:
                merges.append(Merge(r, c, r + rowspan - 1, c + colspan - 1))
            c += colspan
    height = max(r for r, _ in grid) + 1 if grid else 0
    width = max(c for _, c in grid) + 1 if grid else 0
    return HtmlTable([[grid.get((r, c), "") for c in range(width)] for r in range(height)], merges)
