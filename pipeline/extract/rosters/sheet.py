"""One roster sheet, held as string columns, to staged ``roster_rows`` and quarantine rows.

Every reader (xlsx, xls, csv, and the PDF/Word table grids) ends here, so layout detection and header
mapping are one code path. The work is columnar (pyarrow compute) so a 200,000-row sheet costs a few
Python-level operations per column, not per row; only the ``extra`` JSON is built row by row, and only for
sheets that have unmapped columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import chain, pairwise
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.extract.rosters.forms import Form, find_form
from pipeline.extract.rosters.headers import (
    HEADER_SEARCH_ROWS,
    PERSON_KEYS,
    Header,
    find_header,
    load_synonyms,
)
from pipeline.extract.rosters.merges import Merge, continued_rows, merges_down
from pipeline.extract.spool import RowSpool
from pipeline.privacy.classification import PASSWORD, column_kind, header_kind
from pipeline.privacy.masking import mask_grid, mask_value
from pipeline.reasons import ReasonCode
from pipeline.records import DroppedColumn, QuarantineRecord, Record, RosterRow
from pipeline.staging import SpilledBatch, StagedBatch, arrow_schema

_NULL = pa.scalar(None, pa.string())
#: Sheets of at most this many rows are looked at as a one-person form before as a table.
FORM_ROWS = 100
#: A cell wholly in brackets, (排名不分先后), and the first cell of a total row.
_BRACKETED = r"^[（(【\[].*[）)】\]]$"
_TOTAL = r"^(合计|总计|小计|共计|总数|合\s*计)"
_TOTAL_INITIALS = pa.array(["合", "总", "小", "共"], pa.string())
#: Fields filled down from the row above when a merged cell spans rows (one unit, two contacts).
_FILL_DOWN = {"members": ("unit_name",), "units": ("unit_name", "unit_kind", "address", "postcode")}


def extract_roster_sheet(
    columns: Sequence[pa.Array],
    *,
    source_file: str,
    sha256: str,
    sheet: str,
    fill_down: bool = False,
    merges: Sequence[Merge] = (),
    col_offset: int = 0,
) -> list[Record | StagedBatch]:
    """The roster rows of one sheet given as string columns (grid row 0 first, nulls for empty cells).

    With ``fill_down``, a null unit cell under a data row takes that row's value (the caller marks
    merged continuation cells with null and truly empty cells with ""); without it, empty stays empty.
    ``merges`` and ``col_offset`` are as for ``extract_roster_blocks``.

    Tables stacked in the sheet, each under its own header (``table_starts``), are read one by one.
    """
    bounds = [0, *table_starts(columns), _height(columns)]
    out: list[Record | StagedBatch] = []
    for start, end in pairwise(bounds):
        out += extract_roster_blocks(
            [[col.slice(start, end - start) for col in columns]],
            source_file=source_file,
            sha256=sha256,
            sheet=sheet,
            fill_down=fill_down,
            merges=merges,
            col_offset=col_offset,
            first_row=start,
        )
    return out


def table_starts(columns: Sequence[pa.Array]) -> list[int]:
    """The grid rows where a table stacked under the sheet's first one starts: a header row (one that
    ``headers.find_header`` takes) unlike those above, not right under another (a two-row header). Only
    rows with a cell spelled as a name or unit header are looked at: a few rows of a sheet.

    >>> grid = [["会员名单", None], ["姓名", "手机"], ["张三", "13800138000"], ["二、理事名单", None],
    ...         ["姓名", "职务"], ["李四", "理事"], ["姓名", "手机"]]
    >>> table_starts(columns_from_grid(grid))
    [3]
    """
    hits = pa.repeat(pa.scalar(False), _height(columns))
    for col in columns:
        hits = pc.or_(hits, pc.fill_null(pc.is_in(col, value_set=_key_spellings()), False))
    rows = pc.indices_nonzero(hits).to_pylist()
    if len(rows) < 2:
        return []
    headers = [r for r in rows if find_header([[col[r].as_py() for col in columns]]) is not None]
    starts: list[int] = []
    seen = [[col[headers[0]].as_py() for col in columns]] if headers else []
    for before, row in pairwise(headers):
        cells = [col[row].as_py() for col in columns]
        if row - before > 1 and cells not in seen:  # a header repeated on each printed page is skipped
            starts.append(_table_top(columns, before, row))
        seen.append(cells)
    return starts


def _table_top(columns: Sequence[pa.Array], before: int, row: int) -> int:
    """Where the table whose header is at ``row`` starts: at its title rows (one filled text) above."""
    top = row
    while top - 1 > before and sum(bool((col[top - 1].as_py() or "").strip()) for col in columns) == 1:
        top -= 1
    return top


@cache
def _key_spellings() -> pa.Array:
    """The header spellings of names and unit names, as they stand in cells (姓名, 姓 名, 单位名称...)."""
    synonyms = load_synonyms()
    keys = [s for s, field in synonyms.fields.items() if field in (*PERSON_KEYS, "unit_name")]
    return pa.array(sorted({*keys, *(" ".join(k) for k in keys if len(k) == 2)}), pa.string())


def extract_roster_blocks(
    blocks: Iterable[Sequence[pa.Array]],
    *,
    source_file: str,
    sha256: str,
    sheet: str,
    fill_down: bool = False,
    merges: Sequence[Merge] = (),
    col_offset: int = 0,
    spill: Path | None = None,
    first_row: int = 0,
) -> list[Record | StagedBatch | SpilledBatch]:
    """The roster rows of one sheet that arrives as consecutive blocks of rows, each block string
    columns like ``extract_roster_sheet``'s (a block may be narrower or wider than the others). With
    ``spill``, the rows beyond ``SPOOL_ROWS`` go to a file there (``extract.spool``), not to memory.

    ``merges`` are the sheet's merged ranges (sheet coordinates; ``col_offset`` is the sheet column of
    the blocks' first column), their values already copied into the cells they cover: a row whose key
    cell (name, or unit name) one of them covers from a row above gets that row in ``continues_row``.

    A big file is mapped one block at a time, so memory holds one block's intermediates and the output,
    never a copy of the whole sheet per step: the header is found in the first HEADER_SEARCH_ROWS rows,
    then every block is mapped with what the blocks above it leave (``BodyState``). The rows, values and
    quarantine are those of the whole sheet mapped at once, whatever the blocks. A sheet of a few rows
    may be one person's form (``forms.find_form``). ``first_row`` is the grid row of the first block's
    first row (a table stacked lower in a sheet).
    """
    blocks = iter(blocks)
    first = _first_rows(blocks, HEADER_SEARCH_ROWS)
    head = [[col[i].as_py() for col in first] for i in range(min(HEADER_SEARCH_ROWS, _height(first)))]
    more = next(blocks, None)
    if more is None and _height(first) <= FORM_ROWS and (form := find_form(head)) is not None:
        layout = SheetLayout(Header(-1, -1, form.fields, form.labels), source_file, sha256, sheet)
        return _form_rows(form, layout, first_row)
    blocks = chain([more], blocks) if more is not None else blocks
    header = find_header(head)
    where = f"sheet {sheet}"
    if header is None:
        if not any(_holds_data(block) for block in (first, *map(_cleaned, blocks))):
            return []
        return [_sheet_quarantine(
            source_file, where, ReasonCode.NO_HEADER, head,
            f"no header row naming 姓名 or 单位名称 (and one more known column, or names under it) and no "
            f"column of names in the first {HEADER_SEARCH_ROWS} rows: add the header, or add its spelling "
            "to pipeline/extract/rosters/synonyms.json",
        )]  # fmt: skip
    layout = SheetLayout(header, source_file, sha256, sheet, fill_down)
    passwords, dropped = _dropped_passwords(layout, col_offset)
    key_col = layout.key_column + col_offset
    layout = replace(layout, key_merges=merges_down(merges, key_col))
    state = BodyState(row=first_row + header.last + 2)
    quarantine: list[Record | StagedBatch] = []
    body = [col.slice(header.last + 1) for col in first]
    with RowSpool(RosterRow, source_file, spill) as rows:
        for block in chain([body], map(_cleaned, blocks)):
            missing, table, state = map_body_rows(_emptied(block, passwords), layout, state)
            quarantine += missing
            if table is not None:
                rows.add(table)
        items = rows.items()
    if not quarantine and not items:
        return [*dropped, _sheet_quarantine(
            source_file, where, ReasonCode.NO_ROWS, head,
            "a header but no member or unit row below it: fill in the rows, or remove the sheet",
        )]  # fmt: skip
    return [*dropped, *quarantine, *items]


def _sheet_quarantine(
    source_file: str, where: str, code: ReasonCode, head: list[list[object]], reason: str
) -> QuarantineRecord:
    """A sheet that gave no roster row, with its first rows' cells (masked) as the excerpt: what was
    seen."""
    return QuarantineRecord(
        source_file=source_file,
        location=where,
        reason_code=code,
        reason=reason,
        raw_excerpt=json.dumps(mask_grid(head[:5]), ensure_ascii=False)[:200],
    )


def _dropped_passwords(layout: SheetLayout, col_offset: int) -> tuple[list[int], list[Record | StagedBatch]]:
    """The password columns of a sheet (``_password_columns``) and the record of each one dropped."""
    passwords = _password_columns(layout.header)
    return passwords, [
        DroppedColumn(
            source_file=layout.source_file,
            sheet=layout.sheet,
            column_no=col_offset + i + 1,
            header=layout.header.labels[i],
            kind=PASSWORD,
        )
        for i in passwords
    ]


def _password_columns(header: Header) -> list[int]:
    """The columns no field maps whose header says they hold passwords: never staged."""
    return [
        i
        for i, (field, label) in enumerate(zip(header.fields, header.labels, strict=True))
        if field is None and header_kind(label) == PASSWORD
    ]


def _emptied(block: Sequence[pa.Array], columns: Sequence[int]) -> list[pa.Array]:
    """``block`` with ``columns`` (when it has them) as null cells: their values are gone for good."""
    return [pa.nulls(len(col), pa.string()) if i in columns else col for i, col in enumerate(block)]


def _form_rows(form: Form, layout: SheetLayout, first_row: int) -> list[Record | StagedBatch]:
    """The one roster row of a person's form, at the row of its name label (a password a label names
    dropped as a table's password column is; its ``column_no`` is the label's place in the form)."""
    passwords, dropped = _dropped_passwords(layout, 0)
    columns = _emptied([pa.array([value], pa.string()) for value in form.values], passwords)
    quarantine, table, _ = map_body_rows(columns, layout, BodyState(row=first_row + form.row + 1))
    return [*dropped, *quarantine, *([StagedBatch(RosterRow, table)] if table is not None else [])]


@dataclass(frozen=True)
class SheetLayout:
    """What every block of a sheet's body is mapped with: its header, its lineage, and the merged
    ranges that cover its key column over several rows (``merges.merges_down``)."""

    header: Header
    source_file: str
    sha256: str
    sheet: str
    fill_down: bool = False
    key_merges: tuple[Merge, ...] = ()

    @property
    def kind(self) -> str:
        """``members`` for a sheet of people (a column with a name or part of one), else ``units``."""
        return "members" if set(PERSON_KEYS) & set(self.header.fields) else "units"

    @property
    def key(self) -> str:
        """The field a data row must have: ``name`` for people, ``unit_name`` for units."""
        return "name" if self.kind == "members" else "unit_name"

    @property
    def key_column(self) -> int:
        """The column of the key field, or of the first part of a name (a contact export's 显示名称)."""
        keys = PERSON_KEYS if self.kind == "members" else ("unit_name",)
        return min(self.header.fields.index(key) for key in keys if key in self.header.fields)


@dataclass(frozen=True)
class BodyState:
    """What mapping a block of body rows hands to the next block.

    ``row`` is the 1-based sheet row of the block's first row; ``after_note`` says a note line
    (填表说明：…) was seen, so one-cell rows below it are notes too; ``fill`` holds, per column, the
    value a null fill-down cell takes (the last one of a data row above).
    """

    row: int
    after_note: bool = False
    fill: tuple[str | None, ...] = ()


def map_body_rows(
    body: Sequence[pa.Array], layout: SheetLayout, state: BodyState
) -> tuple[list[Record | StagedBatch], pa.Table | None, BodyState]:
    """One block of body rows (cleaned string columns) to its quarantine rows, its ``roster_rows``
    table (None for an empty block) and the state the next block starts from."""
    header = layout.header.widened(len(body))
    n = _height(body)
    if not n:
        return [], None, state
    body = [*body, *(pa.nulls(n, pa.string()) for _ in range(len(body), len(header.fields)))]
    cells = [_empty_as_null(col) for col in body]
    keep, after_note = _data_rows(cells, header, state.after_note)
    fill = state.fill
    if layout.fill_down:
        body, fill = _fill_down_units(body, keep, header, layout.kind, fill)
        cells = [_empty_as_null(col) for col in body]
    body = cells
    rows = pa.array(np.arange(state.row, state.row + n, dtype=np.int64))
    continues = continued_rows(layout.key_merges, state.row - 1, n)
    fields = _person_name({field: body[i] for i, field in enumerate(header.fields) if field})
    where = f"sheet {layout.sheet}"
    missing_key = pc.and_(keep, pc.is_null(fields[layout.key]))
    kinds = [
        column_kind(f) if f else header_kind(label)
        for f, label in zip(header.fields, header.labels, strict=True)
    ]
    quarantine = _missing_key_rows(body, kinds, missing_key, rows, layout.key, layout.source_file, where)
    keep = pc.and_(keep, pc.invert(missing_key))
    if not pc.all(keep).as_py():
        body, rows, continues = [col.filter(keep) for col in body], rows.filter(keep), continues.filter(keep)
        fields = _person_name({field: body[i] for i, field in enumerate(header.fields) if field})
    table = _roster_table(fields, body, header, rows, continues, layout)
    return quarantine, table, BodyState(state.row + n, after_note, fill)


def _person_name(fields: dict[str, pa.Array]) -> dict[str, pa.Array]:
    """``fields`` with the name of a contact export made of its parts: 姓氏 + 名字 when the sheet has a
    surname column (名字 is then the given name), else the name, else 显示名称 (unless it shows an
    e-mail address, as address books do for a contact without a name).

    >>> parts = {"family_name": pa.array(["张", None, None, None]),
    ...          "name": pa.array(["三", None, None, None]),
    ...          "display_name": pa.array(["张三", "李四", "a@b.cn", None])}
    >>> _person_name(parts)["name"].to_pylist()
    ['张三', '李四', None, None]
    """
    parts_of = ("family_name", "given_name", "display_name")
    if not set(fields) & set(parts_of):
        return fields
    out = {k: v for k, v in fields.items() if k not in parts_of}
    given = fields.get("given_name", fields.get("name") if "family_name" in fields else None)
    parts = [pc.fill_null(p, "") for p in (fields.get("family_name"), given) if p is not None]
    candidates = []
    if parts:
        joined = pc.binary_join_element_wise(*parts, "") if len(parts) > 1 else parts[0]
        candidates.append(pc.if_else(pc.equal(joined, ""), _NULL, joined))
    if "name" in fields and given is None:
        candidates.append(fields["name"])
    if "display_name" in fields:
        shown = fields["display_name"]
        candidates.append(pc.if_else(pc.fill_null(pc.match_substring(shown, "@"), False), _NULL, shown))
    out["name"] = pc.coalesce(*candidates) if len(candidates) > 1 else candidates[0]
    return out


def columns_from_grid(grid: Sequence[Sequence[object]]) -> list[pa.Array]:
    """Rows of Python cell values as string columns: None stays null, other values become text."""
    width = max((len(row) for row in grid), default=0)
    return [
        pa.array([cell_text(row[col]) if col < len(row) else None for row in grid], pa.string())
        for col in range(width)
    ]


def cell_text(value: object) -> str | None:
    """A cell's value as the text a string read of the sheet gives (integral floats without ``.0``).

    >>> cell_text(13800138000.0), cell_text(1.5), cell_text(None), cell_text(" 张三 ")
    ('13800138000', '1.5', None, ' 张三 ')
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _first_rows(blocks: Iterator[Sequence[pa.Array]], count: int) -> list[pa.Array]:
    """The first blocks of a sheet, cleaned and joined until they hold ``count`` rows (or all rows): the
    header is looked for in the first HEADER_SEARCH_ROWS rows, whatever the blocks' sizes."""
    taken: list[list[pa.Array]] = []
    for block in blocks:
        taken.append(_cleaned(block))
        if sum(map(_height, taken)) >= count:
            break
    if len(taken) == 1:
        return taken[0]
    width = max(map(len, taken), default=0)
    return [
        pa.concat_arrays(
            [block[i] if i < len(block) else pa.nulls(_height(block), pa.string()) for block in taken]
        )
        for i in range(width)
    ]


def _height(block: Sequence[pa.Array]) -> int:
    return len(block[0]) if block else 0


def _cleaned(block: Sequence[pa.Array]) -> list[pa.Array]:
    return [_clean(col) for col in block]


def _holds_data(block: Sequence[pa.Array]) -> bool:
    return bool(block) and bool(pc.max(_filled([_empty_as_null(col) for col in block])).as_py())


def _clean(col: pa.Array) -> pa.Array:
    """Strings trimmed, whitespace-only cells as "" (an empty cell, not a merged one)."""
    col = col.cast(pa.string()) if col.type != pa.string() else col
    return pc.utf8_trim_whitespace(col)


def _empty_as_null(col: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(col, ""), _NULL, col)


def _filled(cells: Sequence[pa.Array]) -> pa.Array:
    """How many cells of each row hold something (``cells``: empty cells as null)."""
    total = pc.cast(pc.is_valid(cells[0]), pa.int32())
    for col in cells[1:]:
        total = pc.add(total, pc.cast(pc.is_valid(col), pa.int32()))
    return total


def _data_rows(cells: Sequence[pa.Array], header: Header, after_note: bool) -> tuple[pa.Array, bool]:
    """True for rows holding data: not blank, not a repeated header, not the notes at the bottom; and
    whether a note line was seen by the block's end (``after_note``: by its start). ``cells`` are the
    block's columns with empty cells as null."""
    filled = _filled(cells)
    repeated = _repeated_header(cells, header)
    first = pc.coalesce(*cells)
    note_start = _note_starts(first)
    below_note = pc.or_(pc.greater(pc.cumulative_sum(pc.cast(note_start, pa.int32())), 0), after_note)
    is_note = pc.or_(note_start, pc.and_(below_note, pc.equal(filled, 1)))
    skipped = pc.or_(pc.or_(repeated, is_note), _layout_rows(cells, header, filled, first))
    keep = pc.and_(pc.greater(filled, 0), pc.invert(skipped))
    return keep, after_note or pc.any(note_start).as_py()


def _layout_rows(cells: Sequence[pa.Array], header: Header, filled: pa.Array, first: pa.Array) -> pa.Array:
    """True for rows that lay out the table rather than hold data: a band (one text merged across most
    of the row: a section title between two tables, a note such as （排名不分先后）), a lone cell in a column
    that maps no field or one in brackets, and a total (合计, 小计...). Each test runs only on the rows a
    cheap test leaves (a few rows of a sheet), as ``_note_starts`` does."""
    wide = max(2, (len(cells) + 1) // 2)  # a merged band spans most of the row
    ends = [cells[1], cells[-1]] if len(cells) > 1 else []
    maybe_band = pc.greater_equal(filled, wide)
    for col in ends:  # a band's cells all hold its text; a data row's second or last one differs
        maybe_band = pc.and_(maybe_band, pc.fill_null(pc.equal(col, first), True))
    band = _where(maybe_band, lambda rows: _all_equal([c.filter(rows) for c in cells], first.filter(rows)))
    mapped = [col for col, field in zip(cells, header.fields, strict=False) if field]
    lone = _where(
        pc.equal(filled, 1),
        lambda rows: pc.or_(
            pc.invert(_any_valid([col.filter(rows) for col in mapped], pc.sum(rows).as_py())),
            pc.fill_null(pc.match_substring_regex(first.filter(rows), _BRACKETED), False),
        ),
    )
    maybe_total = pc.fill_null(
        pc.is_in(pc.utf8_slice_codeunits(first, 0, 1), value_set=_TOTAL_INITIALS), False
    )
    total = _where(
        maybe_total, lambda rows: pc.fill_null(pc.match_substring_regex(first.filter(rows), _TOTAL), False)
    )
    return pc.or_(pc.or_(band, lone), total)


def _where(maybe: pa.Array, test: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """``maybe`` narrowed by ``test``, which gets the mask and returns one flag per row it keeps."""
    maybe = pc.fill_null(maybe, False)
    if not pc.any(maybe).as_py():
        return maybe
    return pc.replace_with_mask(maybe, maybe, test(maybe))


def _all_equal(cells: Sequence[pa.Array], first: pa.Array) -> pa.Array:
    """True where every filled cell of the row equals ``first``."""
    out = pa.repeat(pa.scalar(True), len(first))
    for col in cells:
        out = pc.and_(out, pc.fill_null(pc.equal(col, first), True))
    return out


def _any_valid(cells: Sequence[pa.Array], n: int) -> pa.Array:
    """True where any of the ``n`` rows' ``cells`` is filled."""
    out = pa.repeat(pa.scalar(False), n)
    for col in cells:
        out = pc.or_(out, pc.is_valid(col))
    return out


def _repeated_header(cells: Sequence[pa.Array], header: Header) -> pa.Array:
    hits = pa.repeat(pa.scalar(0, pa.int32()), len(cells[0]))
    for col, label in zip(cells, header.labels, strict=False):
        hit = pc.fill_null(pc.cast(pc.equal(col, label), pa.int32()), 0)
        hits = pc.add(hits, hit)
    return pc.greater_equal(hits, 2)


def _note_starts(first_cells: pa.Array) -> pa.Array:
    """True where a row's first non-empty cell starts a note (填表说明…, 注：…). The regular expression
    runs only on the cells whose first character starts a note prefix: a few rows of a sheet.

    >>> _note_starts(pa.array(["1", "注：手机填11位", "注意事项", None, "Note: 11 digits"])).to_pylist()
    [False, True, False, False, True]
    """
    initial = pc.utf8_slice_codeunits(first_cells, 0, 1)
    maybe = pc.fill_null(pc.is_in(initial, value_set=_note_initials()), False)
    if not pc.any(maybe).as_py():
        return maybe
    hits = pc.fill_null(pc.match_substring_regex(first_cells.filter(maybe), _note_pattern()), False)
    return pc.replace_with_mask(maybe, maybe, hits)


@cache
def _note_initials() -> pa.Array:
    """The first characters of the note prefixes, in both cases (the pattern ignores case)."""
    prefixes = ("填表说明", *load_synonyms().note_prefixes)
    return pa.array(sorted({c for p in prefixes for c in (p[0], p[0].lower(), p[0].upper())}), pa.string())


@cache
def _note_pattern() -> str:
    prefixes = "|".join(re.escape(p) for p in load_synonyms().note_prefixes)
    return rf"^(?i:填表[说說]明|(?:{prefixes})\s*[:：])"


def _fill_down_units(
    body: Sequence[pa.Array], keep: pa.Array, header: Header, kind: str, fill: tuple[str | None, ...]
) -> tuple[list[pa.Array], tuple[str | None, ...]]:
    """The unit columns filled down (``_fill_down``), and each column's last value for the next block."""
    out: list[pa.Array] = []
    lasts: list[str | None] = []
    for i, (col, field) in enumerate(zip(body, header.fields, strict=False)):
        last = fill[i] if i < len(fill) else None
        if field in _FILL_DOWN[kind]:
            col, last = _fill_down(col, keep, last)
        out.append(col)
        lasts.append(last)
    return out, tuple(lasts)


def _fill_down(col: pa.Array, keep: pa.Array, last: str | None) -> tuple[pa.Array, str | None]:
    """Null cells of data rows take the value of the data row above (merged cells spanning rows);
    ``last`` is that of the block above. Also returns the last value for the block below."""
    values = col.to_pylist()
    flags = keep.to_pylist()
    for i, value in enumerate(values):
        if not flags[i]:
            continue
        if value is None:
            values[i] = last
        else:
            last = value
    return pa.array(values, pa.string()), last


def _missing_key_rows(
    body: Sequence[pa.Array],
    kinds: Sequence[str | None],
    missing: pa.Array,
    rows: pa.Array,
    key: str,
    source_file: str,
    where: str,
) -> list[Record | StagedBatch]:
    """The rows with data but no key, each with an excerpt of its cells masked by their columns'
    ``kinds`` of personal data."""
    label = "name (姓名)" if key == "name" else "unit name (单位名称)"
    indices = pc.indices_nonzero(missing).to_pylist()
    return [
        QuarantineRecord(
            source_file=source_file,
            location=f"{where} row {rows[i].as_py()}",
            reason_code=ReasonCode.MISSING_KEY,
            reason=f"no {label} in a row with other data: fill it in or delete it",
            raw_excerpt=" | ".join(
                mask_value(kind, str(col[i].as_py()))
                for col, kind in zip(body, kinds, strict=True)
                if col[i].is_valid
            )[:200],
        )
        for i in indices
    ]


def _roster_table(
    fields: dict[str, pa.Array],
    body: Sequence[pa.Array],
    header: Header,
    rows: pa.Array,
    continues: pa.Array,
    layout: SheetLayout,
) -> pa.Table:
    """The ``roster_rows`` of a block's data rows, at sheet rows ``rows``, continuing ``continues``."""
    schema = _roster_schema()
    n = len(rows)
    extra = _extra_json(
        [col for col, f in zip(body, header.fields, strict=False) if not f],
        [label for label, f in zip(header.labels, header.fields, strict=False) if not f],
    )
    sheet_values = _sheet_values(layout.sheet)
    lineage = {
        "source_file": layout.source_file,
        "sha256": layout.sha256,
        "sheet": layout.sheet,
        "kind": layout.kind,
    }
    arrays: list[pa.Array] = []
    for field in schema:
        if field.name in lineage:
            arrays.append(_constant_text(lineage[field.name], n))
        elif field.name == "row":
            arrays.append(rows)
        elif field.name == "continues_row":
            arrays.append(continues)
        elif field.name == "extra":
            arrays.append(extra if extra is not None else pa.nulls(n, pa.string()))
        else:
            col = fields.get(field.name, pa.nulls(n, pa.string()))
            if field.name in sheet_values:
                col = pc.fill_null(col, sheet_values[field.name])
            arrays.append(col)
    return pa.Table.from_arrays(arrays, schema=schema)


@cache
def _roster_schema() -> pa.Schema:
    """The ``roster_rows`` schema, built once rather than once per block."""
    return arrow_schema(RosterRow)


def _constant_text(value: str, n: int) -> pa.Array:
    """``value`` ``n`` times, built from its buffers: ``pa.repeat`` copies a string scalar row by row
    (0.44 s for a million rows here, against 0.03 s).

    >>> _constant_text("名单.csv", 3).to_pylist()
    ['名单.csv', '名单.csv', '名单.csv']
    """
    data = value.encode("utf-8")
    offsets = np.arange(n + 1, dtype=np.int64) * len(data)
    return pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data * n)]
    ).cast(pa.string())


