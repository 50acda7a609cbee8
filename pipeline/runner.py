"""Sequences the stages. Each verb here is what the command of the same name calls.

Every verb holds the run lock (``pipeline.lock``) and logs its events (``pipeline.runlog``); a verb that
fails logs ``run_failed`` with its ``runs`` row, which the next load adds to the ``runs`` table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pipeline.extract as extract_stage
import pipeline.load as load_stage
import pipeline.transform as transform_stage
from pipeline.errors import PipelineError
from pipeline.lock import LockOwner, acquire_lock, release_lock
from pipeline.progress import Progress
from pipeline.records import DroppedColumn, Run
from pipeline.runlog import RunLog, runs_from_log
from pipeline.settings import Settings


def new_run_id() -> str:
    """A sortable, unique run id: UTC time and a random suffix."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@dataclass
class RunSummary:
    """What one run did; printed as the one-screen summary at the end."""

    run_id: str
    command: str
    started_at: dt.datetime
    files_seen: int = 0
    files_loaded: int = 0
    files_extracted: int = 0
    files_deleted: int = 0
    files_by_status: dict[str, int] = field(default_factory=dict)
    records: int = 0
    quarantined: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    repairs_by_kind: dict[str, int] = field(default_factory=dict)
    dropped_columns: tuple[DroppedColumn, ...] = ()
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    def as_run(self, status: str, message: str | None = None) -> Run:
        return Run(
            run_id=self.run_id,
            command=self.command,
            started_at=self.started_at,
            finished_at=_utcnow(),
            status=status,
            files_seen=self.files_seen,
            files_loaded=self.files_loaded,
            rows_quarantined=self.quarantined,
            files_extracted=self.files_extracted,
            files_deleted=self.files_deleted,
            message=message,
        )


def extract(settings: Settings, progress: Progress | None = None) -> RunSummary:
    """Stage ``extract`` alone: raw/ to staged/extract."""
    with _session("extract", settings) as (summary, log):
        _extract_into(summary, settings, log, progress or Progress(None))
    return summary


def transform(settings: Settings, progress: Progress | None = None) -> RunSummary:
    """Stage ``transform`` alone: staged/extract to staged/transform."""
    with _session("transform", settings) as (summary, log):
        _transform_into(summary, settings, log, progress or Progress(None))
    return summary


def load(settings: Settings, progress: Progress | None = None) -> RunSummary:
    """Stage ``load`` alone: staged/transform to the warehouse."""
    with _session("load", settings) as (summary, log):
        _load_into(summary, settings, log, progress or Progress(None))
    return summary


def run(settings: Settings, progress: Progress | None = None) -> RunSummary:
    """All three stages: raw/ to the warehouse (only new and changed files are read unless ``full``).

    ``progress`` (default: none) is told each stage's start, progress and finish."""
    progress = progress or Progress(None)
    with _session("run", settings) as (summary, log):
        _extract_into(summary, settings, log, progress)
        _transform_into(summary, settings, log, progress)
        _load_into(summary, settings, log, progress)
    return summary


@contextlib.contextmanager
def _session(command: str, settings: Settings) -> Iterator[tuple[RunSummary, RunLog]]:
    """Lock, log the start, run the block, log the end (or the failure with its runs row), unlock."""
    summary = RunSummary(run_id=new_run_id(), command=command, started_at=_utcnow())
    log = RunLog(settings.log_dir, summary.run_id, command)
    clock = time.perf_counter()
    owner = LockOwner.this_process(summary.run_id, command)
    try:
        stale = acquire_lock(settings.lock_file, owner)
    except PipelineError as err:
        with contextlib.suppress(PipelineError):
            log.event("run_refused", message=str(err))
        raise
    try:
        log.event("run_started", settings=settings.model_dump(mode="json"))
        if stale is not None:
            log.event("stale_lock_removed", owner=stale.describe())
        yield summary, log
        summary.seconds = time.perf_counter() - clock
        log.event("run_finished", seconds=round(summary.seconds, 3), run=summary.as_run("ok").model_dump())
    except BaseException as err:
        summary.seconds = time.perf_counter() - clock
        status = "interrupted" if isinstance(err, KeyboardInterrupt) else "failed"
        row = summary.as_run(status, message=str(err) or type(err).__name__)
        with contextlib.suppress(PipelineError):
            log.event("run_failed", exit_code=getattr(err, "exit_code", 1), run=row.model_dump())
        raise
    finally:
        release_lock(settings.lock_file, owner)


def _extract_into(summary: RunSummary, settings: Settings, log: RunLog, progress: Progress) -> None:
    clock = time.perf_counter()
    settings.require_engine_for_raw()  # a usage error is one line, before any progress
    progress.start("extract", "files")
    result = extract_stage.extract(settings, summary.run_id, progress.tick)
    summary.files_seen = result.files_seen
    summary.files_loaded = result.files_loaded
    summary.files_extracted = result.files_extracted
    summary.files_deleted = result.files_deleted
    summary.files_by_status = result.files_by_status
    summary.records = result.records
    summary.quarantined = result.quarantined
    summary.repairs_by_kind = result.repairs_by_kind
    summary.dropped_columns = result.dropped_columns
    for row in result.new_quarantine:
        log.event(
            "file_quarantined",
            source_file=row.source_file,
            location=row.location,
            reason_code=row.reason_code,
            reason=row.reason,
        )
    for column in result.dropped_columns:
        log.event("column_dropped", **column.model_dump())
    progress.finish(
        f"{result.files_extracted:,} new or changed of {result.files_seen:,} files, "
        f"{result.records:,} records, {result.quarantined:,} rows quarantined"
    )
    _log_stage(
        summary,
        log,
        "extract",
        clock,
        files_seen=result.files_seen,
        files_extracted=result.files_extracted,
        files_deleted=result.files_deleted,
        records=result.records,
        quarantined=result.quarantined,
    )


def _transform_into(summary: RunSummary, settings: Settings, log: RunLog, progress: Progress) -> None:
    clock = time.perf_counter()
    progress.start("transform", "documents")
    result = transform_stage.transform(settings, summary.run_id, progress.tick)
    summary.tables = result.rows
    summary.quarantined = summary.tables.get("quarantine", 0)
    progress.finish(_rows_outcome(result.rows, result.reused, "its input did not change"))
    _log_stage(summary, log, "transform", clock, rows=summary.tables)


def _load_into(summary: RunSummary, settings: Settings, log: RunLog, progress: Progress) -> None:
    clock = time.perf_counter()
    progress.start("load", "tables")
    history = runs_from_log(settings.log_dir, exclude=summary.run_id)
    result = load_stage.load(settings, summary.as_run("ok"), history, progress.tick)
    summary.tables = result.rows
    summary.quarantined = summary.tables.get("quarantine", 0)
    progress.finish(_rows_outcome(result.rows, result.reused, "only the run was added"))
    _log_stage(summary, log, "load", clock, rows=result.rows, views_skipped=result.views_skipped)


def _rows_outcome(rows: dict[str, int], reused: bool, why: str) -> str:
    return f"{sum(rows.values()):,} rows in {len(rows)} tables" + (f" (kept: {why})" if reused else "")


def _log_stage(summary: RunSummary, log: RunLog, stage: str, clock: float, **counts: Any) -> None:
    seconds = time.perf_counter() - clock
    summary.stage_seconds[stage] = seconds
    log.event("stage_finished", stage=stage, seconds=round(seconds, 3), **counts)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
