"""Every warehouse table's declared key (``Record.key``) is unique and not null."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import runner
from pipeline.load.grain import grain_violations, keyed_models
from pipeline.settings import Settings


def test_the_sample_warehouse_keeps_the_grain_of_every_table(workdir: Path) -> None:
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "w" / "a.duckdb")
    runner.run(settings)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert grain_violations(con) == []
    checked = {model.table for model in keyed_models()} & tables
    assert {"documents", "members", "member_sources", "units", "activities", "runs"} <= checked


def test_a_repeated_or_null_key_is_reported(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute(
            "CREATE TABLE member_sources AS SELECT * FROM (VALUES ('a.xlsx', 'S1', 2), ('a.xlsx', 'S1', 2), "
            "('a.xlsx', 'S1', 3), ('a.xlsx', NULL, 4)) t(source_file, sheet, row)"
        )
        assert grain_violations(con) == [
            "member_sources: 1 rows with a null source_file or sheet or row, "
            "1 repeated keys (source_file, sheet, row)"
        ]
