"""Which characters count as Chinese (Han) for the fixes that look at neighbouring characters."""

from __future__ import annotations

#: CJK Unified Ideographs, Extension A and the Compatibility Ideographs, as a regex class body.
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
