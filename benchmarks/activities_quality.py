"""Precision and recall of activities and targets on the samples in raw/, against the hand-written
expectations in tests/transform/. Run: PYTHONPATH=. python benchmarks/activities_quality.py [RAW_DIR]"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.transform.quality import (
    activity_matches,
    read_expectations,
    read_samples,
    score,
    target_matches,
)

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "transform"


def main(raw: Path) -> None:
    facts = read_samples(raw)
    comparisons = {
        "activities": (
            [a for f in facts.values() for a in f.activities],
            read_expectations(EXPECTED / "expected_activities.json"),
            activity_matches,
        ),
        "targets": (
            [t for f in facts.values() for t in f.targets],
            read_expectations(EXPECTED / "expected_targets.json"),
            target_matches,
        ),
    }
    for table, (found, expected, matches) in comparisons.items():
        result = score(found, expected, matches)
        print(
            f"{table}: found {result.found}, expected {result.expected}, correct {result.correct}, "
            f"precision {result.precision:.2f}, recall {result.recall:.2f}"
        )
        for row in result.missed:
            print(f"  missed {row['doc']}:{row['line']} {row.get('name') or row.get('subject')}")
        for row in result.extra:
            print(f"  extra  {row.doc_id}:{row.line} {getattr(row, 'name', None) or row.subject}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "raw")
