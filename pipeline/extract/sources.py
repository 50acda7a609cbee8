"""Input files under raw/: discovery, content hash, and what kind of file each one is."""

from __future__ import annotations

import hashlib
import mmap
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import UsageError

#: A file's bytes: read into memory, or mapped (big files, see ``SourceFile.read``).
FileBytes = bytes | mmap.mmap
#: Files from this size on are mapped rather than read: 32 MB is about 400,000 roster rows.
MAP_BYTES = 32 << 20
#: Bytes read, hashed and copied at a time when a big file is copied (``SourceFile.read``).
_COPY_PIECE = 1 << 20
_IGNORED_NAMES = frozenset({".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"})
_KIND_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".pdf": "pdf",
    ".csv": "csv",
    ".tsv": "csv",
    ".zip": "zip",
}
#: Word suffixes: the content decides the reader (a .doc is often RTF or a web page saved by Word).
_WORD_SUFFIXES = frozenset({".doc", ".docx", ".docm", ".wps"})
#: Spreadsheet suffixes: their content decides the reader (an .xls is often HTML, CSV or an .xlsx).
_SPREADSHEET_SUFFIXES = frozenset({".xls", ".xlsx", ".xlsm", ".et"})


@dataclass(frozen=True)
class SourceFile:
    """One input file: its absolute path and its path relative to raw/ (the lineage key)."""

    path: Path
    source_file: str

    def read(self) -> tuple[FileBytes, str]:
        """The file's bytes and their sha256. From ``MAP_BYTES`` on, a private copy of the file mapped
        into memory, so that a reader going through it once holds only the part it works on
        (``release_read``), and reads the bytes that were hashed whatever happens to the file: with the
        file itself mapped, another program truncating it in place (``cp new.csv raw/名单.csv`` during
        a nightly run) killed the run with SIGBUS, and rewriting it gave new bytes under the old hash.
        The copy is an unnamed temporary file (in ``TMPDIR``), gone with the mapping."""
        with self.path.open("rb") as file:
            if os.fstat(file.fileno()).st_size < MAP_BYTES:
                data = file.read()
                return data, hashlib.sha256(data).hexdigest()
            digest = hashlib.sha256()
            with tempfile.TemporaryFile() as copy:
                while piece := file.read(_COPY_PIECE):
                    digest.update(piece)
                    copy.write(piece)
                copy.flush()
                if not copy.tell():  # emptied since it was measured
                    return b"", digest.hexdigest()
                return mmap.mmap(copy.fileno(), 0, access=mmap.ACCESS_READ), digest.hexdigest()

    def sha256(self) -> str:
        """The sha256 of the file's bytes, read a piece at a time."""
        with self.path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()


def release_read(data: FileBytes, start: int, end: int) -> None:
    """Let go of the memory holding ``data[start:end]`` when ``data`` is a mapped file (touched again,
    it is read again from the file, most likely still in the page cache); nothing for bytes."""
    if isinstance(data, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        first = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE  # whole pages only: the rest may be in use
        last = len(data) if end >= len(data) else end // mmap.PAGESIZE * mmap.PAGESIZE
        if last > first:
            data.madvise(mmap.MADV_DONTNEED, first, last - first)


def in_memory(data: FileBytes) -> bytes:
    """``data`` as bytes, for readers that need the whole file at once."""
    if isinstance(data, bytes):
        return data
    whole = data[:]
    release_read(data, 0, len(data))
    return whole


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
            if is_source((*prefix, name)) and os.path.isfile(os.path.join(folder, name))
        ]
    return [SourceFile(raw.joinpath(*parts), "/".join(parts)) for parts in sorted(found)]


def is_source(parts: Sequence[str]) -> bool:
    """Whether the file at ``parts`` (its path under raw/, split) is an input: no hidden folder or file,
    no operating-system clutter. Both engines list with this rule, whatever file system raw/ is on.

    >>> is_source(("2024", "通知.txt")), is_source((".git", "HEAD")), is_source(("名单", "Thumbs.db"))
    (True, False, False)
    """
    return not any(part.startswith(".") for part in parts) and parts[-1] not in _IGNORED_NAMES


def sniff_kind(source_file: str, head: bytes) -> str:
    """The reader to use, from the first bytes (which win) and the file name's suffix."""
    lowered = head.lstrip()[:512].lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if Path(source_file).suffix.lower() in _WORD_SUFFIXES:
        return _word_kind(head, lowered, Path(source_file).suffix.lower())
    if Path(source_file).suffix.lower() in _SPREADSHEET_SUFFIXES:
        return _spreadsheet_kind(head, lowered)
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return _KIND_BY_SUFFIX.get(Path(source_file).suffix.lower(), "unknown")


def _word_kind(head: bytes, lowered: bytes, suffix: str) -> str:
    """docx (zip; an OLE file named .docx is a password-protected .docx), html, or doc for the rest.

    >>> _word_kind(b"PK\x03\x04", b"", ".doc"), _word_kind(b"{\\rtf1", b"{\\rtf1", ".doc")
    ('docx', 'doc')
    """
    if head.startswith(b"PK\x03\x04") or (suffix == ".docx" and head.startswith(b"\xd0\xcf\x11\xe0")):
        return "docx"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return "doc"


def _spreadsheet_kind(head: bytes, lowered: bytes) -> str:
    """xlsx (zip), xls (OLE), an HTML table or delimited text saved with a spreadsheet suffix.

    >>> _spreadsheet_kind(b"<html><table>", b"<html><table>"), _spreadsheet_kind(b"PK\x03\x04", b"")
    ('html_sheet', 'xlsx')
    """
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if lowered.startswith((b"<!doctype", b"<html", b"<?xml", b"<table")) or b"<table" in lowered:
        return "html_sheet"
    if b"\x00" not in head[:512] and any(
        sep in head for sep in (b",", b"\t", "，".encode(), "，".encode("gbk"), "，".encode("big5"))
    ):
        return "csv"
    return "not_a_workbook"
