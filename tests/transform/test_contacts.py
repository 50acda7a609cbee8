import pytest

from pipeline.transform.contacts import find_contacts, normalize_phones, read_contact_labels


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0351—6042229、6042236", ["0351-6042229", "0351-6042236"]),
        ("63003712  138-8398-7655", ["63003712", "13883987655"]),
        ("13883987655", ["13883987655"]),
        ("138 8398 7655", ["13883987655"]),
        ("+86 13883987655", ["13883987655"]),
        ("（010）62103456", ["010-62103456"]),
        ("(0351)6042229", ["0351-6042229"]),
        ("010-62103456", ["010-62103456"]),
        ("02363003712", ["023-63003712"]),
        ("0351-6042229，0351-6042230", ["0351-6042229", "0351-6042230"]),
        ("0351 6042229 / 13912345678", ["0351-6042229", "13912345678"]),
        ("周一至周五", []),
    ],
)
def test_normalize_phones(value: str, expected: list[str]) -> None:
    assert normalize_phones(value) == expected


def test_labels_on_one_line_with_ascii_and_chinese_colons() -> None:
    assert read_contact_labels("联系人:吴武全     联系电话：63003712  E-mail: wu@kpcq.org.cn") == [
        ("person", "吴武全"),
        ("phone", "63003712"),
        ("email", "wu@kpcq.org.cn"),
    ]


def test_label_words_inside_other_words_are_not_labels() -> None:
    assert read_contact_labels("活动地址：科技馆") == []
    assert read_contact_labels("请与联系人联系") == []


def test_block_without_phone_gives_one_row() -> None:
    (row,) = find_contacts(["联系人：李明", "邮箱：liming@example.cn"])
    assert (row.person, row.phone, row.email) == ("李明", None, "liming@example.cn")


def test_each_phone_is_a_row_with_the_block_details_repeated() -> None:
    rows = find_contacts(["联系人：张三、李四", "电话：010-62103456、62103457、13800001111", "邮编：100081"])
    assert [r.phone for r in rows] == ["010-62103456", "010-62103457", "13800001111"]
    assert {(r.person, r.postcode) for r in rows} == {("张三、李四", "100081")}


def test_a_second_person_line_or_a_body_line_starts_a_new_block() -> None:
    rows = find_contacts(
        ["联系人：张三 电话：13800001111", "联系人：李四 电话：13900002222", "请按时报送。", "联系人：王五"]
    )
    assert [(r.person, r.phone) for r in rows] == [
        ("张三", "13800001111"),
        ("李四", "13900002222"),
        ("王五", None),
    ]


def test_shanxi_notice_contacts(raw_sample) -> None:
    rows = find_contacts(raw_sample("002").split("\n"))
    assert [r.phone for r in rows] == ["0351-6042229", "0351-6042236"]
    assert {(r.person, r.email, r.postcode, r.address) for r in rows} == {
        ("崔捷、韩键", "sxsqkjxh@163.com", "030012", "太原市双塔西街268号科普大厦9层")
    }


def test_chongqing_notice_contacts(raw_sample) -> None:
    rows = find_contacts(raw_sample("003").split("\n"))
    assert [(r.person, r.phone) for r in rows] == [("吴武全", "63003712"), ("吴武全", "13883987655")]
    assert all(r.email is None and r.address is None for r in rows)


def test_english_pages_have_no_contacts(raw_sample) -> None:
    assert find_contacts(raw_sample("000").split("\n")) == []
