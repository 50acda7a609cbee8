"""Fingerprints that tell a stage its input has not changed, so a nightly run can skip the work.

Each stage writes ``manifest.json`` next to its tables: the fingerprint of the code that made them, of
what they were made from (``input``) and of what they hold (``output``). The next stage compares the
``output`` it reads with the ``input`` it recorded last time; equal means its own output is still right.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import pyarrow.parquet as pq

import pipeline

MANIFEST = "manifest.json"
_CODE_SUFFIXES = frozenset({".py", ".sql", ".json", ".txt", ".tsv", ".csv"})


def fingerprint(*parts: object) -> str:
    """The sha256 of the parts (JSON-encoded), as hex.

    >>> fingerprint("extract", {"full": False}) == fingerprint("extract", {"full": False})
    True
    >>> fingerprint("a") == fingerprint("b")
    False
    """
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """The sha256 of the package's code and data files: new code means staged output is rebuilt."""
    root = Path(pipeline.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict[str, str]:
    """The manifest of a committed stage folder; empty when there is none (or it is unreadable)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def reusable_output(folder: Path, manifest: Mapping[str, str]) -> dict[str, int] | None:
    """Rows per table of ``folder`` when it was made from the same input by the same code, else None."""
    if not manifest.get("input") or not folder.is_dir():
        return None
    previous = read_manifest(folder)
    if any(previous.get(key) != value for key, value in manifest.items()):
        return None
    return {path.stem: pq.ParquetFile(path).metadata.num_rows for path in sorted(folder.glob("*.parquet"))}
