"""A budget per file: a file that hangs extract or transform is quarantined as too_slow and the run goes
on; a live run shows the file it is on beside its lock, in `pipeline status` and to a refused run."""

from __future__ import annotations

import json
import os
import re
import socket
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import pipeline.transform as transform_stage
import pipeline.transform.parallel as document_reading
from pipeline.budget import TOO_SLOW, Heartbeat, heartbeat_file
from pipeline.errors import LockHeld
from pipeline.extract import dispatch, extract, extract_tables
from pipeline.extract.sources import find_sources
from pipeline.lock import LockOwner, acquire_lock, process_start
from pipeline.settings import Settings
from pipeline.status import WarehouseStatus, running_run
from pipeline.summary import format_status

NOTICE = "关于开展科普日活动的通知\n各市科协：\n联系人：张三 电话：13800001111\n某市科协\n2020年5月1日\n"


def _hang() -> None:
    """A regular expression that backtracks for hours: stuck in C code, as the pinyin rule was."""
    re.search(r"(a+)+b", "a" * 60)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in ("a_ok.txt", "b_hangs.txt", "c_dies.txt", "d_ok.txt"):
        (folder / name).write_text(NOTICE.replace("科普日", name[:1]), encoding="utf-8")
    return folder


def _text_reader_that_stalls(original: Any) -> Any:
    def read(source: Any, *args: Any) -> Any:
        if "hangs" in source.source_file:
            _hang()
        if "dies" in source.source_file:
            os._exit(9)  # as a crash in a native library would
        return original(source, *args)

    return read


@pytest.mark.parametrize("workers", [1, 2])
def test_extract_quarantines_a_file_over_budget_and_goes_on(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setitem(dispatch.READERS, "text", _text_reader_that_stalls(dispatch.READERS["text"]))
    settings = Settings(raw=raw, staged=tmp_path / "staged", file_timeout=1.5, workers=workers)
    clock = time.monotonic()
    tables = extract_tables(find_sources(raw), settings)
    assert time.monotonic() - clock < 30
    quarantine = {row["source_file"]: row for row in tables["quarantine"].to_pylist()}
    assert sorted(quarantine) == ["b_hangs.txt", "c_dies.txt"]
    assert quarantine["b_hangs.txt"]["reason_code"] == TOO_SLOW
    assert quarantine["b_hangs.txt"]["reason"].startswith(f"{TOO_SLOW}: extract")
    assert "1.5 s" in quarantine["b_hangs.txt"]["reason"]
    assert "died" in quarantine["c_dies.txt"]["reason"]
    files = {row["source_file"]: row for row in tables["files"].to_pylist()}
    assert [files[name]["status"] for name in sorted(files)] == ["ok", "quarantined", "quarantined", "ok"]
    assert files["b_hangs.txt"]["sha256"]  # so an unchanged file is not tried again every night
    assert sorted(row["source_file"] for row in tables["texts"].to_pylist()) == ["a_ok.txt", "d_ok.txt"]


def test_transform_quarantines_a_document_over_budget_and_goes_on(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (raw / "c_dies.txt").unlink()
    settings = Settings(
        raw=raw, staged=tmp_path / "staged", warehouse=tmp_path / "w.duckdb", file_timeout=0.5
    )
    extract(settings, "r1")
    original = document_reading.texts_to_documents

    def stalls_on_b(texts: list[dict[str, Any]]) -> Any:
        if texts[0]["source_file"] == "b_hangs.txt":
            _hang()
        return original(texts)

    monkeypatch.setattr(document_reading, "texts_to_documents", stalls_on_b)
    clock = time.monotonic()
    transform_stage.transform(settings, "r1")
    assert time.monotonic() - clock < 30
    out = settings.staged / "transform"
    documents = sorted(pq.read_table(out / "documents.parquet")["source_file"].to_pylist())
    assert documents == ["a_ok.txt", "d_ok.txt"]
    [slow] = pq.read_table(out / "quarantine.parquet").to_pylist()
    assert slow["source_file"] == "b_hangs.txt" and slow["location"] == "document"
    assert slow["reason_code"] == TOO_SLOW
    assert slow["reason"].startswith(f"{TOO_SLOW}: transform") and "0.5 s" in slow["reason"]


def _lock_held_by_this_process(lock: Path) -> LockOwner:
    owner = LockOwner(
        pid=os.getpid(),
        host=socket.gethostname(),
        started_at="2026-12-08T01:00:00+00:00",
        run_id="20261208T010000Z-abc123",
        command="run",
        process_start=process_start(os.getpid()),
    )
    lock.write_text(json.dumps(owner.__dict__), encoding="utf-8")
    return owner


def test_a_run_stuck_on_a_file_shows_it_to_status_and_to_a_refused_run(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    lock = Settings(warehouse=warehouse).lock_file
    _lock_held_by_this_process(lock)
    Heartbeat(lock, "transform").on_file("raw/通知.txt", since=time.time() - 125)
    assert json.loads(heartbeat_file(lock).read_text("utf-8"))["current_file"] == "raw/通知.txt"
    running = running_run(warehouse)
    assert running is not None and "transform on raw/通知.txt for 12" in running
    shown = format_status(WarehouseStatus(warehouse, {}, [], [], 0, running))
    assert "running:" in shown and "raw/通知.txt" in shown
    other = LockOwner(1, "elsewhere", "2026-12-08T02:00:00+00:00", "r2", "run")
    with pytest.raises(LockHeld, match=r"transform on raw/通知\.txt for 12"):
        acquire_lock(lock, other)


def test_no_heartbeat_without_a_lock(tmp_path: Path) -> None:
    """A stage called alone (a notebook) holds no lock and writes no heartbeat."""
    lock = tmp_path / "w.duckdb.lock"
    beat = Heartbeat(lock, "extract")
    beat.on_file("raw/a.txt")
    beat.flush()
    assert not heartbeat_file(lock).exists()
    assert running_run(tmp_path / "w.duckdb") is None
