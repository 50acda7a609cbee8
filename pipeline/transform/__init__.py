"""The transform stage: staged records into the warehouse tables, validated, as Parquet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pipeline.budget import DocumentBudget, beats, too_slow_reason
from pipeline.fingerprint import code_fingerprint, fingerprint, read_manifest, reusable_output
from pipeline.progress import Tick, no_progress
from pipeline.reasons import ReasonCode
from pipeline.records import (
    Activity,
    Attachment,
    Contact,
    Document,
    DroppedColumn,
    FileRecord,
    Member,
    MemberSource,
    PageRecord,
    QuarantineRecord,
    Record,
    RepairRecord,
    RosterRow,
    Section,
    TablePageRecord,
    Target,
    TextRecord,
    Unit,
    UnitAlias,
    UnitMention,
)
from pipeline.settings import Settings
from pipeline.staging import StageWriter, open_parquet, open_stage, read_batches, stage_dir, to_arrow
from pipeline.transform.documents import DocumentTables, texts_to_documents
from pipeline.transform.facts import DocumentFacts, documents_to_facts
from pipeline.transform.mentions import (
    link_documents,
    linked_units,
    unit_aliases,
    units_by_key,
)
from pipeline.transform.rosters import ROSTER_BATCH, write_roster_tables

#: Tables read from the documents' text.
DOCUMENT_MODELS: tuple[type[Record], ...] = (Document, Section, Contact, Attachment, Activity, Target)
#: Staged extract tables the warehouse keeps as they are (lineage and audit).
PASSED_THROUGH: tuple[type[Record], ...] = (
    FileRecord,
    RepairRecord,
    QuarantineRecord,
    PageRecord,
    TablePageRecord,
    DroppedColumn,
)


#: Documents turned into records at a time, then written: the only documents held as Python objects.
DOCUMENT_BATCH = 500


@dataclass(frozen=True)
class TransformSummary:
    rows: dict[str, int]
    #: The output of an earlier run was kept (same code, same input).
    reused: bool = False


def transform(settings: Settings, run_id: str, tick: Tick = no_progress) -> TransformSummary:
    """Read ``staged/extract`` and commit the warehouse tables to ``staged/transform``.

    Tables are written as they are made: the passed-through tables a batch at a time, the roster
    tables a batch at a time as ``transform.rosters`` makes them, the documents' tables a batch of
    documents at a time. Only ``units`` (and the names met for them, ``unit_aliases``) is held whole:
    it gains the units the documents name until the last batch. When ``staged/transform`` was made by
    this code from the same extract output, it is kept as it is. ``tick`` is told the documents done
    (after the rosters, ticked as 0 documents).
    """
    source = stage_dir(settings.staged, "extract", needed_by="transform")
    manifest = {
        "code": code_fingerprint(),
        "input": read_manifest(source).get("output", ""),
        "settings": fingerprint(settings.identity, settings.file_timeout),
    }
    if not settings.full and (rows := reusable_output(settings.staged / "transform", manifest)) is not None:
        return TransformSummary(rows=rows, reused=True)
    aligned = (Member.table, MemberSource.table)  # a roster's size: see staging.ROW_GROUP_ROWS
    with open_stage(settings.staged, "transform", run_id, aligned) as out:
        for model in (*PASSED_THROUGH, *DOCUMENT_MODELS, UnitMention, UnitAlias):  # every table, even empty
            out.write(model.table, to_arrow(model, []))
        for model in PASSED_THROUGH:
            for batch in read_batches(source, model.table):
                out.write(model.table, batch)
        documents = open_parquet(source / f"{TextRecord.table}.parquet").metadata.num_rows
        tick(0, documents, "rosters")
        units = transform_rosters(source, out, settings.identity)
        spellings = {(unit.name, unit.unit_id) for unit in units.values()}
        with (
            beats(settings.lock_file, "transform") as heartbeat,
            DocumentBudget(settings.file_timeout, heartbeat) as budget,
        ):
            spellings |= write_document_tables(
                source, out, units, budget, lambda done: tick(done, documents, "documents")
            )
        linked = linked_units(units)
        out.write(Unit.table, to_arrow(Unit, linked))
        out.write(UnitAlias.table, to_arrow(UnitAlias, unit_aliases(spellings, linked)))
        out.commit(manifest | {"output": fingerprint(manifest)})
        return TransformSummary(rows=dict(out.rows))


def transform_rosters(source: Path, out: StageWriter, identity: str) -> dict[str, Unit]:
    """Write the roster tables but ``units`` (and their quarantined rows), and return the roster units
    by ``unit_key`` for the documents' mentions to be linked to.

    The matching works in the stage's work folder (``StageWriter.work_dir``).
    """
    with out.work_dir() as work, out.on_os_error():
        batches = read_batches(source, RosterRow.table, ROSTER_BATCH)
        units = write_roster_tables(batches, out.write, work, identity)
    return units_by_key(Unit(**row) for row in units.to_pylist())


def write_document_tables(
    source: Path,
    out: StageWriter,
    units: dict[str, Unit],
    budget: DocumentBudget,
    done: Callable[[int], None],
) -> set[tuple[str, str]]:
    """The tables read from the staged texts and ``unit_mentions``, written batch by batch of documents
    (``done`` is told how many documents are written after each batch); returns the (name, unit_id)
    of every unit name met (mentions and issuers) for ``unit_aliases``.

    Each mention and each document's issuer is linked to ``units`` (by ``unit_key``), which gains the
    units first named here. Each document is read within ``budget``: one over it is quarantined as
    too_slow, without rows elsewhere.
    """
    spellings: set[tuple[str, str]] = set()
    written = 0
    for batch in read_batches(source, TextRecord.table, DOCUMENT_BATCH):
        docs, facts = DocumentTables(), DocumentFacts()
        too_slow = []
        for text in batch.to_pylist():
            read = budget.run(text["source_file"], partial(_read_document, text))
            if read is None:
                too_slow.append(_too_slow(text, budget.seconds))
                continue
            docs.extend(read[0])
            facts.extend(read[1])
        documents, mentions = link_documents(units, docs.documents, facts.unit_mentions)
        spellings |= {
            (d.issuer.strip(), d.issuer_unit_id) for d in documents if d.issuer and d.issuer_unit_id
        }
        spellings |= {(m.name, m.unit_id) for m in mentions if m.unit_id}
        rows: dict[type[Record], Sequence[Record]] = {
            Document: documents,
            Section: docs.sections,
            Contact: docs.contacts,
            Attachment: docs.attachments,
            Activity: facts.activities,
            Target: facts.targets,
            UnitMention: mentions,
            QuarantineRecord: too_slow,
        }
        for model, records in rows.items():
            out.write(model.table, to_arrow(model, records))
        written += batch.num_rows
        done(written)
    return spellings


def _read_document(text: dict[str, Any]) -> tuple[DocumentTables, DocumentFacts]:
    """One staged text's document, sections, contacts, attachments, activities, targets and mentions."""
    docs = texts_to_documents([text])
    return docs, documents_to_facts(docs.documents, docs.sections)


def _too_slow(text: dict[str, Any], budget: float) -> QuarantineRecord:
    page = f" page {text['page']}" if text.get("page") is not None else ""
    return QuarantineRecord(
        source_file=text["source_file"],
        location=f"document{page}",
        reason_code=ReasonCode.TOO_SLOW,
        reason=too_slow_reason("transform", budget),
        raw_excerpt=text["text_clean"][:200],
    )
