"""The transform stage: staged records into the warehouse tables, validated, as Parquet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.fingerprint import code_fingerprint, fingerprint, read_manifest, reusable_output
from pipeline.records import (
    Activity,
    Attachment,
    Contact,
    Document,
    FileRecord,
    PageRecord,
    QuarantineRecord,
    Record,
    RepairRecord,
    Section,
    TablePageRecord,
    Target,
    Unit,
    UnitMention,
)
from pipeline.settings import Settings
from pipeline.staging import read_table, stage_dir, to_arrow, write_stage
from pipeline.transform.documents import texts_to_documents
from pipeline.transform.facts import documents_to_facts
from pipeline.transform.mentions import merge_units
from pipeline.transform.rosters import roster_tables

#: Tables read from the documents' text.
DOCUMENT_MODELS: tuple[type[Record], ...] = (Document, Section, Contact, Attachment, Activity, Target)
#: Staged extract tables the warehouse keeps as they are (lineage and audit).
PASSED_THROUGH: tuple[type[Record], ...] = (
    FileRecord,
    RepairRecord,
    QuarantineRecord,
    PageRecord,
    TablePageRecord,
)


#: Documents turned into records at a time: Python objects for one batch, Arrow for what is done.
DOCUMENT_BATCH = 500


@dataclass(frozen=True)
class TransformSummary:
    rows: dict[str, int]


def transform(settings: Settings, run_id: str) -> TransformSummary:
    """Read ``staged/extract`` and commit the warehouse tables to ``staged/transform``.

    When ``staged/transform`` was made by this code from the same extract output, it is kept as it is.
    """
    source = stage_dir(settings.staged, "extract", needed_by="transform")
    manifest = {
        "code": code_fingerprint(),
        "input": read_manifest(source).get("output", ""),
        "settings": fingerprint(settings.identity),
    }
    if not settings.full and (rows := reusable_output(settings.staged / "transform", manifest)) is not None:
        return TransformSummary(rows=rows)
    documents, mentioned = document_tables(source)
    rosters = roster_tables(source, settings.identity)
    units, mentions = merge_units([Unit(**row) for row in rosters[Unit.table].to_pylist()], mentioned)
    tables: dict[str, pa.Table] = {model.table: read_table(source, model.table) for model in PASSED_THROUGH}
    tables |= {
        **documents,
        **rosters,
        Unit.table: to_arrow(Unit, units),
        UnitMention.table: to_arrow(UnitMention, mentions),
    }
    write_stage(settings.staged, "transform", run_id, tables, manifest | {"output": fingerprint(manifest)})
    return TransformSummary(rows={name: table.num_rows for name, table in tables.items()})


def document_tables(source: Path) -> tuple[dict[str, pa.Table], list[UnitMention]]:
    """The tables read from the staged texts, batch by batch, and the units the documents mention.

    Only one batch of documents is held as Python records; what is done is kept as Arrow, so memory
    follows the size of the output tables, not the number of record objects.
    """
    parts: dict[type[Record], list[pa.Table]] = {model: [] for model in DOCUMENT_MODELS}
    mentioned: list[UnitMention] = []
    texts = pq.ParquetFile(source / "texts.parquet")
    for batch in texts.iter_batches(batch_size=DOCUMENT_BATCH):
        docs = texts_to_documents(batch.to_pylist())
        facts = documents_to_facts(docs.documents, docs.sections)
        rows: dict[type[Record], Sequence[Record]] = {
            Document: docs.documents,
            Section: docs.sections,
            Contact: docs.contacts,
            Attachment: docs.attachments,
            Activity: facts.activities,
            Target: facts.targets,
        }
        for model, records in rows.items():
            parts[model].append(to_arrow(model, records))
        mentioned.extend(facts.unit_mentions)
    tables = {
        model.table: pa.concat_tables(parts[model]) if parts[model] else to_arrow(model, [])
        for model in DOCUMENT_MODELS
    }
    return tables, mentioned
