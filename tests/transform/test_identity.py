"""Identity resolution: the deterministic keys, their order of strength, and what is never joined."""

from __future__ import annotations

import pyarrow as pa

from pipeline.transform.identity import resolve_identities


def _resolve(rows: list[dict]) -> list[str]:
    """The person of each row; rows are numbered from 1 in a.xlsx, sheet s, unless they say otherwise."""
    defaults = {"id_number": None, "birth_date": None, "phones": None, "source_file": "a.xlsx", "sheet": "s",
                "continues_row": None}  # fmt: skip
    schema = pa.schema(
        [("id_number", pa.string()), ("name", pa.string()), ("birth_date", pa.string()),
         ("phones", pa.list_(pa.string())), ("source_file", pa.string()), ("sheet", pa.string()),
         ("row", pa.int64()), ("continues_row", pa.int64())]
    )  # fmt: skip
    table = pa.Table.from_pylist(
        [{**defaults, "row": i + 1, **row} for i, row in enumerate(rows)], schema=schema
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


def test_rows_of_a_merged_name_are_one_person_keyed_by_all_their_phones() -> None:
    rows = [
        {"name": "王芳", "phones": ["13800138001"]},
        {"name": "王芳", "phones": ["13900139002"], "continues_row": 1},
        {"name": "王芳", "phones": ["13700137003"]},  # the same name on a row of its own: someone else
        {
            "name": "王芳",
            "phones": ["13900139002"],
            "id_number": "11010519491231002X",
            "source_file": "b.xlsx",
        },
    ]
    people = _resolve(rows)
    # the second row's phone joins both rows to the person with the ID, the first row's phone alone would not
    assert people == [
        "id:11010519491231002X",
        "id:11010519491231002X",
        "np:王芳|13700137003",
        "id:11010519491231002X",
    ]
    assert _resolve(rows[:3]) == ["np:王芳|13800138001", "np:王芳|13800138001", "np:王芳|13700137003"]
    assert _resolve([{**row, "continues_row": None} for row in rows[:3]]) == [
        "np:王芳|13800138001",
        "np:王芳|13900139002",
        "np:王芳|13700137003",
    ]


def test_a_merged_name_gives_its_id_birth_date_and_first_row_to_every_row_whatever_the_order() -> None:
    rows = [
        {"name": "赵敏", "row": 7, "id_number": "11010519491231002X", "birth_date": "1949-12-31"},
        {"name": "赵敏", "row": 8, "continues_row": 7, "phones": ["13400134006"]},
        {"name": "赵敏", "row": 9, "continues_row": 7},
        {"name": "钱进", "row": 11, "birth_date": "1980-01-02"},
        {"name": "钱进", "row": 12, "continues_row": 11},
        {"name": "孙丽", "row": 13},
        {"name": "孙丽", "row": 14, "continues_row": 13},
        {"name": "孙丽", "row": 15, "continues_row": 13},
    ]
    expected = ["id:11010519491231002X"] * 3 + ["nb:钱进|1980-01-02"] * 2 + ["row:a.xlsx:s:13"] * 3
    assert _resolve(rows) == expected
    assert _resolve(rows[::-1]) == expected[::-1]


def test_a_merged_name_over_two_ids_or_birth_dates_is_not_one_person() -> None:
    people = _resolve([
        {"name": "李强", "id_number": "11010519491231002X"},
        {"name": "李强", "id_number": "110105194912310021", "continues_row": 1},
        {"name": "周平", "birth_date": "1980-01-02", "phones": ["13600136004"]},
        {"name": "周平", "birth_date": "1981-01-02", "phones": ["13600136004"], "continues_row": 3},
        {"name": "周平", "continues_row": 3},
    ])  # fmt: skip
    assert people == [
        "id:11010519491231002X",
        "id:110105194912310021",
        "nb:周平|1980-01-02",
        "nb:周平|1981-01-02",
        "row:a.xlsx:s:5",
    ]


def test_rows_chained_by_shared_phones_are_one_person_named_by_their_smallest_key() -> None:
    # issue #4: the 2023 row lists a landline and a mobile in one cell, the 2024 row the mobile alone
    both = {"name": "张伟", "phones": ["0351-6042229", "13800138000"], "source_file": "2023.csv"}
    mobile = {"name": "张伟", "phones": ["13800138000"], "source_file": "2024.csv"}
    assert _resolve([both, mobile]) == ["np:张伟|0351-6042229"] * 2
    assert _resolve([mobile, both]) == ["np:张伟|0351-6042229"] * 2


def test_a_chain_of_rows_each_sharing_one_phone_with_the_next_is_one_person() -> None:
    rows = [
        {"name": "刘洋", "phones": ["13700137003", "13600136004"]},  # A-B
        {"name": "刘洋", "phones": ["13600136004", "13500135005"]},  # B-C
        {"name": "刘洋", "phones": ["13500135005"]},  # C: shares nothing with the first row
        {"name": "刘洋", "phones": ["13400134006"]},  # the same name, no shared phone: someone else
    ]
    expected = ["np:刘洋|13500135005"] * 3 + ["np:刘洋|13400134006"]
    assert _resolve(rows) == expected
    for order in ([2, 0, 3, 1], [3, 1, 2, 0], [1, 3, 0, 2]):  # the rows in other orders
        assert _resolve([rows[i] for i in order]) == [expected[i] for i in order]


def test_two_names_sharing_a_phone_stay_two_people() -> None:
    people = _resolve([
        {"name": "陈静", "phones": ["0351-6042229", "13300133007"]},
        {"name": "黄磊", "phones": ["0351-6042229"]},  # the office phone of both
        {"name": "黄磊", "phones": ["0351-6042229", "13200132008"]},
    ])  # fmt: skip
    assert people == ["np:陈静|0351-6042229", "np:黄磊|0351-6042229", "np:黄磊|0351-6042229"]


def test_a_row_meeting_two_id_holders_by_phone_stays_out_of_both_and_of_chains() -> None:
    people = _resolve([
        {"name": "杨帆", "id_number": "11010519491231002X", "phones": ["13100131009"]},
        {"name": "杨帆", "id_number": "110105194912310021", "phones": ["13000130000"]},
        {"name": "杨帆", "phones": ["13100131009", "13000130000", "15900159001"]},
        {"name": "杨帆", "phones": ["15900159001"]},
    ])  # fmt: skip
    assert people == [
        "id:11010519491231002X",
        "id:110105194912310021",
        "row:a.xlsx:s:3",
        "np:杨帆|15900159001",
    ]
