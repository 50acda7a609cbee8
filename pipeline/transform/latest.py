"""Source rows to one row per entity: each field from the most recent source row that has it.

Recency is the year in the source's path (2024年会员名单.xlsx after 2023年会员名单.csv), then the path,
sheet and row. DuckDB finds the keys met more than once and sorts their rows by recency out of core, so
the merge holds a batch at a time whatever the roster's size; ``latest_per_group`` runs it on a table in
memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.records import QuarantineRecord
from pipeline.transform.roster_values import source_recency

_LINEAGE = ("source_file", "sha256", "sheet", "row", "kind")


def latest_batches(
    con: duckdb.DuckDBPyConnection, relation: str, key: str, fields: Sequence[str], rows: int
) -> Iterator[pa.Table]:
    """One row per ``key`` of ``relation``, about ``rows`` at a time: ``fields`` from the most recent
    source row that has them, the most recent ``source_file``, and ``source_rows`` (how many source
    rows were merged). Keys met once come first, then the others, each part in ``key`` order.

    ``relation`` has ``key``, ``fields``, source_file, sheet, row and seq (its rows' order, which breaks
    ties). Keys met once (most of them) are passed through. The others' rows come sorted by key and
    recency (DuckDB sorts out of core) and are merged by an ordered Arrow group-by a batch at a time,
    the rows of the batch's last key held back for the next: memory follows the batch, not the input.
    """
    files = [row[0] for row in con.execute(f"SELECT DISTINCT source_file FROM {relation}").fetchall()]
    ranks = pa.table({"source_file": pa.array(sorted(files, key=source_recency), pa.string())})
    con.register(f"{relation}_file_ranks", ranks.append_column("file_rank", pa.array(range(len(files)))))
    columns = ", ".join(f'"{name}"' for name in (key, *fields, "source_file"))
    repeated = f'WITH repeated AS (SELECT "{key}" FROM {relation} GROUP BY "{key}" HAVING count(*) > 1)'
    singles = con.sql(f"""
        {repeated}
        SELECT {columns}, 1::BIGINT AS source_rows FROM {relation} ANTI JOIN repeated USING ("{key}")
    """)  # fmt: skip
    reader = singles.to_arrow_reader(rows)
    yield reader.schema.empty_table()  # the columns, even when there are no rows
    for batch in reader:
        yield pa.Table.from_batches([batch])
    ordered = con.sql(f"""
        {repeated}
        SELECT {columns}
        FROM {relation} SEMI JOIN repeated USING ("{key}") JOIN {relation}_file_ranks USING (source_file)
        ORDER BY "{key}", file_rank, sheet, "row", seq
    """)  # fmt: skip
    held: list[pa.Table] = []
    for batch in ordered.to_arrow_reader(rows):
        table = pa.concat_tables([*held, pa.Table.from_batches([batch])])
        cut = pc.index(table[key], table[key][-1]).as_py()  # where the last key's rows start
        held = [table.slice(cut)]
        if cut:
            yield _merge(table.slice(0, cut), key, fields)
    if held and held[0].num_rows:
        yield _merge(held[0], key, fields)


def _merge(ordered: pa.Table, key: str, fields: Sequence[str]) -> pa.Table:
    """Rows sorted by ``key`` and recency to one row per key: 'last' is the most recent non-null value."""
    merged = ordered.group_by(key, use_threads=False).aggregate(
        [(field, "last") for field in (*fields, "source_file")] + [(key, "count")]
    )
    names = {f"{field}_last": field for field in (*fields, "source_file")} | {f"{key}_count": "source_rows"}
    merged = merged.rename_columns([names.get(name, name) for name in merged.column_names])
    return merged.select([key, *fields, "source_file", "source_rows"])


def latest_per_group(sources: pa.Table, key: str, fields: Sequence[str]) -> pa.Table:
    """``latest_batches`` of a table in memory, whole (rows later in ``sources`` win ties)."""
    rows = sources.append_column("seq", pa.array(range(sources.num_rows), pa.int64()))
    with duckdb.connect() as con:
        con.register("sources", rows)
        return pa.concat_tables(latest_batches(con, "sources", key, fields, 1 << 20))


def quarantine_rows(staged: pa.Table, errors: pa.Array) -> list[QuarantineRecord]:
    """The staged rows that have an error, as quarantine records naming sheet, row and every reason."""
    bad = pc.is_valid(errors)
    reasons = errors.filter(bad).to_pylist()
    out = []
    for row, reason in zip(staged.filter(bad).to_pylist(), reasons, strict=True):
        excerpt = " | ".join(str(v) for k, v in row.items() if v is not None and k not in _LINEAGE)
        out.append(
            QuarantineRecord(
                source_file=row["source_file"],
                location=f"sheet {row['sheet']} row {row['row']}",
                reason=f"row {row['row']}: {reason}",
                raw_excerpt=excerpt[:200],
            )
        )
    return out
