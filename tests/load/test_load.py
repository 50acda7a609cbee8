"""The load stage swaps the warehouse in atomically: a failure leaves the old one as it was."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import pipeline.load as load_stage
from pipeline import runner
from pipeline.errors import WarehouseError
from pipeline.settings import Settings
from tests.conftest import query


def test_failed_load_leaves_the_previous_warehouse_intact(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "w" / "a.duckdb")
    runner.run(settings)
    before = query(settings.warehouse, "SELECT * FROM documents ORDER BY ALL")
    (workdir / "raw" / "002_a455499d0de7c8e9.txt").unlink()

    def broken_views(con: duckdb.DuckDBPyConnection) -> None:
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(load_stage, "_create_views", broken_views)
    with pytest.raises(WarehouseError, match="cannot write the warehouse"):
        runner.run(settings)
    assert query(settings.warehouse, "SELECT * FROM documents ORDER BY ALL") == before
    assert list(settings.warehouse.parent.glob("*.tmp")) == []


def test_reader_holding_the_warehouse_does_not_block_a_run(workdir: Path) -> None:
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "a.duckdb")
    runner.run(settings)
    with duckdb.connect(str(settings.warehouse), read_only=True) as reader:
        runner.run(settings)
        assert reader.execute("SELECT count(*) FROM documents").fetchall() == [(5,)]
    assert len(query(settings.warehouse, "SELECT * FROM runs")) == 2
