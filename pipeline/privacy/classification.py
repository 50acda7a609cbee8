"""Which columns hold personal data, and of what kind: the data in ``personal_columns.json``, looked up.

Two lookups share the one table: ``header_kind`` for a roster column by its header text (the columns a
roster maps to no field, kept in ``extra``, and the password columns extract drops), ``column_kind``
for a warehouse column by its name (``members.id_number``, ``contacts.phone``, ``*.extra``).
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: The kind of a column that is never stored.
PASSWORD = "password"
#: The kind of the JSON object of a roster row's unmapped columns, keyed by header.
EXTRA = "extra"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Classification:
    """``header_words``: kind -> words, in the order kinds are tried; ``columns``: column -> kind;
    ``kept_as_is``: name patterns of columns never scrubbed (ids and lineage)."""

    header_words: dict[str, tuple[str, ...]]
    columns: dict[str, str]
    kept_as_is: tuple[str, ...]


@cache
def classification() -> Classification:
    """The bundled classification (pipeline/privacy/personal_columns.json)."""
    raw = json.loads(
        (resources.files("pipeline.privacy") / "personal_columns.json").read_text(encoding="utf-8")
    )
    return Classification(
        header_words={kind: tuple(words) for kind, words in raw["header_words"].items()},
        columns=dict(raw["columns"]),
        kept_as_is=tuple(raw["kept_as_is"]),
    )


def header_key(label: str) -> str:
    """A header as the words are matched against it: no whitespace, Latin letters lower-cased.

    >>> header_key(" 家属\\n电话 "), header_key("ID No")
    ('家属电话', 'idno')
    """
    return _SPACES.sub("", label).lower()


def header_kind(label: str | None) -> str | None:
    """The kind of personal data a column with this header holds, or None.

    >>> header_kind("家属电话"), header_kind("银行卡号"), header_kind("登录密码"), header_kind("备注")
    ('phone', 'bank_card', 'password', None)
    """
    if not label:
        return None
    key = header_key(label)
    for kind, words in classification().header_words.items():
        if any(word in key for word in words):
            return kind
    return None


def column_kind(column: str) -> str | None:
    """The kind of personal data a warehouse column holds, by its name.

    >>> column_kind("id_number"), column_kind("phones"), column_kind("extra"), column_kind("unit_name")
    ('id_number', 'phone', 'extra', None)
    """
    return classification().columns.get(column)


def kept_as_is(column: str) -> bool:
    """Whether a text column is left unscrubbed: ids and lineage, which hold no personal data.

    >>> kept_as_is("member_id"), kept_as_is("source_file"), kept_as_is("text_clean")
    (True, True, False)
    """
    return any(fnmatch.fnmatchcase(column, pattern) for pattern in classification().kept_as_is)
