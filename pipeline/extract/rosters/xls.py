"""Legacy Excel workbooks (.xls, BIFF) with xlrd: typed cells, merged ranges, every sheet.

A workbook without a CODEPAGE record (written by some exporters) has its 8-bit strings read as GBK, the
code page such files come from here; BIFF8 Unicode strings are unaffected.
"""

from __future__ import annotations

import datetime as dt

import xlrd

from pipeline.errors import UnreadableInput
from pipeline.extract.rosters.merges import Merge, expand_merges
from pipeline.extract.rosters.sheet import cell_text, columns_from_grid, extract_roster_sheet
from pipeline.extract.sources import SourceFile
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import StagedBatch

_DEFAULT_CODEPAGE = "gbk"


def extract_xls_roster(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """The roster rows of every sheet of an .xls workbook."""
    try:
        book = _open(data)
    except (xlrd.XLRDError, AssertionError, IndexError, ValueError) as err:
        raise UnreadableInput(
            f"not a readable .xls workbook ({err}): open it in Excel or WPS and save it again as .xlsx"
        ) from err
    out: list[Record | StagedBatch] = []
    for sheet in book.sheets():
        grid = [[_value(cell, book.datemode) for cell in sheet.row(r)] for r in range(sheet.nrows)]
        merges = [Merge(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sheet.merged_cells]
        columns = expand_merges(columns_from_grid(grid), merges)
        out += extract_roster_sheet(columns, source_file=source.source_file, sha256=sha256, sheet=sheet.name)
    return out


def _open(data: bytes) -> xlrd.book.Book:
    """The workbook with its formatting (merged ranges need it); without when xlrd cannot read that."""
    try:
        return xlrd.open_workbook(
            file_contents=data, formatting_info=True, encoding_override=_DEFAULT_CODEPAGE, logfile=_Quiet()
        )
    except NotImplementedError:
        return xlrd.open_workbook(file_contents=data, encoding_override=_DEFAULT_CODEPAGE, logfile=_Quiet())


def _value(cell: xlrd.sheet.Cell, datemode: int) -> str | None:
    """A cell as the text fastexcel gives for the same .xlsx cell (dates as ISO, integral floats bare)."""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, OverflowError):
            return cell_text(cell.value)
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return None
    return cell_text(cell.value)


class _Quiet:
    """xlrd's log sink: its warnings about odd records are not errors of the roster."""

    def write(self, text: str) -> int:
        return len(text)
