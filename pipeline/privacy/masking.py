"""Personal values masked, in Python: the same rules ``privacy.sql`` gives the warehouse as SQL macros.

A value of a known kind keeps only what lets a person recognise their own row (an ID's region and last
four, a mobile's first three and last four, an e-mail's first letter and domain); any other text is
scrubbed of the personal numbers and addresses written inside it (``mask_text``). The patterns below
are written for both Python's ``re`` and DuckDB's RE2 (no look-around), and a test checks that both
give the same masks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence

from pipeline.privacy.classification import EXTRA, PASSWORD, column_kind, header_kind

#: An e-mail's local part (kept: its first character) and the first character of its domain.
EMAIL_IN_TEXT = r"([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-])"
#: A mobile written in groups (138-0013-8000, 138 0013 8000).
GROUPED_MOBILE = r"(1[3-9][0-9])[- ][0-9]{4}[- ]([0-9]{4})"
#: A landline with its area code (0351-6012229).
LANDLINE = r"(0[0-9]{2,3}-)[0-9]{3,4}([0-9]{4})"
#: Digits, ASCII or full-width (a notice may type a phone as １３８…).
DIGITS = "0123456789０１２３４５６７８９"
#: Text cut into runs of digits (an ID may end with X) and the rest.
TOKENS = r"[0-9０-９]+[Xx]?|[^0-9０-９]+"
#: Text that may hold something ``mask_text`` masks; other text is returned as it is, at once.
MAYBE_PERSONAL = r"@|[0-9０-９]{10}|[0-9][- ][0-9]{4}[- ][0-9]{4}|-[0-9]{7}"
#: Cells that hold a whole mobile, or a landline with its area code.
MOBILE = r"1[0-9]{10}"
AREA_LANDLINE = r"([0-9]+-)[0-9]+([0-9]{4})"
WHOLE_EMAIL = r"(.)[^@]*(@.*)"

_EMAIL_IN_TEXT = re.compile(EMAIL_IN_TEXT)
_GROUPED_MOBILE = re.compile(GROUPED_MOBILE)
_LANDLINE = re.compile(LANDLINE)
_TOKENS = re.compile(TOKENS)
_MAYBE_PERSONAL = re.compile(MAYBE_PERSONAL)
_MOBILE = re.compile(MOBILE)
_AREA_LANDLINE = re.compile(AREA_LANDLINE)
_WHOLE_EMAIL = re.compile(WHOLE_EMAIL, re.DOTALL)
_LEAST_MENTIONED = 6


def mask_number(value: str) -> str:
    """Any personal number (bank card, passport, account): its last four characters, when it has eight.

    >>> mask_number("6222021234567890123"), mask_number("E1234567"), mask_number("1234567")
    ('***************0123', '****4567', '*******')
    """
    return "*" * (len(value) - 4) + value[-4:] if len(value) >= 8 else "*" * len(value)


def mask_id_number(value: str) -> str:
    """An ID number: region (first four) and last four.

    >>> mask_id_number("110101198503120024")
    '1101**********0024'
    """
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) >= 15 else mask_number(value)


def mask_phone(value: str) -> str:
    """A mobile keeps its first three and last four digits, a landline its area code and last four.

    >>> mask_phone("13800138000"), mask_phone("0351-6012229"), mask_phone("6012229")
    ('138****8000', '0351-****2229', '*******')
    """
    if _MOBILE.fullmatch(value):
        return value[:3] + "****" + value[-4:]
    if found := _AREA_LANDLINE.fullmatch(value):
        return f"{found[1]}****{found[2]}"
    return mask_number(value)


def mask_email(value: str) -> str:
    """An e-mail keeps its first character and its domain.

    >>> mask_email("zhang.san@example.com")
    'z***@example.com'
    """
    found = _WHOLE_EMAIL.fullmatch(value)
    return f"{found[1]}***{found[2]}" if found else mask_number(value)


def mask_address(value: str) -> str:
    """An address keeps its first six characters (province and city, at most half of it).

    >>> mask_address("山西省太原市小店区坞城路92号")
    '山西省太原市***'
    """
    return value[: min(6, len(value) // 2)] + "***"


def mask_text(text: str) -> str:
    """Free text with the ID numbers, mobiles, landlines, long numbers and e-mails in it masked.

    Runs of digits are masked by length: 11 starting with 1 as a mobile, 15 or 18 as an ID number, 12
    or more (or 10 or more starting with 0) keeping the last four; shorter runs (row numbers, dates,
    counts) stay.

    >>> mask_text("row 12: ID number 110101198503120024 fails its check digit")
    'row 12: ID number 1101**********0024 fails its check digit'
    >>> mask_text("联系人：张三 13800138000，zhangsan@example.com，0351-6012229")
    '联系人：张三 138****8000，z***@example.com，0351-****2229'
    """
    if not _MAYBE_PERSONAL.search(text):
        return text
    text = _EMAIL_IN_TEXT.sub(r"\1***@\2", text)
    text = _GROUPED_MOBILE.sub(r"\1-****-\2", text)
    text = _LANDLINE.sub(r"\1****\2", text)
    return "".join(_mask_digits(token) for token in _TOKENS.findall(text))


def _mask_digits(token: str) -> str:
    if token[0] not in DIGITS:  # a run of other characters (str.isdigit would take ① too)
        return token
    if len(token) == 11 and token[0] in "1１":
        return token[:3] + "****" + token[-4:]
    if len(token) in (15, 18):
        return mask_id_number(token)
    if len(token) >= 12 or (len(token) >= 10 and token[0] in "0０"):
        return "*" * (len(token) - 4) + token[-4:]
    return token


#: The mask of each kind; a kind not listed (a password never gets here) masks as text.
MASKS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "email": mask_email,
    "address": mask_address,
    "passport": mask_number,
    "bank_card": mask_number,
    "account": mask_number,
}


def mask_value(kind: str | None, value: str) -> str:
    """``value`` masked as ``kind`` (None: free text; ``extra``: a roster's unmapped columns)."""
    if kind == EXTRA:
        return mask_extra(value)
    return MASKS.get(kind or "", mask_text)(value)


def mask_extra(extra: str) -> str:
    """A JSON object of a roster row's unmapped columns with each value masked by its header's kind
    (``classification.header_kind``), other values as text, password columns left out.

    >>> mask_extra('{"银行卡号": "6222021234567890123", "密码": "x", "备注": "电话13800138000"}')
    '{"银行卡号": "***************0123", "备注": "电话138****8000"}'
    """
    try:
        pairs = json.loads(extra, object_pairs_hook=_Pairs)
    except ValueError:
        return mask_text(extra)
    if not isinstance(pairs, _Pairs):
        return mask_text(extra)
    kinds = [(key, header_kind(key), value) for key, value in pairs]
    return (
        "{"
        + ", ".join(
            f"{_json(key)}: {_json(mask_value(kind, _text(value)))}"
            for key, kind, value in kinds
            if kind != PASSWORD
        )
        + "}"
    )


def mask_grid(rows: Sequence[Sequence[str | None]]) -> list[list[str | None]]:
    """The first rows of a sheet whose header was not recognised, as an excerpt may show them: below a
    cell that names a kind of personal data (``header_kind``), that column's cells are masked by it (a
    password column's left out: None); every other cell is masked as free text.

    >>> mask_grid([["姓名", "accessToken", "手机"], ["陈军", "oWtPk5kF27bhy", "13800138000"]])
    [['姓名', 'accessToken', '手机'], ['陈军', None, '138****8000']]
    """
    kinds: dict[int, str] = {}
    out: list[list[str | None]] = []
    for row in rows:
        out.append(
            [
                None if kinds.get(col) == PASSWORD else mask_value(kinds.get(col), cell) if cell else cell
                for col, cell in enumerate(row)
            ]
        )
        for col, cell in enumerate(row):
            if col not in kinds and (kind := header_kind(cell)):
                kinds[col] = kind
    return out


def mask_mentions(text: str, values: Mapping[str, object]) -> str:
    """``text`` (a quarantine reason) with each personal value of ``values`` (column -> raw value, as the
    row held it) replaced by its mask, then scrubbed as free text. Values shorter than six characters
    are left to the scrub: replacing them would mask row numbers that happen to hold them.

    >>> mask_mentions("row 3: ID number 1101011985 is not 18 characters", {"id_number": "1101011985"})
    'row 3: ID number ******1985 is not 18 characters'
    """
    for column, value in values.items():
        kind = column_kind(column)
        if kind and isinstance(value, str) and len(value) >= _LEAST_MENTIONED:
            text = text.replace(value, mask_value(kind, value))
    return mask_text(text)


class _Pairs(list[tuple[str, object]]):
    """The key-value pairs of a JSON object, in order, a key met twice kept twice (as DuckDB reads it)."""


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
