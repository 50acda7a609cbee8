"""Phone numbers and e-mail addresses as typed into rosters."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from pipeline.repair.width import normalize_fullwidth_ascii

_SEPARATORS = re.compile(r"[,，;；/、|或]+|\s{2,}")
_DASHES = re.compile(r"[‐‑‒–—―－~～]")
_COUNTRY = re.compile(r"^(?:\+|00)?86(?=[\s\-]?(?:1\d|0?\d{2,3}[\s\-]))")
_EXTENSION = re.compile(r"(?:转|ext\.?|x)\s*\d+$", re.IGNORECASE)
_FLOAT = re.compile(r"^\d+(?:\.\d+)?(?:[eE]\+?\d+)?$")
_EMAIL = re.compile(r"^[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}$")
#: Mobiles that are placeholders by the rule of ``is_placeholder_number`` (the fast path skips them).
PLACEHOLDER_MOBILES = ("12345678901", "10987654321", "11111111111")
_THREE_DIGIT_AREAS = ("010", "020", "021", "022", "023", "024", "025", "027", "028", "029")


def parse_phones(text: str) -> list[str]:
    """Every number in a cell: mobiles as 11 digits, landlines as area code-number.

    >>> parse_phones("+86 138 0013 8000"), parse_phones("0351—6042229；13900139000")
    (['13800138000'], ['0351-6042229', '13900139000'])
    """
    value = _DASHES.sub("-", normalize_fullwidth_ascii(text)).strip()
    if _FLOAT.match(value) and not value.isdigit():
        value = _float_digits(text, value)
    numbers = [_one_phone(text, part.strip()) for part in _SEPARATORS.split(value) if part.strip()]
    if not numbers:
        raise ValueError(f"phone {text} holds no number")
    return numbers


def _float_digits(text: str, value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"phone {text} is not a number") from None
    mantissa = re.sub(r"\D", "", re.split(r"[eE]", value)[0]).lstrip("0")
    if number != number.to_integral_value() or len(mantissa) < len(str(int(number))):
        # 1.38001E+10: the zeros the exponent adds may stand for digits the spreadsheet dropped
        raise ValueError(f"phone {text} was shortened by the spreadsheet: re-enter it as text")
    return str(int(number))


def _one_phone(text: str, part: str) -> str:
    part = _EXTENSION.sub("", _COUNTRY.sub("", part)).strip()
    digits = re.sub(r"\D", "", part)
    if is_placeholder_number(digits):
        raise ValueError(f"phone {text} is a placeholder, not a phone number")
    if len(digits) == 11 and digits.startswith("1"):
        return digits
    if len(digits) % 11 == 0 and digits and all(digits[i] == "1" for i in range(0, len(digits), 11)):
        raise ValueError(f"phone {text} runs several mobile numbers together: separate them with ；")
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        split = 3 if digits.startswith(_THREE_DIGIT_AREAS) else 4
        area = part.split("-")[0] if "-" in part else digits[:split]
        area = re.sub(r"\D", "", area)
        return f"{area}-{digits[len(area) :]}"
    if 7 <= len(digits) <= 8:
        return digits
    raise ValueError(f"phone {text} is not a mobile (11 digits) or a landline number")


def is_placeholder_number(digits: str) -> bool:
    """True for digits typed to fill a required cell: one digit repeated, a run counting up or down
    (12345678901), or a landline-length number of two digits (1111222, 44445555).

    >>> [is_placeholder_number(d) for d in ("12345678901", "1111222", "13800138000", "6042229")]
    [True, True, False, False]
    """
    if len(digits) < 7:
        return False
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(digits)}
    return steps in ({1}, {9}) or len(set(digits)) == 1 or (len(digits) <= 8 and len(set(digits)) <= 2)


def parse_email(text: str) -> str:
    """An e-mail address lower-cased, full-width ＠ folded; ValueError when its syntax is wrong.

    >>> parse_email(" Zhang.San＠Example.COM ")
    'zhang.san@example.com'
    """
    value = normalize_fullwidth_ascii(text).replace("＠", "@").replace("。", ".").strip().lower()
    if not _EMAIL.match(value):
        raise ValueError(f"e-mail {text} is not an e-mail address")
    return value
