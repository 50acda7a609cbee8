"""Shared fixtures: the bundled sample (a temporary copy, or one document's text) and helpers to run the
command."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import duckdb
import pytest
from opencc import OpenCC

from tests.fixtures.make_rosters import people, write_member_csv

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "raw"
#: The bundled sample files that are documents (notices, news, plans), as text or PDF.
SAMPLE_DOCUMENTS = sorted(p.name for p in SAMPLE.iterdir() if p.suffix in (".txt", ".pdf"))
#: Every bundled sample file (documents and rosters).
SAMPLE_FILES = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*") if p.is_file())


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder with raw/ holding a copy of the bundled sample; staged/ and warehouse/ absent."""
    shutil.copytree(SAMPLE, tmp_path / "raw")
    return tmp_path


@pytest.fixture
def raw_sample() -> Callable[[str], str]:
    """Read the sample document whose name starts with ``prefix`` ("002"); traditional text (004) is
    converted to simplified, as the repair chain does before the transform stage."""

    def read(prefix: str) -> str:
        (path,) = SAMPLE.glob(f"{prefix}_*.txt")
        text = path.read_text("utf-8")
        return OpenCC("t2s.json").convert(text) if prefix == "004" else text

    return read


def run_pipeline(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``pipeline ARGS`` as a user runs it, from ``cwd``, with this checkout's package."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def no_space(*args: object, **kwargs: object) -> NoReturn:
    """Stands in for a call that writes to a full disk."""
    raise OSError(errno.ENOSPC, "No space left on device")


def roster_raw(tmp_path: Path, people_count: int) -> Path:
    """``tmp_path/raw`` holding one GBK csv roster of ``people_count`` people, 2023名单.csv."""
    raw = tmp_path / "raw"
    raw.mkdir()
    write_member_csv(raw / "2023名单.csv", people(people_count), "gbk")
    return raw


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def warehouse_snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every data table of the warehouse in row order as built (run ids of quarantine rows left out).

    Two warehouses built from the same input must have equal snapshots, however they were built.
    """
    tables = [
        name
        for (name,) in query(
            warehouse, "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        )
        if name not in ("runs", "warehouse_state")
    ]
    return {
        name: query(warehouse, f'SELECT * EXCLUDE (run_id) FROM "{name}"')
        if name == "quarantine"
        else query(warehouse, f'SELECT * FROM "{name}"')
        for name in tables
    }


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: needs pyspark and Java (the optional extra `spark`)")
