"""The masks: what each kind keeps, and the same result from Python and from the warehouse's SQL macros."""

from __future__ import annotations

import json

import duckdb
import pytest

from pipeline.privacy.classification import PASSWORD, header_kind
from pipeline.privacy.masking import MASKS, mask_extra, mask_mentions, mask_text, mask_value
from pipeline.privacy.sql import create_masks, masked_select
from tests.fixtures.make_rosters import PERSONAL_HEADER, personal_rows

#: Values of every shape the masks meet, personal or not, in cells and in free text.
VALUES = [
    "110101198503120024",
    "11010519491231002X",
    "110105491231002",
    "1101011985",
    "13800138000",
    "138-0013-8000",
    "138 0013 8000",
    "0351-6012229",
    "010-12345678",
    "03516012229",
    "6012229",
    "zhang.san@example.com",
    "Li_Si+news@mail.example.cn",
    "not-an-email",
    "6222021234567890123",
    "E12345678",
    "山西省太原市小店区坞城路92号",
    "太原",
    "",
    "x",
    "row 1048575: no name (姓名) in a row with other data: fill it in or delete it",
    "2023年12月1日，联系人：张三 13800138000、李四 0351-6012229，邮箱 zhangsan@example.com。",
    "身份证110101198503120024，银行卡6222021234567890123，护照E12345678",
    "价格 12345678 元，20230315，编号 1234567890",
    "多行\n13800138000\n结束",
    "全角１３８００１３８０００，圈号①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮",
]
EXTRAS = [
    json.dumps(dict(zip(PERSONAL_HEADER, row, strict=True)), ensure_ascii=False) for row in personal_rows()
] + [
    '{"备注": "a\\"b", "备注": "13800138000", "column 12": "110101198503120024"}',
    '{"联系 电话": "13800138000", "登录密码": "x"}',
    "{}",
    "not json 13800138000",
    "[1, 2]",
]


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    create_masks(connection)
    return connection


@pytest.mark.parametrize("kind", [None, *MASKS])
def test_sql_macros_mask_as_python_does(con: duckdb.DuckDBPyConnection, kind: str | None) -> None:
    sql = "SELECT pii_mask_kind(?, v) FROM unnest(?::VARCHAR[]) AS t(v)"
    in_sql = [masked for (masked,) in con.execute(sql, [kind, VALUES]).fetchall()]
    assert in_sql == [mask_value(kind, value) for value in VALUES]


def test_extra_is_masked_alike_in_sql_and_python(con: duckdb.DuckDBPyConnection) -> None:
    in_sql = [
        masked
        for (masked,) in con.execute("SELECT pii_mask_extra(unnest(?::VARCHAR[]))", [EXTRAS]).fetchall()
    ]
    assert in_sql == [mask_extra(extra) for extra in EXTRAS]
    kinds = ["id_number", "phone", "email", "address", "bank_card", "passport", "phone", PASSWORD]
    assert [header_kind(key) for key in json.loads(EXTRAS[0])] == [None, None, None, *kinds, None]


def test_each_kind_keeps_only_what_recognises_a_row() -> None:
    assert mask_value("id_number", "110101198503120024") == "1101**********0024"
    assert mask_value("phone", "13800138000") == "138****8000"
    assert mask_value("email", "zhang.san@example.com") == "z***@example.com"
    assert mask_value("bank_card", "6222021234567890123") == "***************0123"
    assert mask_value("passport", "E12345678") == "*****5678"
    assert mask_value("address", "山西省太原市小店区坞城路92号") == "山西省太原市***"
    row = dict(zip(PERSONAL_HEADER, personal_rows()[0], strict=True))
    masked = json.loads(mask_extra(json.dumps(row, ensure_ascii=False)))
    assert "密码" not in masked
    assert all(value not in masked.values() for key, value in row.items() if header_kind(key))


def test_free_text_keeps_row_numbers_dates_and_counts() -> None:
    assert mask_text(VALUES[25]).startswith("全角１３８****８０００，圈号①")
    assert mask_text(VALUES[20]) == VALUES[20]
    assert mask_text(VALUES[23]) == VALUES[23]
    assert mask_text(VALUES[21]) == (
        "2023年12月1日，联系人：张三 138****8000、李四 0351-****2229，邮箱 z***@example.com。"
    )
    assert (
        mask_text(mask_text(VALUES[22]))
        == mask_text(VALUES[22])
        == "身份证1101**********0024，银行卡***************0123，护照E12345678"
    )


def test_a_reason_keeps_its_row_and_masks_the_value_it_names() -> None:
    reason = "row 17: ID number 14021119900630049 is not 18 characters"
    assert mask_mentions(reason, {"id_number": "14021119900630049", "row": 17}) == (
        "row 17: ID number 1402*********0049 is not 18 characters"
    )


def test_a_masked_select_keeps_ids_and_lineage(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE people AS SELECT 'mem_1381380013800' AS member_id, "
        "'a/13800138000.xlsx' AS source_file, '13800138000' AS phone, "
        "['13800138000', '0351-6012229'] AS phones, 42 AS row, '电话 13800138000' AS note"
    )
    assert con.execute(masked_select(con, "people")).fetchall() == [
        (
            "mem_1381380013800",
            "a/13800138000.xlsx",
            "138****8000",
            ["138****8000", "0351-****2229"],
            42,
            "电话 138****8000",
        )
    ]
