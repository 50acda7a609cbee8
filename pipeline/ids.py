"""Stable identifiers: the same input always gives the same id."""

from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: object) -> str:
    """``prefix``, an underscore and 16 hex digits of the sha256 of the parts.

    >>> stable_id("doc", "notices/002.txt") == stable_id("doc", "notices/002.txt")
    True
    >>> len(stable_id("doc", "notices/002.txt"))
    20
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"
