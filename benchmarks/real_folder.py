"""What a whole `pipeline run` makes of any folder of real files: per file, loaded, dropped and changed.

Run from the repository root: ``PYTHONPATH=. python -m benchmarks.real_folder ../shared/real [more folders]``.
Each folder goes through ``pipeline run --full`` into a temporary warehouse (the folder is only read).
Prints one line per file: its kind and status, the documents and roster people it gave, the quarantine
rows it left (with their most frequent reason), the lines the repair chain changed, the seconds the
whole run took, and any table whose declared key is repeated or null (``grain_violations``). Personal
data never appears: the report names files and counts only.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from pipeline import runner
from pipeline.load.grain import grain_violations
from pipeline.settings import Settings

#: Rows per file of each table that names its file (the column that names it may differ).
_PER_FILE = {
    "documents": "SELECT source_file, count(*) FROM documents GROUP BY 1",
    "people": "SELECT source_file, count(*) FROM member_sources GROUP BY 1",
    "units": "SELECT source_file, count(*) FROM unit_sources GROUP BY 1",
    "quarantined": "SELECT source_file, count(*) FROM quarantine GROUP BY 1",
    "lines changed": "SELECT source_file, count(DISTINCT (doc_id, line)) FROM repairs GROUP BY 1",
}


def _counts(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, int]:
    try:
        return {str(name): int(count) for name, count in con.execute(sql).fetchall()}
    except duckdb.CatalogException:  # a table the warehouse does not hold
        return {}


def _top_reasons(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The most frequent quarantine reason of each file: its code where the warehouse has codes."""
    columns = {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'quarantine'"
        ).fetchall()
    }
    reason = "reason_code" if "reason_code" in columns else "left(reason, 50)"
    rows = con.execute(
        f"SELECT source_file, {reason}, count(*) AS n FROM quarantine GROUP BY 1, 2 ORDER BY 1, n DESC, 2"
    ).fetchall()
    top: dict[str, str] = {}
    for source_file, text, _ in rows:
        top.setdefault(source_file, str(text))
    return top


def report_folder(folder: Path) -> str:
    """Run the pipeline on ``folder`` in a temporary place and return the per-file report as text."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = Settings(raw=folder, staged=work / "staged", warehouse=work / "w.duckdb", full=True)
        clock = time.perf_counter()
        runner.run(settings)
        seconds = time.perf_counter() - clock
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            files = con.execute("SELECT source_file, kind, status FROM files ORDER BY source_file").fetchall()
            counts = {name: _counts(con, sql) for name, sql in _PER_FILE.items()}
            reasons = _top_reasons(con)
            grain = grain_violations(con)
    header = ["file", "kind", "status", *_PER_FILE, "first reason"]
    lines = [" | ".join(header), " | ".join("---" for _ in header)]
    totals = dict.fromkeys(_PER_FILE, 0)
    for source_file, kind, status in files:
        cells = [source_file, kind, status]
        for name in _PER_FILE:
            value = counts[name].get(source_file, 0)
            totals[name] += value
            cells.append(str(value))
        cells.append(reasons.get(source_file, ""))
        lines.append(" | ".join(cells))
    lines.append(" | ".join(["all", "", f"{len(files)} files", *map(str, totals.values()), ""]))
    lines.append(f"{folder}: {seconds:.1f} s; grain: {'; '.join(grain) or 'every key unique and not null'}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="+", type=Path, help="folders of real files (read only)")
    args = parser.parse_args()
    for folder in args.folders:
        print(report_folder(folder.resolve()))
        print()


if __name__ == "__main__":
    main()
