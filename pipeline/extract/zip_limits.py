"""Zip bombs: refuse a zip container (.zip, .xlsx, .docx) from its directory before anything inflates it.

The central directory declares every member's compressed and uncompressed size, so a bomb is seen
without decompressing a byte: too many members, too many bytes in total, a member that inflates far
more than documents do, or a worksheet that declares more cells than a roster holds. Declared sizes can
lie, so ``read_member`` also stops reading a member at its bound.
"""

from __future__ import annotations

import io
import re
import zipfile

from pipeline.errors import UnreadableInput
from pipeline.extract.cell_refs import column_index
from pipeline.reasons import ReasonCode

#: Members in one container: a workbook has a few dozen, an archive of rosters a few hundred.
MAX_MEMBERS = 5_000
#: Bytes once inflated, all members together (a 1M-row worksheet is about 250 MB of XML).
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
#: Inflation of one member: sheet XML reaches about 100x, bombs reach 1000x and more.
MAX_RATIO = 200
#: Members smaller than this are not held to the ratio (tiny XML parts compress very well).
RATIO_FLOOR_BYTES = 1024**2
#: Cells a worksheet may declare in its <dimension> (a 1M-row, 20-column roster is 20M).
MAX_SHEET_CELLS = 50_000_000

_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]+(\d+)(?::([A-Z]+)(\d+))?"')
_HEAD_BYTES = 4096


def open_checked_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """The opened zip, after its declared sizes passed the limits; UnreadableInput otherwise.

    ``what`` names the container in the messages (".xlsx workbook", "zip archive"). Bytes that are no
    zip raise zipfile.BadZipFile, for the caller's own message about that kind of file.
    """
    book = zipfile.ZipFile(io.BytesIO(data))
    infos = book.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnreadableInput(
            ReasonCode.TOO_LARGE,
            f"{what} holds {len(infos)} members, more than the {MAX_MEMBERS} allowed: "
            "split it into smaller ones",
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableInput(
            ReasonCode.ZIP_BOMB,
            f"{what} inflates to {total:,} bytes, more than the {MAX_UNCOMPRESSED_BYTES:,} allowed "
            "(a zip bomb or a very large file): split it into smaller files",
        )
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise UnreadableInput(
                ReasonCode.ZIP_BOMB,
                f"member {info.filename} of the {what} inflates {ratio}x "
                f"(more than {MAX_RATIO}x: a zip bomb): find the original file",
            )
    return book


def check_zip_container(data: bytes, what: str) -> None:
    """Refuse a zip bomb and worksheets declaring more than MAX_SHEET_CELLS cells; UnreadableInput."""
    with open_checked_zip(data, what) as book:
        for info in book.infolist():
            name = info.filename.replace("\\", "/")  # some writers store xl\worksheets\sheet1.xml
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                cells = _declared_cells(read_member(book, info, _HEAD_BYTES, what, whole=False))
                if cells > MAX_SHEET_CELLS:
                    raise UnreadableInput(
                        ReasonCode.TOO_LARGE,
                        f"sheet {info.filename} of the {what} declares {cells:,} cells, more than the "
                        f"{MAX_SHEET_CELLS:,} allowed: split the roster into several sheets or files",
                    )


def read_member(
    book: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, what: str, whole: bool = True
) -> bytes:
    """At most ``limit`` bytes of a member; with ``whole``, UnreadableInput if it holds more."""
    with book.open(info) as member:
        data = member.read(limit + 1 if whole else limit)
    if whole and len(data) > limit:
        raise UnreadableInput(
            ReasonCode.ZIP_BOMB,
            f"member {info.filename} of the {what} inflates past its declared {info.file_size} bytes "
            "(a zip bomb): find the original file",
        )
    return data


def _declared_cells(head: bytes) -> int:
    """Rows x columns of a worksheet's <dimension ref="A1:K1000">, 0 when it declares none.

    >>> _declared_cells(b'<worksheet><dimension ref="A1:K1000"/>'), _declared_cells(b"<worksheet>")
    (11000, 0)
    """
    found = _DIMENSION.search(head)
    if not found or not found[2]:
        return 0
    return int(found[3]) * (column_index(found[2]) + 1)
