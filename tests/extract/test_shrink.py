"""The shrink guard: an empty or wrong --raw never empties the warehouse (``pipeline.extract.shrink``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.runlog import read_events
from tests.conftest import query, run_pipeline

WAREHOUSE = Path("warehouse/association.duckdb")
NOTICE = "关于开展{}年会员登记工作的通知\n各市科协：\n请于{}月底前报送名单。\n"


def _raw_with_notices(tmp_path: Path, count: int) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(count):
        (raw / f"通知{i:02}.txt").write_text(NOTICE.format(2010 + i, i % 12 + 1), encoding="utf-8")
    return raw


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """tmp_path with raw/ of 10 notices, run once into the warehouse."""
    _raw_with_notices(tmp_path, 10)
    first = run_pipeline(tmp_path, "run")
    assert first.returncode == 0, first.stderr
    return tmp_path


@pytest.mark.parametrize("command", ["run", "extract"])
def test_an_empty_raw_folder_is_refused_and_changes_nothing(loaded: Path, command: str) -> None:
    before = _digest(loaded / WAREHOUSE)
    staged_before = _digest(loaded / "staged" / "extract" / "files.parquet")
    for path in (loaded / "raw").iterdir():
        path.unlink()
    result = run_pipeline(loaded, command)
    assert result.returncode == 5, result.stderr
    [message] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "no input files" in message and "all 10 files" in message and "--allow-shrink" in message
    assert _digest(loaded / WAREHOUSE) == before
    assert _digest(loaded / "staged" / "extract" / "files.parquet") == staged_before
    assert query(loaded / WAREHOUSE, "SELECT count(*) FROM documents") == [(10,)]
    logged = [
        e for e in read_events(loaded / "warehouse" / "association.duckdb.logs") if e["command"] == command
    ]
    assert [(e["event"], e.get("exit_code")) for e in logged][-1] == ("run_failed", 5)


def test_most_files_gone_is_refused_naming_the_counts(loaded: Path) -> None:
    before = _digest(loaded / WAREHOUSE)
    for path in sorted((loaded / "raw").iterdir())[:6]:
        path.unlink()
    result = run_pipeline(loaded, "run")
    assert result.returncode == 5, result.stderr
    assert "6 of the 10 files" in result.stderr and "--max-shrink 0.5" in result.stderr
    assert _digest(loaded / WAREHOUSE) == before
    accepted = run_pipeline(loaded, "run", "--allow-shrink")
    assert accepted.returncode == 0, accepted.stderr
    assert query(loaded / WAREHOUSE, "SELECT count(*) FROM files") == [(4,)]


def test_a_few_files_gone_are_dropped_as_before(loaded: Path) -> None:
    for path in sorted((loaded / "raw").iterdir())[:2]:
        path.unlink()
    result = run_pipeline(loaded, "run")
    assert result.returncode == 0, result.stderr
    assert query(loaded / WAREHOUSE, "SELECT count(*) FROM documents") == [(8,)]


def test_the_share_is_configurable(loaded: Path) -> None:
    for path in sorted((loaded / "raw").iterdir())[:3]:
        path.unlink()
    strict = run_pipeline(loaded, "run", "--max-shrink", "0.2")
    assert strict.returncode == 5 and "3 of the 10 files" in strict.stderr
    assert run_pipeline(loaded, "run", "--max-shrink", "0.3").returncode == 0


def test_kept_deleted_files_are_not_dropped_so_the_guard_lets_them_go(loaded: Path) -> None:
    for path in sorted((loaded / "raw").iterdir())[:8]:
        path.unlink()
    result = run_pipeline(loaded, "run", "--keep-deleted")
    assert result.returncode == 0, result.stderr
    assert query(loaded / WAREHOUSE, "SELECT status, count(*) FROM files GROUP BY 1 ORDER BY 1") == [
        ("deleted", 8),
        ("ok", 2),
    ]


def test_a_first_run_on_an_empty_folder_is_not_refused(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
