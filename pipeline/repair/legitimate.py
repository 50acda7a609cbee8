"""Characters that Chinese documents use legitimately, though a Chinese language model finds them odd.

Official documents write zero as "○" (二○○九年), ranges with "――", forms with "□" and "√", lists
with "※" and "№"; notices quote Japanese names in kana, Russian titles in Cyrillic, formulas in Greek
and math symbols, tables in box drawing, and full-width forms everywhere. Each of these is also what
a wrong decoding can produce, but none is evidence of one by itself: a line whose only unusual
characters are of these kinds is plausible as it stands and no repair may touch it. Mojibake shows
itself otherwise: rare Han characters, Latin-1 letters outside any word, "�", private-use characters.

A kana or Cyrillic letter standing alone beside a Han character is the exception: Japanese and
Russian words are runs of letters ("さくらサイエンス", "Москва"), Japanese particles (の, は) sit
between kanji, but "褪ぱ魂雄" and "輩ч褪諒楷" (GBK read as Big5) or "ヘ夹ヴ叭" (Big5 read as GBK) are
mojibake. Greek letters stand alone legitimately (α粒子, β衰变).

A letter with a diacritic ("café", "Zürich", "Dvořák") is legitimate inside a word of mostly ASCII
letters; "ÓÚ¼ÓÇ¿" (GBK read as Latin-1) is a run of such letters and signs with no such word.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.repair.han import HAN_RANGES

#: Blocks of symbols and scripts legitimate in Chinese text, as a regex class body.
LEGITIMATE_RANGES = (
    "\u0370-\u03ff"  # Greek
    "\u0400-\u04ff"  # Cyrillic
    "\u2010-\u2027\u2030-\u205e"  # general punctuation: dashes ―, quotes, ‰, ※, ‖
    "\u2070-\u209f"  # superscripts and subscripts
    "\u20a0-\u20bf"  # currency signs
    "\u2100-\u218f"  # letterlike symbols (№ ℃ ℉ ™) and number forms (Ⅰ Ⅱ ⅰ)
    "\u2190-\u23ff"  # arrows, mathematical operators (√ ≥ ± ∑), technical symbols
    "\u2460-\u24ff"  # enclosed alphanumerics (① ⑴ ⒈)
    "\u2500-\u25ff"  # box drawing (─ ┌), block elements (■ █), geometric shapes (○ □ △ ◆)
    "\u2600-\u27bf"  # miscellaneous symbols and dingbats (★ ☆ ✓ ✔)
    "\u3000-\u303f"  # CJK symbols and punctuation (〇 〔〕 〖〗 〃)
    "\u3040-\u30ff"  # hiragana and katakana, with ー
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3200-\u33ff"  # enclosed CJK letters (㈠ ㊣) and CJK compatibility (㎡ ㎏)
    "\ufe30-\ufe4f"  # CJK compatibility forms (vertical punctuation ︵)
    "\uff01-\uff60\uffe0-\uffe6"  # full-width forms (Ａ １ ％ ￥)
    "\u00b0\u00b1\u00b2\u00b3\u00b5\u00b7\u00d7\u00f7"  # ° ± ² ³ µ · × ÷
)
_LEGITIMATE = re.compile(f"[{LEGITIMATE_RANGES}]")
_LETTERS = "\u0400-\u04ff\u30a1-\u30fa"  # Cyrillic and katakana letters (not "・" or "ー")
_PARTICLES = "のはがをにでともへやか"
# A Cyrillic or katakana letter alone beside a Han character, or a hiragana that is no particle
# alone between two.
_LONE_LETTER = re.compile(
    f"(?<=[{HAN_RANGES}])[{_LETTERS}](?![{_LETTERS}])|(?<![{_LETTERS}])[{_LETTERS}](?=[{HAN_RANGES}])"
    f"|(?<=[{HAN_RANGES}])(?![{_PARTICLES}])[\u3041-\u3096](?=[{HAN_RANGES}])"
)
# A word of Latin letters, ASCII or with diacritics (Latin-1 supplement and Latin Extended-A/B).
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")


def is_legitimate(char: str) -> bool:
    """True when ``char`` is a symbol or letter Chinese documents use, not evidence of mojibake.

    >>> [is_legitimate(c) for c in "○―□√さЖα─¹Ó鍏"]
    [True, True, True, True, True, True, True, True, False, False, False]
    """
    return _LEGITIMATE.match(char) is not None


def has_lone_letter(line: str) -> bool:
    """True when a kana or Cyrillic letter stands alone beside Han characters, as in mojibake.

    >>> has_lone_letter("褪ぱ魂雄"), has_lone_letter("4. ヘ夹ヴ叭"), has_lone_letter("輩ч褪諒楷")
    (True, True, True)
    >>> has_lone_letter("日本の科学技術"), has_lone_letter("Москва — 北京"), has_lone_letter("α粒子")
    (False, False, False)
    """
    return _LONE_LETTER.search(line) is not None


def script_of_letter(char: str) -> str:
    """The script of a letter, by its Unicode name's first word: "HIRAGANA", "KATAKANA", "CYRILLIC"...

    >>> script_of_letter("の"), script_of_letter("ポ"), script_of_letter("Ж"), script_of_letter("ー")
    ('HIRAGANA', 'KATAKANA', 'CYRILLIC', 'KATAKANA-HIRAGANA')
    """
    return unicodedata.name(char, "UNKNOWN").split()[0]


def accented_word_spans(line: str) -> list[tuple[int, int]]:
    """Where ``line`` holds words of Latin letters whose diacritics are those of a real word.

    A word qualifies when at least two of its letters are ASCII and its accented letters are fewer
    than its ASCII ones: "café", "Zürich", "Dvořák" do, "ÓÚ" and "ÐÂÎÅ" (GBK read as Latin-1) do not.

    >>> accented_word_spans("Müller教授与ÓÚ")
    [(0, 6)]
    """
    spans = []
    for match in _LATIN_WORD.finditer(line):
        word = match.group()
        ascii_letters = sum(char.isascii() for char in word)
        if ascii_letters < len(word) and ascii_letters >= 2 and len(word) - ascii_letters < ascii_letters:
            spans.append(match.span())
    return spans
