"""Identity resolution: the deterministic keys, their order of strength, and what is never joined."""

from __future__ import annotations

import pyarrow as pa

from pipeline.transform.identity import resolve_identities


def _resolve(rows: list[dict]) -> list[str]:
    defaults = {"id_number": None, "birth_date": None, "phones": None, "source_file": "a.xlsx", "sheet": "s"}
    schema = pa.schema(
        [("id_number", pa.string()), ("name", pa.string()), ("birth_date", pa.string()),
         ("phones", pa.list_(pa.string())), ("source_file", pa.string()), ("sheet", pa.string()),
         ("row", pa.int64())]
    )  # fmt: skip
    table = pa.Table.from_pylist(
        [{**defaults, **row, "row": i + 1} for i, row in enumerate(rows)], schema=schema
    )
    return resolve_identities(table).to_pylist()


def test_id_then_name_and_birth_then_name_and_phone() -> None:
    people = _resolve([
        {"id_number": "11010519491231002X", "name": "张三", "birth_date": "1949-12-31"},
        {"name": "张三", "birth_date": "1949-12-31", "phones": ["13800138000"]},
        {"name": "张三", "phones": ["13800138000"]},
        {"name": "李四", "phones": ["13800138000"]},
        {"name": "李四"},
    ])  # fmt: skip
    assert people[:3] == ["id:11010519491231002X"] * 3
    assert people[3] == "np:李四|13800138000"
    assert people[4] == "row:a.xlsx:s:5"


def test_two_ids_are_never_joined_and_an_ambiguous_row_stays_alone() -> None:
    people = _resolve([
        {"id_number": "11010519491231002X", "name": "王五", "birth_date": "1949-12-31"},
        {"id_number": "110105194912310021", "name": "王五", "birth_date": "1949-12-31"},
        {"name": "王五", "birth_date": "1949-12-31"},
    ])  # fmt: skip
    assert people == ["id:11010519491231002X", "id:110105194912310021", "row:a.xlsx:s:3"]


def test_rows_without_ids_sharing_a_key_are_one_person_whatever_the_order() -> None:
    rows = [
        {"name": "赵六", "birth_date": "1980-01-02"},
        {"name": "赵六", "birth_date": "1980-01-02", "phones": ["13900139000"]},
        {"name": "赵六", "phones": ["13900139000"]},
    ]
    forward = _resolve(rows)
    assert forward == ["nb:赵六|1980-01-02"] * 3
    assert sorted(_resolve(rows[::-1])) == sorted(forward)
