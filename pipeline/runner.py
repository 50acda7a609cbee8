"""Sequences the stages. Each verb here is what the command of the same name calls."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass, field

import pipeline.extract as extract_stage
import pipeline.load as load_stage
import pipeline.transform as transform_stage
from pipeline.extract import OnFile
from pipeline.records import Run
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
    records: int = 0
    quarantined: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    repairs_by_kind: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_run(self, status: str) -> Run:
        return Run(
            run_id=self.run_id,
            command=self.command,
            started_at=self.started_at,
            finished_at=_utcnow(),
            status=status,
            files_seen=self.files_seen,
            files_loaded=self.files_loaded,
            rows_quarantined=self.quarantined,
        )


def extract(settings: Settings, on_file: OnFile | None = None) -> RunSummary:
    """Stage ``extract`` alone: raw/ to staged/extract."""
    summary, clock = _start("extract")
    _extract_into(summary, settings, on_file)
    summary.seconds = time.perf_counter() - clock
    return summary


def transform(settings: Settings) -> RunSummary:
    """Stage ``transform`` alone: staged/extract to staged/transform."""
    summary, clock = _start("transform")
    summary.tables = transform_stage.transform(settings, summary.run_id).rows
    summary.seconds = time.perf_counter() - clock
    return summary


def load(settings: Settings) -> RunSummary:
    """Stage ``load`` alone: staged/transform to the warehouse."""
    summary, clock = _start("load")
    summary.tables = load_stage.load(settings, summary.as_run("ok")).rows
    summary.quarantined = summary.tables.get("quarantine", 0)
    summary.seconds = time.perf_counter() - clock
    return summary


def run(settings: Settings, on_file: OnFile | None = None) -> RunSummary:
    """All three stages: raw/ to the warehouse."""
    summary, clock = _start("run")
    _extract_into(summary, settings, on_file)
    transform_stage.transform(settings, summary.run_id)
    summary.tables = load_stage.load(settings, summary.as_run("ok")).rows
    summary.quarantined = summary.tables.get("quarantine", 0)
    summary.seconds = time.perf_counter() - clock
    return summary


def _start(command: str) -> tuple[RunSummary, float]:
    return RunSummary(run_id=new_run_id(), command=command, started_at=_utcnow()), time.perf_counter()


def _extract_into(summary: RunSummary, settings: Settings, on_file: OnFile | None) -> None:
    result = extract_stage.extract(settings, summary.run_id, on_file)
    summary.files_seen = result.files_seen
    summary.files_loaded = result.files_loaded
    summary.records = result.records
    summary.quarantined = result.quarantined
    summary.repairs_by_kind = result.repairs_by_kind


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
