"""The transform stage: staged records into the warehouse tables, validated, as Parquet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.budget import Heartbeat, beats
from pipeline.fingerprint import code_fingerprint, fingerprint, read_manifest, reusable_output
from pipeline.progress import Tick, no_progress
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

# The modules that read the documents (jieba, OpenCC, cpca) are imported by the functions that use them:
# a run whose staged/transform is still right decides so without loading them.

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
    from pipeline.transform.mentions import linked_units, unit_aliases

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
        with beats(settings.lock_file, "transform") as heartbeat:
            spellings |= write_document_tables(
                source,
                out,
                units,
                lambda done: tick(done, documents, "documents"),
                DocumentReading(settings.workers, settings.file_timeout, heartbeat),
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
    from pipeline.transform.mentions import units_by_key
    from pipeline.transform.rosters import ROSTER_BATCH, write_roster_tables

    with out.work_dir() as work, out.on_os_error():
        batches = read_batches(source, RosterRow.table, ROSTER_BATCH)
        units = write_roster_tables(batches, out.write, work, identity)
    return units_by_key(Unit(**row) for row in units.to_pylist())


@dataclass(frozen=True)
class DocumentReading:
    """How the documents are read: in ``workers`` processes, each within ``seconds`` (0: no budget),
    the heartbeat told which file the run is on (None: nobody)."""

    workers: int = 1
    seconds: float = 0.0
    heartbeat: Heartbeat | None = None


def write_document_tables(
    source: Path,
    out: StageWriter,
    units: dict[str, Unit],
    done: Callable[[int], None],
    reading: DocumentReading = DocumentReading(),  # frozen: one default shared safely
) -> set[tuple[str, str]]:
    """The tables read from the staged texts and ``unit_mentions``, written batch by batch of documents
    (``done`` is told how many documents are written after each batch); returns the (name, unit_id)
    of every unit name met (mentions and issuers) for ``unit_aliases``.

    The documents of a batch are read as ``reading`` says (``transform.parallel``): a document over its
    time budget is quarantined as too_slow, without rows elsewhere. Each mention and each document's
    issuer is then linked to ``units`` (by ``unit_key``) here, in document order: ``units`` gains the
    units first named here.
    """
    from pipeline.transform.mentions import link_documents
    from pipeline.transform.parallel import document_readers

    spellings: set[tuple[str, str]] = set()
    written = 0
    with document_readers(reading.workers, reading.seconds, reading.heartbeat) as readers:
        for batch in read_batches(source, TextRecord.table, DOCUMENT_BATCH):
            read = readers.read(batch.to_pylist())
            docs, facts = read.tables, read.facts
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
                QuarantineRecord: read.too_slow,
            }
            for model, records in rows.items():
                out.write(model.table, to_arrow(model, records))
            written += batch.num_rows
            done(written)
    return spellings
