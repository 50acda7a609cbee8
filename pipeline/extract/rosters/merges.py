"""Merged cells: the top-left value copied into every cell of the merged range."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pyarrow as pa


class Merge(NamedTuple):
    """A merged range, 0-based and inclusive, in sheet coordinates."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


def expand_merges(
    columns: Sequence[pa.Array], merges: Sequence[Merge], col_offset: int = 0
) -> list[pa.Array]:
    """``columns`` (grid row 0 = sheet row 0) with each merged range filled with its top-left value.

    ``col_offset`` is the sheet column of ``columns[0]`` (readers that drop leading empty columns).
    Only the columns a merge touches are copied to Python lists.
    """
    out = list(columns)
    touched: dict[int, list[object]] = {}
    height = len(out[0]) if out else 0
    for merge in merges:
        first = merge.first_col - col_offset
        if not 0 <= first < len(out) or merge.first_row >= height:
            continue
        value = _values(out, touched, first)[merge.first_row]
        for col in range(first, min(merge.last_col - col_offset, len(out) - 1) + 1):
            values = _values(out, touched, col)
            for row in range(merge.first_row, min(merge.last_row, height - 1) + 1):
                values[row] = value
    for col, values in touched.items():
        out[col] = pa.array(values, pa.string())
    return out


def _values(columns: list[pa.Array], touched: dict[int, list[object]], col: int) -> list[object]:
    if col not in touched:
        touched[col] = columns[col].to_pylist()
    return touched[col]
