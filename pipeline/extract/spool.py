"""One file's rows as a reader makes them: held while few, on disk once many.

A file is staged whole or quarantined whole (a decode error or an unsplittable row may be found at its
end), so its rows cannot go to the hand-over as they are read. Held in memory they cost about 220 bytes
a roster row: 440 MB for a 2,000,000-row csv. A ``RowSpool`` keeps the first ``SPOOL_ROWS`` in memory
(most files never reach them) and then writes every row to an Arrow IPC stream in the extract stage's
work folder; the reader hands over a ``SpilledBatch`` (a path), which the stage reads back a piece at a
time. When reading fails, the spool's file is removed with it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pyarrow as pa

from pipeline.errors import PipelineError
from pipeline.records import Record
from pipeline.staging import SpilledBatch, StagedBatch, arrow_schema

#: Rows a spool holds before it writes them out: about 22 MB of roster rows.
SPOOL_ROWS = 100_000


class RowSpool:
    """The rows of one model from one source file, in order; ``folder`` None holds them all."""

    def __init__(self, model: type[Record], source_file: str, folder: Path | None) -> None:
        self.model, self.source_file, self.folder = model, source_file, folder
        self._held: list[pa.Table] = []
        self._rows = 0
        self._out: _SpoolFile | None = None

    def add(self, table: pa.Table) -> None:
        """Take ``table`` (``arrow_schema(model)``, rows of ``source_file``) after the rows added before."""
        if not table.num_rows:
            return
        self._rows += table.num_rows
        self._held.append(table)
        if self.folder is not None and self._rows > SPOOL_ROWS:
            with self._disk_errors():
                if self._out is None:
                    self._out = _SpoolFile.create(self.folder, arrow_schema(self.model))
                self._write_held(self._out)

    def items(self) -> list[StagedBatch | SpilledBatch]:
        """Every row added: the held tables, or the written file (closed here)."""
        out = self._out
        if out is None:
            return [StagedBatch(self.model, table) for table in self._held]
        with self._disk_errors():
            self._write_held(out)
            out.close()
        return [SpilledBatch(self.model, self.source_file, out.path, self._rows)]

    def discard(self) -> None:
        """Forget the rows and remove the file (reading the source failed)."""
        self._held = []
        if self._out is not None:
            self._out.close()
            self._out.path.unlink(missing_ok=True)

    def __enter__(self) -> RowSpool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if error is not None:
            self.discard()

    def _write_held(self, out: _SpoolFile) -> None:
        for table in self._held:
            out.stream.write_table(table)
        self._held = []

    @contextlib.contextmanager
    def _disk_errors(self) -> Iterator[None]:
        """An OSError writing the file (a full disk) as the run's one-line error: not the file's fault."""
        try:
            yield
        except OSError as err:
            raise PipelineError(
                f"{self.folder}: cannot write the rows of {self.source_file} while reading it "
                f"({err.strerror or err}): check that the disk is not full, or pass --staged DIR"
            ) from err


class _SpoolFile:
    """An Arrow IPC stream being written to a new file of its own."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self._file = pa.OSFile(str(path), "wb")
        self.stream = pa.ipc.new_stream(self._file, schema)

    @classmethod
    def create(cls, folder: Path, schema: pa.Schema) -> _SpoolFile:
        """A file with a name no other spool (in any worker process) has."""
        handle, name = tempfile.mkstemp(prefix="rows-", suffix=".arrow", dir=folder)
        os.close(handle)
        return cls(Path(name), schema)

    def close(self) -> None:
        if not self._file.closed:
            self.stream.close()
            self._file.close()
