"""Word documents: .docx read with python-docx; legacy .doc converted by LibreOffice when installed,
else read in-process (``word97``: text and table rows, no grids).

Paragraphs and tables are read in body order. The text (paragraphs, and table rows as tab-separated
lines) goes through the same repair and notice path as a .txt notice; each table also becomes a grid
for the roster path (python-docx already gives every cell of a merged region its text; a cell merged
over several rows is also kept as a merged range, so the rows under a name written once say which row
they continue, as in a spreadsheet). Headers and footers live apart from the body in a .docx, so there
is no page furniture to remove.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from pipeline.errors import UnreadableInput
from pipeline.extract.grids import TableGrid, grids_to_rosters, join_cell_lines
from pipeline.extract.rosters.merges import Merge
from pipeline.extract.sources import SourceFile
from pipeline.extract.text import text_to_records
from pipeline.extract.word97 import read_doc_text
from pipeline.extract.zip_limits import check_zip_container
from pipeline.reasons import ReasonCode
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import StagedBatch

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONVERT_SECONDS = 120


@dataclass(frozen=True)
class WordContent:
    """What a Word document holds: its text lines in body order and its tables as grids."""

    lines: tuple[str, ...]
    tables: tuple[TableGrid, ...]


def extract_docx(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """The reader for kind "docx": one TextRecord, its RepairRecords and the rows of roster tables."""
    content = read_docx(data, source.source_file)
    records = text_to_records(
        source, sha256, kind, "\n".join(content.lines), settings, encoding="docx", confidence=1.0
    )
    return [*records, *grids_to_rosters(content.tables, source_file=source.source_file, sha256=sha256)]


def extract_doc(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """The reader for kind "doc": converted to .docx with LibreOffice when it is installed (tables
    become grids too), else its text read in-process from the Word 97-2003 streams."""
    soffice = find_soffice()
    if soffice is not None:
        return extract_docx(source, doc_to_docx(data, soffice), sha256, kind, settings)
    lines = read_doc_text(data, source.source_file)
    return text_to_records(source, sha256, kind, "\n".join(lines), settings, encoding="doc", confidence=1.0)


def find_soffice() -> str | None:
    """The LibreOffice command on PATH (``soffice`` or ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_to_docx(data: bytes, soffice: str) -> bytes:
    """The .docx that LibreOffice makes of a legacy .doc (headless, in a scratch folder and profile)."""
    with tempfile.TemporaryDirectory(prefix="doc-to-docx-") as scratch:
        folder = Path(scratch)
        (folder / "in.doc").write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder),
            str(folder / "in.doc"),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=_CONVERT_SECONDS)
        except subprocess.TimeoutExpired as err:
            raise UnreadableInput(
                ReasonCode.TOO_SLOW,
                f"LibreOffice did not convert the .doc within {_CONVERT_SECONDS} s: open it in Word or "
                "WPS, save it as .docx and drop that in raw/",
            ) from err
        converted = folder / "in.docx"
        if not converted.exists():
            raise UnreadableInput(
                ReasonCode.NEEDS_CONVERTER,
                f"LibreOffice could not convert the .doc ({(done.stderr or done.stdout).strip()[:200]}): "
                "open it in Word or WPS, save it as .docx and drop that in raw/",
            )
        return converted.read_bytes()


def read_docx(data: bytes, source_file: str) -> WordContent:
    """The paragraphs and tables of a .docx in body order; UnreadableInput when it is not one.

    A zip bomb is refused from the zip directory first; python-docx's parser does not resolve entities.
    """
    try:
        check_zip_container(data, ".docx document")
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as err:
        raise UnreadableInput(ReasonCode.UNREADABLE, _not_a_docx(data, source_file, err)) from err
    lines: list[str] = []
    tables: list[TableGrid] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(line.rstrip() for line in block.text.split("\n") if line.strip())
        elif isinstance(block, Table):
            grid = table_to_grid(block)
            tables.append(TableGrid(f"table {len(tables) + 1}", grid, merges=merged_down(block)))
            lines.extend(row_line for row in grid if (row_line := _row_line(row)))
    return WordContent(tuple(lines), tuple(tables))


def table_to_grid(table: Table) -> tuple[tuple[str, ...], ...]:
    """A Word table as rows of cell texts, wrapped lines of a cell joined."""
    return tuple(tuple(join_cell_lines(cell.text) or "" for cell in row.cells) for row in table.rows)


def merged_down(table: Table) -> tuple[Merge, ...]:
    """The cells merged over several rows (Word's vertical merge), one column each: python-docx gives
    the rows a merged cell covers the cell itself, so a column's run of one cell is one range."""
    cells = [[cell._tc for cell in row.cells] for row in table.rows]  # the XML element is the cell's identity
    merges = []
    for col in range(max((len(row) for row in cells), default=0)):
        column = [row[col] if col < len(row) else None for row in cells]
        first = 0
        for row in range(1, len(column) + 1):
            if row == len(column) or column[row] is None or column[row] is not column[first]:
                if row - 1 > first:
                    merges.append(Merge(first, col, row - 1, col))
                first = row
    return tuple(merges)


def _row_line(row: tuple[str, ...]) -> str:
    """A table row as one tab-separated line, a merged cell's text once.

    >>> _row_line(("北京四中", "北京四中", "张三", ""))
    '北京四中\\t张三'
    """
    cells = [cell for i, cell in enumerate(row) if cell and (i == 0 or cell != row[i - 1])]
    return "\t".join(cells)


def _not_a_docx(data: bytes, source_file: str, err: Exception) -> str:
    if data.startswith(_OLE):
        return (
            "password-protected Word file (or a legacy .doc named .docx): open it in Word or WPS, remove "
            "the password (文件 > 信息 > 保护文档), save it as .docx and drop it in raw/ again"
        )
    return (
        f"damaged Word file {source_file} ({type(err).__name__}: {err}): open it in Word or WPS, save it "
        "again as .docx and drop it in raw/"
    )
