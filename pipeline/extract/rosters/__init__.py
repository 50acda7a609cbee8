"""Rosters (会员登记表, 会员名单, 花名册): readers per format, layout detection, header mapping.

Every reader hands its sheets to ``sheet.extract_roster_sheet`` (one layout and mapping path) and stages
``roster_rows``; ``grid.extract_roster_grid`` is the same path for tables found in PDF and Word files.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from pipeline.errors import UnreadableInput
from pipeline.extract.rosters.csv import extract_csv_roster
from pipeline.extract.rosters.grid import extract_roster_grid
from pipeline.extract.rosters.html_table import extract_html_roster
from pipeline.extract.rosters.xls import extract_xls_roster
from pipeline.extract.rosters.xlsx import extract_xlsx_roster
from pipeline.extract.sources import SourceFile
from pipeline.reasons import ReasonCode
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import StagedBatch


def refuse_mislabeled_workbook(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """A file with a spreadsheet suffix whose bytes are no workbook, HTML table or text: quarantined."""
    suffix = PurePosixPath(source.source_file).suffix
    raise UnreadableInput(
        ReasonCode.WRONG_TYPE,
        f"named {suffix} but its content is not an Excel workbook, an HTML table or delimited text "
        f"(it starts with {data[:8]!r}): find the original file or export the roster again as .xlsx",
    )


#: The roster readers by sniffed kind, merged into ``pipeline.extract.dispatch.READERS``.
ROSTER_READERS = {
    "xlsx": extract_xlsx_roster,
    "xls": extract_xls_roster,
    "csv": extract_csv_roster,
    "html_sheet": extract_html_roster,
    "not_a_workbook": refuse_mislabeled_workbook,
}

__all__ = ["ROSTER_READERS", "extract_roster_grid"]
