"""Run settings: one validated object for every stage."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_RAW = Path("raw")
DEFAULT_STAGED = Path("staged")
DEFAULT_WAREHOUSE = Path("warehouse/association.duckdb")


class Settings(BaseModel):
    """Where a run reads and writes. Relative paths are taken from the current directory."""

    model_config = ConfigDict(frozen=True)

    raw: Path = Field(DEFAULT_RAW, description="input drop zone, read recursively")
    staged: Path = Field(DEFAULT_STAGED, description="hand-over folder between stages (Parquet)")
    warehouse: Path = Field(DEFAULT_WAREHOUSE, description="the DuckDB file analysts open")
    keep_traditional: bool = Field(False, description="keep traditional script in text_clean")
