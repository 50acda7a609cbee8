"""Input files under raw/: discovery, content hash, and what kind of file each one is."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import UsageError

_IGNORED_NAMES = frozenset({".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"})
_KIND_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
}


@dataclass(frozen=True)
class SourceFile:
    """One input file: its absolute path and its path relative to raw/ (the lineage key)."""

    path: Path
    source_file: str

    def read(self) -> tuple[bytes, str]:
        """The file's bytes and their sha256."""
        data = self.path.read_bytes()
        return data, hashlib.sha256(data).hexdigest()


def find_sources(raw: Path) -> list[SourceFile]:
    """Every file under ``raw`` (recursively, hidden files skipped), in a stable order."""
    if not raw.is_dir():
        raise UsageError(f"{raw}: input folder not found: pass --raw DIR with the files to ingest")
    found = []
    for folder, subfolders, names in os.walk(raw):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        prefix = Path(folder).relative_to(raw).parts
        found += [
            (*prefix, name)
            for name in names
            if not name.startswith(".")
            and name not in _IGNORED_NAMES
            and os.path.isfile(os.path.join(folder, name))
        ]
    return [SourceFile(raw.joinpath(*parts), "/".join(parts)) for parts in sorted(found)]


def sniff_kind(source_file: str, head: bytes) -> str:
    """The reader to use, from the first bytes (which win) and the file name's suffix."""
    lowered = head.lstrip()[:512].lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return _KIND_BY_SUFFIX.get(Path(source_file).suffix.lower(), "unknown")
