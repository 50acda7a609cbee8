"""Text of legacy Word 97-2003 (.doc) files, read in-process from the format's own streams.

A .doc is an OLE compound file. Its ``WordDocument`` stream starts with the File Information Block
(FIB); the FIB points into the table stream (``0Table`` or ``1Table``) at the piece table (CLX), which
lists where each run of the document's characters is stored: UTF-16LE, or one byte per character
("compressed", cp1252) for Western text. The main text is the first ``ccpText`` characters. Word marks
structure with control characters: ``\\r`` ends a paragraph, ``\\x07`` ends a table cell (and, doubled,
a row), ``\\x0b`` is a line break, ``\\x0c`` a page break, and fields are ``\\x13`` code ``\\x14`` result
``\\x15`` (the result is what the reader saw, the code is dropped).

Table rows come out as tab-separated lines, as the .docx reader writes them; which cell ends a row is
only known from paragraph properties, so a row is taken to end at two cell marks in a row (an empty
last cell merges into the row end). Word 6/95 files and encrypted files are refused with the remedy.
"""

from __future__ import annotations

import io
import re
import struct

import olefile

from pipeline.errors import UnreadableInput
from pipeline.reasons import ReasonCode

#: FIB offsets (Word 97 and later): nFib, flags, ccpText, fcClx (lcbClx follows it).
_FIB_FLAGS = 0x000A
_FIB_NFIB = 0x0002
_FIB_CCP_TEXT = 0x004C
_FIB_FC_CLX = 0x01A2
_WHICH_TABLE = 0x0200
_ENCRYPTED = 0x0100
#: nFib of Word 97; older files (Word 6/95) have another FIB and piece table layout.
_WORD97_NFIB = 0x00C1
_COMPRESSED = 0x40000000
_FIELD = re.compile(r"\x13[^\x13\x14\x15]*\x14?|\x15")
_CONTROL = re.compile(r"[\x00-\x06\x08\x0e-\x1f]")
_RESAVE = "open it in Word or WPS, save it as .docx and drop that in raw/ (or install LibreOffice)"


def read_doc_text(data: bytes, source_file: str) -> list[str]:
    """The main text of a Word 97-2003 .doc as lines (paragraphs; table rows tab-separated), blank
    lines dropped; UnreadableInput when the file is not one this reader can read."""
    if data.lstrip()[:5] == b"{\\rtf":
        raise UnreadableInput(ReasonCode.WRONG_TYPE, f"{source_file} is an RTF file named .doc: {_RESAVE}")
    try:
        return _read_ole(data, source_file)
    except (OSError, ValueError, IndexError, struct.error) as err:  # olefile's errors on a damaged file
        raise UnreadableInput(
            ReasonCode.UNREADABLE, f"damaged Word .doc {source_file} ({type(err).__name__}: {err}): {_RESAVE}"
        ) from err


def _read_ole(data: bytes, source_file: str) -> list[str]:
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        if not ole.exists("WordDocument"):
            raise UnreadableInput(
                ReasonCode.WRONG_TYPE,
                f"{source_file} is an OLE file without a WordDocument stream: {_RESAVE}",
            )
        word = ole.openstream("WordDocument").read()
        n_fib, flags = (
            struct.unpack_from("<H", word, _FIB_NFIB)[0],
            struct.unpack_from("<H", word, _FIB_FLAGS)[0],
        )
        if flags & _ENCRYPTED:
            raise UnreadableInput(
                ReasonCode.ENCRYPTED,
                f"password-protected Word .doc {source_file}: open it in Word or WPS, remove the password "
                "(文件 > 信息 > 保护文档), save it as .docx and drop it in raw/ again",
            )
        if n_fib < _WORD97_NFIB:
            raise UnreadableInput(
                ReasonCode.NEEDS_CONVERTER,
                f"Word 6/95 .doc {source_file} (nFib {n_fib}) is not read in-process: {_RESAVE}",
            )
        table_name = "1Table" if flags & _WHICH_TABLE else "0Table"
        if not ole.exists(table_name):
            raise UnreadableInput(
                ReasonCode.UNREADABLE, f"{source_file} lacks its {table_name} stream: {_RESAVE}"
            )
        table = ole.openstream(table_name).read()
    text = _piece_text(word, table)
    ccp_text = struct.unpack_from("<i", word, _FIB_CCP_TEXT)[0]
    return doc_text_lines(text[: max(ccp_text, 0)])


def _piece_text(word: bytes, table: bytes) -> str:
    """All characters the piece table lists, in document order."""
    fc_clx, lcb_clx = struct.unpack_from("<iI", word, _FIB_FC_CLX)
    if fc_clx < 0 or fc_clx + lcb_clx > len(table):
        raise ValueError("CLX outside the table stream")
    clx = table[fc_clx : fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise ValueError("no piece table in the CLX")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5 : pos + 5 + lcb]
    pieces = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{pieces + 1}i", plc, 0)
    parts = []
    for index in range(pieces):
        fc = struct.unpack_from("<I", plc, 4 * (pieces + 1) + 8 * index + 2)[0]
        count = cps[index + 1] - cps[index]
        if fc & _COMPRESSED:
            start = (fc & ~_COMPRESSED) // 2
            parts.append(word[start : start + count].decode("cp1252", errors="replace"))
        else:
            parts.append(word[fc : fc + 2 * count].decode("utf-16-le", errors="replace"))
    return "".join(parts)


def doc_text_lines(text: str) -> list[str]:
    r"""Word's main text to lines: fields to their results, table rows to tab-separated lines.

    >>> doc_text_lines("关于举办培训的通知\r各市科协：\r姓名\x07性别\x07\x07张三\x07男\x07\x07"
    ...                "\x13 HYPERLINK x \x14网站\x15\r")
    ['关于举办培训的通知', '各市科协：', '姓名\t性别', '张三\t男', '网站']
    """
    text = _FIELD.sub("", text)
    text = text.replace("\x07\x07", "\r").replace("\x07", "\t").replace("\x0b", "\n").replace("\x0c", "\n")
    text = _CONTROL.sub("", text).replace("\r", "\n")
    return [line.strip().strip("\t") for line in text.split("\n") if line.strip()]
