"""Run logs: one JSON object per event; runs that never wrote the warehouse still reach `runs`."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import runner
from pipeline.runlog import RunLog
from pipeline.settings import Settings
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FILES, query, run_pipeline


def test_each_event_is_one_json_line(workdir: Path) -> None:
    (workdir / "raw" / "empty.txt").write_bytes(b"")
    assert run_pipeline(workdir, "run").returncode == 0
    logs = list((workdir / "warehouse" / "association.duckdb.logs").glob("*.jsonl"))
    assert len(logs) == 1
    events = [json.loads(line) for line in logs[0].read_text(encoding="utf-8").splitlines()]
    names = [e["event"] for e in events]
    assert names == [
        "run_started",
        "file_quarantined",
        "stage_finished",
        "stage_finished",
        "stage_finished",
        "run_finished",
    ]
    assert [e["stage"] for e in events if e["event"] == "stage_finished"] == ["extract", "transform", "load"]
    assert events[1]["source_file"] == "empty.txt"
    files, documents = len(SAMPLE_FILES) + 1, len(SAMPLE_DOCUMENTS)
    assert events[2]["files_extracted"] == files and events[4]["rows"]["documents"] == documents
    assert events[-1]["run"]["status"] == "ok" and len({e["run_id"] for e in events}) == 1


def test_failed_stage_commands_and_killed_runs_are_recorded_by_the_next_load(workdir: Path) -> None:
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "w" / "a.duckdb")
    failed = run_pipeline(
        workdir, "transform", "--staged", str(settings.staged), "--warehouse", str(settings.warehouse)
    )
    assert failed.returncode == 1
    RunLog(settings.log_dir, "20261124T020000Z-dead00", "run").event("run_started")
    runner.run(settings)
    rows = query(
        settings.warehouse, "SELECT run_id, command, status, message FROM runs ORDER BY command, status"
    )
    assert [(command, status) for _, command, status, _ in rows] == [
        ("run", "interrupted"),
        ("run", "ok"),
        ("transform", "failed"),
    ]
    assert "run `pipeline extract` first" in rows[2][3]


def test_strict_turns_quarantined_input_into_exit_code_3(workdir: Path) -> None:
    assert run_pipeline(workdir, "run", "--strict").returncode == 0
    (workdir / "raw" / "notes.xyz").write_bytes(b"x")
    result = run_pipeline(workdir, "run", "--strict")
    assert result.returncode == 3
    assert "1 rows of input were quarantined" in result.stderr
    assert query(workdir / "warehouse/association.duckdb", "SELECT count(*) FROM quarantine") == [(1,)]
