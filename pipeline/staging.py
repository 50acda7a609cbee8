"""The hand-over between stages: Parquet tables in ``staged/<stage>/``, committed by atomic rename.

A stage appends its tables batch by batch into ``staged/<stage>-<run_id>.tmp/`` (``open_stage``), renames
that folder to ``staged/<stage>-<run_id>/`` when every table is written, then points the symlink
``staged/<stage>`` at it with one atomic ``os.replace``. A run killed at any moment leaves the previous
hand-over in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import types
import typing
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import PipelineError, StageInputMissing
from pipeline.fingerprint import MANIFEST
from pipeline.records import Record

_ARROW_TYPES: dict[object, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    dt.date: pa.date32(),
    dt.datetime: pa.timestamp("us"),
    list[str]: pa.list_(pa.string()),
    list[float]: pa.list_(pa.float64()),
}


@dataclass(frozen=True)
class StagedBatch:
    """Many rows of one record model, already columnar: the fast path for large tables (rosters).

    ``table`` must have ``arrow_schema(model)``; readers build it with that schema.
    """

    model: type[Record]
    table: pa.Table

    @property
    def num_rows(self) -> int:
        return self.table.num_rows


@dataclass(frozen=True)
class SpilledBatch:
    """Many rows of one record model that a reader wrote to ``path`` (an Arrow IPC stream) instead of
    holding them: the rows of one big file, all of them ``source_file``'s (see ``extract.spool``).

    A path crosses from a worker process to the stage for nothing, where the rows would be pickled.
    """

    model: type[Record]
    source_file: str
    path: Path
    num_rows: int

    def tables(self, rows: int) -> Iterator[pa.Table]:
        """The rows in order, about ``rows`` at a time (so each becomes one Parquet row group); the file
        is removed once read."""
        pending: list[pa.RecordBatch] = []
        held = 0
        with pa.OSFile(str(self.path)) as file, pa.ipc.open_stream(file) as stream:
            for batch in stream:
                pending.append(batch)
                held += len(batch)
                if held >= rows:
                    yield pa.Table.from_batches(pending)
                    pending, held = [], 0
        if pending:
            yield pa.Table.from_batches(pending)
        self.path.unlink(missing_ok=True)


def arrow_schema(model: type[Record]) -> pa.Schema:
    """The Arrow schema of a record model: its fields in order, ``X | None`` nullable."""
    hints = typing.get_type_hints(model)
    fields = []
    for name in model.model_fields:
        hint = hints[name]
        args = typing.get_args(hint)
        nullable = isinstance(hint, types.UnionType) and type(None) in args
        base = next(a for a in args if a is not type(None)) if nullable else hint
        fields.append(pa.field(name, _ARROW_TYPES[base], nullable=nullable))
    return pa.schema(fields)


def to_arrow(model: type[Record], rows: Iterable[Record | StagedBatch]) -> pa.Table:
    """Records (and batches) of one model as one Arrow table with the model's schema."""
    schema = arrow_schema(model)
    records = [row.model_dump() for row in rows if isinstance(row, Record)]
    batches = [row.table for row in rows if isinstance(row, StagedBatch)]
    # No records: no Python rows to convert (converting imports pandas, which a no-change run does without).
    first = pa.Table.from_pylist(records, schema=schema) if records else pa.Table.from_batches([], schema)
    return pa.concat_tables([first, *batches])


#: Rows per row group of the hand-over's tables that are written aligned (``open_stage(aligned=...)``):
#: DuckDB's own row group size. DuckDB loads a file whose row groups are whole row groups of its own
#: about twice as fast: other sizes leave partial row groups that it merges and writes again when the
#: load commits (the 1M-row members and member_sources: 1.8 s against 3.8 s in row groups of 1M rows and
#: 5.0 s in row groups of 131,072).
ROW_GROUP_ROWS = 122_880
#: The rows a writer holds short of whole row groups, all aligned tables together: beyond it, the table
#: holding the most writes them as a row group of their own. 96 MB holds the members and member_sources
#: of a roster (63 MB at 1M rows). Holding costs memory beyond the bytes held (a held slice keeps its
#: batch): aligning every table took a 10,000-document extract from 614 MB to 754 MB.
HELD_BYTES = 96 << 20


