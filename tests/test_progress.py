"""Each stage says on stderr that it started, how far it is (count, rate, ETA) and that it finished."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from pipeline.progress import Progress
from tests.conftest import REPO, run_pipeline


class Clock:
    """Seconds that pass only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_come_every_few_seconds_with_rate_and_eta() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, every_seconds=10, clock=clock)
    progress.start("extract", "files")
    for done in range(1, 3001):
        clock.now = done * 0.01  # 100 files a second
        progress.tick(done, 3000, f"notice_{done}.txt")
    assert progress.finish("3,000 new or changed") == 30.0
    lines = out.getvalue().splitlines()
    assert lines[0] == "extract: started"
    assert lines[1] == "extract: 1,000/3,000 files (33%), 100 files/s, ETA 20 s  notice_1000.txt"
    assert lines[2] == "extract: 2,000/3,000 files (67%), 100 files/s, ETA 10 s  notice_2000.txt"
    assert lines[3] == "extract: 3,000/3,000 files (100%), 100 files/s  notice_3000.txt"
    assert lines[4:] == ["extract: finished in 30.0 s: 3,000 new or changed"]


def test_a_terminal_gets_one_bar_updated_in_place() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, live=True, clock=clock)
    progress.start("load", "tables")
    for done in (1, 2):
        clock.now = done
        progress.tick(done, 4, f"table{done}")
    progress.finish("2 tables")
    written = out.getvalue()
    assert "\r\x1b[Kload [######------------------] 1/4 tables (25%), 1.0 tables/s, ETA 3 s table1" in written
    assert "\r\x1b[Kload [############------------] 2/4 tables (50%)" in written
    assert written.endswith("\r\x1b[Kload: finished in 2.0 s: 2 tables\n")


def test_quiet_writes_nothing() -> None:
    progress = Progress.to_stderr(quiet=True)
    progress.start("extract", "files")
    progress.tick(1, 1, "a.txt")
    assert progress.stream is None and progress.finish("done") >= 0


def test_a_run_in_cron_logs_every_stage_and_the_summary_times_them(workdir: Path) -> None:
    first = run_pipeline(workdir, "run")
    assert first.returncode == 0, first.stderr
    for stage, unit in (("extract", "files"), ("transform", "documents"), ("load", "tables")):
        assert f"{stage}: started" in first.stderr
        assert f"{stage}: finished in " in first.stderr
        assert f" {unit}/s" in first.stderr
    assert "extract: 8/8 files (100%)" in first.stderr
    assert "  stages       extract " in first.stdout and ", transform " in first.stdout
    again = run_pipeline(workdir, "run")
    assert "files read   0 new or changed; 8 unchanged; 0 gone from raw/" in again.stdout
    assert "transform: finished in" in again.stderr and "(kept: its input did not change)" in again.stderr
    quiet = run_pipeline(workdir, "run", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert "0 new or changed" in quiet.stdout


def test_a_terminal_sees_a_live_bar(workdir: Path) -> None:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract"],
        cwd=workdir,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=300) == 0
    os.close(leader)
    assert b"\r\x1b[Kextract [" in seen and b"] 8/8 files (100%)" in seen
