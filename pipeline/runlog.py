"""Structured run logs: one JSON object per line in ``<warehouse>.logs/<UTC date>.jsonl``, one folder per
warehouse (``Settings.log_dir``).

Events: ``run_started``, ``stale_lock_removed``, ``stage_finished`` (with counts), ``file_quarantined``,
``column_dropped`` (a password column never stored), ``run_finished`` and ``run_failed`` (each with the
run's ``runs`` row), ``run_refused`` (lock held). Every text in an event has its ID numbers, phones and
e-mails masked (``privacy.masking.mask_text``): logs are read by whoever watches the job.
The log is also where the ``runs`` table learns about runs that could not write the warehouse: the next
load adds every logged run it does not have yet (see ``runs_from_log``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import WarehouseError
from pipeline.privacy.masking import mask_text
from pipeline.records import Run

ENDED = ("run_finished", "run_failed")


class RunLog:
    """Appends the events of one run to the day's log file."""

    def __init__(self, folder: Path, run_id: str, command: str) -> None:
        self.folder = folder
        self.run_id = run_id
        self.command = command

    def event(self, event: str, **fields: Any) -> None:
        now = dt.datetime.now(dt.UTC)
        line = {"at": now.isoformat(), "event": event, "run_id": self.run_id, "command": self.command}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with (self.folder / f"{now:%Y-%m-%d}.jsonl").open("a", encoding="utf-8") as log:
                log.write(json.dumps(_masked(line | fields), ensure_ascii=False, default=str) + "\n")
        except OSError as err:
            raise WarehouseError(
                f"{self.folder}: cannot write the run log ({err.strerror or err}): check that the folder "
                "is writable, or pass --warehouse FILE to use another folder"
            ) from err


def _masked(value: Any) -> Any:
    """``value`` with every text in it masked, however deep in dicts and lists.

    >>> _masked({"reason": "ID 110101198503120024", "rows": [1, "13800138000"]})
    {'reason': 'ID 1101**********0024', 'rows': [1, '138****8000']}
    """
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value


def read_events(folder: Path) -> Iterator[dict[str, Any]]:
    """Every event in the logs of ``folder``, oldest file first; lines that are not JSON are skipped."""
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8", errors="replace") as log:
            for line in log:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash or a full disk
                if isinstance(event, dict) and "run_id" in event:
                    yield event


def runs_from_log(folder: Path, exclude: str = "") -> list[Run]:
    """The ``runs`` row of every logged run except ``exclude`` (the run asking).

    A run that logged its start but neither its end nor a failure was killed: it is ``interrupted``.
    Call this only while holding the lock, so no other run is still going.
    """
    started: dict[str, dict[str, Any]] = {}
    ended: dict[str, Run] = {}
    for event in read_events(folder):
        if event["run_id"] == exclude:
            continue
        if event["event"] == "run_started":
            started[event["run_id"]] = event
        elif event["event"] in ENDED and isinstance(event.get("run"), dict):
            ended[event["run_id"]] = Run.model_validate(event["run"])
    interrupted = [
        Run(
            run_id=run_id,
            command=event["command"],
            started_at=dt.datetime.fromisoformat(event["at"]).replace(tzinfo=None),
            finished_at=None,
            status="interrupted",
            files_seen=0,
            files_loaded=0,
            rows_quarantined=0,
            message="the run stopped without logging its end (killed?)",
        )
        for run_id, event in started.items()
        if run_id not in ended
    ]
    return [*ended.values(), *interrupted]
