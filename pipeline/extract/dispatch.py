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


def extract_file(source: SourceFile, settings: Settings) -> list[Record | StagedBatch | SpilledBatch]:
    """The records of one file, always ending with its FileRecord; never raises for bad input."""
    try:
        data, sha256 = source.read()
    except OSError as err:
        quarantine = QuarantineRecord(
            source_file=source.source_file,
            location="file",
            reason=f"cannot read the file: {err}",
            raw_excerpt="",
        )
        return [quarantine, _file_record(source, "", 0, "unknown", [quarantine])]
    return extract_bytes(source, data, sha256, settings)


def extract_bytes(
    source: SourceFile, data: FileBytes, sha256: str, settings: Settings
) -> list[Record | StagedBatch | SpilledBatch]:
    """The records of one file's bytes (a file on disk or a member of an archive), ending with its
    FileRecord; never raises for bad input."""
    kind = sniff_kind(source.source_file, data[:1024])
    try:
        reader = READERS.get(kind)
        if reader is None:
            suffix = PurePosixPath(source.source_file).suffix or "(no suffix)"
            raise UnreadableInput(
                f"unsupported file type {suffix}: convert it to .txt, .html, .pdf, .docx, .xlsx or .csv"
            )
        records = reader(source, data if kind in _MAPPED_KINDS else in_memory(data), sha256, kind, settings)
    except UnreadableInput as err:
        records = [_quarantine(source, err.location or "file", err.reason, err.raw_excerpt or _excerpt(data))]
    except PipelineError:
        raise  # the run's own failure (a full disk under staged/), not the file's
    except Exception as err:  # a reader bug must not stop the run: quarantine and show the cause
        reason = (
            f"internal error while reading ({type(err).__name__}: {err}); please report it with this file"
        )
        records = [_quarantine(source, "file", reason, _excerpt(data))]
    return [*records, _file_record(source, sha256, len(data), kind, records)]


def document_text(source: SourceFile, data: bytes, kind: str, settings: Settings) -> str:
    """The text a PDF or Word reader builds from ``data`` (kind in ``DOCUMENT_KINDS``), before repair.

    Raises UnreadableInput with the reader's reason when it gives no text.
    """
    records = READERS[kind](source, data, "", kind, settings)
    texts = [r.text_original for r in records if isinstance(r, TextRecord)]
    if not texts:
        reasons = [r.reason for r in records if isinstance(r, QuarantineRecord)]
        raise UnreadableInput(reasons[0] if reasons else f"the {kind} reader found no text in the file")
    return "\n".join(texts)


def _file_record(
    source: SourceFile, sha256: str, size: int, kind: str, records: list[Record | StagedBatch | SpilledBatch]
) -> FileRecord:
    whole_file_failed = any(isinstance(r, QuarantineRecord) and r.location == "file" for r in records)
    return FileRecord(
        source_file=source.source_file,
        sha256=sha256,
        size_bytes=size,
        kind=kind,
        status="quarantined" if whole_file_failed else "ok",
        records=sum(
            r.num_rows if isinstance(r, StagedBatch | SpilledBatch) else 1
            for r in records
            if not isinstance(r, QuarantineRecord | FileRecord)
        ),
    )


def _quarantine(source: SourceFile, location: str, reason: str, excerpt: str) -> QuarantineRecord:
    return QuarantineRecord(
        source_file=source.source_file, location=location, reason=reason, raw_excerpt=excerpt
    )


def _excerpt(data: FileBytes) -> str:
    return data[:_EXCERPT_CHARS].decode("utf-8", errors="replace")
