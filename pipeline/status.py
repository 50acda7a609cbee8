"""What the warehouse holds: row counts per table, the last runs, the quarantine count."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.duck import count_rows
from pipeline.errors import UsageError, WarehouseError

LAST_RUNS = 5


@dataclass(frozen=True)
class WarehouseStatus:
    warehouse: Path
    tables: dict[str, int]
    views: list[str]
    last_runs: list[dict[str, object]]
    quarantined: int


def status(warehouse: Path) -> WarehouseStatus:
    """Read the warehouse (read-only, so it never blocks a running job) and describe it."""
    if not warehouse.exists():
        raise UsageError(f"{warehouse}: no warehouse yet: run `pipeline run` first, or pass --warehouse FILE")
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
    )
