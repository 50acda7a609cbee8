"""Personal data on the analyst surfaces of a real corpus: columns classified, full values left.

    PYTHONPATH=. python benchmarks/pii_leaks.py RAW [--work DIR]

Runs ``pipeline run`` on RAW into DIR (a temporary folder by default), then prints, per roster file,
its columns and how many the classification (pipeline/privacy) calls personal, and counts the full
11-digit mobiles, 18-character ID numbers and e-mail addresses in every table and view exported
without ``--with-pii`` (CSV, Parquet and XLSX), in the HTML report and in the logs; the same count
over the ``--with-pii`` exports shows what the masks took away.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipeline import runner
from pipeline.export import FORMATS, export
from pipeline.privacy.classification import column_kind, header_kind
from pipeline.report import report
from pipeline.settings import Settings

#: Full values as a leak looks: a mobile, an ID number, an e-mail (masked ones have * in them).
PATTERNS = {
    "mobiles": re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),
    "id_numbers": re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])"),
    "emails": re.compile(r"[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+\.[A-Za-z]{2,}"),
}


def roster_columns(staged: Path, warehouse: Path) -> dict[str, tuple[int, int]]:
    """Per roster file: (columns seen, columns classified personal), from the staged roster rows
    (mapped fields that hold a value, and the headers kept in ``extra``) and the dropped columns."""
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT * EXCLUDE (sha256, sheet, row, kind, continues_row) FROM read_parquet(?)",
            [str(staged / "extract" / "roster_rows.parquet")],
        )
        names = [d[0] for d in rows.description]
        seen: dict[str, dict[str, bool]] = {}
        for values in rows.fetchall():
            record = dict(zip(names, values, strict=True))
            columns = seen.setdefault(record.pop("source_file"), {})
            for field, value in record.items():
                if field == "extra" and value:
                    for header in json.loads(value):
                        columns[header] = header_kind(header) is not None
                elif value is not None and field != "extra":
                    columns[field] = column_kind(field) is not None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for source_file, header in con.execute("SELECT source_file, header FROM dropped_columns").fetchall():
            seen.setdefault(source_file, {})[header] = True
    return {name: (len(columns), sum(columns.values())) for name, columns in sorted(seen.items())}


def leaks(paths: list[Path]) -> Counter[str]:
    found: Counter[str] = Counter()
    for path in paths:
        text = _text(path)
        for name, pattern in PATTERNS.items():
            found[name] += len(pattern.findall(text))
    return found


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "\n".join(book.read(name).decode("utf-8") for name in book.namelist())
    if path.suffix == ".parquet":
        return repr(pq.read_table(path).to_pylist())
    return path.read_text(encoding="utf-8-sig", errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="pii_leaks_"))
    settings = Settings(raw=args.raw, staged=work / "staged", warehouse=work / "wh" / "association.duckdb")
    runner.run(settings)
    print(f"{'roster file':<50} columns  personal")
    for name, (columns, personal) in roster_columns(settings.staged, settings.warehouse).items():
        print(f"{name:<50} {columns:>7}  {personal:>8}")
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        relations = [
            name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        ]
    for with_pii in (False, True):
        out = work / ("with_pii" if with_pii else "masked")
        files = []
        for name in relations:
            for fmt in FORMATS:
                files.append(out / f"{name}.{fmt}")
                export(settings.warehouse, name, fmt, files[-1], with_pii=with_pii)
        label = "--with-pii exports" if with_pii else "masked exports"
        print(f"{label:<22} {len(relations)} relations x {len(FORMATS)} formats: {dict(leaks(files))}")
    page = report(settings.warehouse, work / "report.html")
    print(f"{'report':<22} {dict(leaks([page]))}")
    print(f"{'logs':<22} {dict(leaks(sorted(settings.log_dir.glob('*'))))}")


if __name__ == "__main__":
    main()
