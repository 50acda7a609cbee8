"""One writing run at a time: a lock file next to the warehouse with the owner's pid, host and start.

The lock is created with its content in one step (a hard link of a finished temporary file), so it is
never seen half-written. A lock whose pid is no longer alive on this host was left by a killed run: it
is stale and taken over. A lock held by a live process, or by another host, makes the run stop at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.budget import heartbeat_file, read_beat
from pipeline.errors import LockHeld, WarehouseError


@dataclass(frozen=True)
class LockOwner:
    """Who holds the lock."""

    pid: int
    host: str
    started_at: str
    run_id: str
    command: str
    process_start: str = ""

    @classmethod
    def this_process(cls, run_id: str, command: str) -> LockOwner:
        return cls(
            pid=os.getpid(),
            host=socket.gethostname(),
            started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            run_id=run_id,
            command=command,
            process_start=process_start(os.getpid()),
        )

    def describe(self) -> str:
        return (
            f"`pipeline {self.command}` run {self.run_id}, pid {self.pid} on {self.host} "
            f"since {self.started_at}"
        )


def describe_holder(path: Path, owner: LockOwner) -> str:
    """The owner of the lock ``path`` and, from its heartbeat, what it is doing now: a run alive but
    stuck shows the file it has been on for a long time."""
    beat = read_beat(heartbeat_file(path))
    doing = f", now {beat.describe()}" if beat is not None and beat.pid == owner.pid else ""
    return owner.describe() + doing


def acquire_lock(path: Path, owner: LockOwner) -> LockOwner | None:
    """Take the lock or raise LockHeld; returns the owner of a stale lock that was taken over."""
    scratch = path.with_name(f".{path.name}.{owner.pid}.new")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_text(json.dumps(asdict(owner)), encoding="utf-8")
        if _link(scratch, path):
            return None
        stale = read_owner(path)
        if stale is not None and not is_stale(stale):
            raise LockHeld(
                f"{path}: another run holds the lock ({describe_holder(path, stale)}): wait for it to "
                f"finish; if that process is gone, delete {path}; if it is stuck on one file, stop it "
                "(kill its pid) and lower --file-timeout"
            )
        path.unlink(missing_ok=True)
        if not _link(scratch, path):
            raise LockHeld(f"{path}: another run took the lock at the same moment: try again later")
        return stale
    except OSError as err:
        raise WarehouseError(
            f"{path}: cannot write the warehouse folder to take the run lock ({err.strerror or err}): check "
            "that the folder is writable, or pass --warehouse FILE"
        ) from err
    finally:
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)


def release_lock(path: Path, owner: LockOwner) -> None:
    """Remove the lock if it is still ours."""
    if read_owner(path) == owner:
        heartbeat_file(path).unlink(missing_ok=True)
        path.unlink(missing_ok=True)


def read_owner(path: Path) -> LockOwner | None:
    """The owner recorded in a lock file; None when it is missing or unreadable (treated as stale)."""
    try:
        return LockOwner(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def is_stale(owner: LockOwner) -> bool:
    """True when the owner ran on this host and its process is gone (a killed run), or its pid is now
    another process's."""
    if owner.host != socket.gethostname():
        return False
    try:
        os.kill(owner.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, run by another user
    return bool(owner.process_start) and owner.process_start != process_start(owner.pid)


def process_start(pid: int) -> str:
    """The boot id and start time (clock ticks since boot) of a process; empty where /proc is missing."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return f"{boot}:{stat.rsplit(')', 1)[1].split()[19]}"


def _link(scratch: Path, path: Path) -> bool:
    """Create ``path`` with the content of ``scratch`` in one step; False when it already exists."""
    try:
        os.link(scratch, path)
    except FileExistsError:
        return False
    return True
