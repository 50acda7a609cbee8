"""The load stage swaps the warehouse in atomically: a failure leaves the old one as it was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import pipeline.load as load_stage
from pipeline import runner
from pipeline.errors import WarehouseError
from pipeline.settings import Settings
from tests.conftest import SAMPLE_DOCUMENTS, query


def test_failed_load_leaves_the_previous_warehouse_intact(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "w" / "a.duckdb")
    runner.run(settings)
    before = query(settings.warehouse, "SELECT * FROM documents ORDER BY ALL")
    (workdir / "raw" / "002_a455499d0de7c8e9.txt").unlink()

    def broken_views(con: duckdb.DuckDBPyConnection, *, dry_run: bool) -> None:
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(load_stage, "create_views", broken_views)
    with pytest.raises(WarehouseError, match="cannot write the warehouse"):
        runner.run(settings)
    assert query(settings.warehouse, "SELECT * FROM documents ORDER BY ALL") == before
    assert list(settings.warehouse.parent.glob("*.tmp")) == []
    monkeypatch.undo()
    runner.run(settings)
    runs = query(settings.warehouse, "SELECT status, files_deleted, message FROM runs ORDER BY started_at")
    assert [row[:2] for row in runs] == [("ok", 0), ("failed", 1), ("ok", 0)]
    assert "disk full" in runs[1][2]
    assert query(settings.warehouse, "SELECT count(*) FROM documents") == [(len(SAMPLE_DOCUMENTS) - 1,)]


READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
count = "SELECT count(*) FROM documents"
print(con.execute(count).fetchall()[0][0], flush=True)
sys.stdin.readline()
print(con.execute(count).fetchall()[0][0], flush=True)
"""


def test_reader_holding_the_warehouse_does_not_block_a_run(workdir: Path) -> None:
    """A notebook (another process) holds the warehouse open read-only while the nightly run swaps it."""
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "a.duckdb")
    runner.run(settings)
    (workdir / "raw" / "000_0322533452278349.txt").unlink()
    with subprocess.Popen(
        [sys.executable, "-c", READER, str(settings.warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as reader:
        assert reader.stdout is not None and reader.stdin is not None
        assert reader.stdout.readline() == f"{len(SAMPLE_DOCUMENTS)}\n"
        runner.run(settings)
        reader.stdin.write("go on\n")
        reader.stdin.flush()
        assert reader.stdout.readline() == f"{len(SAMPLE_DOCUMENTS)}\n"
    assert reader.returncode == 0
    assert query(settings.warehouse, "SELECT count(*) FROM documents") == [(len(SAMPLE_DOCUMENTS) - 1,)]
    assert len(query(settings.warehouse, "SELECT * FROM runs")) == 2
