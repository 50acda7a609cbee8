"""Domain errors. The CLI turns each into one line naming the file, the place and the remedy."""

from __future__ import annotations

from pipeline.reasons import ReasonCode


class PipelineError(Exception):
    """A run cannot finish. ``str(err)`` is the one-line message shown to the user."""

    exit_code = 1


class UsageError(PipelineError):
    """Bad options or paths given by the user."""

    exit_code = 2


class StageInputMissing(PipelineError):
    """A stage was run before the stage it reads from."""


class WarehouseError(PipelineError):
    """The warehouse file cannot be written or read."""


class UnreadableInput(Exception):
    """One input file (or a part of it) cannot be used: it goes to quarantine, the run goes on.

    ``code`` is its category (``quarantine.reason_code``); ``location`` names the place in the file
    ("line 3", "sheet 名单 row 17", "page 2").
    """

    def __init__(self, code: ReasonCode, reason: str, location: str = "", raw_excerpt: str = "") -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.location = location
        self.raw_excerpt = raw_excerpt


class QuarantinedInput(PipelineError):
    """The run finished but some input was quarantined, and --strict asked to fail on that."""

    exit_code = 3


class LockHeld(PipelineError):
    """Another run holds the warehouse lock."""

    exit_code = 4


class ShrinkRefused(PipelineError):
    """The run would drop most of the files the warehouse holds (an empty or wrong --raw): it changed
    nothing. ``--allow-shrink`` accepts it."""

    exit_code = 5
