"""Delimited text rosters (.csv, .tsv): any encoding, ASCII or full-width delimiters, ragged rows.

The bytes are decoded as UTF-8, GB18030 (GBK) or Big5, whichever makes the header readable. The
delimiter is the one that splits the first lines most consistently; a full-width comma "，" is swapped
for a control character before parsing, so ASCII commas inside values stay as they are.
"""

from __future__ import annotations

import codecs
import io
import re
from collections import Counter

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pv

from pipeline.errors import UnreadableInput
from pipeline.extract.rosters.headers import match_header
from pipeline.extract.rosters.sheet import extract_roster_sheet
from pipeline.extract.sources import SourceFile
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import StagedBatch

_ENCODINGS = ("utf-8", "gb18030", "big5")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HEAD_BYTES = 65536
_DELIMITERS = (",", "\t", "，", ";", "|")
_SUBSTITUTE = "\x1f"
_SAMPLE_LINES = 50
#: Cell texts that earlier exports wrote for an empty cell: read as empty, never as a value.
_NULL_TEXTS = ["", "nan", "NaN", "None", "NULL", "null", "#N/A"]


def extract_csv_roster(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """The roster rows of one delimited text file (one sheet, named after the file)."""
    encoding = detect_roster_encoding(data)
    head = _head(data).decode(encoding, errors="replace")
    delimiter = detect_delimiter(head)
    if not delimiter.isascii():  # the C parser splits on one byte: swap "，" for a control character
        data = data.decode(encoding).replace(delimiter, _SUBSTITUTE).encode("utf-8")
        encoding, delimiter, head = "utf-8", _SUBSTITUTE, head.replace(delimiter, _SUBSTITUTE)
    columns = read_delimited(data, encoding, delimiter, head, source.source_file)
    sheet = source.source_file.rsplit("/", 1)[-1]
    return extract_roster_sheet(columns, source_file=source.source_file, sha256=sha256, sheet=sheet)


def detect_roster_encoding(data: bytes) -> str:
    """The encoding of a roster file: a BOM decides; otherwise, of the encodings that decode its head
    strictly (UTF-8, GB18030, Big5), the one whose first lines name the most known column headers.
    Short GBK and Big5 files fool statistical detectors; a roster's header row does not.

    >>> detect_roster_encoding("姓名,電話\\n張三,13800138000\\n".encode("big5"))
    'big5'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
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
            "not UTF-8, GBK/GB18030 or Big5 text: save the roster as UTF-8 .csv or as .xlsx"
        )
    return best[1]


def _head(data: bytes) -> bytes:
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


def read_delimited(data: bytes, encoding: str, delimiter: str, head: str, source_file: str) -> list[pa.Array]:
    """All rows as string columns, short rows padded with nulls; the width is the widest row.

    Arrow's multi-threaded reader takes files whose rows all have the same width; a file with title
    rows, notes or ragged rows is read again by pandas, which pads short rows.
    """
    rectangular = _read_rectangular(data, encoding, delimiter, _width(head, delimiter))
    if rectangular is not None:
        return rectangular
    try:
        return _read(data, encoding, delimiter, _width(head, delimiter))
    except pd.errors.ParserError:
        pass  # a wider row further down: measure every line, then read again
    try:
        return _read(data, encoding, delimiter, _width(data.decode(encoding), delimiter))
    except pd.errors.ParserError as err:
        raise UnreadableInput(
            f"{source_file}: cannot split the rows into columns ({err}): save it again as a UTF-8 .csv"
        ) from err
    except UnicodeDecodeError as err:
        raise UnreadableInput(
            f"{source_file}: not valid {encoding} at byte {err.start}: save it again as a UTF-8 .csv"
        ) from err


def _read_rectangular(data: bytes, encoding: str, delimiter: str, width: int) -> list[pa.Array] | None:
    ragged: list[object] = []

    def note_ragged(row: object) -> str:
        ragged.append(row)
        return "skip"

    try:
        table = pv.read_csv(
            io.BytesIO(data),
            read_options=pv.ReadOptions(encoding=encoding, autogenerate_column_names=True),
            parse_options=pv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=note_ragged,
            ),
            convert_options=pv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                null_values=_NULL_TEXTS,
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if ragged:
        return None
    return [col.combine_chunks().cast(pa.string()) for col in table.columns]


def _width(text: str, delimiter: str) -> int:
    return max((line.count(delimiter) for line in text.splitlines()), default=0) + 1


def _read(data: bytes, encoding: str, delimiter: str, width: int) -> list[pa.Array]:
    frame = pd.read_csv(
        io.BytesIO(data),
        encoding=encoding,
        sep=delimiter,
        header=None,
        names=range(width),
        dtype=str,
        keep_default_na=False,
        na_values=_NULL_TEXTS,
        skip_blank_lines=False,
        engine="c",
    )
    return [pa.array(frame[col], pa.string(), from_pandas=True) for col in frame.columns]
