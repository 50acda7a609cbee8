"""assoc-pipeline: documents and rosters of Chinese science and youth associations into DuckDB.

The command line (``pipeline <verb>``) and this Python API share the same verbs::

    from pipeline import Settings, run, status, repair_text
    summary = run(Settings(raw="raw", staged="staged", warehouse="warehouse/association.duckdb"))

The single stages are ``pipeline.runner.extract``, ``.transform`` and ``.load`` (the names
``pipeline.extract`` etc. are the stage packages).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pipeline.settings import Settings
from pipeline.status import status

if TYPE_CHECKING:
    from pipeline.repair import repair_text
    from pipeline.runner import run

__all__ = ["Settings", "repair_text", "run", "status"]

#: Imported on first use: the stages import jieba, pdfplumber, OpenCC and more (over a second), which
#: ``pipeline --help`` and ``pipeline status`` do without.
_ON_FIRST_USE = {"run": "pipeline.runner", "repair_text": "pipeline.repair"}


def __getattr__(name: str) -> Any:
    if name in _ON_FIRST_USE:
        return getattr(importlib.import_module(_ON_FIRST_USE[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
