"""assoc-pipeline: documents and rosters of Chinese science and youth associations into DuckDB."""
