"""Precision and recall of activities and targets against expectations written by hand from the samples.

The expectations (``tests/transform/expected_activities.json`` / ``expected_targets.json``) list what a
reader finds in each sample. A row found matches an expected row of the same document when:

* activities: the names agree (normalized; or one ends the other and is at least 60 % of its length:
  "省级青少年科技教师培训" for "全国及省级青少年科技教师培训"), kind and edition are equal, and the dates
  and location are equal where the expectation gives them;
* targets: the quantities are equal, the expected subject words occur in the subject found, and the
  periods are equal.

Each expected row is matched at most once. Used by ``benchmarks/activities_quality.py`` and the tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.extract.boilerplate import strip_boilerplate
from pipeline.records import Activity, Target
from pipeline.repair.chain import repair_text
from pipeline.transform.activities import normalize_name
from pipeline.transform.facts import DocumentFacts, extract_facts
from pipeline.transform.notice import extract_notice


@dataclass(frozen=True)
class Score:
    """Counts and rates of one comparison, with the rows missed and the rows found in excess."""

    found: int
    expected: int
    correct: int
    missed: tuple[dict[str, Any], ...]
    extra: tuple[Any, ...]

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def report(self, label: str, note: str = "") -> str:
        """The counts and rates on one line (``note`` after them), then one line per row missed or extra."""
        lines = [
            f"{label}: found {self.found}, expected {self.expected}, correct {self.correct}, "
            f"precision {self.precision:.2f}, recall {self.recall:.2f}{note}"
        ]
        lines += [f"  missed {r['doc']}:{r['line']} {r.get('name') or r.get('subject')}" for r in self.missed]
        lines += [f"  extra  {r.doc_id}:{r.line} {getattr(r, 'name', None) or r.subject}" for r in self.extra]
        return "\n".join(lines)


def sample_text(raw: str) -> str:
    """A sample's text as ``text_clean`` holds it: repaired, simplified, site boilerplate blanked."""
    return strip_boilerplate(repair_text(raw).text)


def read_samples(folder: Path) -> dict[str, DocumentFacts]:
    """Activities, targets and unit mentions of every sample file (keyed by file name), each read with
    the language and sections the notice parser finds, as the transform stage reads documents."""
    facts = {}
    for path in sorted(folder.glob("*.txt")):
        text = sample_text(path.read_text(encoding="utf-8"))
        notice = extract_notice(text)
        facts[path.name] = extract_facts(path.name, notice.language, text, notice.sections, notice.issued_on)
    return facts


def same_name(found: str, expected: str) -> bool:
    a, b = normalize_name(found), normalize_name(expected)
    short, long = sorted((a, b), key=len)
    return a == b or (long.endswith(short) and len(short) >= 0.6 * len(long))


def activity_matches(found: Activity, expected: dict[str, Any]) -> bool:
    """True when ``found`` is the expected activity (see the module docstring)."""
    dates = (
        str(found.start_date) if found.start_date else None,
        str(found.end_date) if found.end_date else None,
    )
    return (
        same_name(found.name, expected["name"])
        and found.kind == expected["kind"]
        and found.edition == expected.get("edition")
        and dates == (expected.get("start_date"), expected.get("end_date"))
        and (expected.get("location") is None or found.location == expected["location"])
    )


def target_matches(found: Target, expected: dict[str, Any]) -> bool:
    """True when ``found`` is the expected target (see the module docstring)."""
    return (
        (found.quantity_min, found.quantity_max) == (expected["quantity_min"], expected["quantity_max"])
        and expected["subject"].lower() in found.subject.lower()
        and found.period == expected.get("period")
    )


def score(
    found: Sequence[Any], expected: Sequence[dict[str, Any]], matches: Callable[[Any, dict[str, Any]], bool]
) -> Score:
    """Compare rows found with expected rows of the same documents (``doc_id`` / ``doc``)."""
    left = list(expected)
    extra = []
    for row in found:
        hit = next((e for e in left if e["doc"] == row.doc_id and matches(row, e)), None)
        if hit is None:
            extra.append(row)
        else:
            left.remove(hit)
    return Score(len(found), len(expected), len(found) - len(extra), tuple(left), tuple(extra))


def read_expectations(path: Path) -> list[dict[str, Any]]:
    """The expected rows of a hand-written expectations file (a JSON list; ``note`` keys are comments)."""
    return json.loads(path.read_text(encoding="utf-8"))
