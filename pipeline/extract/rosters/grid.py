"""The shared entry point for tables that arrive as a grid of cells (PDF and Word tables, small sheets)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.extract.rosters.merges import Merge
from pipeline.extract.rosters.sheet import columns_from_grid, extract_roster_sheet
from pipeline.records import Record
from pipeline.staging import StagedBatch


def extract_roster_grid(
    grid: Sequence[Sequence[object]],
    *,
    source_file: str,
    sha256: str,
    sheet: str,
    merges: Sequence[Merge] = (),
) -> list[Record | StagedBatch]:
    """The ``roster_rows`` batch and QuarantineRecords of one table given as rows of cell values.

    ``grid`` rows hold cell values: None for a cell covered by a merged cell the caller could not
    expand (filled down in unit columns: one unit, two contacts) and "" for an empty cell (stays
    empty). ``merges`` are the merged ranges the caller did expand, when it knows them (grid
    coordinates: rows continuing a merged name say so). Row numbers in lineage are 1-based grid rows;
    ``sheet`` names the table ("Sheet1", "page 2 table 1"). Header detection, mapping and lineage are
    those of the xlsx/xls/csv readers.
    """
    return extract_roster_sheet(
        columns_from_grid(grid),
        source_file=source_file,
        sha256=sha256,
        sheet=sheet,
        fill_down=True,
        merges=merges,
    )
