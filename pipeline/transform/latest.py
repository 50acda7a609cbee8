"""Source rows to one row per entity: each field from the most recent source row that has it.

Recency is the year in the source's path (2024年会员名单.xlsx after 2023年会员名单.csv), then the path,
sheet and row. The grouping is one ordered Arrow group-by: 'last' is the most recent non-null value.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.records import QuarantineRecord
from pipeline.transform.roster_values import source_recency

_LINEAGE = ("source_file", "sha256", "sheet", "row", "kind")


def latest_per_group(sources: pa.Table, key: str, fields: Sequence[str]) -> pa.Table:
    """One row per ``key``: ``fields`` from the most recent source row that has them, the most recent
    ``source_file``, and ``source_rows`` (how many source rows were merged).

    Keys met once (most of them) are passed through; only the others go through the ordered group-by.
    """
    counts = pc.value_counts(sources[key])
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    is_repeated = pc.is_in(sources[key], value_set=repeated)
    columns = [key, *fields, "source_file"]
    singles = sources.filter(pc.invert(is_repeated)).select(columns)
    singles = singles.append_column("source_rows", pa.repeat(pa.scalar(1, pa.int64()), singles.num_rows))
    many = sources.filter(is_repeated)
    files = sorted(set(many["source_file"].to_pylist()), key=source_recency)
    rank = pc.index_in(many["source_file"], pa.array(files, pa.string()))
    ordered = many.append_column("_file_rank", rank).sort_by(
        [("_file_rank", "ascending"), ("sheet", "ascending"), ("row", "ascending")]
    )
    merged = ordered.group_by(key, use_threads=False).aggregate(
        [(field, "last") for field in (*fields, "source_file")] + [(key, "count")]
    )
    names = {f"{field}_last": field for field in (*fields, "source_file")} | {f"{key}_count": "source_rows"}
    merged = merged.rename_columns([names.get(name, name) for name in merged.column_names])
    return pa.concat_tables([singles, merged.select(singles.column_names).cast(singles.schema)])


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
