"""The extract stage: every file under raw/ into staged records with lineage, or into quarantine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.errors import UnreadableInput
from pipeline.extract.dispatch import extract_file
from pipeline.extract.sources import SourceFile, find_sources
from pipeline.records import FileRecord, QuarantineRecord, Record, RepairRecord, TextRecord
from pipeline.settings import Settings
from pipeline.staging import StagedBatch, to_arrow, write_stage

#: Every staged extract table, each with a ``source_file`` column so runs can be incremental.
STAGED_MODELS: tuple[type[Record], ...] = (FileRecord, TextRecord, RepairRecord, QuarantineRecord)
_NOT_RECORDS = frozenset({FileRecord.table, QuarantineRecord.table})

__all__ = ["STAGED_MODELS", "ExtractSummary", "OnFile", "UnreadableInput", "extract", "extract_tables"]


@dataclass(frozen=True)
class ExtractSummary:
    files_seen: int
    files_loaded: int
    records: int
    quarantined: int
    repairs_by_kind: dict[str, int]


OnFile = Callable[[int, int, str], None]


def extract(settings: Settings, run_id: str, on_file: OnFile | None = None) -> ExtractSummary:
    """Read every file under ``settings.raw`` and commit the staged tables to ``staged/extract``."""
    tables = extract_tables(find_sources(settings.raw), settings, on_file)
    write_stage(settings.staged, "extract", run_id, tables)
    files = tables[FileRecord.table]
    return ExtractSummary(
        files_seen=files.num_rows,
        files_loaded=files.filter(pc.equal(files["status"], "ok")).num_rows,
        records=sum(t.num_rows for name, t in tables.items() if name not in _NOT_RECORDS),
        quarantined=tables[QuarantineRecord.table].num_rows,
        repairs_by_kind=dict(Counter(tables[RepairRecord.table]["kind"].to_pylist())),
    )


def extract_tables(
    sources: list[SourceFile], settings: Settings, on_file: OnFile | None = None
) -> dict[str, pa.Table]:
    """Every staged table (STAGED_MODELS) from ``sources``, by the engine ``settings.engine`` names.

    The local engine reads the files one by one in this process; the Spark engine (optional extra
    ``spark``, imported only here) runs the same ``extract_file`` as Spark tasks and gives equal tables.
    """
    if settings.engine == "spark":
        from pipeline.extract.spark_engine import extract_tables_with_spark

        return extract_tables_with_spark(sources, settings, STAGED_MODELS)
    rows: dict[type[Record], list[Record | StagedBatch]] = {model: [] for model in STAGED_MODELS}
    for done, source in enumerate(sources):
        if on_file is not None:
            on_file(done, len(sources), source.source_file)
        for item in extract_file(source, settings):
            rows[item.model if isinstance(item, StagedBatch) else type(item)].append(item)
    return {model.table: to_arrow(model, rows[model]) for model in STAGED_MODELS}
