"""Precision and recall of activities and targets on the samples in raw/, against the hand-written
expectations in tests/transform/, and the speed of reading them (activities, targets and unit mentions
together, after the one-off loading of jieba and cpca, with the per-sentence caches emptied).
Run: PYTHONPATH=. python benchmarks/activities_quality.py [RAW_DIR]"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline.transform.english_names import sentence_runs
from pipeline.transform.quality import (
    activity_matches,
    read_expectations,
    read_samples,
    sample_text,
    score,
    target_matches,
)
from pipeline.transform.segment import segment

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
        print(score(found, expected, matches).report(table))


def speed(raw: Path, passes: int = 5) -> None:
    """MB/s of ``read_samples`` over ``passes`` passes (the first, untimed, loads the dictionaries)."""
    read_samples(raw)
    size = sum(len(sample_text(p.read_text(encoding="utf-8")).encode()) for p in raw.glob("*.txt"))
    started = time.perf_counter()
    for _ in range(passes):
        segment.cache_clear()
        sentence_runs.cache_clear()
        read_samples(raw)
    seconds = time.perf_counter() - started
    print(
        f"speed: {passes * size / 1e6:.2f} MB in {seconds:.2f} s = {passes * size / 1e6 / seconds:.2f} MB/s"
    )


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "raw"
    main(folder)
    speed(folder)
