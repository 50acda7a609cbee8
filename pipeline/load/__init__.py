"""The load stage: the transformed Parquet tables into a new DuckDB file, swapped in atomically.

The new warehouse is built beside the old one (``.association.duckdb.<run_id>.tmp``) and moved over it
with one ``os.replace``: notebooks that hold the old file open keep reading it, and a run killed halfway
leaves the previous warehouse untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb

from pipeline.duck import count_rows
from pipeline.errors import WarehouseError
from pipeline.fingerprint import code_fingerprint, read_manifest
from pipeline.privacy.sql import create_masked_views
from pipeline.progress import Tick, no_progress
from pipeline.records import Run
from pipeline.settings import Settings
from pipeline.staging import stage_dir, to_arrow

#: Which code built the warehouse from which staged/transform output (key, value rows).
STATE_TABLE = "warehouse_state"
#: DuckDB's memory while loading. Left to itself it keeps the new tables' blocks in memory (up to 80 %
#: of the machine: load took 750 MB at 10k documents, 437 MB at 1k), so memory grew with the input;
#: capped, it writes them out as it goes (604 MB at 10k documents at 256 MB, most of it the imports).
#: Below 512 MB it writes too little at a time: the 1M-row roster's members and member_sources took 3.5 s
#: at 256 MB, 2.7 s at 384 MB, 1.9 s at 512 MB, as fast as with no cap (10k documents: 686 MB, not 598).
LOAD_MEMORY = "512MB"
#: The storage format the warehouse is written in: the one DuckDB 1.1 reads (storage number 64), so the
#: duckdb CLI, DBeaver, R and older Python environments open it. Left at DuckDB 2.0's own format, the file
#: was refused by every reader before 2.0 ("version number 69, but we can only read versions between 64
#: and 68"). Tested with duckdb 1.1.3 in tests/load/test_storage_version.py.
STORAGE_VERSION = "v1.1.0"
_CONFIG = {"memory_limit": LOAD_MEMORY, "storage_compatibility_version": STORAGE_VERSION}
_REQUIRES = "-- requires:"


@dataclass(frozen=True)
class LoadSummary:
    rows: dict[str, int]
    views_skipped: dict[str, list[str]] = field(default_factory=dict)
    #: The previous warehouse was kept, with the new ``runs`` rows (same code, same input).
    reused: bool = False


def load(settings: Settings, run: Run, history: Sequence[Run] = (), tick: Tick = no_progress) -> LoadSummary:
    """Build the warehouse from ``staged/transform`` and record ``run`` in its ``runs`` table, with
    ``rows_quarantined`` the rows of the ``quarantine`` table it built (every one stamped with its run).

    ``runs`` keeps the previous warehouse's rows and adds the ``history`` rows it lacks (runs that
    failed or were killed before they could write the warehouse, read from the run log). When the
    previous warehouse was built by this code from the same ``staged/transform`` (a nightly run with no
    change), its copy only gains the new ``runs`` rows: much faster than a rebuild, with the same tables.
    ``tick`` is told each table made.
    """
    source = stage_dir(settings.staged, "transform", needed_by="load")
    state = {"code": code_fingerprint(), "input": read_manifest(source).get("output", "")}
    target = settings.warehouse
    scratch = target.with_name(f".{target.name}.{run.run_id}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_scratch_files(target)
        built = built_from(target)
        reuse = not settings.full and all(built.get(key) == value for key, value in state.items())
        if reuse:
            shutil.copyfile(target, scratch)
        with duckdb.connect(str(scratch), config=_CONFIG) as con:
            if not reuse:
                _create_tables(con, source, run.run_id, tick)
                _create_state(con, state, run.run_id)
                _copy_runs(con, target)
            run = run.model_copy(update={"rows_quarantined": count_rows(con, "quarantine")})
            _record_runs(con, [run, *history])
            skipped = create_views(con, dry_run=reuse)
            rows = _rows_per_table(con)
        _fsync(scratch)
        os.replace(scratch, target)
    except (OSError, duckdb.Error) as err:
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)
        raise WarehouseError(
            f"{target}: cannot write the warehouse ({err}): check that its folder is writable and has free "
            "space, or pass --warehouse FILE"
        ) from err
    return LoadSummary(rows=rows, views_skipped=skipped, reused=reuse)


def built_from(warehouse: Path) -> dict[str, str]:
    """The code and input fingerprints the warehouse was built from; empty when unknown."""
    if not warehouse.exists():
        return {}
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return {
                key: value for key, value in con.execute(f"SELECT key, value FROM {STATE_TABLE}").fetchall()
            }
    except duckdb.Error:
        return {}


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


def _create_tables(con: duckdb.DuckDBPyConnection, source: Path, run_id: str, tick: Tick) -> None:
    """One table per staged Parquet file, read by DuckDB itself (no rows pass through Python)."""
    files = sorted(source.glob("*.parquet"))
    for done, parquet in enumerate(files, start=1):
        table = parquet.stem
        run_column = "? AS run_id, " if table == "quarantine" else ""
        params = [run_id, str(parquet)] if run_column else [str(parquet)]
        con.execute(f'CREATE TABLE "{table}" AS SELECT {run_column}* FROM read_parquet(?)', params)
        tick(done, len(files), table)


def _create_state(con: duckdb.DuckDBPyConnection, state: dict[str, str], run_id: str) -> None:
    con.execute(f"CREATE TABLE {STATE_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.executemany(f"INSERT INTO {STATE_TABLE} VALUES (?, ?)", [*state.items(), ("run_id", run_id)])


def _copy_runs(con: duckdb.DuckDBPyConnection, previous: Path) -> None:
    """An empty ``runs`` table holding the run history of the previous warehouse."""
    con.register("no_runs", to_arrow(Run, []))
    con.execute("CREATE TABLE runs AS SELECT * FROM no_runs")
    con.unregister("no_runs")
    if previous.exists():
        try:
            con.execute("ATTACH ? AS previous (READ_ONLY)", [str(previous)])
            con.execute("INSERT INTO runs BY NAME SELECT * FROM previous.runs")
            con.execute("DETACH previous")
        except duckdb.Error:
            pass  # an unreadable old warehouse loses its history, not this run


def _record_runs(con: duckdb.DuckDBPyConnection, runs: Sequence[Run]) -> None:
    """Add the runs ``runs`` does not have yet.

    As SQL parameters, not an Arrow table: Arrow's conversion of Python values imports pandas, which a
    run with nothing to do does without.
    """
    known = {run_id for (run_id,) in con.execute("SELECT run_id FROM runs").fetchall()}
    names = list(Run.model_fields)
    rows = [list(run.model_dump().values()) for run in runs if run.run_id not in known]
    if rows:
        columns = ", ".join(f'"{name}"' for name in names)
        con.executemany(f"INSERT INTO runs ({columns}) VALUES ({', '.join('?' * len(names))})", rows)


def _rows_per_table(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return {name: count_rows(con, name) for (name,) in names if name != STATE_TABLE}


def create_views(con: duckdb.DuckDBPyConnection, *, dry_run: bool = False) -> dict[str, list[str]]:
    """Make the masked views (``privacy.sql``), then run each view file; one whose ``-- requires:
    table.column`` line names a missing column is skipped.

    Returns the skipped views with the columns they lack, so a view over a column still to come (say
    ``members.joined_on``) appears by itself once a later version of transform provides that column.
    ``dry_run`` only says which would be skipped (for a warehouse whose views are already made).
    """
    columns = {
        f"{table}.{column}"
        for table, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
        ).fetchall()
    }
    skipped: dict[str, list[str]] = {}
    if not dry_run:
        create_masked_views(con)
    for name, sql in view_files():
        if missing := [column for column in required_columns(sql) if column not in columns]:
            skipped[name] = missing
        elif not dry_run:
            con.execute(sql)
    return skipped


def view_files() -> list[tuple[str, str]]:
    """(view name, SQL) of every file in pipeline/load/sql/views, in name order."""
    views = resources.files("pipeline.load") / "sql" / "views"
    return [
        (path.name.removesuffix(".sql"), path.read_text(encoding="utf-8"))
        for path in sorted(views.iterdir(), key=lambda p: p.name)
        if path.name.endswith(".sql")
    ]


def required_columns(sql: str) -> list[str]:
    """The ``table.column`` names listed on ``-- requires:`` lines of a view file.

    >>> required_columns("-- requires: units.region, members.joined_on\\nSELECT 1")
    ['units.region', 'members.joined_on']
    """
    return [
        name.strip()
        for line in sql.splitlines()
        if line.startswith(_REQUIRES)
        for name in line.removeprefix(_REQUIRES).split(",")
        if name.strip()
    ]
