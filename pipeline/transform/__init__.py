"""The transform stage: staged records into the warehouse tables, validated, as Parquet."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

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

#: Staged extract tables the warehouse keeps as they are (lineage and audit).
PASSED_THROUGH: tuple[type[Record], ...] = (
    FileRecord,
    RepairRecord,
    QuarantineRecord,
    PageRecord,
    TablePageRecord,
)


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
    docs = texts_to_documents(read_table(source, "texts").to_pylist())
    facts = documents_to_facts(docs.documents, docs.sections)
    rosters = roster_tables(source, settings.identity)
    units, mentions = merge_units(
        [Unit(**row) for row in rosters[Unit.table].to_pylist()], facts.unit_mentions
    )
    tables: dict[str, pa.Table] = {model.table: read_table(source, model.table) for model in PASSED_THROUGH}
    tables |= {
        Document.table: to_arrow(Document, docs.documents),
        Section.table: to_arrow(Section, docs.sections),
        Contact.table: to_arrow(Contact, docs.contacts),
        Attachment.table: to_arrow(Attachment, docs.attachments),
        **rosters,
        Unit.table: to_arrow(Unit, units),
        Activity.table: to_arrow(Activity, facts.activities),
        Target.table: to_arrow(Target, facts.targets),
        UnitMention.table: to_arrow(UnitMention, mentions),
    }
    write_stage(settings.staged, "transform", run_id, tables, manifest | {"output": fingerprint(manifest)})
    return TransformSummary(rows={name: table.num_rows for name, table in tables.items()})
