"""The repair chain: named ``str -> str`` fixes applied line by line, each change recorded as a Step.

A fix is a pure function of one line. The chain runs the fixes in the order of ``CHAIN``; a Step is
recorded only when a fix changed the line, so ``steps`` is the audit trail stored in ``repairs`` and
``replay_steps`` can redo it from the original text. A fix whose certainty varies from line to line
(mojibake repair) returns ``(text, confidence)`` instead of ``text``; the Step records that confidence.
Mojibake fixes come first: they need the raw decoded text, whose soft hyphens and odd symbols are bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pipeline.repair import gbk_shift, mojibake, noise, pinyin, script, width

LineFix = Callable[[str], str | tuple[str, float] | tuple[str, float, str]]

#: Characters of the longest piece of a line a fix sees at once. Real lines after HTML is turned into
#: text are shorter (the longest met: 19,000, a Shift-JIS page); a longer one (a 331,000-character
#: line of an ioreg dump) is repaired piece by piece, so that a fix whose time grows faster than the
#: line (mojibake's span readings) stays linear in it (issue 18).
MAX_PIECE = 4000
#: Where a piece may end: after the last blank or punctuation mark in its last quarter, else anywhere.
_PIECE_ENDS = frozenset(" \t\u3000，。；！？、,;")


@dataclass(frozen=True)
class Fix:
    """A named fix, how sure we are of its output when it changes a line, and the misreading it undoes.

    A fix that tells misreadings apart (mojibake repair) returns ``(text, confidence, misreading)``.
    """

    name: str
    apply: LineFix
    confidence: float = 1.0
    misreading: str = ""

    def run(self, line: str) -> tuple[str, float, str]:
        """The fixed line, the confidence of this change (the lowest of its changed pieces) and the
        misreading undone ("" for none; that of the first changed piece)."""
        if len(line) <= MAX_PIECE:
            return self._run_piece(line)
        pieces = line_pieces(line)
        fixed = [self._run_piece(piece) for piece in pieces]
        changed = [(c, m) for (text, c, m), piece in zip(fixed, pieces, strict=True) if text != piece]
        confidence = min((c for c, _ in changed), default=self.confidence)
        misreading = changed[0][1] if changed else self.misreading
        return "".join(text for text, _, _ in fixed), confidence, misreading

    def _run_piece(self, piece: str) -> tuple[str, float, str]:
        result = self.apply(piece)
        if not isinstance(result, tuple):
            return result, self.confidence, self.misreading
        if len(result) == 2:
            return result[0], result[1], self.misreading
        return result


def line_pieces(line: str) -> list[str]:
    """``line`` cut into pieces of at most ``MAX_PIECE`` characters, after a blank or a punctuation mark
    where there is one in a piece's last quarter.

    >>> [len(piece) for piece in line_pieces("科协，" * 3000)]
    [3999, 3999, 1002]
    """
    pieces, start = [], 0
    while len(line) - start > MAX_PIECE:
        end = start + MAX_PIECE
        floor = end - MAX_PIECE // 4
        cut = next((at + 1 for at in range(end - 1, floor - 1, -1) if line[at] in _PIECE_ENDS), end)
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


@dataclass(frozen=True)
class Step:
    """One change to one line (1-based ``line``): the fix (``kind``) and the misreading it undid."""

    line: int
    kind: str
    before: str
    after: str
    confidence: float = 1.0
    misreading: str = ""


@dataclass(frozen=True)
class Repaired:
    """The repaired text, the steps that made it, and the script of the input."""

    text: str
    steps: tuple[Step, ...]
    script: str


CHAIN: tuple[Fix, ...] = (
    Fix("undo_gbk_shift", gbk_shift.undo_gbk_shift, misreading="gbk_shift"),
    Fix("repair_mojibake", mojibake.repair_mojibake),
    Fix("mark_lost_bytes", mojibake.mark_lost_bytes, misreading="lost_bytes"),
    Fix("strip_pinyin_annotations", pinyin.strip_pinyin_annotations, 0.95),
    Fix("remove_scraping_noise", noise.remove_scraping_noise, 0.9),
    Fix("remove_watermarks", noise.remove_watermarks),
    Fix("normalize_fullwidth_ascii", width.normalize_fullwidth_ascii),
    Fix("convert_to_simplified", script.convert_to_simplified),
)
FIXES: dict[str, Fix] = {fix.name: fix for fix in CHAIN}
SCRIPT_FIXES = frozenset({"convert_to_simplified"})


#: Passes of the chain over a changed line before its result must be a fixed point.
MAX_PASSES = 3


def repair_text(text: str, keep_traditional: bool = False) -> Repaired:
    """Run the chain over every line of ``text``; return the result and the steps taken.

    Repairing repaired text changes nothing: a changed line goes through the chain again until the
    chain leaves it alone (a later fix can expose a new repair to an earlier one, as when simplified
    script turns one mojibake into another). A line that finds no such fixed point within
    ``MAX_PASSES`` passes is left as it was.
    """
    fixes = [f for f in CHAIN if not (keep_traditional and f.name in SCRIPT_FIXES)]
    steps: list[Step] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        fixed, line_steps = _repair_line(line, number, fixes)
        lines[number - 1] = fixed
        steps.extend(line_steps)
    return Repaired("\n".join(lines), tuple(steps), script.detect_script(text))


def _repair_line(original: str, number: int, fixes: list[Fix]) -> tuple[str, list[Step]]:
    line, steps = original, []
    for _ in range(MAX_PASSES):
        start = line
        for fix in fixes:
            fixed, confidence, misreading = fix.run(line)
            if fixed != line:
                steps.append(Step(number, fix.name, line, fixed, confidence, misreading))
                line = fixed
        if line == start:
            return line, steps
    return original, []


def replay_steps(text: str, steps: tuple[Step, ...] | list[Step]) -> str:
    """Redo recorded steps on the original text by applying each named fix again.

    A fix of the whole document (``document_fixes``: boilerplate) is applied once, where its first
    step comes; such fixes keep line numbers, so the line steps before and after stay in place.
    """
    lines = text.split("\n")
    whole = document_fixes()
    done: set[str] = set()
    for step in steps:
        if step.kind in whole:
            if step.kind not in done:
                lines = whole[step.kind]("\n".join(lines)).split("\n")
                done.add(step.kind)
            continue
        lines[step.line - 1] = FIXES[step.kind].run(lines[step.line - 1])[0]
    return "\n".join(lines)


@cache
def document_fixes() -> dict[str, Callable[[str], str]]:
    """The fixes of a whole document that a reader runs after the chain, by the kind of their steps."""
    from pipeline.extract.boilerplate import strip_boilerplate  # extract imports repair: import late

    return {"strip_boilerplate": strip_boilerplate}
