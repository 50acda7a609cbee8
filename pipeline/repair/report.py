"""What the repair chain did, for people: counts for the run summary and a per-line diff.

``repair_file`` and ``format_diff`` are what ``pipeline repair FILE [--diff]`` calls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.repair.chain import Repaired, Step, repair_text
from pipeline.repair.encoding import Decoded, decode_bytes


def count_repairs_by_kind(steps: Iterable[Step]) -> dict[str, int]:
    """How many lines each fix changed, most frequent first (for the run summary).

    >>> count_repairs_by_kind(repair_text("協(xié)會\\n發(fā)展的`工作").steps)
    {'strip_pinyin_annotations': 2, 'convert_to_simplified': 2, 'remove_scraping_noise': 1}
    """
    return dict(Counter(step.kind for step in steps).most_common())


def repair_file(path: Path, keep_traditional: bool = False) -> tuple[Repaired, Decoded]:
    """Decode the bytes of ``path`` (encoding detected, never assumed) and repair the text."""
    decoded = decode_bytes(path.read_bytes())
    return repair_text(decoded.text, keep_traditional=keep_traditional), decoded


def format_diff(repaired: Repaired) -> str:
    """One block per changed line: number, fix name and confidence, then before -> after.

    >>> print(format_diff(repair_text("協(xié)會")))
    line 1  strip_pinyin_annotations (0.95)
      - 協(xié)會
      + 協會
    line 1  convert_to_simplified (1.00)
      - 協會
      + 协会
    """
    return "\n".join(
        f"line {step.line}  {step.kind} ({step.confidence:.2f})\n  - {step.before}\n  + {step.after}"
        for step in repaired.steps
    )
