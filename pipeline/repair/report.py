"""What the repair chain did, for people: counts for the run summary and a per-line diff.

``repair_file`` and ``format_diff`` are what ``pipeline repair FILE [--diff]`` calls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from pipeline.errors import UnreadableInput, UsageError
from pipeline.extract.dispatch import DOCUMENT_KINDS, document_text
from pipeline.extract.rosters import ROSTER_READERS
from pipeline.extract.sources import SourceFile, sniff_kind
from pipeline.repair.chain import Repaired, repair_text
from pipeline.repair.encoding import Decoded, decode_bytes
from pipeline.repair.noise import find_placeholders
from pipeline.settings import Settings

_NOT_TEXT = frozenset({*ROSTER_READERS, "zip"} - {"csv"})  # a csv file is text: it is repaired as such


class _HasKind(Protocol):
    @property
    def kind(self) -> str: ...


def count_repairs_by_kind(steps: Iterable[_HasKind]) -> dict[str, int]:
    """How many lines each fix changed, most frequent first (for the run summary).

    Takes Steps or rows of the ``repairs`` table (anything with a ``kind``).

    >>> count_repairs_by_kind(repair_text("協(xié)會\\n發(fā)展的`工作").steps)
    {'strip_pinyin_annotations': 2, 'convert_to_simplified': 2, 'remove_scraping_noise': 1}
    """
    return dict(Counter(step.kind for step in steps).most_common())


def repair_file(path: Path, keep_traditional: bool = False) -> tuple[Repaired, Decoded]:
    """Decode the bytes of ``path`` (encoding detected, never assumed) and repair the text.

    A PDF or Word file is read by its reader (``Decoded.encoding`` is then its kind); a spreadsheet
    or archive holds no one text and is refused.
    """
    data = path.read_bytes()
    kind = sniff_kind(path.name, data[:1024])
    if kind in _NOT_TEXT:
        raise UsageError(
            f"{path}: a {kind} file holds rows or files, not one text: `pipeline repair` reads .txt, "
            ".html, .pdf, .doc and .docx; load it with `pipeline run`"
        )
    try:
        if kind in DOCUMENT_KINDS:
            source = SourceFile(path=path, source_file=path.name)
            text = document_text(source, data, kind, Settings(keep_traditional=keep_traditional))
            decoded = Decoded(text, kind, 1.0)
        else:
            decoded = decode_bytes(data)
    except UnreadableInput as err:
        raise UsageError(f"{path}: {err.reason}") from err
    return repair_text(decoded.text, keep_traditional=keep_traditional), decoded


def format_diff(repaired: Repaired) -> str:
    """The script, one block per changed line (number, fix, confidence, before -> after), placeholders.

    >>> print(format_diff(repair_text("20xx年協(xié)會")))
    script: traditional
    line 1  strip_pinyin_annotations (0.95)
      - 20xx年協(xié)會
      + 20xx年協會
    line 1  convert_to_simplified (1.00)
      - 20xx年協會
      + 20xx年协会
    template placeholders, not dates: 20xx
    """
    blocks = [f"script: {repaired.script}"]
    blocks += [
        f"line {step.line}  {step.kind} ({step.confidence:.2f})\n  - {step.before}\n  + {step.after}"
        for step in repaired.steps
    ]
    placeholders = find_placeholders(repaired.text)
    if placeholders:
        blocks.append("template placeholders, not dates: " + ", ".join(placeholders))
    return "\n".join(blocks)