class StageWriter:
    """One stage's hand-over being written: each table appended to its Parquet file batch by batch.

    A stage hands its rows over as it makes them (``write`` adds a batch to the table's file, one
    ``pyarrow.parquet.ParquetWriter`` per table in ``staged/<stage>-<run_id>.tmp/``), so its memory
    follows one batch, not the whole output; the ``aligned`` tables (big, narrow, loaded into DuckDB)
    are written in row groups of ``ROW_GROUP_ROWS`` whatever the batches' sizes (or smaller, as
    ``HELD_BYTES`` allows), the others a row group per batch. Nothing is visible to the
    next stage until ``commit`` renames the folder and swaps the ``staged/<stage>`` symlink: a run
    killed while writing leaves the previous hand-over in place (the next commit removes the
    half-written folder). Use it through ``open_stage``, which closes the files and removes the folder
    when the stage fails.
    """

    def __init__(self, staged: Path, stage: str, run_id: str, aligned: Collection[str] = ()) -> None:
        self.staged, self.stage, self.run_id = staged, stage, run_id
        self.scratch = staged / f"{stage}-{run_id}.tmp"
        self.rows: dict[str, int] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._aligned = frozenset(aligned)
        self._held: dict[str, pa.Table] = {}  # rows of the aligned tables short of a whole row group

    def write(self, name: str, table: pa.Table) -> None:
        """Append ``table`` to ``<name>.parquet``; the first write of a name sets its schema (even empty)."""
        with self.on_os_error():
            if name not in self._writers:
                self.scratch.mkdir(parents=True, exist_ok=True)
                self._writers[name] = pq.ParquetWriter(self.scratch / f"{name}.parquet", table.schema)
                self.rows[name] = 0
            self.rows[name] += table.num_rows
            if name not in self._aligned:
                if table.num_rows:
                    self._writers[name].write_table(table)
                return
            rows = pa.concat_tables([self._held.get(name, table.slice(0, 0)), table])
            whole = rows.num_rows // ROW_GROUP_ROWS * ROW_GROUP_ROWS
            if whole:
                self._writers[name].write_table(rows.slice(0, whole), row_group_size=ROW_GROUP_ROWS)
            self._held[name] = rows.slice(whole)
            self._hold_at_most(HELD_BYTES)

    def _hold_at_most(self, limit: int) -> None:
        """Write the held rows of the table holding the most until the aligned tables hold ``limit`` bytes
        or less together."""
        while sum(held.nbytes for held in self._held.values()) > limit:
            name = max(self._held, key=lambda table: self._held[table].nbytes)
            self._writers[name].write_table(self._held[name])
            self._held[name] = self._held[name].slice(0, 0)

    def commit(self, manifest: Mapping[str, str] | None = None) -> Path:
        """Close every table, write ``manifest`` (see ``pipeline.fingerprint``) as manifest.json, and
        make the folder the stage's committed hand-over."""
        final = self.staged / f"{self.stage}-{self.run_id}"
        with self.on_os_error():
            self.scratch.mkdir(parents=True, exist_ok=True)
            self._close()
            if manifest is not None:
                (self.scratch / MANIFEST).write_text(json.dumps(dict(manifest), indent=1), encoding="utf-8")
            self.scratch.rename(final)
            link = self.staged / f".{self.stage}.link-{self.run_id}"
            link.unlink(missing_ok=True)
            link.symlink_to(final.name)
            os.replace(link, self.staged / self.stage)
        _remove_old_versions(self.staged, self.stage, keep=final.name)
        return self.staged / self.stage

    @contextlib.contextmanager
    def work_dir(self) -> Iterator[Path]:
        """An empty folder ``<stage>-<run_id>.work`` beside the hand-over for the stage's work files,
        removed when the block ends (after a killed run, with the stage's other leftovers at the next
        commit)."""
        work = self.scratch.with_suffix(".work")
        try:
            with self.on_os_error():
                shutil.rmtree(work, ignore_errors=True)
                work.mkdir(parents=True)
            yield work
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def abandon(self) -> None:
        """Close the files and remove the unfinished folder (the committed hand-over stays)."""
        self._held.clear()  # nothing more is written
        with contextlib.suppress(OSError):
            self._close()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _close(self) -> None:
        while self._writers:
            name, writer = self._writers.popitem()
            if (rest := self._held.pop(name, None)) is not None and rest.num_rows:
                writer.write_table(rest)
            writer.close()

    @contextlib.contextmanager
    def on_os_error(self) -> Iterator[None]:
        """An OSError inside the block (a full disk, a read-only folder) as a one-line PipelineError;
        for the stage's own files and any work files it keeps beside them."""
        try:
            yield
        except OSError as err:
            raise PipelineError(
                f"{self.staged}: cannot write the {self.stage} hand-over ({err.strerror or err}): "
                "check that the folder is writable and the disk is not full, or pass --staged DIR"
            ) from err


@contextlib.contextmanager
def open_stage(staged: Path, stage: str, run_id: str, aligned: Collection[str] = ()) -> Iterator[StageWriter]:
    """A ``StageWriter`` for ``staged/<stage>`` (``aligned``: the tables written in whole row groups of
    DuckDB's size); when the block fails before ``commit``, nothing is kept."""
    writer = StageWriter(staged, stage, run_id, aligned)
    try:
        yield writer
    except BaseException:
        writer.abandon()
        raise


def write_stage(
    staged: Path,
    stage: str,
    run_id: str,
    tables: Mapping[str, pa.Table],
    manifest: Mapping[str, str] | None = None,
) -> Path:
    """Write whole ``tables`` as ``staged/<stage>/<name>.parquet`` and commit them atomically."""
    with open_stage(staged, stage, run_id) as out:
        for name, table in tables.items():
            out.write(name, table)
        return out.commit(manifest)


def stage_dir(staged: Path, stage: str, needed_by: str) -> Path:
    """The committed folder of ``stage``; a clear error when that stage has not run yet."""
    path = staged / stage
    if not path.is_dir():
        raise StageInputMissing(
            f"{path}: no {stage} output to {needed_by}: run `pipeline {stage}` first (or `pipeline run`)"
        )
    return path


def read_table(folder: Path, name: str) -> pa.Table:
    return pq.read_table(folder / f"{name}.parquet")


def read_batches(folder: Path, name: str, rows: int = 65_536) -> Iterator[pa.Table]:
    """A staged table ``rows`` rows at a time, in order: for stages that hand over as they go."""
    for batch in open_parquet(folder / f"{name}.parquet").iter_batches(batch_size=rows):
        yield pa.Table.from_batches([batch])


def open_parquet(path: Path) -> pq.ParquetFile:
    """A Parquet file to read batch by batch in flat memory.

    With pyarrow's default ``pre_buffer`` a reader keeps every row group it has read: reading a
    100k-document texts table 500 documents at a time grew by the file's size (152 MB of Arrow memory
    for a 146 MB file, against 13 MB without).
    """
    return pq.ParquetFile(path, pre_buffer=False)


def _remove_old_versions(staged: Path, stage: str, keep: str) -> None:
    for old in staged.glob(f"{stage}-*"):
        if old.name != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    for link in staged.glob(f".{stage}.link-*"):
        link.unlink(missing_ok=True)
