"""The run lock: a second run stops at once with exit code 4; a lock left by a killed run is taken over."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from pipeline.lock import LockOwner, acquire_lock, is_stale, process_start, read_owner, release_lock
from pipeline.runlog import read_events
from tests.conftest import query, run_pipeline

LOCK = Path("warehouse/association.duckdb.lock")


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(child.stdout)


def owner(pid: int, host: str | None = None, started: str | None = None) -> LockOwner:
    return LockOwner(
        pid=pid,
        host=host or socket.gethostname(),
        started_at="2026-11-24T02:00:00+00:00",
        run_id="20261124T020000Z-abc123",
        command="run",
        process_start=process_start(pid) if started is None else started,
    )


def test_a_second_run_exits_at_once_with_code_4(workdir: Path) -> None:
    (workdir / "warehouse").mkdir()
    (workdir / LOCK).write_text(json.dumps(owner(os.getpid()).__dict__), encoding="utf-8")
    result = run_pipeline(workdir, "run")
    assert result.returncode == 4
    assert "another run holds the lock" in result.stderr
    assert f"pid {os.getpid()}" in result.stderr and "delete" in result.stderr
    assert not (workdir / "staged" / "extract").exists()
    assert read_owner(workdir / LOCK) == owner(os.getpid())
    events = [e["event"] for e in read_events(workdir / "warehouse" / "association.duckdb.logs")]
    assert events == ["run_refused"]


def test_a_stale_lock_from_a_killed_run_is_taken_over(workdir: Path) -> None:
    (workdir / "warehouse").mkdir()
    (workdir / LOCK).write_text(json.dumps(owner(dead_pid()).__dict__), encoding="utf-8")
    result = run_pipeline(workdir, "run")
    assert result.returncode == 0, result.stderr
    assert not (workdir / LOCK).exists()
    events = [e["event"] for e in read_events(workdir / "warehouse" / "association.duckdb.logs")]
    assert "stale_lock_removed" in events
    assert query(workdir / "warehouse/association.duckdb", "SELECT status FROM runs") == [("ok",)]


def test_lock_is_released_only_by_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "a.duckdb.lock"
    mine, theirs = owner(os.getpid()), owner(os.getpid(), host="other-host")
    assert acquire_lock(path, mine) is None
    release_lock(path, theirs)
    assert read_owner(path) == mine
    release_lock(path, mine)
    assert not path.exists()
    assert not is_stale(theirs)  # another host: its pid cannot be checked from here
    assert is_stale(owner(dead_pid()))
    assert not is_stale(mine)
    assert is_stale(owner(os.getpid(), started="an-earlier-boot:12345"))  # the pid was reused
