"""Activities as an analyst gets them, through the whole pipeline: precision, recall and dated share.

Two sets of documents, each run with ``pipeline run`` into a temporary warehouse:

* the samples in raw/, against ``tests/transform/expected_activities.json``;
* real public notices (not in the repository), against ``benchmarks/real_activities_expected.json``,
  labelled by hand: the government notices of ../shared/real (h*.html, d14, d15) and excerpts of
  association notices found with the search tool (their addresses are in the corpus's SOURCES.tsv);
* held-out real notices, labelled before the rules were looked at on them (``held_out``).

A row matches an expected one of the same file when the names agree (``quality.same_name``) and the
kinds are equal; precision counts only the rows of labelled files. The dated share is the share of all
activities with a ``year``, by ``date_source``.

Run: PYTHONPATH=. python benchmarks/real_activities.py [CORPUS_DIR [HELD_OUT_DIR]]
(defaults: /work/corpus/notices-tables/web and /work/corpus/notices-tables/heldout)
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline import runner
from pipeline.settings import Settings
from pipeline.transform.quality import read_expectations, same_name, score

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path("/work/corpus/notices-tables/web")
DEFAULT_HELD_OUT = Path("/work/corpus/notices-tables/heldout")
EXPECTED = ROOT / "benchmarks" / "real_activities_expected.json"


@dataclass(frozen=True)
class Found:
    """An activity row as the warehouse has it, keyed by its file (``doc_id`` for ``quality.score``)."""

    doc_id: str
    name: str
    kind: str
    line: int
    year: int | None
    date_source: str | None


def warehouse_activities(raw: Path) -> list[Found]:
    """The activities ``pipeline run`` loads from the files of ``raw``."""
    with tempfile.TemporaryDirectory(prefix="real_activities_") as work:
        settings = Settings(raw=raw, staged=Path(work) / "staged", warehouse=Path(work) / "w.duckdb")
        runner.run(settings)
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            columns = {
                name for (name,) in con.execute("SELECT name FROM pragma_table_info('activities')").fetchall()
            }
            dated = (
                "a.year, a.date_source" if "year" in columns else "year(a.start_date), 'text'"
            )  # older code
            rows = con.execute(
                f"SELECT d.source_file, a.name, a.kind, a.line, {dated} "
                "FROM activities a JOIN documents d USING (doc_id) ORDER BY 1, 4"
            ).fetchall()
    return [Found(*row) for row in rows]


def _matches(found: Found, expected: dict[str, Any]) -> bool:
    return same_name(found.name, expected["name"]) and found.kind == expected["kind"]


def report(label: str, found: list[Found], expected: list[dict[str, Any]]) -> None:
    labelled = {row["doc"] for row in expected} | {row["doc"] for row in expected if row.get("none")}
    scored = [row for row in found if row.doc_id in labelled]
    result = score(scored, [row for row in expected if not row.get("none")], _matches)
    dated = sum(row.year is not None for row in found)
    sources = Counter(row.date_source or "(none)" for row in found)
    share = dated / len(found) if found else 1.0
    by_source = ", ".join(f"{source} {count}" for source, count in sorted(sources.items()))
    print(result.report(label, f"; dated {dated}/{len(found)} = {share:.0%} ({by_source})"))


def real_expectations(path: Path, key: str) -> list[dict[str, Any]]:
    """The hand-labelled rows of one set (``documents``, ``held_out``), and one ``none`` row for each
    labelled file without activities."""
    documents = json.loads(path.read_text(encoding="utf-8"))[key]
    rows = [{"doc": doc, **row} for doc, expected in documents.items() for row in expected]
    return rows + [{"doc": doc, "none": True} for doc, expected in documents.items() if not expected]


def main(corpus: Path, held_out: Path) -> None:
    samples = read_expectations(ROOT / "tests" / "transform" / "expected_activities.json")
    report("samples (raw/)", warehouse_activities(ROOT / "raw"), samples)
    for label, folder, key in (
        ("real notices", corpus, "documents"),
        ("held-out notices", held_out, "held_out"),
    ):
        if folder.is_dir():
            report(f"{label} ({folder})", warehouse_activities(folder), real_expectations(EXPECTED, key))
        else:
            print(f"{folder}: no such folder; gather the real notices first (see the module docstring)")


if __name__ == "__main__":
    arguments = [Path(argument) for argument in sys.argv[1:3]]
    main(*arguments, *(DEFAULT_CORPUS, DEFAULT_HELD_OUT)[len(arguments) :])
