"""Rows handed out chunk by chunk come in the order of one stable sort by source_file of all of them."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.ordering import SourceFileOrder, lowest_names_after

SCHEMA = pa.schema([pa.field("source_file", pa.string(), nullable=False), pa.field("n", pa.int64())])
#: Names that sort around an archive's members: "b.zip" < "b.zip-2.txt" < "b.zip.txt" < "b.zip/m.txt".
NAMES = st.lists(st.sampled_from(["a.txt", "b.zip", "b.zip-2.txt", "b.zip.txt", "c/d.txt", "c-d.txt"]),
                 unique=True, max_size=6)  # fmt: skip


def rows(names: list[str], start: int) -> pa.Table:
    return pa.table({"source_file": names, "n": range(start, start + len(names))}, schema=SCHEMA)


def stable_sort(table: pa.Table) -> pa.Table:
    return table.take(pc.sort_indices(table, sort_keys=[("source_file", "ascending")]))


@given(files=NAMES, carried=NAMES, chunk=st.integers(1, 4), carried_batch=st.integers(1, 3))
def test_chunks_and_carried_rows_come_out_as_one_stable_sort(
    files: list[str], carried: list[str], chunk: int, carried_batch: int
) -> None:
    """Each file gives its own row and two archive members' rows; carried rows are other files'."""
    carried = sorted(f"old/{name}" for name in carried)
    fresh = [rows([name, f"{name}/m1.txt", f"{name}/m2.txt", name], 10 * i) for i, name in enumerate(files)]
    old = rows(carried, 1000)
    order = SourceFileOrder(
        [old.slice(i, carried_batch) for i in range(0, len(carried), carried_batch)], SCHEMA
    )
    bounds = lowest_names_after(files)
    out = [
        order.add(pa.concat_tables([SCHEMA.empty_table(), *fresh[i : i + chunk]]), bounds[last])
        for i in range(0, len(files), chunk)
        for last in [min(i + chunk, len(files)) - 1]
    ]
    out += list(order.rest())
    expected = stable_sort(pa.concat_tables([SCHEMA.empty_table(), *fresh, old]))
    assert pa.concat_tables([SCHEMA.empty_table(), *out]).equals(expected)
