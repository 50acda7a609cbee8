"""The grain of every warehouse table, tested: its declared key (``Record.key``) is unique and not null.

dbt's jaffle-shop declares ``unique`` and ``not_null`` beside each model; here the key is declared on the
record model in ``pipeline/records.py`` and this module checks a warehouse against it.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb

from pipeline.records import Record


def keyed_models() -> Iterator[type[Record]]:
    """Every record model that declares a key, each table once.

    >>> {"documents", "members", "member_sources"} <= {model.table for model in keyed_models()}
    True
    """
    seen: set[str] = set()
    pending = list(Record.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if model.key and model.table not in seen:
            seen.add(model.table)
            yield model


def grain_violations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per warehouse table whose key is repeated or null; tables the warehouse lacks are skipped.

    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE runs AS SELECT * FROM (VALUES ('r1'), ('r1'), (NULL)) t(run_id)")
    >>> grain_violations(con)
    ['runs: 1 rows with a null run_id, 1 repeated keys (run_id)']
    """
    tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    problems = []
    for model in sorted(keyed_models(), key=lambda model: model.table):
        if model.table not in tables:
            continue
        columns = ", ".join(f'"{column}"' for column in model.key)
        nulls = " OR ".join(f'"{column}" IS NULL' for column in model.key)
        null_rows, repeated = con.execute(
            f"SELECT count(*) FILTER (WHERE {nulls}), count(*) FILTER (WHERE NOT ({nulls}))"
            f' - count(DISTINCT ({columns})) FILTER (WHERE NOT ({nulls})) FROM "{model.table}"'
        ).fetchone()
        if null_rows or repeated:
            problems.append(
                f"{model.table}: {null_rows} rows with a null {' or '.join(model.key)}, "
                f"{repeated} repeated keys ({', '.join(model.key)})"
            )
    return problems
