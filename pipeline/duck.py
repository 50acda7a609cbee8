"""Small helpers around DuckDB connections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import UsageError, WarehouseError


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """The single value a query returns (the result is read to its end, as DuckDB requires)."""
    return con.execute(sql, params or []).fetchall()[0][0]


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(scalar(con, f'SELECT count(*) FROM "{table}"'))


def open_warehouse(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only: it never blocks nor is broken by a nightly run."""
    if not warehouse.exists():
        raise UsageError(f"{warehouse}: no warehouse yet: run `pipeline run` first, or pass --warehouse FILE")
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as err:
        raise WarehouseError(
            f"{warehouse}: cannot open the warehouse ({err}): rebuild it with `pipeline run`"
        ) from err
