"""One file to records: pick the reader by content and name; failures become quarantine rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from pipeline.errors import PipelineError, UnreadableInput
from pipeline.extract.archive import extract_zip_archive
from pipeline.extract.docx import extract_doc, extract_docx
from pipeline.extract.pdf import extract_pdf
from pipeline.extract.rosters import ROSTER_READERS
from pipeline.extract.sources import FileBytes, SourceFile, in_memory, sniff_kind
from pipeline.extract.text import extract_text_document
from pipeline.reasons import ReasonCode
from pipeline.records import FileRecord, QuarantineRecord, Record, TextRecord
from pipeline.settings import Settings
from pipeline.staging import SpilledBatch, StagedBatch

#: A reader gets the file, its bytes (a big file mapped for the csv reader: ``_MAPPED_KINDS``), their
#: sha256, the sniffed kind and the settings, and returns records and columnar batches (or spilled ones:
#: ``extract.spool``); it raises UnreadableInput when the whole file cannot be used.
Reader = Callable[[SourceFile, bytes, str, str, Settings], list[Record | StagedBatch | SpilledBatch]]


def _read_zip(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch | SpilledBatch]:
    """A .zip archive: each member through ``extract_bytes`` like a file of its own."""
    return extract_zip_archive(source, data, settings, extract_bytes)


READERS: dict[str, Reader] = {
    "text": extract_text_document,
    "html": extract_text_document,
    "zip": _read_zip,
    "pdf": extract_pdf,
    "docx": extract_docx,
    "doc": extract_doc,
    **ROSTER_READERS,
}
#: Kinds whose reader builds the text of a document from a binary file.
DOCUMENT_KINDS = frozenset({"pdf", "docx", "doc"})
_EXCERPT_CHARS = 200
#: The kinds whose reader takes a mapped file (``SourceFile.read``) and goes through it once.
_MAPPED_KINDS = frozenset({"csv"})
#: Roster kinds whose first bytes are their first rows as text (an excerpt an analyst can read).
_TEXT_ROSTERS = frozenset({"csv", "html_sheet"})


def extract_file(source: SourceFile, settings: Settings) -> list[Record | StagedBatch | SpilledBatch]:
    """The records of one file, always ending with its FileRecord; never raises for bad input."""
    try:
        data, sha256 = source.read()
    except OSError as err:
        quarantine = _quarantine(source, ReasonCode.UNREADABLE, f"cannot read the file: {err}", b"")
        return [quarantine, _file_record(source, "", 0, "unknown", [quarantine])]
    return extract_bytes(source, data, sha256, settings)


def file_failure(
    source: SourceFile, code: ReasonCode, reason: str
) -> list[Record | StagedBatch | SpilledBatch]:
    """The quarantine row and FileRecord of a file whose reading was stopped from outside (over its time
    budget, or its worker died): the file is read again here only for its hash, size, kind and excerpt,
    so that an unchanged file is not tried again by the next incremental run."""
    try:
        data, sha256 = source.read()
    except OSError:
        data, sha256 = b"", ""
    kind = sniff_kind(source.source_file, data[:1024])
    quarantine = _quarantine(source, code, reason, data)
    return [quarantine, _file_record(source, sha256, len(data), kind, [quarantine])]


def extract_bytes(
    source: SourceFile, data: FileBytes, sha256: str, settings: Settings
) -> list[Record | StagedBatch | SpilledBatch]:
    """The records of one file's bytes (a file on disk or a member of an archive), ending with its
    FileRecord; never raises for bad input."""
    kind = sniff_kind(source.source_file, data[:1024])
    try:
        reader = READERS.get(kind)
        if not len(data):
            raise UnreadableInput(ReasonCode.EMPTY_FILE, "empty file (0 bytes): nothing to read")
        if reader is None:
            suffix = PurePosixPath(source.source_file).suffix or "(no suffix)"
            raise UnreadableInput(
                ReasonCode.UNSUPPORTED_TYPE,
                f"unsupported file type {suffix}: convert it to .txt, .html, .pdf, .docx, .xlsx or .csv",
            )
        records = reader(source, data if kind in _MAPPED_KINDS else in_memory(data), sha256, kind, settings)
    except UnreadableInput as err:
        records = [_quarantine(source, err.code, err.reason, data, err.location, err.raw_excerpt)]
    except PipelineError:
        raise  # the run's own failure (a full disk under staged/), not the file's
    except Exception as err:  # a reader bug must not stop the run: quarantine and show the cause
        reason = (
            f"internal error while reading ({type(err).__name__}: {err}); please report it with this file"
        )
        records = [_quarantine(source, ReasonCode.READER_BUG, reason, data)]
    if kind in ROSTER_READERS and not any(_counts(r) or isinstance(r, QuarantineRecord) for r in records):
        records.append(_no_rows(source, data if kind in _TEXT_ROSTERS else b""))
    return [*records, _file_record(source, sha256, len(data), kind, records)]


def document_text(source: SourceFile, data: bytes, kind: str, settings: Settings) -> str:
    """The text a PDF or Word reader builds from ``data`` (kind in ``DOCUMENT_KINDS``), before repair.

    Raises UnreadableInput with the reader's reason when it gives no text.
    """
    records = READERS[kind](source, data, "", kind, settings)
    texts = [r.text_original for r in records if isinstance(r, TextRecord)]
    if not texts:
        refused = [r for r in records if isinstance(r, QuarantineRecord)]
        if refused:
            raise UnreadableInput(ReasonCode(refused[0].reason_code), refused[0].reason)
        raise UnreadableInput(ReasonCode.UNREADABLE, f"the {kind} reader found no text in the file")
    return "\n".join(texts)


def _file_record(
    source: SourceFile, sha256: str, size: int, kind: str, records: list[Record | StagedBatch | SpilledBatch]
) -> FileRecord:
    """The file's row: ``quarantined`` when the whole file failed, ``empty`` when it gave no records
    (its quarantine rows say why), else ``ok``."""
    whole_file_failed = any(
        isinstance(r, QuarantineRecord) and r.location == "file" and r.source_file == source.source_file
        for r in records
    )
    count = sum(_counts(r) for r in records)
    return FileRecord(
        source_file=source.source_file,
        sha256=sha256,
        size_bytes=size,
        kind=kind,
        status="quarantined" if whole_file_failed else "ok" if count else "empty",
        records=count,
    )


def _counts(record: Record | StagedBatch | SpilledBatch) -> int:
    """The records this item adds to its file's count (quarantine and file rows are none)."""
    if isinstance(record, QuarantineRecord | FileRecord):
        return 0
    return record.num_rows if isinstance(record, StagedBatch | SpilledBatch) else 1


def _no_rows(source: SourceFile, data: FileBytes) -> QuarantineRecord:
    """Why a roster file that gave no row and no quarantine row is not silently ``ok``: what it held."""
    return _quarantine(
        source,
        ReasonCode.NO_ROWS,
        "no member or unit row: every sheet is blank or holds only a header; check that this is the "
        "roster meant, or remove it from raw/",
        data,
        location="all sheets",
    )


def _quarantine(
    source: SourceFile,
    code: ReasonCode,
    reason: str,
    data: FileBytes,
    location: str = "",
    excerpt: str = "",
) -> QuarantineRecord:
    """The quarantine row of a file that failed as a whole (or of ``location`` in it); the excerpt is
    the file's first bytes unless the reader gave one."""
    return QuarantineRecord(
        source_file=source.source_file,
        location=location or "file",
        reason_code=code,
        reason=reason,
        raw_excerpt=excerpt or _excerpt(data),
    )


def _excerpt(data: FileBytes) -> str:
    return data[:_EXCERPT_CHARS].decode("utf-8", errors="replace")
