"""Rows put in source_file order as they arrive, so extract can write each chunk of files when read.

The staged tables are in a stable source_file order (a full and an incremental run must give the same
rows in the same order): the fresh rows of the files read this run, then the rows carried over from
the previous run, stably sorted by ``source_file``. Sorting needs every row, but not every row at once:
a fresh chunk comes with a *bound* (no later fresh row has a smaller ``source_file``, because a file's
rows carry its own name or ``<archive>/<member>``), and the carried rows come sorted, so every row below
both bounds is in its final place and can be written. What waits is the rows at or above the bound:
with the files read in name order (``find_sources``), little more than one chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

KEY = "source_file"


def lowest_names_after(names: list[str]) -> list[str | None]:
    """For each position, the smallest name after it (None after the last): the bound of later chunks.

    >>> lowest_names_after(["a/1", "b/1", "a/2"])
    ['a/2', 'a/2', None]
    """
    lowest: list[str | None] = [None] * len(names)
    smallest: str | None = None
    for i in range(len(names) - 1, -1, -1):
        lowest[i] = smallest
        smallest = names[i] if smallest is None else min(smallest, names[i])
    return lowest


class SourceFileOrder:
    """One table's rows, fresh (in pieces, with bounds) and carried (sorted), handed out in final order.

    The order is that of a stable sort by ``source_file`` of all fresh rows (in arrival order) followed
    by all carried rows.
    """

    def __init__(self, carried: Iterable[pa.Table], schema: pa.Schema) -> None:
        self._carried = iter(carried)
        self._fresh = schema.empty_table()
        self._waiting = schema.empty_table()  # carried rows taken from the stream, not yet handed out
        self._carried_done = False

    def add(self, fresh: pa.Table, bound: str | None) -> pa.Table:
        """Take ``fresh`` rows; ``bound`` is the lowest source_file fresh rows still to come can have
        (None: no more fresh rows). Returns the rows now in their final place, in order."""
        self._fresh = _sorted(pa.concat_tables([self._fresh, fresh]))
        if bound is None:
            return self._ready(None)
        while not self._carried_done and (not self._waiting.num_rows or _last(self._waiting) < bound):
            self._take_carried()
        return self._ready(bound)

    def rest(self) -> Iterator[pa.Table]:
        """After the last ``add``: the remaining rows, one carried batch at a time."""
        while not self._carried_done:
            self._take_carried()
            yield self._ready(_last(self._waiting) if self._waiting.num_rows else None)
        yield self._ready(None)

    def _take_carried(self) -> None:
        batch = next(self._carried, None)
        if batch is None:
            self._carried_done = True
        else:
            self._waiting = pa.concat_tables([self._waiting, batch])

    def _ready(self, bound: str | None) -> pa.Table:
        """Hand out the fresh and carried rows below ``bound`` (all when None and nothing is left to come)."""
        if bound is None and not self._carried_done:
            return self._fresh.schema.empty_table()
        fresh, self._fresh = _split(self._fresh, bound)
        carried, self._waiting = _split(self._waiting, bound)
        return _sorted(pa.concat_tables([fresh, carried])) if carried.num_rows else fresh


def _sorted(table: pa.Table) -> pa.Table:
    """Stable sort by source_file; a table already in order (the rows of one file) is not copied.

    >>> rows = pa.table({KEY: ["b.csv", "b.csv", "a.csv"], "row": [1, 2, 3]})
    >>> _sorted(rows)["row"].to_pylist()
    [3, 1, 2]
    >>> one_file = rows.slice(0, 2)
    >>> _sorted(one_file) is one_file
    True
    """
    keys = table[KEY]
    if table.num_rows < 2 or pc.all(pc.less_equal(keys.slice(0, len(keys) - 1), keys.slice(1))).as_py():
        return table
    return table.take(pc.sort_indices(table, sort_keys=[(KEY, "ascending")]))


def _split(table: pa.Table, bound: str | None) -> tuple[pa.Table, pa.Table]:
    """A sorted table's rows below ``bound`` and the others."""
    if bound is None:
        return table, table.slice(0, 0)
    below = pc.sum(pc.less(table[KEY], bound)).as_py() or 0
    return table.slice(0, below), table.slice(below)


def _last(table: pa.Table) -> str:
    return table[KEY][-1].as_py()
