"""Golden cases kept as data in tests/cases/*.json: label, original, fixed, expect.

``expect`` is "fixed" (the chain turns original into fixed), "unchanged" (clean text that must stay
as it is; fixed repeats original) or "known_failure" (with a reason; runs as a strict xfail).
An optional ``keep_traditional`` runs the chain without script conversion.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.repair import repair_text

CASES = Path(__file__).resolve().parents[1] / "cases"
EXPECTATIONS = {"fixed", "unchanged", "known_failure"}


def golden_cases() -> list[pytest.param]:
    params = []
    for path in sorted(CASES.glob("*.json")):
        for number, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            if case["expect"] not in EXPECTATIONS:
                raise ValueError(f"{path.name} case {number}: expect must be one of {sorted(EXPECTATIONS)}")
            marks = (
                [pytest.mark.xfail(strict=True, reason=case["reason"])]
                if case["expect"] == "known_failure"
                else []
            )
            params.append(pytest.param(case, id=f"{path.stem}:{case['label']}", marks=marks))
    return params


@pytest.mark.parametrize("case", golden_cases())
def test_golden_case(case: dict) -> None:
    if case["expect"] == "unchanged":
        assert case["fixed"] == case["original"], "an unchanged case repeats its original"
    repaired = repair_text(case["original"], keep_traditional=case.get("keep_traditional", False))
    assert repaired.text == case["fixed"]
