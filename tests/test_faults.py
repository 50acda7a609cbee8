"""A run killed at any stage leaves the last good warehouse readable, and the next run recovers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, query, run_pipeline

COPIES = 120  # 600 text files: a run takes a few seconds, long enough to be killed in each stage


@pytest.fixture
def big_workdir(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for copy in range(COPIES):
        for sample in sorted((REPO / "raw").glob("*.txt")):
            shutil.copyfile(sample, raw / f"{copy:03d}_{sample.name}")
    return tmp_path


def start_run(cwd: Path, *options: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", *options],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], sig: int = signal.SIGKILL) -> bool:
    """Send ``sig`` as soon as ``ready()``; False if the run ended first."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            proc.send_signal(sig)
            proc.wait(timeout=60)
            return True
        time.sleep(0.001)
    return False


def snapshot(db: Path) -> list[tuple]:
    return query(db, "SELECT doc_id, source_file, sha256, text_clean FROM documents ORDER BY ALL")


def stage_started(workdir: Path, pattern: str) -> Callable[[], bool]:
    return lambda: any(workdir.glob(pattern))


@pytest.mark.parametrize(
    "marker",
    [
        "staged/extract-*.tmp",  # extract is writing its hand-over
        "staged/transform-*.tmp",  # transform is writing its hand-over
        "warehouse/.association.duckdb.*.tmp",  # load is building the new warehouse
    ],
)
def test_kill_9_in_a_stage_leaves_the_last_warehouse_and_the_next_run_recovers(
    big_workdir: Path, marker: str
) -> None:
    db = big_workdir / "warehouse/association.duckdb"
    assert run_pipeline(big_workdir, "run").returncode == 0
    before = snapshot(db)
    # change the input so that a completed run would change the warehouse
    for victim in sorted((big_workdir / "raw").glob("00*_002_*.txt")):
        victim.unlink()
    proc = start_run(big_workdir, "--full")  # an incremental run would be over too soon to be killed
    assert kill_when(proc, stage_started(big_workdir, marker)), "the run ended before the stage began"
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(db) == before
    assert query(db, "SELECT count(*) FROM runs") == [(1,)]
    again = run_pipeline(big_workdir, "run")
    assert again.returncode == 0, again.stderr
    assert len(snapshot(db)) == len(before) - 10
    assert query(db, "SELECT status FROM runs ORDER BY started_at") == [("ok",), ("interrupted",), ("ok",)]
    assert not list(big_workdir.glob("staged/*.tmp")) and not list(big_workdir.glob("warehouse/*.tmp*"))


def test_ctrl_c_stops_cleanly_with_a_message(big_workdir: Path) -> None:
    proc = start_run(big_workdir)
    assert kill_when(proc, stage_started(big_workdir, "staged/extract-*.tmp"), signal.SIGINT)
    stderr = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    assert not (big_workdir / "warehouse/association.duckdb").exists()


def test_staged_folder_that_cannot_be_written_is_a_clear_error(workdir: Path) -> None:
    (workdir / "staged").write_text("not a folder")
    result = run_pipeline(workdir, "run")
    assert result.returncode == 1
    assert "staged: cannot write the extract hand-over" in result.stderr
    assert "Traceback" not in result.stderr


def test_warehouse_path_that_cannot_be_created_is_a_clear_error(workdir: Path) -> None:
    result = run_pipeline(workdir, "run", "--warehouse", "/dev/null/association.duckdb")
    assert result.returncode == 1
    assert "cannot write the warehouse" in result.stderr
    assert "Traceback" not in result.stderr
