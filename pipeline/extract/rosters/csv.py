"""Delimited text rosters (.csv, .tsv): any encoding, ASCII or full-width delimiters, ragged rows.

The bytes are decoded as UTF-8, GB18030 (GBK) or Big5, whichever makes the header readable. The
delimiter is the one that splits the first lines most consistently; a full-width comma "，" is swapped
for a control character before parsing, so ASCII commas inside values stay as they are. A file is read,
parsed and mapped a block at a time (``BLOCK_SIZE``), so a big file costs its bytes, one block of work
and the output rows, not several whole-file copies.
"""

from __future__ import annotations

import codecs
import io
import re
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

from pipeline.errors import UnreadableInput
from pipeline.extract.rosters.headers import match_header
from pipeline.extract.rosters.sheet import extract_roster_blocks
from pipeline.extract.sources import FileBytes, SourceFile, release_read
from pipeline.reasons import ReasonCode
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import SpilledBatch, StagedBatch

_ENCODINGS = ("utf-8", "gb18030", "big5")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HEAD_BYTES = 65536
_DELIMITERS = (",", "\t", "，", ";", "|")
_SUBSTITUTE = "\x1f"
_SAMPLE_LINES = 50
#: Cell texts that earlier exports wrote for an empty cell: read as empty, never as a value.
_NULL_TEXTS = ["", "nan", "NaN", "None", "NULL", "null", "#N/A"]
#: Bytes of text (as UTF-8) parsed and mapped at a time. 1 MB blocks parse fastest here (4 MB ones fall
#: out of the CPU caches; 256 KB ones take 30% longer for 30 MB less); beside the output rows the reader
#: then holds 70-100 MB whatever the file's size (blocks read ahead, one block's work).
BLOCK_SIZE = 1 << 20
#: Pieces of a block decoded at a time on the way to the parser.
_PIECES_PER_BLOCK = 4
#: Arrow's largest block size.
_LARGEST_BLOCK = (1 << 31) - 1


def extract_csv_roster(
    source: SourceFile,
    data: FileBytes,
    sha256: str,
    kind: str,
    settings: Settings,
    *,
    block_size: int = BLOCK_SIZE,
) -> list[Record | StagedBatch | SpilledBatch]:
    """The roster rows of one delimited text file (one sheet, named after the file), mapped a block of
    ``block_size`` bytes at a time; all of the file's rows or an UnreadableInput, never a part of them."""
    encoding = detect_roster_encoding(data)
    head = _head(data).decode(encoding, errors="replace")
    delimiter = detect_delimiter(head)
    sheet = source.source_file.rsplit("/", 1)[-1]

    def extract(size: int) -> list[Record | StagedBatch | SpilledBatch]:
        blocks = read_csv_blocks(data, encoding, delimiter, source_file=source.source_file, block_size=size)
        return extract_roster_blocks(
            blocks, source_file=source.source_file, sha256=sha256, sheet=sheet, spill=settings.spill
        )

    try:
        return extract(block_size)
    except pa.ArrowInvalid:
        pass  # a row longer than a block (Arrow cannot split it): read the file again as one block
    try:  # as UTF-8 the file is at most twice its size in any of the encodings read
        return extract(min(2 * len(data) + 16, _LARGEST_BLOCK))
    except pa.ArrowInvalid as err:
        raise UnreadableInput(
            ReasonCode.BAD_COLUMNS,
            f"cannot split the rows into columns ({err}): save it again as a UTF-8 .csv",
        ) from err


def detect_roster_encoding(data: FileBytes) -> str:
    """The encoding of a roster file: a BOM decides; otherwise, of the encodings that decode its head
    strictly (UTF-8, GB18030, Big5), the one whose first lines name the most known column headers.
    Short GBK and Big5 files fool statistical detectors; a roster's header row does not.

    >>> detect_roster_encoding("姓名,電話\\n張三,13800138000\\n".encode("big5"))
    'big5'
    """
    for bom, encoding in _BOMS:
        if data[: len(bom)] == bom:
            return encoding
    head = _head(data)
    best: tuple[int, str] | None = None
    for encoding in _ENCODINGS:
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(1 for cell in re.split(r"[,\t，;|\r\n]+", text[:4000]) if match_header(cell))
        if best is None or score > best[0]:
            best = (score, encoding)
    if best is None:
        raise UnreadableInput(
            ReasonCode.BAD_ENCODING,
            "not UTF-8, GBK/GB18030 or Big5 text: save the roster as UTF-8 .csv or as .xlsx",
        )
    return best[1]


