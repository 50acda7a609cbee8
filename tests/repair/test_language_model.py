"""The language model's data file matches the dictionary it is derived from; clean text needs no model."""

from __future__ import annotations

import math
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.extract.incremental import extract_manifest
from pipeline.repair.language_model import (
    COMMON_CHARACTERS_FILE,
    DOMAIN_WORDS_VARIABLE,
    char_model,
    common_characters,
    derive_common_characters,
    user_domain_words,
)
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_common_characters_file_matches_the_dictionary() -> None:
    derived = derive_common_characters()
    stored = common_characters()
    assert stored == derived, (
        f"pipeline/repair/{COMMON_CHARACTERS_FILE} is out of date with jieba's dictionary "
        f"({len(stored - derived)} extra, {len(derived - stored)} missing): rewrite it with "
        "''.join(sorted(derive_common_characters()))"
    )
    assert {"关", "于", "協", "會"} <= stored and not {"鍔", "忎"} & stored  # mojibake of 加强协会


def test_clean_text_is_repaired_without_building_the_model() -> None:
    script = (
        "from pipeline.repair import repair_text\n"
        "from pipeline.repair.language_model import _char_model\n"
        "repaired = repair_text('關於加強協會工作的通知\\n一、總體要求')\n"
        "assert repaired.text == '关于加强协会工作的通知\\n一、总体要求', repaired.text\n"
        "print(_char_model.cache_info().currsize)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_domain_words_are_words_jieba_lacks_or_counts_rarely() -> None:
    """domain_words.tsv adds what jieba's dictionary misses (its header says: absent or under 50)."""
    jieba_counts = {
        word: int(count)
        for word, count, *_ in (
            line.split(" ")
            for line in files("jieba").joinpath("dict.txt").read_text(encoding="utf-8").splitlines()
        )
    }
    rows = [
        line.split("\t")
        for line in files("pipeline.repair")
        .joinpath("domain_words.tsv")
        .read_text(encoding="utf-8")
        .splitlines()
        if line and not line.startswith("#")
    ]
    words = [word for word, _ in rows]
    assert len(words) == len(set(words)) > 100
    assert all(count.isdigit() for _, count in rows)
    assert [word for word in words if jieba_counts.get(word, 0) >= 50] == []


def test_users_domain_words_join_the_model_and_make_every_file_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = tmp_path / "词表.txt"
    words.write_text("# 本会常用语\n科普惠民工程\n双减科普\t2000  # 有频次\n\n", encoding="utf-8")
    before = extract_manifest(Settings())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv(DOMAIN_WORDS_VARIABLE, str(words))
    assert user_domain_words(str(words)) == "科普惠民工程\t500\n双减科普\t2000"
    model = char_model()
    assert model.words["双减科普"] - model.words["科普惠民工程"] == pytest.approx(math.log(2000 / 500))
    assert extract_manifest(Settings())["settings"] != before["settings"]
    assert extract_manifest(Settings())["code"] == before["code"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"nope\.txt: cannot read the domain words file given in PIPELINE_DOMAIN_WORDS"),
        ("群团\t很多\n", r"nope\.txt line 1: '很多' is no count"),
    ],
)
def test_a_bad_domain_words_file_is_a_usage_error_naming_it(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "nope.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        user_domain_words(str(path))
