"""One OpenCC converter per config, whichever binding is installed.

Works with the official binding (PyPI ``opencc``, config ``t2s.json``) and with
opencc-python-reimplemented (config ``t2s``): both install the module ``opencc``.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol


class Converter(Protocol):
    """What the pipeline uses of an OpenCC converter."""

    def convert(self, text: str) -> str: ...


@cache
def converter(config: str) -> Converter:
    """The OpenCC converter for ``config`` ("t2s", "s2t").

    >>> converter("t2s").convert("協會")
    '协会'
    """
    import opencc

    try:
        return opencc.OpenCC(f"{config}.json")
    except Exception:  # opencc-python-reimplemented names configs without ".json"
        return opencc.OpenCC(config)