def _head(data: FileBytes) -> bytes:
    """The first lines of ``data``, cut at a line end so no character is split."""
    head = data[:_HEAD_BYTES]
    return head if len(data) <= _HEAD_BYTES else head[: head.rfind(b"\n") + 1] or head


def detect_delimiter(text: str) -> str:
    """The delimiter splitting the first non-blank lines into the most, and most constant, fields.

    >>> detect_delimiter("姓名，性别，手机\\n张三，男，13800138000\\n"), detect_delimiter("a\\tb\\n1\\t2\\n")
    ('，', '\\t')
    """
    lines = [line for line in text[:20000].splitlines() if line.strip()][:_SAMPLE_LINES]

    def score(delimiter: str) -> tuple[int, int]:
        counts = Counter(line.count(delimiter) for line in lines)
        common, times = counts.most_common(1)[0] if counts else (0, 0)
        return (times if common else 0, common)

    return max(_DELIMITERS, key=score)


def read_csv_blocks(
    data: FileBytes, encoding: str, delimiter: str, *, source_file: str, block_size: int = BLOCK_SIZE
) -> Iterator[list[pa.Array]]:
    """The rows of a delimited file as consecutive blocks of string columns, short rows padded with nulls
    (a block is as wide as its widest row; null for an empty cell or a ``_NULL_TEXTS`` one).

    Arrow's streaming reader splits the text into rows (quoted values may hold delimiters and line
    breaks) and parses those as wide as most of the first lines; the others (title rows, notes, ragged
    rows) come back through its invalid-row handler with their row numbers, are parsed by pandas, which
    pads them, and are put back in their place. Raises UnreadableInput for text not in ``encoding``;
    pyarrow.ArrowInvalid for a row longer than ``block_size``.
    """
    swap = None if delimiter.isascii() else delimiter
    sep = _SUBSTITUTE if swap else delimiter
    width = _usual_width(_head(data).decode(encoding, errors="replace"), delimiter)
    piece_bytes = max(block_size // _PIECES_PER_BLOCK, 16)
    with io.BufferedReader(_Utf8Text(utf8_pieces(data, encoding, swap, piece_bytes)), piece_bytes) as text:
        for block in _blocks(text, width, sep, source_file, block_size):
            # a "，" inside a quoted value was swapped too: give it back
            yield [pc.replace_substring(col, _SUBSTITUTE, swap) for col in block] if swap else block


def _blocks(
    text: io.BufferedReader, width: int, sep: str, source_file: str, block_size: int
) -> Iterator[list[pa.Array]]:
    """The blocks of ``read_csv_blocks`` from the UTF-8 ``text``, rows of ``width`` fields the fast way."""
    if not text.peek(1):
        return  # no text (an empty file, or a BOM alone): no rows, where Arrow would refuse an empty file
    others: list[tuple[int, int, str]] = []

    def set_aside(row: pv.InvalidRow) -> str:
        others.append((row.number, row.actual_columns, row.text))
        return "skip"

    names = [f"f{i}" for i in range(width)]
    reader = pv.open_csv(
        text,
        read_options=pv.ReadOptions(column_names=names, block_size=block_size, use_threads=False),
        parse_options=pv.ParseOptions(
            delimiter=sep, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=set_aside
        ),
        convert_options=pv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), null_values=_NULL_TEXTS, strings_can_be_null=True
        ),
    )
    number = 1  # the row number (1-based) of the next row to hand out
    for batch in reader:
        if batch.num_rows:
            placed = _rows_placed(others, number, batch.num_rows)
            yield _merged(batch.columns, others[:placed], number, sep)
            number += batch.num_rows + placed
            del others[:placed]
    if others:
        if others[-1][0] != number + len(others) - 1:
            raise RuntimeError(f"{source_file}: rows set aside by the parser do not follow row {number}")
        yield _parsed(others, sep)