def _sheet_values(sheet: str) -> dict[str, str]:
    """Fields a sheet's name gives its rows (a sheet 高级会员 sets member_type)."""
    out: dict[str, str] = {}
    for field, words in load_synonyms().sheet_values.items():
        for word, value in words.items():
            if word in sheet:
                out[field] = value
                break
    return out


def _extra_json(columns: list[pa.Array], labels: list[str]) -> pa.Array | None:
    """The unmapped columns of each row as a JSON object of its non-empty cells, or null (columnar).

    >>> extra = _extra_json([pa.array(["1", None]), pa.array(['a"b', None])], ["序号", "备注"])
    >>> [json.loads(v) if v else v for v in extra.to_pylist()]
    [{'序号': '1', '备注': 'a"b'}, None]
    """
    used = [(label, col) for label, col in zip(labels, columns, strict=True) if col.null_count < len(col)]
    if not used:
        return None
    pieces = []
    for label, col in used:
        key = json.dumps(label, ensure_ascii=False)
        piece = pc.binary_join_element_wise(f', {key}: "', _json_escape(col), '"', "")
        pieces.append(pc.fill_null(piece, ""))
    joined = pc.binary_join_element_wise(*pieces, "") if len(pieces) > 1 else pieces[0]
    body = pc.utf8_slice_codeunits(joined, 2)
    return pc.if_else(
        pc.equal(joined, ""), pa.scalar(None, pa.string()), pc.binary_join_element_wise("{", body, "}", "")
    )


def _json_escape(col: pa.Array) -> pa.Array:
    """Cell texts escaped for a JSON string (backslash, quote, control characters)."""
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        col = pc.replace_substring(col, raw, escaped)
    return pc.replace_substring_regex(col, r"[\x00-\x1f]", " ")
