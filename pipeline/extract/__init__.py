"""The extract stage: every file under raw/ into staged records with lineage, or into quarantine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa

from pipeline.errors import UnreadableInput
from pipeline.extract.dispatch import extract_file
from pipeline.extract.sources import find_sources
from pipeline.records import FileRecord, QuarantineRecord, Record, RepairRecord, TextRecord
from pipeline.settings import Settings
from pipeline.staging import to_arrow, write_stage

STAGED_MODELS: tuple[type[Record], ...] = (FileRecord, TextRecord, RepairRecord, QuarantineRecord)

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
    rows: dict[type[Record], list[Record]] = {model: [] for model in STAGED_MODELS}
    for done, source in enumerate(sources):
        if on_file is not None:
            on_file(done, len(sources), source.source_file)
        for record in extract_file(source, settings):
            rows[type(record)].append(record)
    tables: dict[str, pa.Table] = {model.table: to_arrow(model, rows[model]) for model in STAGED_MODELS}
    write_stage(settings.staged, "extract", run_id, tables)
    files = rows[FileRecord]
    return ExtractSummary(
        files_seen=len(files),
        files_loaded=sum(1 for f in files if isinstance(f, FileRecord) and f.status == "ok"),
        records=sum(len(v) for k, v in rows.items() if k is not FileRecord and k is not QuarantineRecord),
        quarantined=len(rows[QuarantineRecord]),
        repairs_by_kind=dict(Counter(r.kind for r in rows[RepairRecord] if isinstance(r, RepairRecord))),
    )
