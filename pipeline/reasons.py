"""Why input was quarantined: the stable reason codes of ``quarantine.reason_code``, in one place.

The human ``reason`` says what to do about one case; the code is its category, the same for every file,
so ``quarantine_by_reason`` can count them. ``docs/operations.md`` lists the codes with these meanings
(a test checks that the two agree). A code is a public value: rename one only with a note in the
changelog.
"""

from __future__ import annotations

from enum import StrEnum


class ReasonCode(StrEnum):
    """The category of a quarantine row."""

    # a whole file
    EMPTY_FILE = "empty_file"
    BINARY = "binary"
    UNSUPPORTED_TYPE = "unsupported_type"
    WRONG_TYPE = "wrong_type"
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    TRUNCATED = "truncated"
    ZIP_BOMB = "zip_bomb"
    TOO_LARGE = "too_large"
    TOO_SLOW = "too_slow"
    NEEDS_CONVERTER = "needs_converter"
    BAD_ENCODING = "bad_encoding"
    BAD_COLUMNS = "bad_columns"
    READER_BUG = "reader_bug"
    # a part of a file: an archive member, a PDF page or table, a sheet
    UNSAFE_MEMBER = "unsafe_member"
    NESTED_ARCHIVE = "nested_archive"
    NO_TEXT_LAYER = "no_text_layer"
    GARBLED_TEXT = "garbled_text"
    UNPARSED_PAGE = "unparsed_page"
    NO_HEADER = "no_header"
    NO_ROWS = "no_rows"
    # a roster row
    MISSING_KEY = "missing_key"
    BAD_NAME = "bad_name"
    BAD_ID_NUMBER = "bad_id_number"
    ROUNDED_ID_NUMBER = "rounded_id_number"
    ID_CONFLICT = "id_conflict"
    BAD_DATE = "bad_date"
    BAD_GENDER = "bad_gender"
    BAD_PHONE = "bad_phone"
    BAD_EMAIL = "bad_email"
    BAD_UNIT_NAME = "bad_unit_name"
    BAD_POSTCODE = "bad_postcode"
    BAD_VALUE = "bad_value"


#: What each code means, as docs/operations.md shows it.
MEANINGS: dict[ReasonCode, str] = {
    ReasonCode.EMPTY_FILE: "the file (or archive member) has no bytes, or only whitespace",
    ReasonCode.BINARY: "binary bytes where text was expected",
    ReasonCode.UNSUPPORTED_TYPE: "a file type the pipeline has no reader for",
    ReasonCode.WRONG_TYPE: "the content is not what the suffix says (an HTML page saved as .pdf)",
    ReasonCode.UNREADABLE: "the file or a sheet cannot be opened: damaged, or the disk refused it",
    ReasonCode.ENCRYPTED: "a password protects the file or archive member",
    ReasonCode.TRUNCATED: "the file is cut off (an interrupted download or copy)",
    ReasonCode.ZIP_BOMB: "an archive or workbook inflates far beyond its size",
    ReasonCode.TOO_LARGE: "more archive members or sheet cells than allowed",
    ReasonCode.TOO_SLOW: "a converter did not finish in its time limit",
    ReasonCode.NEEDS_CONVERTER: "a legacy format needs a converter (LibreOffice) that failed or is missing",
    ReasonCode.BAD_ENCODING: "text in no supported encoding (UTF-8, GBK/GB18030, Big5)",
    ReasonCode.BAD_COLUMNS: "delimited text whose rows cannot be split into columns",
    ReasonCode.READER_BUG: "the reader failed unexpectedly: a bug, please report it with the file",
    ReasonCode.UNSAFE_MEMBER: "an archive member whose path leaves the archive folder",
    ReasonCode.NESTED_ARCHIVE: "an archive inside an archive",
    ReasonCode.NO_TEXT_LAYER: "a PDF page (or every page) with no text: a scan or outlines, needs OCR",
    ReasonCode.GARBLED_TEXT: "a PDF page or table whose font has no Unicode map",
    ReasonCode.UNPARSED_PAGE: "a PDF page whose tables could not be parsed (its text is kept)",
    ReasonCode.NO_HEADER: "a roster sheet without a header row naming 姓名 or 单位名称",
    ReasonCode.NO_ROWS: "a spreadsheet that yields no member or unit rows at all",
    ReasonCode.MISSING_KEY: "a roster row with data but no name (姓名) or unit name (单位名称)",
    ReasonCode.BAD_NAME: "a person's name that is no plausible name (?, a formula, only digits)",
    ReasonCode.BAD_ID_NUMBER: "an ID number (身份证号) that fails its format or check digit",
    ReasonCode.ROUNDED_ID_NUMBER: "an ID number rounded by a spreadsheet that stored it as a number",
    ReasonCode.ID_CONFLICT: "a birth date or gender that differs from the ID number's",
    ReasonCode.BAD_DATE: "a birth or join date that is no date, or not a plausible one",
    ReasonCode.BAD_GENDER: "a gender that is not 男 or 女",
    ReasonCode.BAD_PHONE: "a phone number that is no Chinese phone number",
    ReasonCode.BAD_EMAIL: "an e-mail address that is not one",
    ReasonCode.BAD_UNIT_NAME: "a unit name that is no plausible organisation name",
    ReasonCode.BAD_POSTCODE: "a postcode that is not six digits",
    ReasonCode.BAD_VALUE: "another roster value that cannot be used",
}

#: The code of a roster row whose value of this field cannot be parsed (fields of
#: ``transform.roster_values``).
FIELD_CODES: dict[str, ReasonCode] = {
    "name": ReasonCode.BAD_NAME,
    "contact_name": ReasonCode.BAD_NAME,
    "id_number": ReasonCode.BAD_ID_NUMBER,
    "birth_date": ReasonCode.BAD_DATE,
    "joined_on": ReasonCode.BAD_DATE,
    "gender": ReasonCode.BAD_GENDER,
    "phone": ReasonCode.BAD_PHONE,
    "email": ReasonCode.BAD_EMAIL,
    "unit_name": ReasonCode.BAD_UNIT_NAME,
    "postcode": ReasonCode.BAD_POSTCODE,
}


def field_code(field: str) -> ReasonCode:
    """The code of a bad value of roster field ``field``.

    >>> field_code("birth_date"), field_code("title")
    (<ReasonCode.BAD_DATE: 'bad_date'>, <ReasonCode.BAD_VALUE: 'bad_value'>)
    """
    return FIELD_CODES.get(field, ReasonCode.BAD_VALUE)
