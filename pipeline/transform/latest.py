"""Source rows to one row per entity: each field from the most recent source row that has it.

Recency is the year in the source's path (2024年会员名单.xlsx after 2023年会员名单.csv), then the path,
sheet and row. The grouping runs in DuckDB on the Arrow table, not row by row in Python.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.records import QuarantineRecord
from pipeline.transform.roster_values import source_recency

_LINEAGE = ("source_file", "sha256", "sheet", "row", "kind")


def latest_per_group(sources: pa.Table, key: str, fields: Sequence[str]) -> pa.Table:
    """One row per ``key``: ``fields`` from the most recent source row that has them, the most recent
    ``source_file``, and ``source_rows`` (how many source rows were merged)."""
    files = sorted(set(sources["source_file"].to_pylist()), key=source_recency)
    rank = pc.index_in(sources["source_file"], pa.array(files, pa.string()))
    ranked = sources.append_column("_file_rank", rank)
    picks = ",\n".join(f'arg_max("{f}", _recency) FILTER (WHERE "{f}" IS NOT NULL) AS "{f}"' for f in fields)
    with duckdb.connect() as con:
        con.register("source_rows", ranked)
        return con.sql(
            f"""
            WITH ordered AS (
                SELECT *, row_number() OVER (ORDER BY _file_rank, sheet, "row") AS _recency FROM source_rows
            )
            SELECT "{key}", {picks}, arg_max(source_file, _recency) AS source_file,
                   count(*)::BIGINT AS source_rows
            FROM ordered GROUP BY "{key}" ORDER BY "{key}"
            """
        ).to_arrow_table()


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
