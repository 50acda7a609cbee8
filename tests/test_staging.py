"""The stage hand-over: tables appended batch by batch equal one whole write, and only a commit shows."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline.staging
from pipeline.records import Document, RepairRecord
from pipeline.staging import ROW_GROUP_ROWS, open_stage, read_table, stage_dir, to_arrow, write_stage
from tests.conftest import REPO


def repairs(count: int, start: int = 0) -> list[RepairRecord]:
    return [
        RepairRecord(
            doc_id=f"d{i:04d}",
            source_file=f"{2000 + i % 3}年/通知（{i:04d}）.txt",
            line=i,
            kind="convert_to_simplified",
            before="協會",
            after="协会",
            confidence=1.0,
        )
        for i in range(start, start + count)
    ]


def committed(staged: Path, stage: str) -> dict[str, list[dict]]:
    folder = stage_dir(staged, stage, needed_by="a test")
    return {path.stem: pq.read_table(path).to_pylist() for path in sorted(folder.glob("*.parquet"))}


def test_a_stage_written_in_chunks_equals_one_write(tmp_path: Path) -> None:
    rows = repairs(25)
    write_stage(tmp_path / "whole", "extract", "r1", {"repairs": to_arrow(RepairRecord, rows)})
    with open_stage(tmp_path / "chunks", "extract", "r1") as out:
        out.write("documents", to_arrow(Document, []))
        for start in range(0, 25, 7):
            out.write("repairs", to_arrow(RepairRecord, rows[start : start + 7]))
        out.commit({"output": "x"})
    chunked = committed(tmp_path / "chunks", "extract")
    assert chunked["repairs"] == committed(tmp_path / "whole", "extract")["repairs"]
    assert chunked["documents"] == [] and out.rows == {"documents": 0, "repairs": 25}
    assert pq.ParquetFile(tmp_path / "chunks" / "extract" / "repairs.parquet").metadata.num_row_groups == 4


def test_aligned_tables_are_written_in_row_groups_of_duckdbs_size(tmp_path: Path) -> None:
    """DuckDB loads whole row groups of its own size twice as fast (see ``ROW_GROUP_ROWS``)."""
    sizes = [100_000, 100_000, 0, 50_000, 1]
    with open_stage(tmp_path, "transform", "r1", aligned=["members"]) as out:
        start = 0
        for size in sizes:
            out.write("members", pa.table({"seq": pa.array(range(start, start + size), pa.int64())}))
            start += size
        out.commit()
    parquet = pq.ParquetFile(tmp_path / "transform" / "members.parquet")
    groups = [parquet.metadata.row_group(i).num_rows for i in range(parquet.metadata.num_row_groups)]
    assert groups == [ROW_GROUP_ROWS, ROW_GROUP_ROWS, sum(sizes) - 2 * ROW_GROUP_ROWS]
    assert parquet.read()["seq"].to_pylist() == list(range(sum(sizes)))


def test_wide_aligned_rows_are_written_before_a_whole_row_group_is_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table of documents' texts must not hold 122,880 documents in memory to fill a row group."""
    monkeypatch.setattr(pipeline.staging, "HELD_BYTES", 250_000)
    texts = ["协会" * 500] * 100  # 3 kB a row, 300 kB a batch
    with open_stage(tmp_path, "transform", "r1", aligned=["texts"]) as out:
        for batch in range(5):
            out.write("texts", pa.table({"doc": [f"{batch}-{i}" for i in range(100)], "text": texts}))
        out.commit()
    parquet = pq.ParquetFile(tmp_path / "transform" / "texts.parquet")
    groups = [parquet.metadata.row_group(i).num_rows for i in range(parquet.metadata.num_row_groups)]
    assert groups == [100] * 5
    assert parquet.read()["doc"].to_pylist() == [f"{b}-{i}" for b in range(5) for i in range(100)]


def test_a_failing_stage_leaves_the_previous_hand_over_and_no_scratch(tmp_path: Path) -> None:
    write_stage(tmp_path, "transform", "r1", {"repairs": to_arrow(RepairRecord, repairs(3))})
    with pytest.raises(ValueError, match="bad batch"), open_stage(tmp_path, "transform", "r2") as out:
        out.write("repairs", to_arrow(RepairRecord, repairs(5)))
        raise ValueError("bad batch")
    assert len(read_table(tmp_path / "transform", "repairs")) == 3
    assert sorted(path.name for path in tmp_path.iterdir()) == ["transform", "transform-r1"]


_KILLED_WRITER = """
import sys, time
from pathlib import Path
from pipeline.records import RepairRecord
from pipeline.staging import ROW_GROUP_ROWS, open_stage, to_arrow
from tests.test_staging import repairs

with open_stage(Path(sys.argv[1]), "extract", "r2") as out:
    out.write("repairs", to_arrow(RepairRecord, repairs(4, start=100)))
    print("written", flush=True)
    time.sleep(60)
"""


def test_a_run_killed_mid_write_leaves_the_previous_hand_over(tmp_path: Path) -> None:
    write_stage(tmp_path, "extract", "r1", {"repairs": to_arrow(RepairRecord, repairs(3))})
    before = committed(tmp_path, "extract")
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_KILLED_WRITER), str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "written"
    child.kill()  # SIGKILL: no cleanup runs, as when the machine stops mid-write
    child.wait(timeout=30)
    assert (tmp_path / "extract-r2.tmp" / "repairs.parquet").exists()
    assert committed(tmp_path, "extract") == before
    write_stage(tmp_path, "extract", "r3", {"repairs": to_arrow(RepairRecord, repairs(2))})
    assert sorted(path.name for path in tmp_path.iterdir()) == ["extract", "extract-r3"]
