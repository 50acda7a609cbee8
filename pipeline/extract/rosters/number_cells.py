"""Numeric cells too big for a float to hold exactly, taken as the text the sheet XML holds.

A spreadsheet number is a double: an integer above 2**53 keeps at most 17 significant digits, and a
reader that turns the double back into digits invents the last ones (Excel's 1.4060219630906467E+17
comes out of fastexcel as "140602196309064672"). An ID number stored as a number then looks exact, and
one time in eleven its invented check digit passes. The ``<v>`` text of the cell shows what the file
really holds: "1.4060219630906467E+17" (a digit lost: the ID parser refuses it) or, from a writer that
kept every digit, "140602196309064681" (exact). Only cells of at least 1e15 are taken this way;
smaller numbers are exact as floats and keep the reader's text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.extract.cell_refs import column_index

#: A ``<v>`` holding a number of 16 or more integer digits, or one written with an exponent of 15 or more.
_BIG_NUMBER = re.compile(rb"<v>(-?\d(?:\d{15,}(?:\.\d*)?|(?:\.\d+)?[eE]\+?(?:1[5-9]|[2-9]\d|\d{3,})))</v>")
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CELL_TYPE = re.compile(rb'\bt="(\w+)"')
#: How far back from a ``<v>`` its cell's start tag may be (a formula ``<f>`` can sit between them).
_LOOKBACK = 4096


#: The text of one cell: (row, column, text), 0-based in sheet coordinates. A plain tuple: a whole ID
#: column of numbers makes 200,000 of them, and a NamedTuple's constructor would double the scan's time.
CellText = tuple[int, int, str]


def find_big_numbers(sheet_xml: bytes) -> list[CellText]:
    """The numeric cells of a worksheet's XML whose value is at least 1e15, with their text as written.

    One regex pass over the bytes (no XML parse): a ``<v>`` is only looked at when it is big.

    >>> xml = (b'<c r="E4" t="n"><v>1.4060219630906467E+17</v></c><c r="F4"><v>13800138000</v></c>'
    ...        b'<c r="G4" t="str"><v>140602196309064681</v></c>')
    >>> find_big_numbers(xml)
    [(3, 4, '1.4060219630906467E+17')]
    """
    out = []
    for found in _BIG_NUMBER.finditer(sheet_xml):
        at = found.start()
        start = sheet_xml.rfind(b"<c ", max(0, at - _LOOKBACK), at)
        tag = sheet_xml[start : sheet_xml.find(b">", start, at)] if start >= 0 else b""
        ref, kind = _CELL_REF.search(tag), _CELL_TYPE.search(tag)
        if ref is None or (kind is not None and kind[1] != b"n"):  # a text or a formula's text result
            continue
        out.append((int(ref[2]) - 1, column_index(ref[1]), found[1].decode("ascii")))
    return out


def put_cell_texts(
    columns: Sequence[pa.Array], cells: Sequence[CellText], col_offset: int = 0
) -> list[pa.Array]:
    """``columns`` (grid row 0 = sheet row 0) with each of ``cells`` set to its text.

    ``col_offset`` is the sheet column of ``columns[0]``. A touched column is rebuilt with one masked
    replace, so a whole ID column of numbers costs a few array operations, not a Python loop per row.

    >>> cols = put_cell_texts([pa.array(["身份证号", "140602196309064672"])], [(1, 2, "1.4E+17")], 2)
    >>> cols[0].to_pylist()
    ['身份证号', '1.4E+17']
    """
    out = list(columns)
    by_column: dict[int, dict[int, str]] = defaultdict(dict)
    for row, sheet_col, text in cells:
        col = sheet_col - col_offset
        if 0 <= col < len(out) and row < len(out[col]):
            by_column[col][row] = text
    for col, texts in by_column.items():
        rows = sorted(texts)
        mask = np.zeros(len(out[col]), dtype=bool)
        mask[rows] = True
        values = pa.array([texts[row] for row in rows], pa.string())
        out[col] = pc.replace_with_mask(out[col].cast(pa.string()), pa.array(mask), values)
    return out
