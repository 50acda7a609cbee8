"""What a run is doing, on stderr: a start, progress and finish line per stage, with counts, rate and ETA.

On a terminal the progress is one bar updated in place; elsewhere (cron, a pipe, a log file) it is plain
lines, one every ``every_seconds`` and one at the end of each stage, so a log shows a long stage moving;
with ``--quiet`` nothing. The stages call ``tick(done, total, name)`` (``Tick``) as they go.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

#: ``tick(done, total, name)``: ``done`` of ``total`` items of the stage are finished, the last ``name``.
Tick = Callable[[int, int, str], None]
BAR_WIDTH = 24


def no_progress(done: int, total: int, name: str = "") -> None:
    """The ``Tick`` of a caller that shows no progress."""


@dataclass
class Progress:
    """Progress lines of one run's stages; ``stream`` None writes nothing."""

    stream: TextIO | None
    live: bool = False
    every_seconds: float = 10.0
    clock: Callable[[], float] = time.monotonic
    _stage: str = field(default="", init=False)
    _unit: str = field(default="", init=False)
    _started: float = field(default=0.0, init=False)
    _written: float = field(default=0.0, init=False)

    @classmethod
    def to_stderr(cls, quiet: bool = False) -> Progress:
        """Lines on stderr (a bar when it is a terminal), or nothing when ``quiet``."""
        return cls(None) if quiet else cls(sys.stderr, live=sys.stderr.isatty())

    def start(self, stage: str, unit: str) -> None:
        self._stage, self._unit = stage, unit
        self._started = self._written = self.clock()
        self._line(f"{stage}: started")

    def tick(self, done: int, total: int, name: str = "") -> None:
        now = self.clock()
        if self.live:
            self._write(
                f"\r\x1b[K{self._stage} {bar(done, total)} {self._counts(done, total, now)} {name[-40:]}"
            )
        elif done == total or now - self._written >= self.every_seconds:
            self._line(f"{self._stage}: {self._counts(done, total, now)}" + (f"  {name}" if name else ""))
            self._written = now

    def finish(self, outcome: str) -> float:
        """Write the stage's last line (``outcome``: what it did) and return its seconds."""
        seconds = self.clock() - self._started
        if self.live:
            self._write("\r\x1b[K")
        self._line(f"{self._stage}: finished in {seconds:.1f} s: {outcome}")
        return seconds

    def _counts(self, done: int, total: int, now: float) -> str:
        """``1,200/3,000 files (40%), 110 files/s, ETA 16 s``."""
        elapsed = max(now - self._started, 1e-9)
        rate = done / elapsed
        share = f" ({done / total:.0%})" if total else ""
        eta = f", ETA {format_seconds((total - done) / rate)}" if rate and done < total else ""
        speed = f"{rate:,.{0 if rate >= 10 else 1}f} {self._unit}/s"
        return f"{done:,}/{total:,} {self._unit}{share}, {speed}{eta}"

    def _line(self, text: str) -> None:
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        if self.stream is not None:
            self.stream.write(text)
            self.stream.flush()


def bar(done: int, total: int) -> str:
    """``[#########---------------]``.

    >>> bar(1, 4)
    '[######------------------]'
    """
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    return "[" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]"


def format_seconds(seconds: float) -> str:
    """
    >>> format_seconds(16.4), format_seconds(75), format_seconds(7300)
    ('16 s', '1 min 15 s', '2 h 1 min')
    """
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60} min"
