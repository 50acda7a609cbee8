"""Per-field accuracy of ``pipeline run`` on a folder of real notices, against expectations read by hand.

Run from the repository root:

    PYTHONPATH=. python -m benchmarks.real_notices --raw ../shared/real [--raw /work/corpus/notices/web]
        [--expected benchmarks/real_notices_expected.json] [--work /tmp/real-notices]

Every notice file (.html/.htm/.txt, .pdf, .doc/.docx) of the folders is copied into one scratch raw/
and goes through ``pipeline run --full`` in a child process, as a user would run it. Then, for each
file that has an expectation (keyed by file name), the documents row is compared field by field:
title, issuer, doc_number, issued_on, recipients (a list, in order). The table gives, per kind of
file (web page, PDF, Word), how many notices have each field right; below it, every miss (expected
and got) and every quarantined file with its reason. A file without an expectation is listed as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb

FIELDS = ("title", "issuer", "doc_number", "issued_on", "recipients")
KINDS = {".html": "web", ".htm": "web", ".txt": "web", ".pdf": "pdf", ".doc": "word", ".docx": "word"}
DEFAULT_EXPECTED = Path(__file__).with_name("real_notices_expected.json")


def gather(folders: list[Path], raw: Path) -> list[Path]:
    """Copy the notice files of ``folders`` (not recursive into hidden folders) into ``raw``."""
    raw.mkdir(parents=True, exist_ok=True)
    copied = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in KINDS and not path.name.startswith("."):
                target = raw / path.name
                shutil.copyfile(path, target)
                copied.append(target)
    return copied


def run_pipeline(raw: Path, work: Path) -> float:
    """``pipeline run --full`` over ``raw`` in a child process; its wall time in seconds."""
    started = dt.datetime.now()
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        "--full",
        "--raw",
        str(raw),
        "--staged",
        str(work / "staged"),
        "--warehouse",
        str(work / "wh.duckdb"),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"pipeline run failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return (dt.datetime.now() - started).total_seconds()


def _value(field: str, value: object) -> object:
    if field == "issued_on":
        return value.isoformat() if isinstance(value, dt.date) else value
    if field == "recipients":
        return list(value or [])
    return value


def read_results(warehouse: Path) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
    """Documents by file name (the five fields) and quarantine reasons of whole files by file name."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(f"select source_file, {', '.join(FIELDS)} from documents").fetchall()
        quarantined = con.execute(
            "select source_file, string_agg(location || ': ' || reason, ' | ') from quarantine group by 1"
        ).fetchall()
    documents = {
        Path(row[0]).name: {field: _value(field, value) for field, value in zip(FIELDS, row[1:], strict=True)}
        for row in rows
    }
    return documents, {Path(name).name: reason for name, reason in quarantined}


def score(
    files: list[Path], expected: dict[str, dict[str, object]], documents: dict[str, dict[str, object]]
) -> tuple[dict[str, dict[str, int]], dict[str, int], list[str]]:
    """Right answers per kind and field, notices per kind, and one line per miss."""
    right: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    counted: dict[str, int] = defaultdict(int)
    misses = []
    for path in files:
        want = expected.get(path.name)
        if want is None:
            misses.append(f"{path.name}: no expectation written")
            continue
        if "not_a_notice" in want:
            if path.name not in documents:
                misses.append(f"{path.name} ({want['not_a_notice']}): not loaded")
            continue
        kind = KINDS[path.suffix.lower()]
        counted[kind] += 1
        got = documents.get(path.name, {})
        for field in FIELDS:
            if got.get(field) == want.get(field):
                right[kind][field] += 1
            else:
                misses.append(f"{path.name}: {field} expected {want.get(field)!r}, got {got.get(field)!r}")
    return right, counted, misses


def report(right: dict[str, dict[str, int]], counted: dict[str, int]) -> str:
    """A Markdown table: one row per kind, right/total per field."""
    lines = [
        "| kind | notices | " + " | ".join(FIELDS) + " |",
        "| --- | --- | " + " | ".join("---" for _ in FIELDS) + " |",
    ]
    for kind in ("web", "pdf", "word"):
        if counted.get(kind):
            cells = " | ".join(f"{right[kind][field]}/{counted[kind]}" for field in FIELDS)
            lines.append(f"| {kind} | {counted[kind]} | {cells} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raw", type=Path, action="append", required=True, help="folder of notices")
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED)
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    expected = json.loads(args.expected.read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="real-notices-") as scratch:
        work = args.work or Path(scratch)
        if (work / "raw").exists():
            shutil.rmtree(work / "raw")
        files = gather(args.raw, work / "raw")
        seconds = run_pipeline(work / "raw", work)
        documents, quarantined = read_results(work / "wh.duckdb")
    right, counted, misses = score(files, expected, documents)
    print(f"{len(files)} files, pipeline run --full in {seconds:.1f} s\n")
    print(report(right, counted))
    print("\nmisses:")
    print("\n".join(f"  {line}" for line in misses) or "  none")
    print("\nquarantined:")
    print("\n".join(f"  {name}: {reason[:300]}" for name, reason in sorted(quarantined.items())) or "  none")


if __name__ == "__main__":
    main()
