"""Extract files in worker processes under a time budget per file, results in input order.

Each file is extracted by ``extract_file`` alone, so the work splits by file. With a budget
(``settings.file_timeout`` > 0, the default) every file is read in one of ``settings.workers`` worker
processes; a worker that spends longer than the budget on one file is killed, the file is quarantined
as too_slow (``pipeline.budget``), a new worker takes its place and the run goes on. Killing the
process is the only way to stop a reader stuck in C code (a regular expression, a PDF or XML parser).
A worker that dies on a file (a crash in a native library, the out-of-memory killer) quarantines that
file the same way. Without a budget the files are read in this process (one worker) or in a
``ProcessPoolExecutor``. The order of ``sources`` is kept, which keeps the staged tables (and so the
warehouse) identical whatever the worker count.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from pipeline.budget import BEAT_SECONDS, Heartbeat, too_slow_reason
from pipeline.extract.dispatch import extract_file, file_failure
from pipeline.extract.sources import SourceFile
from pipeline.reasons import ReasonCode
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import SpilledBatch, StagedBatch

#: Files handed to a pool worker at a time (no budget): large enough to amortize pickling.
_CHUNK = 16
#: Files read ahead of the oldest one still being read, per worker: bounds the results held for order.
_AHEAD_PER_WORKER = 8

Items = list[Record | StagedBatch | SpilledBatch]


def extract_files(
    sources: list[SourceFile], settings: Settings, heartbeat: Heartbeat | None = None
) -> Iterator[tuple[SourceFile, Items]]:
    """Each source with its extracted records, in the order of ``sources``."""
    if settings.file_timeout > 0 and sources:
        yield from _supervised(sources, settings, heartbeat or Heartbeat(None, "extract"))
    elif settings.workers == 1 or len(sources) < 2:
        for source in sources:
            yield source, extract_file(source, settings)
    else:
        with ProcessPoolExecutor(max_workers=settings.workers) as pool:
            results = pool.map(partial(extract_file, settings=settings), sources, chunksize=_CHUNK)
            yield from zip(sources, results, strict=True)


def _serve(jobs: Connection, settings: Settings) -> None:
    """A worker: extract each file sent, send back its records (or the run's own error)."""
    while True:
        try:
            source = jobs.recv()
        except EOFError:
            return
        if source is None:
            return
        try:
            jobs.send(extract_file(source, settings))
        except Exception as err:  # a PipelineError (full disk): the parent raises it
            jobs.send(err)


@dataclass
class _Worker:
    process: BaseProcess
    jobs: Connection
    index: int | None = None  # of the file it reads
    started: float = 0.0  # time.monotonic() when it got that file
    started_at: float = 0.0  # time.time(), for the heartbeat


@dataclass
class _Pool:
    settings: Settings
    workers: list[_Worker] = field(default_factory=list)

    def start(self) -> _Worker:
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, self.settings), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def replace(self, worker: _Worker) -> None:
        """Kill ``worker`` (stuck or dead) and start another in its place."""
        worker.process.kill()
        worker.process.join()
        worker.jobs.close()
        self.workers.remove(worker)
        self.start()

    def close(self) -> None:
        for worker in self.workers:
            if worker.index is None:
                try:
                    worker.jobs.send(None)
                except OSError:
                    worker.process.kill()
            else:
                worker.process.kill()
        for worker in self.workers:
            worker.process.join()
            worker.jobs.close()


def _supervised(
    sources: list[SourceFile], settings: Settings, heartbeat: Heartbeat
) -> Iterator[tuple[SourceFile, Items]]:
    """Read ``sources`` in worker processes, each file within ``settings.file_timeout`` seconds."""
    pool = _Pool(settings)
    for _ in range(min(settings.workers, len(sources))):
        pool.start()
    done: dict[int, Items] = {}
    sent = delivered = 0
    ahead = _AHEAD_PER_WORKER * len(pool.workers)
    try:
        while delivered < len(sources):
            for worker in pool.workers:
                if worker.index is None and sent < len(sources) and sent - delivered < ahead:
                    worker.index, worker.started, worker.started_at = sent, time.monotonic(), time.time()
                    worker.jobs.send(sources[sent])
                    sent += 1
            while delivered in done:
                yield sources[delivered], done.pop(delivered)
                delivered += 1
            if delivered < len(sources):
                _collect(pool, sources, done, settings.file_timeout)
                _beat(pool, sources, heartbeat)
    finally:
        pool.close()


def _collect(pool: _Pool, sources: list[SourceFile], done: dict[int, Items], budget: float) -> None:
    """Wait (a second at most) for results; quarantine the files of workers over the budget or dead."""
    busy = [worker for worker in pool.workers if worker.index is not None]
    if not busy:
        return
    first_deadline = min(worker.started for worker in busy) + budget
    timeout = max(0.0, min(BEAT_SECONDS, first_deadline - time.monotonic()))
    ready = set(wait([worker.jobs for worker in busy], timeout))
    for worker in busy:
        index = worker.index
        assert index is not None
        if worker.jobs in ready:
            try:
                result = worker.jobs.recv()
            except EOFError:  # the worker died reading this file
                done[index] = file_failure(sources[index], ReasonCode.READER_BUG, _died(worker))
                pool.replace(worker)
                continue
            if isinstance(result, Exception):
                raise result
            done[index] = result
            worker.index = None
        elif time.monotonic() - worker.started > budget:
            reason = too_slow_reason("extract", budget)
            done[index] = file_failure(sources[index], ReasonCode.TOO_SLOW, reason)
            pool.replace(worker)


def _died(worker: _Worker) -> str:
    worker.process.join(1)
    code = worker.process.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return (
        f"the process reading this file died ({how}), e.g. a crash in a native library or the "
        "out-of-memory killer; the run went on without it: please report it with this file"
    )


def _beat(pool: _Pool, sources: list[SourceFile], heartbeat: Heartbeat) -> None:
    """Tell the heartbeat the file read longest (the one a stuck run is stuck on)."""
    busy = [worker for worker in pool.workers if worker.index is not None]
    if busy:
        oldest = min(busy, key=lambda worker: worker.started)
        assert oldest.index is not None
        heartbeat.on_file(sources[oldest.index].source_file, since=oldest.started_at)
    else:
        heartbeat.on_file(None)
