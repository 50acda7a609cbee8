"""Small helpers around DuckDB connections."""

from __future__ import annotations

from typing import Any

import duckdb


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """The single value a query returns (the result is read to its end, as DuckDB requires)."""
    return con.execute(sql, params or []).fetchall()[0][0]


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(scalar(con, f'SELECT count(*) FROM "{table}"'))
