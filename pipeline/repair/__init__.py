"""Text repair: decode raw bytes and fix the text as a chain of named, replayable fixes.

>>> from pipeline.repair import repair_text
>>> repair_text("科協工作計劃").text
'科协工作计划'
"""

from pipeline.repair.chain import FIXES, Repaired, Step, repair_text, replay_steps
from pipeline.repair.encoding import Decoded, decode_bytes

__all__ = ["FIXES", "Decoded", "Repaired", "Step", "decode_bytes", "repair_text", "replay_steps"]
