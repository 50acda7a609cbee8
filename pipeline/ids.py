"""Stable identifiers: the same input always gives the same id."""

from __future__ import annotations

import hashlib

import duckdb
import pyarrow as pa


def stable_id(prefix: str, *parts: object) -> str:
    """``prefix``, an underscore and 16 hex digits of the sha256 of the parts.

    >>> stable_id("doc", "notices/002.txt") == stable_id("doc", "notices/002.txt")
    True
    >>> len(stable_id("doc", "notices/002.txt"))
    20
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


def stable_ids(prefix: str, keys: pa.Array) -> pa.Array:
    """``stable_id(prefix, key)`` for a column of one-part keys, hashed by DuckDB in one pass.

    >>> stable_ids("mem", pa.array(["id:11010519491231002X"])).to_pylist() == [
    ...     stable_id("mem", "id:11010519491231002X")]
    True
    """
    with duckdb.connect() as con:
        con.register("stable_keys", pa.table({"key": keys}))
        hashed = con.sql(f"SELECT {stable_id_sql(prefix, 'key')} AS id FROM stable_keys").to_arrow_table()
    return hashed["id"].combine_chunks()


def stable_id_sql(prefix: str, column: str) -> str:
    """The DuckDB expression of ``stable_id(prefix, <column>)``, for ids made inside a query.

    >>> stable_id_sql("mem", "person")
    "'mem_' || left(sha256(person), 16)"
    """
    return f"'{prefix}_' || left(sha256({column}), 16)"
