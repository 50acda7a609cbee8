"""Source rows to one row per entity: each field from the most recent source row that has it.

Recency is the year in the source's path (2024年会员名单.xlsx after 2023年会员名单.csv), then the path,
sheet and row (then the order of the rows). Keys met once (most of them) are passed through
(``single_rows``); the rows of the others, sorted by key and recency, are merged by an ordered Arrow
group-by in which 'last' is the most recent non-null value (``merge_sorted``). ``latest_per_group`` does
both for a table in memory; the members transform sorts with DuckDB and merges a batch at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.privacy.classification import column_kind
from pipeline.privacy.masking import mask_mentions, mask_value
from pipeline.records import QuarantineRecord
from pipeline.transform.columns import RowErrors
from pipeline.transform.roster_values import source_recency

_LINEAGE = ("source_file", "sha256", "sheet", "row", "kind")
#: The sort keys of recency, oldest first, after ``file_rank`` (see ``file_ranks``).
RECENCY = ("file_rank", "sheet", "row", "seq")


def latest_per_group(sources: pa.Table, key: str, fields: Sequence[str]) -> pa.Table:
    """One row per ``key``: ``fields`` from the most recent source row that has them, the most recent
    ``source_file``, and ``source_rows`` (how many source rows were merged). Rows later in ``sources``
    win ties."""
    counts = pc.value_counts(sources[key])
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    is_repeated = pc.is_in(sources[key], value_set=repeated)
    many = sources.filter(is_repeated)
    ranks = file_ranks(pc.unique(many["source_file"]))
    ordered = many.append_column("seq", pa.array(range(many.num_rows), pa.int64())).append_column(
        "file_rank", pc.index_in(many["source_file"], ranks["source_file"])
    )
    ordered = ordered.sort_by([(key, "ascending"), *((name, "ascending") for name in RECENCY)])
    singles = single_rows(sources.filter(pc.invert(is_repeated)), key, fields)
    merged = [table.cast(singles.schema) for table in merge_sorted([ordered], key, fields)]
    return pa.concat_tables([singles, *merged])


def file_ranks(files: pa.Array | pa.ChunkedArray) -> pa.Table:
    """``source_file`` and its ``file_rank``, 0 for the oldest (see ``roster_values.source_recency``)."""
    ranked = sorted(files.to_pylist(), key=source_recency)
    return pa.table({"source_file": pa.array(ranked, pa.string()), "file_rank": range(len(ranked))})


def single_rows(rows: pa.Table, key: str, fields: Sequence[str]) -> pa.Table:
    """Rows whose key is met once, as merged rows: ``key``, ``fields``, source_file, source_rows (1)."""
    single = rows.select([key, *fields, "source_file"])
    return single.append_column("source_rows", pa.repeat(pa.scalar(1, pa.int64()), single.num_rows))


def merge_sorted(batches: Iterable[pa.Table], key: str, fields: Sequence[str]) -> Iterator[pa.Table]:
    """Batches of rows sorted by ``key`` and recency, merged to one row per key (as ``single_rows``
    lays them out) a batch at a time: the rows of a batch's last key are held for the next batch, so
    memory follows the batch, not the input."""
    held: list[pa.Table] = []
    for batch in batches:
        table = pa.concat_tables([*held, batch]) if held else batch
        if not table.num_rows:
            continue
        cut = pc.index(table[key], table[key][-1]).as_py()  # where the last key's rows start
        held = [table.slice(cut)]
        if cut:
            yield _merge(table.slice(0, cut), key, fields)
    if held:
        yield _merge(held[0], key, fields)


def _merge(ordered: pa.Table, key: str, fields: Sequence[str]) -> pa.Table:
    merged = ordered.group_by(key, use_threads=False).aggregate(
        [(field, "last") for field in (*fields, "source_file")] + [(key, "count")]
    )
    names = {f"{field}_last": field for field in (*fields, "source_file")} | {f"{key}_count": "source_rows"}
    merged = merged.rename_columns([names.get(name, name) for name in merged.column_names])
    # a group-by gives its groups in no set order: sorted, the output does not depend on the batches
    return merged.select([key, *fields, "source_file", "source_rows"]).sort_by(key)


def quarantine_rows(staged: pa.Table, errors: RowErrors) -> list[QuarantineRecord]:
    """The staged rows that have an error, as quarantine records naming sheet and row (``location``),
    the first error's code and every error's text, each personal value masked by its column's kind
    (the reason names the value it refuses)."""
    bad = pc.is_valid(errors.texts)
    reasons = errors.texts.filter(bad).to_pylist()
    codes = errors.codes.filter(bad).to_pylist()
    out = []
    for row, reason, code in zip(staged.filter(bad).to_pylist(), reasons, codes, strict=True):
        excerpt = " | ".join(
            mask_value(column_kind(k), str(v)) for k, v in row.items() if v is not None and k not in _LINEAGE
        )
        out.append(
            QuarantineRecord(
                source_file=row["source_file"],
                location=f"sheet {row['sheet']} row {row['row']}",
                reason_code=code,
                reason=mask_mentions(reason, row),
                raw_excerpt=excerpt[:200],
            )
        )
    return out
