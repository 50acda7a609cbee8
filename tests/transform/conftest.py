"""The samples read once for the activity, target and unit-mention tests (jieba loads once)."""

from __future__ import annotations

import pytest

from pipeline.transform.facts import DocumentFacts
from pipeline.transform.quality import read_samples
from tests.conftest import SAMPLE


@pytest.fixture(scope="session")
def sample_facts() -> dict[str, DocumentFacts]:
    """Activities, targets and unit mentions of every file in raw/, keyed by file name."""
    return read_samples(SAMPLE)
