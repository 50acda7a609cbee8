"""The warehouse opens in DuckDB 1.1 (pipeline.load.STORAGE_VERSION), not only in the duckdb that wrote it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline import runner
from pipeline.settings import Settings

#: The oldest duckdb the analyst guide promises (docs/analyst-guide.md).
OLDEST_READER = "duckdb==1.1.*"

#: Run by the old duckdb: the row count of every table and view, as JSON.
COUNT_EVERYTHING = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
names = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
rows = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0] for (n,) in names}
print(json.dumps({"version": duckdb.__version__, "rows": rows}))
"""


@pytest.fixture(scope="session")
def old_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a throwaway venv holding the oldest duckdb we promise (made once per session)."""
    venv = tmp_path_factory.mktemp("old-duckdb")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", OLDEST_READER],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if installed.returncode != 0:
        pytest.skip(f"pip cannot install {OLDEST_READER} (no package index?): {installed.stderr[-300:]}")
    return python


def test_duckdb_1_1_reads_every_table_and_view(workdir: Path, old_duckdb: Path) -> None:
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "a.duckdb")
    runner.run(settings)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        names = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        expected = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0] for (n,) in names}
    read = subprocess.run(
        [str(old_duckdb), "-c", COUNT_EVERYTHING, str(settings.warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert read.returncode == 0, read.stderr
    result = json.loads(read.stdout)
    assert result["version"].startswith("1.1.")
    assert result["rows"] == expected and expected["members"] > 0
