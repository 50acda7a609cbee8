"""--workers N extracts files and reads documents in parallel processes: the same warehouse as one worker."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.nightly_refresh import write_corpus
from pipeline.staging import read_batches
from pipeline.transform.parallel import document_readers, read_texts
from tests.conftest import REPO, SAMPLE_DOCUMENTS, run_pipeline, warehouse_snapshot

GENERATED = 12


def test_two_workers_build_the_same_warehouse_as_one(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for copy in range(8):
        shutil.copytree(REPO / "raw", raw / f"copy{copy}")
    write_corpus(raw / "generated", GENERATED)
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
    assert len(warehouses["1"]["documents"]) == 8 * len(SAMPLE_DOCUMENTS) + GENERATED
    assert len(warehouses["1"]["activities"]) > 8
    assert len(warehouses["1"]["member_sources"]) > 8
    assert len(warehouses["1"]["quarantine"]) == 1


def test_documents_read_by_two_processes_come_back_whole_and_in_order(tmp_path: Path) -> None:
    write_corpus(tmp_path / "raw", GENERATED)
    assert run_pipeline(tmp_path, "extract", "--staged", "staged").returncode == 0
    texts = [
        row for batch in read_batches(tmp_path / "staged" / "extract", "texts") for row in batch.to_pylist()
    ]
    alone = read_texts(texts)
    with document_readers(2) as readers:
        shared = readers.read(texts)
        assert readers.pool is not None  # the other processes did read
    assert shared == alone
    assert [d.source_file for d in shared.tables.documents] == [row["source_file"] for row in texts]
    assert len(shared.facts.unit_mentions) > GENERATED
