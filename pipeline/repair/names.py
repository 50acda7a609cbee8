"""The lexicon of names that traditional -> simplified conversion must not touch (乾安县, 徐乾学).

The package ships ``data/protected_names.txt``. Users extend it with their own files, one name a
line, listed in the environment variable ``PIPELINE_PROTECTED_NAMES`` (several paths separated by
the platform path separator, ":" on Linux).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.lexicons import PROTECTED_NAMES_VARIABLE
from pipeline.repair.opencc_converter import converter

ENVIRONMENT_VARIABLE = PROTECTED_NAMES_VARIABLE


@dataclass(frozen=True)
class ProtectedNames:
    """Names to keep, the forms they may take in the input, and the characters OpenCC breaks in them.

    ``pattern`` finds any input form; ``canonical`` maps a form to the name to write;
    ``risky_chars`` are characters that OpenCC changes wrongly inside some name: a line without
    any of them needs no protection.
    """

    pattern: re.Pattern[str] | None
    canonical: dict[str, str]
    risky_chars: frozenset[str]


def protected_names() -> ProtectedNames:
    """The lexicon of the package plus the files named in ``PIPELINE_PROTECTED_NAMES``."""
    return load_protected_names(os.environ.get(ENVIRONMENT_VARIABLE, ""))


@cache
def load_protected_names(extra_paths: str) -> ProtectedNames:
    """Read the package lexicon and the ``os.pathsep``-separated ``extra_paths``.

    >>> names = load_protected_names("")
    >>> names.canonical["乾安县"], "乾" in names.risky_chars
    ('乾安县', True)
    """
    text = resources.files("pipeline.repair").joinpath("data/protected_names.txt").read_text(encoding="utf-8")
    names = _names_in(text)
    for path in filter(None, extra_paths.split(os.pathsep)):
        names += _names_in(_read_user_file(Path(path)))
    t2s, s2t = converter("t2s"), converter("s2t")
    canonical: dict[str, str] = {}
    risky: set[str] = set()
    for name in names:
        for form in {name, s2t.convert(name)}:
            converted = t2s.convert(form)
            if converted != name:
                canonical[form] = name
                risky.update(c for c, got, right in zip(form, converted, name, strict=False) if got != right)
    if not canonical:
        return ProtectedNames(None, {}, frozenset())
    alternatives = "|".join(map(re.escape, sorted(canonical, key=len, reverse=True)))
    return ProtectedNames(re.compile(alternatives), canonical, frozenset(risky))


def _names_in(text: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def _read_user_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(
            f"{path}: cannot read the protected names file given in {ENVIRONMENT_VARIABLE} ({err}); "
            "fix the path or save the file as UTF-8 with one name a line"
        ) from err
