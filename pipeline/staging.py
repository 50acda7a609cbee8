"""The hand-over between stages: Parquet tables in ``staged/<stage>/``, committed by atomic rename.

A stage writes its tables into ``staged/<stage>-<run_id>.tmp/``, renames that folder to
``staged/<stage>-<run_id>/`` when every table is written, then points the symlink ``staged/<stage>`` at
it with one atomic ``os.replace``. A run killed at any moment leaves the previous hand-over in place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import types
import typing
from collections.abc import Iterable, Mapping
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
}


@dataclass(frozen=True)
class StagedBatch:
    """Many rows of one record model, already columnar: the fast path for large tables (rosters).

    ``table`` must have ``arrow_schema(model)``; readers build it with that schema.
    """

    model: type[Record]
    table: pa.Table


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
    return pa.concat_tables([pa.Table.from_pylist(records, schema=schema), *batches])


def write_stage(
    staged: Path,
    stage: str,
    run_id: str,
    tables: Mapping[str, pa.Table],
    manifest: Mapping[str, str] | None = None,
) -> Path:
    """Write ``tables`` as ``staged/<stage>/<name>.parquet`` and commit them atomically.

    ``manifest`` (fingerprints, see ``pipeline.fingerprint``) is written beside them as manifest.json.
    """
    final = staged / f"{stage}-{run_id}"
    scratch = staged / f"{stage}-{run_id}.tmp"
    try:
        scratch.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            pq.write_table(table, scratch / f"{name}.parquet")
        if manifest is not None:
            (scratch / MANIFEST).write_text(json.dumps(dict(manifest), indent=1), encoding="utf-8")
        scratch.rename(final)
        link = staged / f".{stage}.link-{run_id}"
        link.unlink(missing_ok=True)
        link.symlink_to(final.name)
        os.replace(link, staged / stage)
    except OSError as err:
        raise PipelineError(
            f"{staged}: cannot write the {stage} hand-over ({err.strerror or err}): "
            "check that the folder is writable and the disk is not full, or pass --staged DIR"
        ) from err
    _remove_old_versions(staged, stage, keep=final.name)
    return staged / stage


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


def _remove_old_versions(staged: Path, stage: str, keep: str) -> None:
    for old in staged.glob(f"{stage}-*"):
        if old.name != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    for link in staged.glob(f".{stage}.link-*"):
        link.unlink(missing_ok=True)
