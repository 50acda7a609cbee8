"""Merging source rows: each field from the most recent source that has it."""

from __future__ import annotations

import pyarrow as pa

from pipeline.transform.latest import latest_per_group


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
