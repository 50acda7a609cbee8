"""What the warehouse holds: row counts per table, the last runs, the quarantine count."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.duck import count_rows
from pipeline.errors import UsageError, WarehouseError
from pipeline.lock import describe_holder, is_stale, read_owner
from pipeline.settings import Settings

LAST_RUNS = 5


@dataclass(frozen=True)
class WarehouseStatus:
    warehouse: Path
    tables: dict[str, int]
    views: list[str]
    last_runs: list[dict[str, object]]
    quarantined: int
    running: str | None = None  # the run holding the lock and the file it is on, if any


def running_run(warehouse: Path) -> str | None:
    """The live run holding the warehouse's lock, with the file it is on and for how long; else None."""
    lock = Settings(warehouse=warehouse).lock_file
    owner = read_owner(lock)
    return None if owner is None or is_stale(owner) else describe_holder(lock, owner)


def status(warehouse: Path) -> WarehouseStatus:
    """Read the warehouse (read-only, so it never blocks a running job) and describe it."""
    if not warehouse.exists():
        running = running_run(warehouse)
        doing = f" (a run is making it: {running})" if running else ""
        raise UsageError(
            f"{warehouse}: no warehouse yet{doing}: run `pipeline run` first, or pass --warehouse FILE"
        )
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            names = con.execute(
                "SELECT table_name, table_type FROM information_schema.tables ORDER BY table_name"
            ).fetchall()
            tables = {name: count_rows(con, name) for name, kind in names if kind == "BASE TABLE"}
            cursor = con.execute(f"SELECT * FROM runs ORDER BY started_at DESC LIMIT {LAST_RUNS}")
            columns = [d[0] for d in cursor.description]
            runs = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    except duckdb.Error as err:
        raise WarehouseError(
            f"{warehouse}: cannot read the warehouse ({err}): rebuild it with `pipeline run`"
        ) from err
    return WarehouseStatus(
        warehouse=warehouse,
        tables=tables,
        views=[name for name, kind in names if kind == "VIEW"],
        last_runs=runs,
        quarantined=tables.get("quarantine", 0),
        running=running_run(warehouse),
    )
