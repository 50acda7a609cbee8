"""Read the documents of a batch in one process or in ``workers`` processes, results in input order.

Each document is read alone (its metadata, sections, contacts, attachments, activities, targets and unit
mentions), so the work splits by document; ``Executor.map`` keeps the input order and the parts are
joined in that order, which keeps the tables (and so the warehouse) identical whatever the worker count.
What joins documents (the units their mentions name) is done after, in the calling process.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from pipeline.transform.documents import DocumentTables, texts_to_documents
from pipeline.transform.facts import DocumentFacts, documents_to_facts

#: Parts a batch is cut into per worker: more than one, so a part of long documents does not hold the
#: others up; few, so the pickling of records stays small next to the reading.
_PARTS_PER_WORKER = 4


@dataclass
class ReadDocuments:
    """The documents of some staged texts and the facts read from them."""

    tables: DocumentTables
    facts: DocumentFacts


def read_texts(texts: list[dict[str, Any]]) -> ReadDocuments:
    """The documents of ``texts`` (staged ``texts`` rows) and their facts."""
    tables = texts_to_documents(texts)
    return ReadDocuments(tables, documents_to_facts(tables.documents, tables.sections))


@dataclass
class DocumentReaders:
    """``read_texts`` in ``workers`` processes, started on the first batch that needs them."""

    workers: int
    pool: ProcessPoolExecutor | None = field(default=None, init=False)

    def read(self, texts: list[dict[str, Any]]) -> ReadDocuments:
        """``read_texts`` of ``texts``, cut into parts read by the workers, joined in order.

        The first document is read here, before the workers start: they are forked with what it
        loaded (jieba's tagger, cpca's address tables) instead of each loading it again.
        """
        if self.workers == 1 or len(texts) < 2:
            return read_texts(texts)
        out = read_texts(texts[:1])
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        rest = texts[1:]
        size = math.ceil(len(rest) / (self.workers * _PARTS_PER_WORKER))
        for part in self.pool.map(read_texts, [rest[at : at + size] for at in range(0, len(rest), size)]):
            for name, rows in vars(part.tables).items():
                getattr(out.tables, name).extend(rows)
            for name, rows in vars(part.facts).items():
                getattr(out.facts, name).extend(rows)
        return out


@contextlib.contextmanager
def document_readers(workers: int) -> Iterator[DocumentReaders]:
    """``DocumentReaders`` of ``workers`` processes, stopped on leaving."""
    readers = DocumentReaders(workers)
    try:
        yield readers
    finally:
        if readers.pool is not None:
            readers.pool.shutdown()
