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

from pipeline.extract.rosters.content import MOST, column_kind, names_share
from pipeline.repair.script import convert_to_simplified
from pipeline.repair.width import normalize_fullwidth_ascii

#: How far down a sheet the header row is looked for.
HEADER_SEARCH_ROWS = 30
_HINTS = re.compile(r"[（(【\[][^）)】\]]{0,100}[）)】\]]")  # bounded: unclosed brackets stay linear
_NOISE = re.compile(r"[\s*＊:：\u3000]+")


#: A spelling found inside a longer header counts when it has at least this many Chinese characters.
_CONTAINED_LENGTH = 2
#: ... in a header cell of at most this many characters (longer cells are titles and notes, not headers).
_CONTAINED_AT_MOST = 16
_CHINESE = re.compile(r"^[\u3400-\u9fff]+$")


@dataclass(frozen=True)
class Synonyms:
    """The synonym table: header -> field, sheet-name words -> field values, note prefixes; the Chinese
    spellings looked for inside longer headers (longest first) and the words that veto that."""

    fields: dict[str, str]
    sheet_values: dict[str, dict[str, str]]
    note_prefixes: tuple[str, ...]
    contained: tuple[str, ...] = ()
    vetoes: tuple[str, ...] = ()


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
    contained = sorted(
        (spelling for spelling in fields if len(spelling) >= _CONTAINED_LENGTH and _CHINESE.match(spelling)),
        key=len,
        reverse=True,
    )
    return Synonyms(
        fields, sheet_values, tuple(raw["note_prefixes"]), tuple(contained), tuple(raw["header_vetoes"])
    )


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
    >>> match_header("学生姓名"), match_header("姓名 Passport Name"), match_header("单位及职位")
    ('name', 'name', 'unit_name')
    >>> match_header("姓名拼音"), match_header("紧急联系人电话")
    (None, None)
    """
    found = header_match(text)
    return found[0] if found else None


def header_match(text: str | None) -> tuple[str, int] | None:
    """The field a header cell names and how surely: an exact spelling ranks above every spelling found
    inside a longer header, and a longer one found inside above a shorter (移动电话号码 over 工作电话).

    >>> header_match("手机"), header_match("移动电话号码"), header_match("工作电话")
    (('phone', 1000), ('phone', 1000), ('phone', 2))
    """
    if not text:
        return None
    synonyms = load_synonyms()
    key = normalize_header(text)
    if key in synonyms.fields:
        return synonyms.fields[key], _EXACT
    if not key or len(key) > _CONTAINED_AT_MOST or any(veto in key for veto in synonyms.vetoes):
        return None
    found = [(len(s), -key.index(s), s) for s in synonyms.contained if s in key]
    if not found:
        return None
    length, _, spelling = max(found)
    return synonyms.fields[spelling], length


_EXACT = 1000


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


#: The fields that make a sheet a roster of people (any part of a name) or of units.
PERSON_KEYS = ("name", "display_name", "family_name", "given_name")
ROSTER_KEYS = (*PERSON_KEYS, "unit_name")
#: Rows under a header whose values are looked at (the name column of a short list, unknown columns).
_SAMPLE_ROWS = 20


def find_header(head: Sequence[Sequence[str | None]]) -> Header | None:
    """The header among the first rows of a sheet, or None when the sheet is no roster.

    A header row names a name or unit column and one more known column, or names only the name column
    when the cells under it are people's names (a short list 序号/姓名/部门). The row naming most fields
    wins, joined with the row above or below when that one names fields too (two-row headers with merged
    group cells). A field two columns name goes to the surer match (``header_match``); a column no header
    names takes the field its values show (``content.column_kind``) when no other column has it. A sheet
    with no header row whose values show a column of names is a roster read from its first row
    (``first`` and ``last`` are -1).
    """
    rows = [list(row) for row in head[:HEADER_SEARCH_ROWS]]
    if not rows:
        return None
    scores = [_score(row) if _is_header(rows, i) else 0 for i, row in enumerate(rows)]
    if max(scores) == 0:
        return _headerless(rows)
    best = scores.index(max(scores))
    if best + 1 < len(scores) and _score(rows[best + 1], exact=True) >= 2:
        first, last = best, best + 1
    elif best > 0 and _score(rows[best - 1], exact=True) >= 2:
        first, last = best - 1, best
    else:
        first = last = best
    width = max(len(row) for row in rows)
    matches: list[tuple[str, int] | None] = []
    labels: list[str] = []
    for col in range(width):
        top, bottom = _cell(rows[first], col), _cell(rows[last], col)
        joined = top + bottom if top != bottom else top
        found = [m for m in map(header_match, (joined, bottom, top)) if m]
        matches.append(max(found, key=lambda m: m[1]) if found else None)  # the surest, the first of equals
        labels.append(bottom or top or _unnamed(col))
    fields = _with_content(_surest_wins(matches), rows[last + 1 : last + 1 + _SAMPLE_ROWS])
    return Header(first, last, fields, tuple(labels))


def _is_header(rows: list[list[str | None]], i: int) -> bool:
    """Whether row ``i`` can be a roster's header: it names a key column and one more, or a name column
    with people's names under it."""
    found = [header_match(cell) for cell in rows[i]]
    fields = [f[0] if f else None for f in found]
    if not set(fields) & set(ROSTER_KEYS):
        return False
    if len(set(fields) - {None}) >= 2:
        return True
    if "name" not in fields:
        return False
    below = [_cell(row, fields.index("name")) for row in rows[i + 1 : i + 1 + _SAMPLE_ROWS]]
    return names_share(below) >= MOST


