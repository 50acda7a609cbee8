"""The load stage: the transformed Parquet tables into a new DuckDB file, swapped in atomically.

The new warehouse is built beside the old one (``.association.duckdb.<run_id>.tmp``) and moved over it
with one ``os.replace``: notebooks that hold the old file open keep reading it, and a run killed halfway
leaves the previous warehouse untouched.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb

from pipeline.duck import count_rows
from pipeline.errors import WarehouseError
from pipeline.records import Run
from pipeline.settings import Settings
from pipeline.staging import stage_dir, to_arrow

_NEW_RUN = "run_id NOT IN (SELECT run_id FROM runs)"
_REQUIRES = "-- requires:"


@dataclass(frozen=True)
class LoadSummary:
    rows: dict[str, int]
    views_skipped: dict[str, list[str]] = field(default_factory=dict)


def load(settings: Settings, run: Run, history: Sequence[Run] = ()) -> LoadSummary:
    """Build the warehouse from ``staged/transform`` and record ``run`` in its ``runs`` table.

    ``runs`` keeps the previous warehouse's rows and adds the ``history`` rows it lacks (runs that
    failed or were killed before they could write the warehouse, read from the run log).
    """
    source = stage_dir(settings.staged, "transform", needed_by="load")
    target = settings.warehouse
    scratch = target.with_name(f".{target.name}.{run.run_id}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch.unlink(missing_ok=True)
        with duckdb.connect(str(scratch)) as con:
            rows = _create_tables(con, source, run.run_id)
            _copy_runs(con, target, run, history)
            skipped = create_views(con)
            rows["runs"] = count_rows(con, "runs")
        os.replace(scratch, target)
    except (OSError, duckdb.Error) as err:
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)
        raise WarehouseError(
            f"{target}: cannot write the warehouse ({err}): check that its folder is writable and has free "
            "space, or pass --warehouse FILE"
        ) from err
    return LoadSummary(rows=rows, views_skipped=skipped)


def _create_tables(con: duckdb.DuckDBPyConnection, source: Path, run_id: str) -> dict[str, int]:
    rows: dict[str, int] = {}
    for parquet in sorted(source.glob("*.parquet")):
        table = parquet.stem
        run_column = "? AS run_id, " if table == "quarantine" else ""
        params = [run_id, str(parquet)] if run_column else [str(parquet)]
        con.execute(f'CREATE TABLE "{table}" AS SELECT {run_column}* FROM read_parquet(?)', params)
        rows[table] = count_rows(con, table)
    return rows


def _copy_runs(con: duckdb.DuckDBPyConnection, previous: Path, run: Run, history: Sequence[Run]) -> None:
    """This run, the run history of the previous warehouse, and the logged runs it does not have."""
    con.register("current_run", to_arrow(Run, [run]))
    con.execute("CREATE TABLE runs AS SELECT * FROM current_run")
    con.unregister("current_run")
    if previous.exists():
        try:
            con.execute("ATTACH ? AS previous (READ_ONLY)", [str(previous)])
            con.execute(f"INSERT INTO runs BY NAME SELECT * FROM previous.runs WHERE {_NEW_RUN}")
            con.execute("DETACH previous")
        except duckdb.Error:
            pass  # an unreadable old warehouse loses its history, not this run
    con.register("logged_runs", to_arrow(Run, history))
    con.execute(f"INSERT INTO runs SELECT * FROM logged_runs WHERE {_NEW_RUN}")
    con.unregister("logged_runs")


def create_views(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Run each view file; one whose ``-- requires: table.column`` line names a missing column is skipped.

    Returns the skipped views with the columns they lack, so a view over a column still to come (say
    ``members.joined_on``) appears by itself once a later version of transform provides that column.
    """
    columns = {
        f"{table}.{column}"
        for table, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
        ).fetchall()
    }
    skipped: dict[str, list[str]] = {}
    views = resources.files("pipeline.load") / "sql" / "views"
    for sql_file in sorted(views.iterdir(), key=lambda p: p.name):
        if sql_file.name.endswith(".sql"):
            sql = sql_file.read_text(encoding="utf-8")
            if missing := [name for name in required_columns(sql) if name not in columns]:
                skipped[sql_file.name.removesuffix(".sql")] = missing
            else:
                con.execute(sql)
    return skipped


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
