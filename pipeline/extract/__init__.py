"""The extract stage: every file under raw/ into staged records with lineage, or into quarantine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.errors import UnreadableInput
from pipeline.extract.dispatch import extract_file
from pipeline.extract.sources import find_sources
from pipeline.records import FileRecord, QuarantineRecord, Record, RepairRecord, RosterRow, TextRecord
from pipeline.settings import Settings
from pipeline.staging import StagedBatch, to_arrow, write_stage

#: Every staged extract table, each with a ``source_file`` column so runs can be incremental.
STAGED_MODELS: tuple[type[Record], ...] = (FileRecord, TextRecord, RepairRecord, QuarantineRecord, RosterRow)
_NOT_RECORDS = frozenset({FileRecord.table, QuarantineRecord.table})

__all__ = ["STAGED_MODELS", "ExtractSummary", "OnFile", "UnreadableInput", "extract"]


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
    sources = find_sources(settings.raw)
    rows: dict[type[Record], list[Record | StagedBatch]] = {model: [] for model in STAGED_MODELS}
    for done, source in enumerate(sources):
        if on_file is not None:
            on_file(done, len(sources), source.source_file)
        for item in extract_file(source, settings):
            rows[item.model if isinstance(item, StagedBatch) else type(item)].append(item)
    tables: dict[str, pa.Table] = {model.table: to_arrow(model, rows[model]) for model in STAGED_MODELS}
    write_stage(settings.staged, "extract", run_id, tables)
    files = tables[FileRecord.table]
    return ExtractSummary(
        files_seen=files.num_rows,
        files_loaded=files.filter(pc.equal(files["status"], "ok")).num_rows,
        records=sum(t.num_rows for name, t in tables.items() if name not in _NOT_RECORDS),
        quarantined=tables[QuarantineRecord.table].num_rows,
        repairs_by_kind=dict(Counter(tables[RepairRecord.table]["kind"].to_pylist())),
    )