def _headerless(rows: list[list[str | None]]) -> Header | None:
    """A header read from the values of a sheet without one, when a column of them holds names."""
    width = max(len(row) for row in rows)
    fields = _with_content((None,) * width, rows)
    if "name" not in fields:
        return None
    return Header(-1, -1, fields, tuple(_unnamed(col) for col in range(width)))


def _with_content(fields: tuple[str | None, ...], below: list[list[str | None]]) -> tuple[str | None, ...]:
    """``fields`` with each unnamed column given the field its values show, when no column has it."""
    out = list(fields)
    for col, field in enumerate(fields):
        if field is None:
            kind = column_kind([_cell(row, col) for row in below])
            if kind is not None and kind not in out and not (kind == "name" and set(out) & set(PERSON_KEYS)):
                out[col] = kind
    return tuple(out)


def _unnamed(col: int) -> str:
    """The ``extra`` key of a column without a header cell (0-based ``col``)."""
    return f"column {col + 1}"


def _score(row: Sequence[str | None], exact: bool = False) -> int:
    """How many fields the cells of a row name (with ``exact``, by their whole text only: the second
    row of a two-row header is all headers, a first data row is not)."""
    found = (header_match(cell) for cell in row)
    return len({m[0] for m in found if m and (not exact or m[1] == _EXACT)})


def _cell(row: Sequence[str | None], col: int) -> str:
    return (row[col] or "").strip() if col < len(row) else ""


def _surest_wins(matches: list[tuple[str, int] | None]) -> tuple[str | None, ...]:
    """A field named by two columns maps the surer match, the first of equals (手机 before 办公电话;
    移动电话号码 before 工作电话); the other goes to ``extra``.

    >>> _surest_wins([("phone", 2), ("name", 1000), ("phone", 4), ("phone", 4)])
    (None, 'name', 'phone', None)
    """
    best: dict[str, int] = {}
    for col, match in enumerate(matches):
        if match and (match[0] not in best or match[1] > matches[best[match[0]]][1]):  # type: ignore[index]
            best[match[0]] = col
    return tuple(match[0] if match and best[match[0]] == col else None for col, match in enumerate(matches))
