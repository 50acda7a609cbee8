"""Match keys: the spellings of one person agree, blanks are missing values."""

from __future__ import annotations

import pandas as pd

from pipeline.identity.keys import PERSON_COLUMNS, name_keys, people_for_matching


def test_traditional_spaced_and_simplified_names_share_keys() -> None:
    assert name_keys("張　偉") == name_keys("张伟") == name_keys("张 伟")
    assert name_keys("张玮").pinyin == name_keys("张伟").pinyin == "zhangwei"
    assert name_keys("欧阳·娜娜").simplified == "欧阳娜娜"


def test_people_for_matching_normalizes_keys_and_blanks() -> None:
    rows = pd.DataFrame(
        {
            "source_row_id": ["a.xlsx:2", "b.xlsx:5"],
            "name": ["陳　志強", "陈志强"],
            "birth_date": ["1980-02-03", None],
            "phone": ["+86 138-0013-8000", ""],
            "id_number": [None, "14010519800203123x"],
            "email": [" ChenZQ@QQ.com ", None],
            "unit_name": ["山西省科技馆 ", "  "],
        }
    )
    people = people_for_matching(rows)
    assert list(people.columns) == list(PERSON_COLUMNS)
    assert people.to_dict("records") == [
        {
            "source_row_id": "a.xlsx:2",
            "name": "陳　志強",
            "name_simplified": "陈志强",
            "name_pinyin": "chenzhiqiang",
            "birth_date": "1980-02-03",
            "phone": "13800138000",
            "id_number": None,
            "email": "chenzq@qq.com",
            "unit_name": "山西省科技馆",
        },
        {
            "source_row_id": "b.xlsx:5",
            "name": "陈志强",
            "name_simplified": "陈志强",
            "name_pinyin": "chenzhiqiang",
            "birth_date": None,
            "phone": None,
            "id_number": "14010519800203123X",
            "email": None,
            "unit_name": None,
        },
    ]
