"""The users' own lexicons (``PIPELINE_PROTECTED_NAMES``, ``PIPELINE_DOMAIN_WORDS``) as a fingerprint.

They change what the repair writes, so the extract stage counts them among its settings: after an edit
of one of them every file is read again, as after new code. The fingerprint is of the files' text, read
without the repair's libraries (OpenCC, jieba's dictionary), so that a run with nothing to do decides so
at once.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.fingerprint import fingerprint

#: Paths (``os.pathsep``-separated) of files of names that traditional -> simplified must not touch.
PROTECTED_NAMES_VARIABLE = "PIPELINE_PROTECTED_NAMES"
#: Paths (``os.pathsep``-separated) of files of words the language model should know.
DOMAIN_WORDS_VARIABLE = "PIPELINE_DOMAIN_WORDS"


def user_lexicons() -> str:
    """The fingerprint of every user lexicon file, by the variable that names it.

    >>> user_lexicons() == user_lexicons()
    True
    """
    return fingerprint([_texts(variable) for variable in (PROTECTED_NAMES_VARIABLE, DOMAIN_WORDS_VARIABLE)])


def _texts(variable: str) -> list[str]:
    texts = []
    for path in filter(None, os.environ.get(variable, "").split(os.pathsep)):
        try:
            texts.append(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            raise UsageError(
                f"{path}: cannot read the lexicon file given in {variable} ({err}); fix the path or save "
                "the file as UTF-8 with one entry a line"
            ) from err
    return texts
