"""The extract stage: every file under raw/ into staged records with lineage, or into quarantine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.budget import Heartbeat, beats
from pipeline.errors import UnreadableInput
from pipeline.extract.incremental import (
    ExtractPlan,
    carried_rows,
    carry_over,
    extract_manifest,
    flag_deleted,
    hash_sources,
    output_fingerprint,
    plan_extract,
    previous_files,
    previous_tables,
)
from pipeline.extract.ordering import SourceFileOrder, lowest_names_after
from pipeline.extract.shrink import check_shrink
from pipeline.extract.sources import SourceFile, find_sources
from pipeline.extract.spool import SPOOL_ROWS
from pipeline.progress import Tick
from pipeline.records import (
    DroppedColumn,
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
from pipeline.staging import SpilledBatch, StagedBatch, StageWriter, arrow_schema, open_stage, to_arrow

#: Every staged extract table, each with a ``source_file`` column so runs can be incremental.
STAGED_MODELS: tuple[type[Record], ...] = (
    FileRecord,
    TextRecord,
    RepairRecord,
    QuarantineRecord,
    RosterRow,
    PageRecord,
    TablePageRecord,
    DroppedColumn,
)
_NOT_RECORDS = frozenset({FileRecord.table, QuarantineRecord.table, DroppedColumn.table})

__all__ = [
    "STAGED_MODELS",
    "ExtractSummary",
    "OnFile",
    "UnreadableInput",
    "extract",
    "extract_chunks",
    "extract_tables",
]


@dataclass(frozen=True)
class ExtractSummary:
    files_seen: int
    files_loaded: int
    records: int
    quarantined: int
    repairs_by_kind: dict[str, int]
    files_extracted: int = 0
    files_deleted: int = 0
    files_by_status: dict[str, int] = field(default_factory=dict)
    new_quarantine: tuple[QuarantineRecord, ...] = ()
    dropped_columns: tuple[DroppedColumn, ...] = ()


#: Told ``(files done, files to read, the last file's name)`` as each file is read.
OnFile = Tick
#: Files read between two hand-overs of their rows to the staged files (as Arrow, then Parquet): the
#: records of one chunk are all extract holds as Python objects.
CHUNK_FILES = 256


@dataclass
class _Written:
    """What the summary needs of the tables written: the files table (one row per file, so small enough
    to hold whole: the output fingerprint hashes all of it), the repair kinds, the fresh quarantine."""

    files: list[pa.Table] = field(default_factory=list)
    repair_kinds: Counter[str] = field(default_factory=Counter)
    quarantine: list[pa.Table] = field(default_factory=list)
    dropped: list[pa.Table] = field(default_factory=list)

    def put(self, out: StageWriter, name: str, rows: pa.Table, deleted: frozenset[str]) -> None:
        """Write ``rows`` of table ``name``, noting what the summary needs."""
        if name == FileRecord.table:
            rows = flag_deleted(rows, deleted)
            self.files.append(rows)
        elif name == RepairRecord.table:
            self.repair_kinds.update(_count_values(rows["kind"]))
        out.write(name, rows)


def _count_values(values: pa.Array | pa.ChunkedArray) -> dict[str, int]:
    """How often each value occurs, counted by Arrow (a Python string per row would weigh more than
    the table: about 2 million repairs at 100k documents).

    >>> _count_values(pa.array(["undo_gbk_shift", "convert_to_simplified", "undo_gbk_shift"]))
    {'undo_gbk_shift': 2, 'convert_to_simplified': 1}
    """
    return {row["values"]: row["counts"] for row in pc.value_counts(values).to_pylist()}


def _statuses(files: pa.Table, names: Iterable[str]) -> dict[str, int]:
    """The files of raw/ per status: ok, empty (no records), quarantined (an archive's members are not
    counted again).

    Counted in Python (one row per file): Arrow's conversion of Python values would import pandas,
    which a run with nothing to do does without.
    """
    listed = set(names)
    rows = zip(files["source_file"].to_pylist(), files["status"].to_pylist(), strict=True)
    return dict(Counter(status for name, status in rows if name in listed))


def extract(settings: Settings, run_id: str, on_file: OnFile | None = None) -> ExtractSummary:
    """Read the new and changed files under ``settings.raw`` and commit the staged tables.

    The rows of unchanged files are carried over from the previous ``staged/extract`` (all of them with
    ``settings.full``); when nothing changed, the previous hand-over stays as it is.
    """
    previous = previous_tables(settings.staged, STAGED_MODELS, settings)
    before = previous_files(previous)
    current, read = _read_changed(settings, before, on_file)
    plan = plan_extract(current, before, settings.keep_deleted)
    check_shrink(current, plan.kept_deleted, settings)
    written = _Written()
    if previous is not None and not plan.changes_output:
        counts = {name: parquet.metadata.num_rows for name, parquet in previous.items()}
        files = previous[FileRecord.table].read()
        for batch in previous[RepairRecord.table].iter_batches(columns=["kind"]):
            written.repair_kinds.update(_count_values(batch["kind"]))
    else:
        counts = _write_extract(settings, run_id, read, previous, plan, written)
        files = pa.concat_tables(written.files)
    new_quarantine = pa.concat_tables([to_arrow(QuarantineRecord, []), *written.quarantine])
    dropped = pa.concat_tables([to_arrow(DroppedColumn, []), *written.dropped])
    statuses = _statuses(files, current)
    return ExtractSummary(
        files_seen=len(current),
        files_loaded=statuses.get("ok", 0),
        files_by_status=statuses,
        records=sum(rows for name, rows in counts.items() if name not in _NOT_RECORDS),
        quarantined=counts[QuarantineRecord.table],
        repairs_by_kind=dict(written.repair_kinds),
        files_extracted=len(plan.to_read),
        files_deleted=len(plan.dropped | plan.kept_deleted),
        new_quarantine=tuple(QuarantineRecord(**row) for row in new_quarantine.to_pylist()),
        dropped_columns=tuple(DroppedColumn(**row) for row in dropped.to_pylist()),
    )


Chunks = Iterable[tuple[dict[str, pa.Table], str | None]]
#: Reads the changed files when called with the folder a reader may spill a big file's rows to.
ReadChunks = Callable[[Path], Chunks]


def _read_changed(
    settings: Settings, before: Mapping[str, tuple[str, str]], on_file: OnFile | None
) -> tuple[dict[str, str], ReadChunks]:
    """Every input file's sha256 (source_file -> sha256) and how to read the new and changed ones into
    staged tables, in chunks read as they are written (see ``extract_chunks``). A URI in
    ``settings.raw`` is listed, hashed and read by Spark tasks in one pass, and its tables come as one
    chunk."""
    if isinstance(settings.raw, str):
        from pipeline.extract.spark_engine import extract_uri_tables

        current, tables = extract_uri_tables(settings, before, STAGED_MODELS)
        return current, lambda _spill: [(tables, None)]
    sources = find_sources(settings.raw)
    current = hash_sources(sources)
    to_read = plan_extract(current, before, settings.keep_deleted).to_read
    changed = [source for source in sources if source.source_file in to_read]

    def read(spill: Path) -> Chunks:
        return extract_chunks(changed, settings.model_copy(update={"spill": spill}), on_file)

    return current, read


def _write_extract(
    settings: Settings,
    run_id: str,
    read: ReadChunks,
    previous: dict[str, pq.ParquetFile] | None,
    plan: ExtractPlan,
    written: _Written,
) -> dict[str, int]:
    """Write every staged table chunk by chunk as ``read`` reads them, merged in source_file order with
    the rows carried over from ``previous``; commit, and return the rows per table."""
    carried = carry_over(previous, plan)
    orders = {
        model.table: SourceFileOrder(carried_rows(previous, model.table, carried), arrow_schema(model))
        for model in STAGED_MODELS
    }
    with open_stage(settings.staged, "extract", run_id) as out:
        for model in STAGED_MODELS:  # every table exists, even with no rows
            out.write(model.table, to_arrow(model, []))
        with out.work_dir() as spill:
            for chunk, bound in read(spill):
                for name, rows in chunk.items():
                    if name == QuarantineRecord.table:
                        written.quarantine.append(rows)
                    elif name == DroppedColumn.table:
                        written.dropped.append(rows)
                    written.put(out, name, orders[name].add(rows, bound), carried.deleted)
        for name, order in orders.items():
            for rows in order.rest():
                written.put(out, name, rows, carried.deleted)
        manifest = extract_manifest(settings)
        manifest["output"] = output_fingerprint(manifest, pa.concat_tables(written.files))
        out.commit(manifest)
        return dict(out.rows)


def extract_chunks(
    sources: list[SourceFile], settings: Settings, on_file: OnFile | None = None
) -> Iterator[tuple[dict[str, pa.Table], str | None]]:
    """Staged tables (STAGED_MODELS) of ``sources``, ``CHUNK_FILES`` files at a time, each chunk with
    the lowest source_file later chunks can hold in its tables (None for the last): see
    ``extract.ordering``. The rows a reader spilled (``settings.spill``) come a piece at a time, each
    piece a chunk of its table alone (see ``_spilled_chunks``).

    The local engine reads the files in this process or in ``settings.workers`` processes; the Spark
    engine (optional extra ``spark``, imported only here) runs the same ``extract_file`` as Spark tasks
    and gives all its rows as one chunk (the driver collects them anyway). Both give equal tables.
    """
    if settings.engine == "spark" and sources:  # nothing new: no need to start Spark
        from pipeline.extract.spark_engine import extract_tables_with_spark

        in_memory = settings.model_copy(update={"spill": None})  # a task's folder is not the driver's
        yield extract_tables_with_spark(sources, in_memory, STAGED_MODELS), None
        return
    bounds = lowest_names_after([source.source_file for source in sources])
    with beats(settings.lock_file, "extract") as heartbeat:
        yield from _chunks(sources, settings, on_file, bounds, heartbeat)


def _chunks(
    sources: list[SourceFile],
    settings: Settings,
    on_file: OnFile | None,
    bounds: list[str | None],
    heartbeat: Heartbeat,
) -> Iterator[tuple[dict[str, pa.Table], str | None]]:
    """``extract_chunks`` of the local engine."""
    from pipeline.extract.parallel import extract_files  # the readers' libraries: only with files to read

    rows = _no_rows()
    for done, (source, items) in enumerate(extract_files(sources, settings, heartbeat)):
        if on_file is not None:
            on_file(done + 1, len(sources), source.source_file)
        for at, item in enumerate(items):
            if isinstance(item, SpilledBatch):
                yield _tables(rows), _lowest_source(items[at:], bounds[done])
                rows = _no_rows()
                later = [other for other in items[at + 1 :] if _model(other) is item.model]
                yield from _spilled_chunks(item, _lowest_source(later, bounds[done]))
            else:
                rows[_model(item)].append(item)
        if done % CHUNK_FILES == CHUNK_FILES - 1 or done == len(sources) - 1:
            yield _tables(rows), bounds[done]
            rows = _no_rows()


Item = Record | StagedBatch | SpilledBatch


def _model(item: Item) -> type[Record]:
    return type(item) if isinstance(item, Record) else item.model


def _no_rows() -> dict[type[Record], list[Record | StagedBatch]]:
    return {model: [] for model in STAGED_MODELS}


def _tables(rows: dict[type[Record], list[Record | StagedBatch]]) -> dict[str, pa.Table]:
    return {model.table: to_arrow(model, rows[model]) for model in STAGED_MODELS}


def _lowest_source(items: Iterable[Item], later_files: str | None) -> str | None:
    """The lowest source_file of ``items`` and of the files read after them (``later_files``)."""
    names = [] if later_files is None else [later_files]
    for item in items:
        if isinstance(item, StagedBatch):
            names += [pc.min(item.table["source_file"]).as_py()] if item.num_rows else []
        else:
            names.append(item.source_file)
    return min(names, default=None)


def _spilled_chunks(
    spilled: SpilledBatch, later: str | None
) -> Iterator[tuple[dict[str, pa.Table], str | None]]:
    """A spilled file's rows a piece at a time, each as a chunk of its table alone.

    The bound of each piece lets its own rows out at once (``through``, just above its source_file):
    the rows still to come with that source_file are the same file's next pieces, which follow them in
    the final order anyway, and no carried row has it (the file is read again, so its old rows are not
    carried). ``later``, the lowest source_file of the rows of that table after it, bounds the rest.
    """
    through = spilled.source_file + "\0"
    bound = through if later is None else min(through, later)
    for piece in spilled.tables(SPOOL_ROWS):
        yield {spilled.model.table: piece}, bound


def extract_tables(
    sources: list[SourceFile], settings: Settings, on_file: OnFile | None = None
) -> dict[str, pa.Table]:
    """Every staged table of ``sources`` whole, in the order files are read (``extract_chunks`` joined):
    for notebooks and tests that compare engines; ``extract`` writes the chunks as they come."""
    parts = {model.table: [to_arrow(model, [])] for model in STAGED_MODELS}
    for chunk, _ in extract_chunks(sources, settings, on_file):
        for name, rows in chunk.items():
            parts[name].append(rows)
    return {name: pa.concat_tables(tables) for name, tables in parts.items()}
