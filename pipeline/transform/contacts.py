"""Contact details of a notice: persons, phone numbers, e-mail, address and postcode.

Values are read after the labels in ``notice_labels.json`` (联系人, 联系电话, 电子邮箱, 邮编, 联系地址 …),
with a Chinese or ASCII colon, several labels possibly on one line. Lines of labels that follow each
other (blank lines between them allowed) form one contact block. A block gives one row per phone
number, with the block's persons, e-mail, address and postcode repeated on every row: the text does not
say which person answers which phone, so no pairing is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.records import ContactFields as Contact
from pipeline.transform.labels import notice_labels

_PHONE = re.compile(
    r"(?<!\d)(?:"
    r"(?P<mobile>(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})"
    r"|(?P<landline>[（(]?0\d{2,3}[）)]?[\s\-－—–‐]*\d{7,8})"
    r"|(?P<local>\d{7,8})"
    r")(?!\d)"
)
# Starts at the first character of a run ("(?<!...)"), else each letter of a long run of letters
# without an @ would scan the rest of the run (quadratic: issue 18).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTCODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
_PERSON_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_VALUE_TRIM = " \t\u3000，,；;。"


def normalize_phones(value: str) -> list[str]:
    """Phone numbers in ``value``: mobiles as 11 digits, landlines as ``area-number``.

    A bare 7-8 digit number after a landline is a second line of the same exchange and takes its area
    code; a bare number with no landline before it stays as written (its area is not in the text).

    >>> normalize_phones("0351—6042229、6042236")
    ['0351-6042229', '0351-6042236']
    >>> normalize_phones("63003712  138-8398-7655"), normalize_phones("（010）62103456")
    (['63003712', '13883987655'], ['010-62103456'])
    """
    phones: list[str] = []
    area: str | None = None
    for match in _PHONE.finditer(value):
        digits = re.sub(r"\D", "", match.group())
        if match.group("mobile"):
            phones.append(digits[-11:])
        elif match.group("landline"):
            # 010 and 02x are the only three-digit area codes; all others have four digits.
            size = 3 if digits[1] in "12" else 4
            area = digits[:size]
            phones.append(f"{area}-{digits[size:]}")
        else:
            phones.append(f"{area}-{digits}" if area else digits)
    return phones


@cache
def _label_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    kinds = {word.lower(): kind for kind, words in notice_labels().contact_labels.items() for word in words}
    words = sorted(kinds, key=len, reverse=True)
    alternatives = "|".join(re.escape(word) for word in words)
    pattern = re.compile(rf"(?<![^\s，,；;、])({alternatives})\s*[:：]", re.IGNORECASE)
    return pattern, kinds


def read_contact_labels(line: str) -> list[tuple[str, str]]:
    """``(kind, value)`` for each contact label on ``line``; a value runs to the next label.

    >>> read_contact_labels("联系人:吴武全     联系电话:63003712  138-8398-7655")
    [('person', '吴武全'), ('phone', '63003712  138-8398-7655')]
    """
    pattern, kinds = _label_pattern()
    matches = list(pattern.finditer(line))
    ends = [m.start() for m in matches[1:]] + [len(line)]
    values = [line[m.end() : end].strip(_VALUE_TRIM) for m, end in zip(matches, ends, strict=False)]
    return [(kinds[m.group(1).lower()], value) for m, value in zip(matches, values, strict=True)]


@dataclass
class _Block:
    persons: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)

    def add(self, kind: str, value: str) -> None:
        if kind == "person":
            self.persons.extend(p for p in _PERSON_SEPARATORS.split(value) if p)
        elif kind == "phone":
            self.phones.extend(normalize_phones(value))
        elif kind == "email":
            self.emails.extend(_EMAIL.findall(value))
        elif kind == "postcode":
            self.postcodes.extend(_POSTCODE.findall(value))
        elif value:
            self.addresses.append(value)

    def rows(self) -> list[Contact]:
        def joined(values: list[str]) -> str | None:
            return "、".join(dict.fromkeys(values)) or None

        shared = {
            "person": joined(self.persons),
            "email": joined(self.emails),
            "address": joined(self.addresses),
            "postcode": joined(self.postcodes),
        }
        if not self.phones and not any(shared.values()):
            return []
        return [Contact(phone=phone, **shared) for phone in dict.fromkeys(self.phones or [None])]


def find_contacts(lines: list[str]) -> list[Contact]:
    """Contact rows of every contact block in ``lines`` (the lines of one document).

    >>> [c.phone for c in find_contacts(["联系电话：0351—6042229、6042236", "", "联系人：崔捷、韩键"])]
    ['0351-6042229', '0351-6042236']
    """
    blocks: list[_Block] = []
    current: _Block | None = None
    for line in lines:
        if not line.strip():
            continue
        labels = read_contact_labels(line)
        if not labels:
            current = None
            continue
        starts_new_person = current is not None and current.persons and labels[0][0] == "person"
        if current is None or starts_new_person:
            current = _Block()
            blocks.append(current)
        for kind, value in labels:
            current.add(kind, value)
    return [row for block in blocks for row in block.rows()]
