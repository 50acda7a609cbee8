"""The load stage: the transformed Parquet tables into a new DuckDB file, swapped in atomically.

The new warehouse is built beside the old one (``.association.duckdb.<run_id>.tmp``) and moved over it
with one ``os.replace``: notebooks that hold the old file open keep reading it, and a run killed halfway
leaves the previous warehouse untouched.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from pipeline.duck import count_rows
from pipeline.errors import WarehouseError
from pipeline.records import Run
from pipeline.settings import Settings
from pipeline.staging import stage_dir, to_arrow

RUN_COLUMNS = ", ".join(Run.model_fields)


@dataclass(frozen=True)
class LoadSummary:
    rows: dict[str, int]


def load(settings: Settings, run: Run) -> LoadSummary:
    """Build the warehouse from ``staged/transform`` and record ``run`` in its ``runs`` table."""
    source = stage_dir(settings.staged, "transform", needed_by="load")
    target = settings.warehouse
    scratch = target.with_name(f".{target.name}.{run.run_id}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_scratch_files(target)
        with duckdb.connect(str(scratch)) as con:
            rows = _create_tables(con, source, run.run_id)
            _copy_runs(con, target, run)
            _create_views(con)
            rows["runs"] = count_rows(con, "runs")
        _fsync(scratch)
        os.replace(scratch, target)
    except (OSError, duckdb.Error) as err:
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)
        raise WarehouseError(
            f"{target}: cannot write the warehouse ({err}): check that its folder is writable and has free "
            "space, or pass --warehouse FILE"
        ) from err
    return LoadSummary(rows=rows)


def _remove_scratch_files(target: Path) -> None:
    """Half-built warehouses (and their WAL files) left by runs that were killed."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Make the new file durable before it replaces the old one."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _create_tables(con: duckdb.DuckDBPyConnection, source: Path, run_id: str) -> dict[str, int]:
    rows: dict[str, int] = {}
    for parquet in sorted(source.glob("*.parquet")):
        table = parquet.stem
        run_column = "? AS run_id, " if table == "quarantine" else ""
        params = [run_id, str(parquet)] if run_column else [str(parquet)]
        con.execute(f'CREATE TABLE "{table}" AS SELECT {run_column}* FROM read_parquet(?)', params)
        rows[table] = count_rows(con, table)
    return rows


def _copy_runs(con: duckdb.DuckDBPyConnection, previous: Path, run: Run) -> None:
    """This run and the run history of the previous warehouse."""
    con.register("current_run", to_arrow(Run, [run]))
    con.execute("CREATE TABLE runs AS SELECT * FROM current_run")
    con.unregister("current_run")
    if previous.exists():
        try:
            con.execute("ATTACH ? AS previous (READ_ONLY)", [str(previous)])
            con.execute(f"INSERT INTO runs SELECT {RUN_COLUMNS} FROM previous.runs")
            con.execute("DETACH previous")
        except duckdb.Error:
            pass  # an unreadable old warehouse loses its history, not this run


def _create_views(con: duckdb.DuckDBPyConnection) -> None:
    views = resources.files("pipeline.load") / "sql" / "views"
    for sql in sorted(views.iterdir(), key=lambda p: p.name):
        if sql.name.endswith(".sql"):
            con.execute(sql.read_text(encoding="utf-8"))
