"""Text documents (.txt, .html): decode whatever the encoding, turn HTML into text, repair it."""

from __future__ import annotations

from inscriptis import get_text

from pipeline.extract.boilerplate import strip_boilerplate
from pipeline.extract.sources import SourceFile
from pipeline.ids import stable_id
from pipeline.records import Record, RepairRecord, TextRecord
from pipeline.repair import Step, decode_bytes, repair_text
from pipeline.settings import Settings
from pipeline.staging import StagedBatch


def extract_text_document(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """One TextRecord for the whole file and a RepairRecord per repaired line."""
    decoded = decode_bytes(data)
    original = html_to_text(decoded.text) if kind == "html" else decoded.text
    original = original.replace("\r\n", "\n").replace("\r", "\n")
    return text_to_records(
        source, sha256, kind, original, settings, encoding=decoded.encoding, confidence=decoded.confidence
    )


def text_to_records(
    source: SourceFile,
    sha256: str,
    kind: str,
    original: str,
    settings: Settings,
    *,
    encoding: str,
    confidence: float,
) -> list[Record | StagedBatch]:
    """The text path every reader shares: repair ``original``, one TextRecord and its RepairRecords.

    PDF and Word readers call it with the text they built, so transform reads their notices exactly as
    it reads a .txt notice.
    """
    repaired = repair_text(original, keep_traditional=settings.keep_traditional)
    clean = strip_boilerplate(repaired.text)
    doc_id = stable_id("doc", source.source_file)
    text = TextRecord(
        doc_id=doc_id,
        source_file=source.source_file,
        sha256=sha256,
        kind=kind,
        page=None,
        line_start=1,
        line_end=original.count("\n") + 1,
        encoding=encoding,
        encoding_confidence=confidence,
        script=repaired.script,
        text_original=original,
        text_clean=clean,
    )
    steps = [*repaired.steps, *boilerplate_steps(repaired.text, clean)]
    repairs = [
        RepairRecord(
            doc_id=doc_id,
            source_file=source.source_file,
            line=step.line,
            kind=step.kind,
            before=step.before,
            after=step.after,
            confidence=step.confidence,
            misreading=step.misreading or None,
        )
        for step in steps
    ]
    return [text, *repairs]


def boilerplate_steps(before: str, after: str) -> list[Step]:
    """The lines ``strip_boilerplate`` blanked or cut, as audit steps (it keeps line numbers)."""
    return [
        Step(number, "strip_boilerplate", old, new)
        for number, (old, new) in enumerate(zip(before.split("\n"), after.split("\n"), strict=True), start=1)
        if old != new
    ]


def html_to_text(html: str) -> str:
    """The visible text of an HTML page with block structure kept as lines.

    >>> html_to_text("<p>关于加强协会</p><p>自身能力建设的通知</p>").split()
    ['关于加强协会', '自身能力建设的通知']
    """
    return get_text(html)
