"""Traditional -> simplified with protected names, script detection, and both OpenCC bindings."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.repair.names import ENVIRONMENT_VARIABLE
from pipeline.repair.opencc_converter import converter
from pipeline.repair.script import convert_to_simplified, detect_script
from pipeline.repair.width import normalize_fullwidth_ascii

RAW = Path(__file__).resolve().parents[2] / "raw"


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("吉林省乾安县科協成立大會", "吉林省乾安县科协成立大会"),
        ("清代學者徐乾学的著作", "清代学者徐乾学的著作"),
        ("清代學者徐乾學的著作", "清代学者徐乾学的著作"),
        ("陕西乾县科協,乾燥天氣", "陕西乾县科协,干燥天气"),
        ("作家於梨华來訪", "作家於梨华来访"),
    ],
)
def test_protected_names_survive_conversion(line: str, fixed: str) -> None:
    assert convert_to_simplified(line) == fixed


def test_names_from_a_user_file_named_in_the_environment(tmp_path: Path, monkeypatch) -> None:
    line = "乾德門街道科協"
    assert convert_to_simplified(line) == "干德门街道科协"
    names = tmp_path / "names.txt"
    names.write_text("# 太原的地名\n乾德门\n", encoding="utf-8")
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(names))
    assert convert_to_simplified(line) == "乾德门街道科协"


def test_unreadable_user_names_file_is_named_in_the_error(tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "nope.txt"
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(missing))
    with pytest.raises(UsageError, match=r"nope\.txt.*PIPELINE_PROTECTED_NAMES"):
        convert_to_simplified("科協工作計劃")


def test_simplified_and_english_lines_are_returned_as_they_are() -> None:
    for line in ["关于加强协会自身能力建设的通知", "Key Work Points of CAST in 2018"]:
        assert convert_to_simplified(line) is line


def test_fullwidth_letters_and_digits_fold_but_chinese_punctuation_stays() -> None:
    line = "２０１４年ＳＴＥＭ教育，（一）：“科普”；！？、。\u3000结束"
    assert normalize_fullwidth_ascii(line) == "2014年STEM教育，（一）：“科普”；！？、。\u3000结束"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("科協工作計劃", "traditional"),
        ("科协工作计划", "simplified"),
        ("Key Work Points 2018", "none"),
        ("乾隆年間,干事皇后", "traditional"),
        ("干事在后面", "none"),
        ("关于加强协会自身能力建设的通知。科協工作計劃如下", "mixed"),
        ("关于加强协会自身能力建设的通知,第一条至第九条逐条说明,誌", "simplified"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_detect_script_on_the_samples_and_a_document_of_both() -> None:
    traditional = (RAW / "004_dd66bcf60490f8cb.part1.txt").read_text(encoding="utf-8")
    simplified = (RAW / "002_a455499d0de7c8e9.txt").read_text(encoding="utf-8")
    assert detect_script(traditional) == "traditional"
    assert detect_script(simplified) == "simplified"
    assert detect_script(simplified + "\n" + traditional) == "mixed"


def test_the_reimplemented_binding_config_name_is_used_when_json_is_refused(monkeypatch) -> None:
    """opencc-python-reimplemented knows "t2s", not "t2s.json"."""

    class Reimplemented:
        def __init__(self, config: str) -> None:
            if config.endswith(".json"):
                raise ValueError(f"no such config {config}")
            self.config = config

        def convert(self, text: str) -> str:
            return text

    monkeypatch.setitem(sys.modules, "opencc", types.SimpleNamespace(OpenCC=Reimplemented))
    assert converter.__wrapped__("t2s").config == "t2s"