class _Utf8Text(io.RawIOBase):
    """A file's text as a UTF-8 stream made of its ``pieces`` (see ``utf8_pieces``), decoded as Arrow's
    streaming reader asks for more: the decoded text is never all in memory at once."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        super().__init__()
        self._pieces = pieces
        self._text = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:
        while not self._text:
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._text = memoryview(piece)
        n = min(len(buffer), len(self._text))
        buffer[:n] = self._text[:n]
        self._text = self._text[n:]
        return n


def utf8_pieces(
    data: FileBytes, encoding: str, swap: str | None, piece_bytes: int = 1 << 18
) -> Iterator[bytes]:
    """``data`` in ``encoding`` as UTF-8, ``piece_bytes`` of it at a time (the decoder keeps a
    character split between two pieces), the non-ASCII delimiter ``swap`` replaced by ``_SUBSTITUTE``;
    the part of a mapped file decoded is let go (``release_read``).

    >>> b"".join(utf8_pieces("姓名，单位\\n".encode("gb18030"), "gb18030", "，")).decode()
    '姓名\\x1f单位\\n'
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    for start in range(0, len(data), piece_bytes):
        end = start + piece_bytes
        try:
            text = decoder.decode(view[start:end], final=end >= len(data))
        except UnicodeDecodeError as err:
            at = min(end, len(data)) - len(err.object) + err.start
            raise UnreadableInput(
                ReasonCode.BAD_ENCODING,
                f"not valid {encoding} at byte {at}: save it again as a UTF-8 .csv",
                location=f"byte {at}",
            ) from err
        release_read(data, start, end)
        yield (text.replace(swap, _SUBSTITUTE) if swap else text).encode("utf-8")


def _usual_width(head: str, delimiter: str) -> int:
    """The number of fields most of the first lines have: rows of another width take the slow path.

    >>> _usual_width("名单\\n姓名,性别\\n张三,男\\n", ",")
    2
    """
    counts = Counter(line.count(delimiter) for line in head.splitlines() if line.strip())
    return max(counts.most_common(1)[0][0] + 1, 1) if counts else 1


def _rows_placed(others: list[tuple[int, int, str]], number: int, parsed: int) -> int:
    """How many of the rows set aside (by row number) go among ``parsed`` rows starting at row
    ``number``: those before the last of them.

    >>> _rows_placed([(1, 1, "名单"), (4, 1, "注"), (9, 1, "注")], 1, 3)
    2
    """
    placed = 0
    for row, _, _ in others:
        if row - number >= parsed:
            break
        parsed -= row - number
        number = row + 1
        placed += 1
    return placed


def _merged(
    parsed: list[pa.Array], others: list[tuple[int, int, str]], number: int, sep: str
) -> list[pa.Array]:
    """The rows Arrow parsed with the rows set aside put back at their row numbers, as one block."""
    if not others:
        return list(parsed)
    extra = _parsed(others, sep)
    n, width = len(parsed[0]), max(len(parsed), len(extra))
    aside = np.zeros(n + len(others), bool)
    aside[[row - number for row, _, _ in others]] = True
    order = np.empty(len(aside), np.int64)
    order[~aside], order[aside] = np.arange(n), np.arange(n, len(aside))
    take = pa.array(order)
    return [
        pa.concat_arrays([_column(parsed, i, n), _column(extra, i, len(others))]).take(take)
        for i in range(width)
    ]


def _column(columns: list[pa.Array], i: int, n: int) -> pa.Array:
    return columns[i] if i < len(columns) else pa.nulls(n, pa.string())


def _parsed(rows: list[tuple[int, int, str]], sep: str) -> list[pa.Array]:
    """Rows of any widths (their text as Arrow gave it) parsed by pandas, short rows padded with nulls."""
    width = max(fields for _, fields, _ in rows)
    try:
        frame = pd.read_csv(
            io.BytesIO("\n".join(text for _, _, text in rows).encode("utf-8")),
            sep=sep,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            na_values=_NULL_TEXTS,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as err:
        raise UnreadableInput(
            ReasonCode.BAD_COLUMNS,
            f"cannot split row {rows[0][0]} or a row below into columns ({err}): "
            "save it again as a UTF-8 .csv",
            location=f"row {rows[0][0]}",
        ) from err
    if len(frame) != len(rows):
        raise UnreadableInput(
            ReasonCode.BAD_COLUMNS,
            f"rows {rows[0][0]} to {rows[-1][0]} split into {len(frame)} rows, not "
            f"{len(rows)}: save it again as a UTF-8 .csv",
            location=f"row {rows[0][0]}",
        )
    return [pa.array(frame[col], pa.string(), from_pandas=True) for col in frame.columns]
