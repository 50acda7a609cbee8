"""Columnar parsing: run a value parser once per distinct value, with vectorized fast paths.

A 200,000-row roster repeats most values (dates, units, titles): each distinct text is parsed once with
the same Python parser used everywhere, and the results are spread back with ``take``. Columns whose
values are mostly distinct (ID numbers, mobiles, e-mails, names) first take a vectorized fast path that
accepts only values the Python parser would return unchanged; the rest go through the parser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.reasons import ReasonCode
from pipeline.repair.script import converter
from pipeline.transform.values.contacts import PLACEHOLDER_MOBILES
from pipeline.transform.values.ids import CHECK_CHARACTERS, WEIGHTS

_NULL = pa.scalar(None, pa.string())
_ID_LENGTH = 18


@dataclass(frozen=True)
class Parsed:
    """Parsed parts of a column (each aligned with the rows) and the error text of each row (or null)."""

    values: dict[str, pa.Array]
    errors: pa.Array


Parser = Callable[[str], Mapping[str, Any]]
FastPath = Callable[[pa.Array], tuple[pa.Array, dict[str, pa.Array]]]


def parse_column(
    col: pa.Array, parse: Parser, types: Mapping[str, pa.DataType], fast: FastPath | None = None
) -> Parsed:
    """``parse`` applied to every non-null cell of ``col`` (once per distinct value).

    ``fast(col)`` returns a mask of the cells it parsed and their parts; only the others are parsed.
    """
    if fast is None:
        return _parse_distinct(col, parse, types)
    done, fast_values = fast(col)
    done = pc.fill_null(done, False)
    slow = _parse_distinct(pc.if_else(done, _NULL, col), parse, types)
    values = {name: pc.if_else(done, fast_values[name], slow.values[name]) for name in types}
    return Parsed(values, slow.errors)


def _parse_distinct(col: pa.Array, parse: Parser, types: Mapping[str, pa.DataType]) -> Parsed:
    encoded = pc.dictionary_encode(col)
    parts: dict[str, list[Any]] = {name: [] for name in types}
    errors: list[str | None] = []
    for text in encoded.dictionary.to_pylist():
        try:
            result = parse(text)
            error = None
        except ValueError as err:
            result, error = {}, str(err)
        for name in types:
            parts[name].append(result.get(name))
        errors.append(error)
    indices = encoded.indices
    return Parsed(
        {name: pa.array(parts[name], types[name]).take(indices) for name in types},
        pa.array(errors, pa.string()).take(indices),
    )


def fast_id_numbers(col: pa.Array) -> tuple[pa.Array, dict[str, pa.Array]]:
    """18-character IDs whose check digit and birth date are right, checked with Arrow kernels and numpy."""
    shaped = pc.fill_null(pc.match_substring_regex(col, r"^\d{17}[\dX]$"), False)
    ids = col.filter(shaped)
    checked = pa.array(_check_characters_pass(ids), pa.bool_())
    digits = pc.utf8_slice_codeunits(ids, 6, 14)
    stamp = pc.strptime(digits, format="%Y%m%d", unit="s", error_is_null=True)  # rolls 0230 over to 0302
    written = pc.add(
        pc.add(pc.multiply(pc.year(stamp), 10000), pc.multiply(pc.month(stamp), 100)), pc.day(stamp)
    )
    # year 0 reads as a date but is none (Python's dates start at year 1, as the parser's)
    real = pc.fill_null(
        pc.and_(pc.equal(written, pc.cast(digits, pa.int64())), pc.greater_equal(pc.year(stamp), 1)), False
    )
    odd = pc.equal(pc.bit_wise_and(pc.cast(pc.utf8_slice_codeunits(ids, 16, 17), pa.int64()), 1), 1)
    done = pc.replace_with_mask(shaped, shaped, pc.and_(checked, real))
    return done, {
        "number": col,
        "birth_date": _scatter(shaped, pc.cast(stamp, pa.date32())),
        "gender": _scatter(shaped, pc.if_else(odd, "男", "女")),
    }


def _check_characters_pass(ids: pa.Array) -> np.ndarray:
    """For 18-character ASCII IDs without nulls: whether each ends with the check character of its digits.

    The characters are read straight from the Arrow buffer as an (n, 18) matrix of bytes.

    >>> _check_characters_pass(pa.array(["11010519491231002X", "110105194912310021"])).tolist()
    [True, False]
    """
    if not len(ids):
        return np.zeros(0, dtype=bool)
    offsets_type = np.int64 if pa.types.is_large_string(ids.type) else np.int32
    _, offsets, data = ids.buffers()
    bounds = np.frombuffer(offsets, dtype=offsets_type)[ids.offset : ids.offset + len(ids) + 1]
    chars = np.frombuffer(data, dtype=np.uint8)[bounds[0] : bounds[-1]].reshape(len(ids), _ID_LENGTH)
    total = (chars[:, :17].astype(np.int64) - ord("0")) @ np.array(WEIGHTS, dtype=np.int64)
    return np.frombuffer(CHECK_CHARACTERS.encode(), dtype=np.uint8)[total % 11] == chars[:, 17]


def _scatter(mask: pa.Array, values: pa.Array) -> pa.Array:
    """``values`` (one per true in ``mask``) laid out on the rows, null elsewhere."""
    return pc.replace_with_mask(pa.nulls(len(mask), values.type), mask, values)


def fast_mobiles(col: pa.Array) -> tuple[pa.Array, dict[str, pa.Array]]:
    """Cells holding exactly one mobile number: 13800138000, 138-0013-8000 or 138 0013 8000."""
    digits = pc.replace_substring(pc.replace_substring(col, "-", ""), " ", "")
    shaped = pc.match_substring_regex(col, r"^1\d{2}([ -]?)\d{4}([ -]?)\d{4}$")
    done = pc.and_(shaped, pc.invert(pc.is_in(digits, value_set=pa.array(PLACEHOLDER_MOBILES))))
    return done, {"phone": digits, "phones": _single_item_lists(digits)}


def fast_emails(col: pa.Array) -> tuple[pa.Array, dict[str, pa.Array]]:
    """Plain ASCII addresses: lower-cased; anything unusual goes to the parser."""
    lowered = pc.utf8_lower(col)
    pattern = r"^[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}$"
    return pc.match_substring_regex(lowered, pattern), {"email": lowered}


def fast_chinese_names(col: pa.Array) -> tuple[pa.Array, dict[str, pa.Array]]:
    """Names of Chinese characters only: just the script is converted, all distinct names in one call."""
    done = pc.fill_null(pc.match_substring_regex(col, r"^[\x{3400}-\x{9fff}]{1,20}$"), False)
    encoded = pc.dictionary_encode(pc.if_else(done, col, _NULL))
    names = encoded.dictionary.to_pylist()
    converted = converter("t2s").convert("\n".join(names)).split("\n") if names else []
    if len(converted) != len(names):
        converted = [converter("t2s").convert(name) for name in names]
    return done, {"name": pa.array(converted, pa.string()).take(encoded.indices)}


def _single_item_lists(col: pa.Array) -> pa.Array:
    offsets = pa.array(range(len(col) + 1), pa.int32())
    return pa.ListArray.from_arrays(offsets, col.cast(pa.string()))


@dataclass(frozen=True)
class RowErrors:
    """Each row's error texts joined with "; " and the reason code of its first error (both null when the
    row has none)."""

    texts: pa.Array
    codes: pa.Array


def coded_errors(errors: Sequence[tuple[ReasonCode, pa.Array]]) -> RowErrors:
    """The errors of each row from error columns each with its reason code (``pipeline.reasons``)."""
    found = [(code, e) for code, e in errors if e.null_count < len(e)]
    codes = [pc.if_else(pc.is_valid(e), pa.scalar(code.value), _NULL) for code, e in found]
    rows = len(errors[0][1])
    return RowErrors(
        join_errors([e for _, e in errors]),
        pc.coalesce(*codes) if codes else pa.nulls(rows, pa.string()),
    )


def join_errors(errors: list[pa.Array]) -> pa.Array:
    """Each row's error texts joined with "; " (null when the row has none)."""
    found = [e for e in errors if e.null_count < len(e)]
    if len(found) <= 1:
        return found[0] if found else pa.nulls(len(errors[0]), pa.string())
    errors = found
    joined = pc.binary_join_element_wise(*[pc.fill_null(e, "") for e in errors], "\x1f")
    cleaned = pc.utf8_trim(pc.replace_substring_regex(joined, "\x1f+", "\x1f"), "\x1f")
    text = pc.replace_substring(cleaned, "\x1f", "; ")
    return pc.if_else(pc.equal(text, ""), _NULL, text)
