"""Property tests: the roster value parsers and the repair chain hold their contracts on any input.

A parser either returns clean parts or raises ValueError (which the transform stores as the cell's
error); any other exception would stop a run on one odd cell. The repair chain never raises, is
idempotent, and leaves clean simplified Chinese and English as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.extract.rosters.sheet import cell_text
from pipeline.repair.chain import repair_text
from pipeline.repair.han import HAN_RANGES
from pipeline.repair.script import convert_to_simplified
from pipeline.transform.columns import parse_column
from pipeline.transform.roster_values import PERSON_FIELDS, UNIT_FIELDS, FieldParser

_FIELDS: dict[str, FieldParser] = {**{f"unit.{k}": v for k, v in UNIT_FIELDS.items()}, **PERSON_FIELDS}
_RAW = Path(__file__).resolve().parents[1] / "raw"
_EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: What a roster cell holds once a reader has it: text, numbers of any size, dates, blanks.
cells = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789Xx.-+eE ，；/年月日", max_size=25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(),
    st.booleans(),
    st.none(),
    st.sampled_from(["nan", "NaN", "inf", "-inf", "1e308", "1.40602196309064680e17", "４４０３", "男性"]),
)


@_EXAMPLES
@given(field=st.sampled_from(sorted(_FIELDS)), value=cells)
def test_every_roster_field_parser_normalizes_or_reports_an_error(field: str, value: object) -> None:
    text = cell_text(value)
    if text is None:
        return
    spec = _FIELDS[field]
    try:
        parts = spec.parse(text)
    except ValueError as err:
        assert str(err), f"{field}: empty error for {text!r}"
        return
    assert set(parts) == set(spec.types)
    for name, kind in spec.types.items():
        pa.array([parts[name]], kind)  # the part fits its column type


@_EXAMPLES
@given(field=st.sampled_from(sorted(_FIELDS)), values=st.lists(cells, max_size=12))
def test_a_column_of_any_cells_gets_a_value_or_an_error_in_every_filled_cell(
    field: str, values: list[object]
) -> None:
    spec = _FIELDS[field]
    col = pa.array([cell_text(v) for v in values], pa.string())
    parsed = parse_column(col, spec.parse, spec.types, spec.fast)
    errors = parsed.errors.to_pylist()
    first_part = next(iter(spec.types))
    for text, value, error in zip(
        col.to_pylist(), parsed.values[first_part].to_pylist(), errors, strict=True
    ):
        if text is None:
            assert error is None
        else:
            assert (value is None) != (error is None), (text, value, error)


#: 18-character IDs: any region and sequence, dates real or not (year 0, month 13, 30 February), any last
#: character.
id_numbers = st.builds(
    lambda region, year, month, day, sequence, last: (
        f"{region:06d}{year:04d}{month:02d}{day:02d}{sequence:03d}{last}"
    ),
    st.integers(0, 999_999),
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 999),
    st.sampled_from("0123456789X"),
)


@_EXAMPLES
@given(numbers=st.lists(id_numbers, max_size=20))
@example(numbers=["11010519850230002X", "110105190002290025", "11010500000101001X", "11010519491231002X"])
def test_the_vectorized_id_path_agrees_with_the_parser(numbers: list[str]) -> None:
    spec = PERSON_FIELDS["id_number"]
    col = pa.array(numbers, pa.string())
    fast, slow = (parse_column(col, spec.parse, spec.types, path) for path in (spec.fast, None))
    assert fast.errors.to_pylist() == slow.errors.to_pylist()
    assert {k: v.to_pylist() for k, v in fast.values.items()} == {
        k: v.to_pylist() for k, v in slow.values.items()
    }


@cache
def _clean_han() -> str:
    """Simplified Han characters of the sample notices that the repair chain leaves as they are."""
    text = "".join(path.read_text(encoding="utf-8", errors="ignore") for path in sorted(_RAW.glob("*.txt")))
    han = sorted(set(re.findall(f"[{HAN_RANGES}]", text)))
    return "".join(c for c in han if convert_to_simplified(c) == c)


_PUNCT = "，。、；：？！“”（）《》—…"
_ENGLISH_WORDS = [
    "The",
    "association",
    "held",
    "its",
    "annual",
    "meeting",
    "on",
    "May",
    "3,",
    "2024.",
    "Members",
    "(over",
    "1,200)",
    "voted",
    "for",
    "3.5%",
    "growth;",
    "see",
    "www.cast.org.cn",
    "or",
    "write",
    "to",
    "info@example.com",
    "Science",
    "and",
    "Youth",
    "Centre's",
    "plan.",
]


def _simplified_lines() -> st.SearchStrategy[str]:
    sentence = st.text(alphabet=st.sampled_from(_clean_han()), min_size=1, max_size=30)
    piece = st.tuples(sentence, st.sampled_from(_PUNCT)).map("".join)
    return st.lists(piece, min_size=1, max_size=8).map("".join)


_english_lines = st.lists(st.sampled_from(_ENGLISH_WORDS), min_size=1, max_size=25).map(" ".join)


@_EXAMPLES
@given(text=st.text(max_size=300))
@example(text="Â\x80\x80")  # was repaired to "€€", which a second pass read as "垐"
def test_repair_never_raises_and_is_idempotent_on_any_text(text: str) -> None:
    once = repair_text(text).text
    assert repair_text(once).text == once


@_EXAMPLES
@given(
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200).map(
        lambda s: s.encode("utf-8").decode("gbk", errors="replace")
    )
)
@example(text="脿\x1f馥\ufffd\ufffd")  # oscillated between two readings
@example(text="饜\ufffd恆禄A")  # simplified script exposed a second mojibake reading
def test_repair_is_idempotent_on_mojibake(text: str) -> None:
    once = repair_text(text).text
    assert repair_text(once).text == once


@_EXAMPLES
@given(lines=st.lists(st.one_of(_simplified_lines(), _english_lines), min_size=1, max_size=6))
def test_clean_simplified_chinese_and_english_are_left_untouched(lines: list[str]) -> None:
    text = "\n".join(lines)
    repaired = repair_text(text)
    assert repaired.text == text
    assert repaired.steps == ()


def test_the_clean_alphabet_is_large() -> None:
    """The untouched-text property runs on the sample's real vocabulary, not on a handful of characters."""
    assert len(_clean_han()) > 500
