"""Merged cells: the top-left value copied into every cell of the merged range, and which rows a cell
merged over several rows continues (one person, two phones: the name written once)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
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
    Each touched column is rebuilt from slices, so a title merged across a 200,000-row sheet costs
    a few slices, not a copy of every cell to Python.

    >>> cols = expand_merges([pa.array(["标题", None, "一中"]), pa.array([None, "张三", None])],
    ...                      [Merge(0, 0, 0, 1), Merge(2, 0, 2, 1)])
    >>> [c.to_pylist() for c in cols]
    [['标题', None, '一中'], ['标题', '张三', '一中']]
    """
    out = list(columns)
    height = len(out[0]) if out else 0
    spans: dict[int, list[tuple[int, int, object]]] = defaultdict(list)
    for merge in merges:
        first = merge.first_col - col_offset
        if not 0 <= first < len(out) or merge.first_row >= height:
            continue
        value = out[first][merge.first_row].as_py()
        last_row = min(merge.last_row, height - 1)
        for col in range(first, min(merge.last_col - col_offset, len(out) - 1) + 1):
            spans[col].append((merge.first_row, last_row, value))
    for col, col_spans in spans.items():
        out[col] = _fill_spans(out[col], sorted(col_spans, key=lambda span: span[0]))
    return out


def _fill_spans(col: pa.Array, spans: list[tuple[int, int, object]]) -> pa.Array:
    pieces: list[pa.Array] = []
    at = 0
    for first, last, value in spans:
        if first < at:  # overlapping ranges (a broken file): the first one wins
            continue
        pieces += [col.slice(at, first - at), pa.array([value] * (last - first + 1), pa.string())]
        at = last + 1
    pieces.append(col.slice(at))
    return pa.concat_arrays([piece.cast(pa.string()) for piece in pieces])


def merges_down(merges: Sequence[Merge], col: int) -> tuple[Merge, ...]:
    """The merged ranges that cover sheet column ``col`` over more than one row.

    >>> [tuple(m) for m in merges_down([Merge(0, 0, 0, 5), Merge(2, 1, 3, 1), Merge(4, 0, 5, 2)], 1)]
    [(2, 1, 3, 1), (4, 0, 5, 2)]
    """
    return tuple(m for m in merges if m.first_col <= col <= m.last_col and m.last_row > m.first_row)


def continued_rows(merges: Sequence[Merge], first_row: int, n: int) -> pa.Array:
    """For the ``n`` sheet rows from 0-based ``first_row``: the 1-based sheet row where the range of
    ``merges`` (``merges_down`` of one column) covering the row starts, when that is a row above; else null.

    >>> continued_rows([Merge(1, 0, 3, 0)], 0, 5).to_pylist()
    [None, None, 2, 2, None]
    >>> continued_rows([Merge(1, 0, 3, 0)], 3, 2).to_pylist()
    [2, None]
    >>> continued_rows([Merge(1, 0, 3, 0)], 9, 9).null_count  # a range above the rows
    9
    """
    if not merges:
        return pa.nulls(n, pa.int64())
    starts = np.zeros(n, dtype=np.int64)
    for merge in merges:
        below = max(merge.first_row + 1, first_row) - first_row
        end = min(merge.last_row + 1, first_row + n) - first_row
        if below < end:
            starts[below:end] = merge.first_row + 1
    return pa.array(starts, mask=starts == 0)
