"""Time budgets per file and the heartbeat a run writes beside its lock, so that no input stalls a run.

Extract reads each file in a worker process that is killed when the file takes longer than
``Settings.file_timeout`` (``pipeline.extract.parallel``): that bounds even a reader stuck in C code.
Transform reads each document in this process under ``DocumentBudget``, a periodic SIGALRM that
stops the document's readers: they are pure Python and ``re`` (which checks for signals while it
matches), so the interrupted work leaves nothing half-written behind. Either way the file is
quarantined with a reason starting with ``too_slow`` and the run goes on.

The heartbeat (``<warehouse>.lock.heartbeat``, JSON) says which file the run is on and since when,
written at most about once a second; ``pipeline status`` and a run refused by the lock show it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from types import FrameType
from typing import TypeVar

#: The reason code of a file over its time budget: the reason text starts with it.
TOO_SLOW = "too_slow"
#: Seconds between two heartbeat writes at most (and between two budget checks in transform).
BEAT_SECONDS = 1.0

T = TypeVar("T")


def too_slow_reason(stage: str, budget: float) -> str:
    """The quarantine reason of a file that ran over its budget; it starts with ``TOO_SLOW``.

    >>> too_slow_reason("extract", 60)[:73]
    'too_slow: extract stopped reading this file after its time budget of 60 s'
    """
    return (
        f"{TOO_SLOW}: {stage} stopped reading this file after its time budget of {budget:g} s "
        "(--file-timeout); the run went on without it: report the file, or raise --file-timeout"
    )


def heartbeat_file(lock_file: Path) -> Path:
    """Where the run holding ``lock_file`` writes its heartbeat."""
    return lock_file.with_name(f"{lock_file.name}.heartbeat")


@dataclass(frozen=True)
class Beat:
    """What a run is doing: the stage, the file it is on (None between files) and since when (UTC)."""

    pid: int
    stage: str
    current_file: str | None
    since: str

    def describe(self, now: dt.datetime | None = None) -> str:
        """ "transform on raw/a.txt for 75 s", or "extract between files"."""
        if self.current_file is None:
            return f"{self.stage} between files"
        seconds = ((now or dt.datetime.now(dt.UTC)) - dt.datetime.fromisoformat(self.since)).total_seconds()
        return f"{self.stage} on {self.current_file} for {seconds:.0f} s"


def read_beat(path: Path) -> Beat | None:
    """The heartbeat in ``path``; None when there is none or it cannot be read."""
    try:
        return Beat(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


class Heartbeat:
    """Tells the heartbeat file beside ``lock_file`` which file a stage is on; writes it when that
    changed, at most once per ``BEAT_SECONDS`` unless ``flush`` is called. Only a run holding the lock
    writes one (a notebook calling a stage alone does not); ``lock_file`` None: tells nobody."""

    def __init__(self, lock_file: Path | None, stage: str) -> None:
        self.lock_file = lock_file
        self.path = None if lock_file is None else heartbeat_file(lock_file)
        self.stage = stage
        self._beat = Beat(os.getpid(), stage, None, _utc_now())
        self._written: Beat | None = None
        self._written_at = 0.0

    def on_file(self, name: str | None, since: float | None = None) -> None:
        """The stage is now on ``name`` (None: between files), since ``since`` (``time.time()``)."""
        if name != self._beat.current_file:
            started = _utc_now() if since is None else _utc_at(since)
            self._beat = Beat(os.getpid(), self.stage, name, started)
        if time.monotonic() - self._written_at >= BEAT_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write the heartbeat if it changed since it was last written."""
        if self.path is None or self.lock_file is None or self._beat == self._written:
            return
        if not self.lock_file.exists():
            return
        scratch = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with contextlib.suppress(OSError):  # a heartbeat is a courtesy: never fail a run for it
            scratch.write_text(json.dumps(asdict(self._beat)), encoding="utf-8")
            scratch.replace(self.path)
        self._written, self._written_at = self._beat, time.monotonic()

    def close(self) -> None:
        """Remove the heartbeat: the stage is over."""
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


class TooSlow(Exception):
    """Raised inside a document's readers by ``DocumentBudget`` when the document ran over its budget."""


class DocumentBudget:
    """Runs one document's work at a time under a time budget, in this process.

    A periodic timer (every ``BEAT_SECONDS``, or a quarter of the budget when that is shorter) checks
    the document being read, raises ``TooSlow`` in it when it is over the budget, and writes the
    heartbeat. Outside the main thread (no signals there) the work runs without a limit. ``seconds``
    0 means no budget.
    """

    def __init__(self, seconds: float, heartbeat: Heartbeat) -> None:
        self.seconds = seconds
        self.heartbeat = heartbeat
        self._current: tuple[str, float] | None = None
        self._previous: Callable | int | None = None
        self._armed = False

    def __enter__(self) -> DocumentBudget:
        if self.seconds > 0 and threading.current_thread() is threading.main_thread():
            tick = min(BEAT_SECONDS, self.seconds / 4)
            self._previous = signal.signal(signal.SIGALRM, self._tick)
            signal.siginterrupt(signal.SIGALRM, False)  # system calls in C (Arrow's writes) restart
            signal.setitimer(signal.ITIMER_REAL, tick, tick)
            self._armed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._armed = False

    def run(self, name: str, work: Callable[[], T]) -> T | None:
        """``work()``, or None when it ran over the budget and was stopped."""
        self._current = (name, time.monotonic())
        self.heartbeat.on_file(name)
        try:
            return work()
        except TooSlow:
            return None
        finally:
            self._current = None

    def _tick(self, _signum: int, _frame: FrameType | None) -> None:
        current = self._current
        self.heartbeat.flush()
        if current is not None and time.monotonic() - current[1] > self.seconds:
            self._current = None  # raise once per document
            raise TooSlow(current[0])


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _utc_at(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def beats(lock_file: Path | None, stage: str) -> Iterator[Heartbeat]:
    """A heartbeat for one stage, removed when the stage ends."""
    heartbeat = Heartbeat(lock_file, stage)
    try:
        yield heartbeat
    finally:
        heartbeat.close()
