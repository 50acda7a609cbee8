"""The extract stage: every file under raw/ into staged records with lineage, or into quarantine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.errors import UnreadableInput
from pipeline.extract.incremental import (
    extract_manifest,
    hash_sources,
    merge_tables,
    output_fingerprint,
    plan_extract,
    previous_files,
    previous_tables,
)
from pipeline.extract.parallel import extract_files
from pipeline.extract.sources import SourceFile, find_sources
from pipeline.records import (
    FileRecord,
    PageRecord,
    QuarantineRecord,
    Record,
    RepairRecord,
    RosterRow,
    TablePageRecord,
    TextRecord,
)
from pipeline.settings import Settings
from pipeline.staging import StagedBatch, to_arrow, write_stage

#: Every staged extract table, each with a ``source_file`` column so runs can be incremental.
STAGED_MODELS: tuple[type[Record], ...] = (
    FileRecord,
    TextRecord,
    RepairRecord,
    QuarantineRecord,
    RosterRow,
    PageRecord,
    TablePageRecord,
)
_NOT_RECORDS = frozenset({FileRecord.table, QuarantineRecord.table})

__all__ = ["STAGED_MODELS", "ExtractSummary", "OnFile", "UnreadableInput", "extract", "extract_tables"]


@dataclass(frozen=True)
class ExtractSummary:
    files_seen: int
    files_loaded: int
    records: int
    quarantined: int
    repairs_by_kind: dict[str, int]
    files_extracted: int = 0
    files_deleted: int = 0
    new_quarantine: tuple[QuarantineRecord, ...] = ()


OnFile = Callable[[int, int, str], None]
#: Files between two conversions of the records read so far to Arrow (a record object weighs several
#: times its Arrow row, so converting as we go keeps the memory of a big corpus down).
_COMPACT_EVERY = 256


def _compact(rows: dict[type[Record], list[Record | StagedBatch]]) -> None:
    """Each model's rows as one Arrow batch."""
    for model, items in rows.items():
        if len(items) > 1:
            rows[model] = [StagedBatch(model, to_arrow(model, items))]


def _loaded(files: pa.Table, names: Iterable[str]) -> int:
    """Files of raw/ read without a whole-file failure (an archive's members are not counted again)."""
    listed = pa.array(list(names), pa.string())
    ok = pc.and_(pc.equal(files["status"], "ok"), pc.is_in(files["source_file"], value_set=listed))
    return files.filter(ok).num_rows


def extract(settings: Settings, run_id: str, on_file: OnFile | None = None) -> ExtractSummary:
    """Read the new and changed files under ``settings.raw`` and commit the staged tables.

    The rows of unchanged files are carried over from the previous ``staged/extract`` (all of them with
    ``settings.full``); when nothing changed, the previous hand-over stays as it is.
    """
    previous = previous_tables(settings.staged, STAGED_MODELS, settings)
    before = previous_files(previous)
    current, fresh = _read_changed(settings, before, on_file)
    plan = plan_extract(current, before, settings.keep_deleted)
    if previous is not None and not plan.changes_output:
        counts = {name: parquet.metadata.num_rows for name, parquet in previous.items()}
        files = previous[FileRecord.table].read()
        repair_kinds = previous[RepairRecord.table].read(columns=["kind"])["kind"]
    else:
        tables = merge_tables(fresh, previous, plan)
        manifest = extract_manifest(settings)
        manifest["output"] = output_fingerprint(manifest, tables[FileRecord.table])
        write_stage(settings.staged, "extract", run_id, tables, manifest)
        counts = {name: table.num_rows for name, table in tables.items()}
        files, repair_kinds = tables[FileRecord.table], tables[RepairRecord.table]["kind"]
    return ExtractSummary(
        files_seen=len(current),
        files_loaded=_loaded(files, current),
        records=sum(rows for name, rows in counts.items() if name not in _NOT_RECORDS),
        quarantined=counts[QuarantineRecord.table],
        repairs_by_kind=dict(Counter(repair_kinds.to_pylist())),
        files_extracted=len(plan.to_read),
        files_deleted=len(plan.dropped | plan.kept_deleted),
        new_quarantine=tuple(QuarantineRecord(**r) for r in fresh[QuarantineRecord.table].to_pylist()),
    )


def _read_changed(
    settings: Settings, before: Mapping[str, tuple[str, str]], on_file: OnFile | None
) -> tuple[dict[str, str], dict[str, pa.Table]]:
    """Every input file's sha256 (source_file -> sha256) and the staged tables of the new and changed
    ones. A URI in ``settings.raw`` is listed, hashed and read by Spark tasks in one pass."""
    if isinstance(settings.raw, str):
        from pipeline.extract.spark_engine import extract_uri_tables

        return extract_uri_tables(settings, before, STAGED_MODELS)
    sources = find_sources(settings.raw)
    current = hash_sources(sources)
    to_read = plan_extract(current, before, settings.keep_deleted).to_read
    return current, extract_tables([s for s in sources if s.source_file in to_read], settings, on_file)


def extract_tables(
    sources: list[SourceFile], settings: Settings, on_file: OnFile | None = None
) -> dict[str, pa.Table]:
    """Every staged table (STAGED_MODELS) from ``sources``, by the engine ``settings.engine`` names.

    The local engine reads the files in this process or in ``settings.workers`` processes; the Spark
    engine (optional extra ``spark``, imported only here) runs the same ``extract_file`` as Spark tasks.
    Both give equal tables.
    """
    if settings.engine == "spark" and sources:  # nothing new: no need to start Spark
        from pipeline.extract.spark_engine import extract_tables_with_spark

        return extract_tables_with_spark(sources, settings, STAGED_MODELS)
    rows: dict[type[Record], list[Record | StagedBatch]] = {model: [] for model in STAGED_MODELS}
    for done, (source, items) in enumerate(extract_files(sources, settings)):
        if on_file is not None:
            on_file(done, len(sources), source.source_file)
        for item in items:
            rows[item.model if isinstance(item, StagedBatch) else type(item)].append(item)
        if done % _COMPACT_EVERY == _COMPACT_EVERY - 1:
            _compact(rows)
    return {model.table: to_arrow(model, rows[model]) for model in STAGED_MODELS}
