"""Extract files in one process or in ``settings.workers`` processes, results in input order.

Each file is extracted by ``extract_file`` alone, so the work splits by file; ``Executor.map`` keeps the
input order, which keeps the staged tables (and so the warehouse) identical whatever the worker count.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from pipeline.extract.dispatch import extract_file
from pipeline.extract.sources import SourceFile
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import SpilledBatch, StagedBatch

#: Files handed to a worker at a time: large enough to amortize pickling, small enough to balance.
_CHUNK = 16


def extract_files(
    sources: list[SourceFile], settings: Settings
) -> Iterator[tuple[SourceFile, list[Record | StagedBatch | SpilledBatch]]]:
    """Each source with its extracted records, in the order of ``sources``."""
    if settings.workers == 1 or len(sources) < 2:
        for source in sources:
            yield source, extract_file(source, settings)
        return
    with ProcessPoolExecutor(max_workers=settings.workers) as pool:
        results = pool.map(partial(extract_file, settings=settings), sources, chunksize=_CHUNK)
        yield from zip(sources, results, strict=True)
