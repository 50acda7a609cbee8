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
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
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


@contextlib.contextmanager
def document_readers(workers: int) -> Iterator[Executor | None]:
    """A pool of ``workers`` processes for ``read_documents``, or None for this process alone."""
    if workers == 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield pool


def read_documents(texts: list[dict[str, Any]], pool: Executor | None, workers: int) -> ReadDocuments:
    """``read_texts`` of ``texts``, cut into parts read by ``pool`` when there is one, joined in order."""
    if pool is None or len(texts) < 2:
        return read_texts(texts)
    size = math.ceil(len(texts) / (workers * _PARTS_PER_WORKER))
    out = ReadDocuments(DocumentTables(), DocumentFacts())
    for part in pool.map(read_texts, [texts[at : at + size] for at in range(0, len(texts), size)]):
        for name, rows in vars(part.tables).items():
            getattr(out.tables, name).extend(rows)
        for name, rows in vars(part.facts).items():
            getattr(out.facts, name).extend(rows)
    return out
