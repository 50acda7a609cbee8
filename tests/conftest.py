"""Shared fixtures: the real sample documents bundled in raw/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from opencc import OpenCC

RAW = Path(__file__).resolve().parent.parent / "raw"


@pytest.fixture
def raw_sample() -> Callable[[str], str]:
    """Read the raw sample whose name starts with ``prefix`` ("002"); traditional text (004) is
    converted to simplified, as the repair chain does before the transform stage."""

    def read(prefix: str) -> str:
        (path,) = RAW.glob(f"{prefix}_*.txt")
        text = path.read_text("utf-8")
        return OpenCC("t2s.json").convert(text) if prefix == "004" else text

    return read
