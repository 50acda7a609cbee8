"""--workers N extracts in parallel processes and gives the same warehouse as one worker."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO, SAMPLE_DOCUMENTS, run_pipeline, warehouse_snapshot


def test_two_workers_build_the_same_warehouse_as_one(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for copy in range(8):
        shutil.copytree(REPO / "raw", raw / f"copy{copy}")
    (raw / "broken.txt").write_bytes(b"")
    warehouses = {}
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}" / "a.duckdb"
        result = run_pipeline(
            tmp_path, "run", "--workers", workers, "--staged", f"staged{workers}", "--warehouse", str(db)
        )
        assert result.returncode == 0, result.stderr
        warehouses[workers] = warehouse_snapshot(db)
    assert warehouses["1"] == warehouses["2"]
    assert len(warehouses["1"]["documents"]) == 8 * len(SAMPLE_DOCUMENTS)
    assert len(warehouses["1"]["member_sources"]) > 8
    assert len(warehouses["1"]["quarantine"]) == 1
