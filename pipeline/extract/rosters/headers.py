"""Roster column headers to canonical fields, through the synonym table in ``synonyms.json``.

Hand-made rosters spell their headers many ways (姓名/名字/Name, 性别/性別, 身份证号码（必填）, line
breaks inside cells). Headers are normalized the same way as the synonyms and looked up; the table is data
so a new spelling is one line in the JSON file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.repair.script import convert_to_simplified
from pipeline.repair.width import normalize_fullwidth_ascii

#: How far down a sheet the header row is looked for.
HEADER_SEARCH_ROWS = 30
_HINTS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NOISE = re.compile(r"[\s*＊:：\u3000]+")


@dataclass(frozen=True)
class Synonyms:
    """The synonym table: header -> field, sheet-name words -> field values, note prefixes."""

    fields: dict[str, str]
    sheet_values: dict[str, dict[str, str]]
    note_prefixes: tuple[str, ...]


@cache
def load_synonyms() -> Synonyms:
    """The bundled synonym table, normalized once."""
    raw = json.loads(
        (resources.files("pipeline.extract.rosters") / "synonyms.json").read_text(encoding="utf-8")
    )
    fields = {
        normalize_header(spelling): field
        for field, spellings in raw["fields"].items()
        for spelling in spellings
    }
    sheet_values = {
        field: values for field, values in raw["sheet_values"].items() if not field.startswith("_")
    }
    return Synonyms(fields, sheet_values, tuple(raw["note_prefixes"]))


def normalize_header(text: str) -> str:
    """The lookup key of a header cell: no spaces, hints, asterisks or colons; simplified; lower-case.

    >>> normalize_header(" 身份证号码\\n（必填）*"), normalize_header("性別"), normalize_header("E-mail")
    ('身份证号码', '性别', 'e-mail')
    """
    text = _NOISE.sub("", _HINTS.sub("", normalize_fullwidth_ascii(text)))
    return convert_to_simplified(text).lower()


def match_header(text: str | None) -> str | None:
    """The canonical field a header cell names, or None.

    >>> match_header("会员姓名"), match_header("電話"), match_header("序号")
    ('name', 'phone', None)
    """
    if not text:
        return None
    return load_synonyms().fields.get(normalize_header(text))


@dataclass(frozen=True)
class Header:
    """Where the header is (0-based grid rows ``first``..``last``) and what each column holds.

    ``fields[i]`` is the canonical field of column i, or None for a column kept in ``extra`` under
    ``labels[i]`` (its header text, or "column N" when it has none).
    """

    first: int
    last: int
    fields: tuple[str | None, ...]
    labels: tuple[str, ...]

    def widened(self, width: int) -> Header:
        """This header over ``width`` columns: the columns right of it have no name (kept in ``extra``).

        >>> Header(0, 0, ("name",), ("姓名",)).widened(3).labels
        ('姓名', 'column 2', 'column 3')
        """
        more = range(len(self.fields), width)
        return Header(
            self.first, self.last, self.fields + (None,) * len(more), self.labels + tuple(map(_unnamed, more))
        )


def find_header(head: Sequence[Sequence[str | None]]) -> Header | None:
    """The header among the first rows of a sheet: the row naming most fields, joined with the row
    above or below when that one names fields too (two-row headers with merged group cells)."""
    scores = [_score(row) for row in head[:HEADER_SEARCH_ROWS]]
    if not scores or max(scores) < 2:
        return None
    best = scores.index(max(scores))
    if best + 1 < len(scores) and scores[best + 1] >= 2:
        first, last = best, best + 1
    elif best > 0 and scores[best - 1] >= 2:
        first, last = best - 1, best
    else:
        first = last = best
    width = max(len(row) for row in head)
    fields: list[str | None] = []
    labels: list[str] = []
    for col in range(width):
        top, bottom = _cell(head[first], col), _cell(head[last], col)
        joined = top + bottom if top != bottom else top
        fields.append(match_header(joined) or match_header(bottom) or match_header(top))
        labels.append(bottom or top or _unnamed(col))
    return Header(first, last, _first_wins(fields), tuple(labels))


def _unnamed(col: int) -> str:
    """The ``extra`` key of a column without a header cell (0-based ``col``)."""
    return f"column {col + 1}"


def _score(row: Sequence[str | None]) -> int:
    return len({field for cell in row if (field := match_header(cell))})


def _cell(row: Sequence[str | None], col: int) -> str:
    return (row[col] or "").strip() if col < len(row) else ""


def _first_wins(fields: list[str | None]) -> tuple[str | None, ...]:
    """A field named by two columns (手机 and 办公电话) maps the first; the second goes to ``extra``."""
    seen: set[str] = set()
    out: list[str | None] = []
    for field in fields:
        out.append(field if field and field not in seen else None)
        if field:
            seen.add(field)
    return tuple(out)
