"""The data files kept beside the transform modules (vocabularies, dictionaries), read once each."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def _text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def read_json(name: str) -> Any:
    """The parsed JSON file ``name`` of ``pipeline/transform``."""
    return json.loads(_text(name))


@cache
def read_words(name: str) -> frozenset[str]:
    """The words of a one-word-a-line file of ``pipeline/transform``; lines starting with # are comments."""
    return frozenset(
        line.strip() for line in _text(name).splitlines() if line.strip() and not line.startswith("#")
    )
