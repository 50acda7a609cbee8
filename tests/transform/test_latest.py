"""Merging source rows: each field from the most recent source that has it."""

from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipeline.transform.latest import RECENCY, file_ranks, latest_per_group, merge_sorted
from pipeline.transform.roster_values import source_recency


def test_most_recent_source_with_a_value_wins_per_field() -> None:
    sources = pa.table({
        "member_id": ["m1", "m1", "m1", "m2"],
        "source_file": ["2024年名单.xlsx", "2023年名单.csv", "2023年名单.csv", "2022年名单.csv"],
        "sheet": ["s", "s", "s", "s"],
        "row": [2, 3, 2, 2],
        "phone": ["13900139000", "13800138000", None, "13700137000"],
        "email": [None, "old@example.cn", "older@example.cn", None],
    })  # fmt: skip
    merged = latest_per_group(sources, "member_id", ("phone", "email")).sort_by("member_id").to_pylist()
    assert merged == [
        {"member_id": "m1", "phone": "13900139000", "email": "old@example.cn",
         "source_file": "2024年名单.xlsx", "source_rows": 3},
        {"member_id": "m2", "phone": "13700137000", "email": None,
         "source_file": "2022年名单.csv", "source_rows": 1},
    ]  # fmt: skip


def _reference(rows: list[dict], fields: tuple[str, ...]) -> dict[str, dict]:
    """The rule spelled out row by row: walk the rows from oldest to newest, keep each non-null value."""
    merged: dict[str, dict] = {}
    order = sorted(
        enumerate(rows), key=lambda p: (source_recency(p[1]["source_file"]), p[1]["sheet"], p[1]["row"], p[0])
    )
    for _, row in order:
        person = merged.setdefault(row["member_id"], {f: None for f in fields} | {"source_rows": 0})
        person.update({f: row[f] for f in fields if row[f] is not None})
        person["source_file"], person["source_rows"] = row["source_file"], person["source_rows"] + 1
    return merged


def _random_rows(seed: int) -> list[dict]:
    rng = random.Random(seed)
    files = ["2022年名单.csv", "2024年名单.xlsx", "名单.xls", "2023年名单.csv"]
    return [
        {
            "member_id": f"m{rng.randrange(12)}",
            "source_file": rng.choice(files),
            "sheet": rng.choice(["s1", "s2"]),
            "row": rng.randrange(1, 6),  # some rows tie on file, sheet and row: the later one wins
            "phone": rng.choice([None, "13800138000", "13900139000"]),
            "email": rng.choice([None, "a@example.cn", "b@example.cn", "c@example.cn"]),
        }
        for _ in range(60)
    ]


@pytest.mark.parametrize("seed", range(5))
def test_merging_in_memory_gives_the_rule(seed: int) -> None:
    rows = _random_rows(seed)
    got = latest_per_group(pa.Table.from_pylist(rows), "member_id", ("phone", "email")).to_pylist()
    assert len({row["member_id"] for row in got}) == len(got), "one row per member"
    assert {row.pop("member_id"): row for row in got} == _reference(rows, ("phone", "email"))


@pytest.mark.parametrize("batch_rows", [1, 2, 3, 1000])
def test_merging_sorted_rows_a_batch_at_a_time_gives_the_rule_whatever_the_batch_size(
    batch_rows: int,
) -> None:
    rows = _random_rows(batch_rows)
    table = pa.Table.from_pylist(rows).append_column("seq", pa.array(range(len(rows)), pa.int64()))
    ranks = file_ranks(pc.unique(table["source_file"]))
    table = table.append_column("file_rank", pc.index_in(table["source_file"], ranks["source_file"]))
    ordered = table.sort_by([("member_id", "ascending"), *((name, "ascending") for name in RECENCY)])
    batches = [ordered.slice(start, batch_rows) for start in range(0, ordered.num_rows, batch_rows)]
    got = pa.concat_tables(merge_sorted(batches, "member_id", ("phone", "email"))).to_pylist()
    assert len({row["member_id"] for row in got}) == len(got), "one row per member"
    assert {row.pop("member_id"): row for row in got} == _reference(rows, ("phone", "email"))
