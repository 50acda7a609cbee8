"""Read the documents of a batch in one process or in ``workers`` processes, results in input order.

Each document is read alone (its metadata, sections, contacts, attachments, activities, targets and unit
mentions), so the work splits by document; ``Executor.map`` keeps the input order and the parts are
joined in that order, which keeps the tables (and so the warehouse) identical whatever the worker count.
What joins documents (the units their mentions name) is done after, in the calling process. Each
document is read within a time budget (``budget.DocumentBudget``, in whichever process reads it: a
worker runs its tasks in its main thread, where the budget's alarm works); one over it becomes a
``too_slow`` quarantine row.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pipeline.budget import DocumentBudget, Heartbeat, too_slow_reason
from pipeline.reasons import ReasonCode
from pipeline.records import QuarantineRecord
from pipeline.transform.documents import DocumentTables, texts_to_documents
from pipeline.transform.facts import DocumentFacts, documents_to_facts

#: Parts a batch is cut into per worker: more than one, so a part of long documents does not hold the
#: others up; few, so the pickling of records stays small next to the reading.
_PARTS_PER_WORKER = 4


@dataclass
class ReadDocuments:
    """The documents of some staged texts, the facts read from them, and the texts over their budget."""

    tables: DocumentTables = field(default_factory=DocumentTables)
    facts: DocumentFacts = field(default_factory=DocumentFacts)
    too_slow: list[QuarantineRecord] = field(default_factory=list)

    def extend(self, other: ReadDocuments) -> None:
        self.tables.extend(other.tables)
        self.facts.extend(other.facts)
        self.too_slow += other.too_slow


def read_texts(
    texts: list[dict[str, Any]], seconds: float = 0.0, heartbeat: Heartbeat | None = None
) -> ReadDocuments:
    """The documents of ``texts`` (staged ``texts`` rows) and their facts, each document read within
    ``seconds`` (0: no budget); ``heartbeat`` is told which file is read (None: nobody)."""
    out = ReadDocuments()
    with DocumentBudget(seconds, heartbeat or Heartbeat(None, "transform")) as budget:
        for text in texts:
            read = budget.run(text["source_file"], partial(_read_document, text))
            if read is None:
                out.too_slow.append(_too_slow(text, seconds))
            else:
                out.tables.extend(read[0])
                out.facts.extend(read[1])
    return out


def _read_document(text: dict[str, Any]) -> tuple[DocumentTables, DocumentFacts]:
    """One staged text's document, sections, contacts, attachments, activities, targets and mentions."""
    docs = texts_to_documents([text])
    return docs, documents_to_facts(docs.documents, docs.sections)


def _too_slow(text: dict[str, Any], seconds: float) -> QuarantineRecord:
    page = f" page {text['page']}" if text.get("page") is not None else ""
    return QuarantineRecord(
        source_file=text["source_file"],
        location=f"document{page}",
        reason_code=ReasonCode.TOO_SLOW,
        reason=too_slow_reason("transform", seconds),
        raw_excerpt=text["text_clean"][:200],
    )


@dataclass
class DocumentReaders:
    """``read_texts`` in ``workers`` processes, started on the first batch that needs them, each document
    within ``seconds``."""

    workers: int
    seconds: float = 0.0
    heartbeat: Heartbeat | None = None
    pool: ProcessPoolExecutor | None = field(default=None, init=False)

    def read(self, texts: list[dict[str, Any]]) -> ReadDocuments:
        """``read_texts`` of ``texts``, cut into parts read by the workers, joined in order.

        The first document is read here, before the workers start: they are forked with what it
        loaded (jieba's tagger, cpca's address tables) instead of each loading it again.
        """
        if self.workers == 1 or len(texts) < 2:
            return read_texts(texts, self.seconds, self.heartbeat)
        out = read_texts(texts[:1], self.seconds, self.heartbeat)
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        rest = texts[1:]
        size = math.ceil(len(rest) / (self.workers * _PARTS_PER_WORKER))
        parts = [rest[at : at + size] for at in range(0, len(rest), size)]
        for part in self.pool.map(partial(read_texts, seconds=self.seconds), parts):
            out.extend(part)
        return out


@contextlib.contextmanager
def document_readers(
    workers: int, seconds: float = 0.0, heartbeat: Heartbeat | None = None
) -> Iterator[DocumentReaders]:
    """``DocumentReaders`` of ``workers`` processes, stopped on leaving."""
    readers = DocumentReaders(workers, seconds, heartbeat)
    try:
        yield readers
    finally:
        if readers.pool is not None:
            readers.pool.shutdown()
