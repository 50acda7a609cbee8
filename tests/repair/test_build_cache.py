"""The build cache builds once per input version, then loads; a broken cache file is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.repair.build_cache import cache_dir, load_or_build


def test_built_once_then_loaded_and_rebuilt_for_new_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builds: list[str] = []

    def build(text: str) -> dict[str, int]:
        builds.append(text)
        return {char: text.count(char) for char in text}

    first = load_or_build("counts", ["协会工作".encode()], lambda: build("协会工作"))
    again = load_or_build("counts", ["协会工作".encode()], lambda: build("协会工作"))
    changed = load_or_build("counts", ["协会会员".encode()], lambda: build("协会会员"))
    assert first == again == {"协": 1, "会": 1, "工": 1, "作": 1}
    assert changed["会"] == 2
    assert builds == ["协会工作", "协会会员"]
    assert len(list(cache_dir().glob("counts-*.pickle"))) == 2


def test_broken_or_unwritable_cache_falls_back_to_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_or_build("words", [b"v1"], lambda: ["通知"])
    (cached,) = cache_dir().glob("words-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert load_or_build("words", [b"v1"], lambda: ["公告"]) == ["公告"]
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache dir should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert load_or_build("words", [b"v1"], lambda: ["章程"]) == ["章程"]
