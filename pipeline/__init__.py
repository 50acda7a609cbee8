"""assoc-pipeline: documents and rosters of Chinese science and youth associations into DuckDB.

The command line (``pipeline <verb>``) and this Python API share the same verbs::

    from pipeline import Settings, run, status, repair_text
    summary = run(Settings(raw="raw", staged="staged", warehouse="warehouse/association.duckdb"))

The single stages are ``pipeline.runner.extract``, ``.transform`` and ``.load`` (the names
``pipeline.extract`` etc. are the stage packages).
"""

from pipeline.repair import repair_text
from pipeline.runner import run
from pipeline.settings import Settings
from pipeline.status import status

__all__ = ["Settings", "repair_text", "run", "status"]
