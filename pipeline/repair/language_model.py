"""A language model of Chinese text, to tell a real sentence from mojibake.

Mojibake repair produces several candidate readings of a broken line; the one kept is the one a reader
would find plausible. Plausibility is the log probability of the best segmentation of the text into
words of jieba's dictionary (``jieba/dict.txt``: about 350,000 words with corpus frequencies, shipped with
jieba, plus the list markers of ``structure_words.tsv`` and the association and official-document words
of ``domain_words.tsv`` it lacks), a unigram word model. Repairs that search
character by character use character unigram and in-word bigram frequencies counted from the same
dictionary. Both are built once on first use and cached. Traditional text is scored through its
simplified form (OpenCC t2s), so one model serves both scripts. Punctuation, ASCII and pinyin letters are
neutral tokens; symbols that mojibake produces (Latin-1 letters, box drawing, bopomofo, private-use
characters, "�") are penalized.

    >>> score_text("关于加强协会") > score_text("鍏充簬鍔犲己鍗忎細") + 20
    True
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.lexicons import DOMAIN_WORDS_VARIABLE
from pipeline.repair.build_cache import load_or_build
from pipeline.repair.script import converter

_BIGRAM_WEIGHT = 0.7
NEUTRAL_LOGP = -4.0  # an ASCII character, a punctuation mark or a pinyin letter
STRANGE_LOGP = -16.0  # a symbol typical of mojibake
LOST_LOGP = -30.0  # "□", the mark of an unrecoverable character: a repair must not trade "�" for it cheaply
_UNSEEN_LOGP = -18.0  # a CJK character absent from the dictionary
COMMON_MIN_COUNT = 300  # characters seen at least this often (of 1e8) do not make a line suspect

RARE_MARK_LOGP = -9.0  # a punctuation mark rare in mainland text, such as 『』
LONE_LETTER_LOGP = -20.0  # one ASCII letter between Chinese characters: ",F各" is mojibake of "。現各"
# Punctuation of Chinese text and the tone letters of pinyin annotations such as "(dòng)".
_PINYIN_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_RARE_MARKS = frozenset("〈〉【】「」『』〔〕～＋－＝／")
_LETTER = f"[A-Za-z{_PINYIN_LETTERS}]"
_LONE_LETTER = re.compile(f"(?<!{_LETTER}){_LETTER}(?!{_LETTER})")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LEXICONS = ("structure_words.tsv", "domain_words.tsv")  # word<TAB>count lines, "#" comments
USER_WORD_COUNT = 500  # a word of a user's file without a count: as common as the domain words


@dataclass(frozen=True)
class CharModel:
    """Log probabilities of words, characters and in-word character pairs (simplified script)."""

    unigram: dict[str, float]
    bigram: dict[str, float]
    words: dict[str, float]
    longest_word: int
    prefixes: frozenset[str]  # the beginnings (two characters or more) of longer words: where a scan goes on

    def logp(self, previous: str, char: str, single: float) -> float:
        """log P(char | previous), interpolating the pair with ``single``, the character's own logp."""
        pair = self.bigram.get(previous + char) if previous else None
        if pair is None:
            return math.log(1 - _BIGRAM_WEIGHT) + single
        return math.log(_BIGRAM_WEIGHT * math.exp(pair) + (1 - _BIGRAM_WEIGHT) * math.exp(single))


def char_model() -> CharModel:
    """The model of jieba's dictionary and the lexicons, counted once per machine and kept in the
    user's cache dir; with the users' own words of ``PIPELINE_DOMAIN_WORDS`` (see ``user_domain_words``).

    Built lazily, on the first suspect line: clean text is never scored.
    """
    return _char_model(domain_words())


@cache
def _char_model(user_words: str) -> CharModel:
    dictionary = files("jieba").joinpath("dict.txt").read_bytes()
    lexicons = [files("pipeline.repair").joinpath(name).read_bytes() for name in _LEXICONS]
    extra = b"\n".join([*lexicons, user_words.encode("utf-8")])
    code = Path(__file__).read_bytes()
    return load_or_build(
        "char_model", (dictionary, extra, code), lambda: _count_model(dictionary.decode(), extra.decode())
    )


def domain_words() -> str:
    """The users' words of the files named in ``PIPELINE_DOMAIN_WORDS`` (see ``user_domain_words``)."""
    return user_domain_words(os.environ.get(DOMAIN_WORDS_VARIABLE, ""))


@cache
def user_domain_words(paths: str) -> str:
    """The words of the users' files named in ``PIPELINE_DOMAIN_WORDS`` (``os.pathsep``-separated) as
    lexicon lines "word<TAB>count": one word a line, with its count after a tab or
    ``USER_WORD_COUNT``; "#" starts a comment.

    >>> user_domain_words("")
    ''
    """
    lines = []
    for path in filter(None, paths.split(os.pathsep)):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise UsageError(
                f"{path}: cannot read the domain words file given in {DOMAIN_WORDS_VARIABLE} ({err}); fix "
                "the path or save the file as UTF-8 with one word a line"
            ) from err
        for number, line in enumerate(text.splitlines(), start=1):
            word, _, count = line.split("#", 1)[0].strip().partition("\t")
            if not word:
                continue
            if count and not count.strip().isdigit():
                raise UsageError(
                    f"{path} line {number}: {count.strip()!r} is no count: write the word, or the word, a "
                    "tab and how often it occurs in 60 million words (500 is a common domain word)"
                )
            lines.append(f"{word.strip()}\t{count.strip() or USER_WORD_COUNT}")
    return "\n".join(lines)


def _count_model(dictionary_text: str, extra: str) -> CharModel:
    """Count characters and in-word character pairs of jieba's dictionary, weighted by word frequency."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    words: Counter[str] = Counter()
    dictionary = dictionary_text.splitlines()
    entries = [entry.split(" ")[:2] for entry in dictionary] + [
        entry.split("\t") for entry in extra.splitlines() if entry and not entry.startswith("#")
    ]
    for word, count in entries:
        weight = int(count)
        words[word] += weight
        for char in word:
            unigrams[char] += weight
        for start in range(len(word) - 1):
            bigrams[word[start : start + 2]] += weight
    total = sum(unigrams.values())
    word_total = sum(words.values())
    return CharModel(
        unigram={char: math.log(n / total) for char, n in unigrams.items() if _CJK.match(char)},
        bigram={pair: math.log(n / unigrams[pair[0]]) for pair, n in bigrams.items()},
        words={word: math.log(n / word_total) for word, n in words.items() if n > 0},
        longest_word=max(len(word) for word in words),
        prefixes=frozenset(word[:end] for word in words for end in range(2, len(word))),
    )


@cache
def punctuation() -> dict[str, float]:
    """Log probability of each common punctuation mark (``punctuation.tsv``)."""
    table = files("pipeline.repair").joinpath("punctuation.tsv").read_text(encoding="utf-8")
    rows = [row.split("\t") for row in table.splitlines() if row and not row.startswith("#")]
    return {mark: float(logp) for mark, logp in rows}


COMMON_CHARACTERS_FILE = "data/common_characters.txt"


@cache
def common_characters() -> frozenset[str]:
    """CJK characters whose simplified form is frequent: their presence says nothing about mojibake.

    Read from ``data/common_characters.txt`` (written by ``derive_common_characters``), so that telling
    clean lines from suspect ones does not build the language model: a clean corpus never needs it.
    """
    text = files("pipeline.repair").joinpath(COMMON_CHARACTERS_FILE).read_text(encoding="utf-8")
    return frozenset(text.strip())


def derive_common_characters() -> frozenset[str]:
    """Count the common characters from the dictionary: the content of ``data/common_characters.txt``.

    Each character of the unified block is mapped through OpenCC t2s, so traditional forms and
    variants ("註", "採", "彙") count as common when their simplified form ("注", "采", "汇") is.
    """
    model = char_model()
    floor = math.log(COMMON_MIN_COUNT / 1e8)
    block = [chr(code) for code in range(0x4E00, 0xA000)]
    simplified = converter("t2s").convert("\n".join(block)).split("\n")
    pairs = zip(block, simplified, strict=True)
    return frozenset(char for char, simple in pairs if model.unigram.get(simple, -math.inf) >= floor)


def char_logp(model: CharModel, previous: str, char: str) -> float:
    """Log probability of one character of any kind after ``previous`` (simplified script)."""
    return model.logp(previous, char, single_logp(model, char))


def single_logp(model: CharModel, char: str) -> float:
    """Log probability of a character on its own; punctuation and ASCII are neutral."""
    if char in model.unigram or _CJK.match(char):
        return model.unigram.get(char, _UNSEEN_LOGP)
    if char.isascii() or char in _PINYIN_LETTERS:
        return NEUTRAL_LOGP
    if char in punctuation():
        return punctuation()[char]
    if char in _RARE_MARKS or char.isspace():
        return RARE_MARK_LOGP
    return LOST_LOGP if char == "□" else STRANGE_LOGP


def strange_characters(text: str) -> int:
    """How many characters of ``text`` are symbols of mojibake (Latin-1 letters, box drawing and such).

    >>> strange_characters("关于（一）ABC□"), strange_characters("¹ØÓÚ")
    (0, 4)
    """
    model = char_model()
    return sum(
        1 for char in text if not (_CJK.match(char) or char == "□" or single_logp(model, char) > STRANGE_LOGP)
    )


def score_text(text: str) -> float:
    """Log probability of the likeliest segmentation of ``text`` into words: higher is more plausible.

    >>> score_text("協會工作計劃") == score_text("协会工作计划")
    True
    """
    model = char_model()
    simplified = converter("t2s").convert(text) if not text.isascii() else text
    size = len(simplified)
    best = [0.0] + [-math.inf] * size
    word_logp, prefixes, longest = model.words.get, model.prefixes, model.longest_word  # the hot loop's
    for start in range(size):
        here = best[start]
        char = simplified[start]
        single = word_logp(char, _UNSEEN_LOGP) if _CJK.match(char) else single_logp(model, char)
        if here + single > best[start + 1]:
            best[start + 1] = here + single
        for end in range(start + 2, min(size, start + longest) + 1):
            piece = simplified[start:end]
            logp = word_logp(piece)
            if logp is not None and here + logp > best[end]:
                best[end] = here + logp
            if piece not in prefixes:
                break  # no longer word starts with this piece
    lone_letters = sum(
        1
        for match in _LONE_LETTER.finditer(simplified)
        if any(
            _CJK.match(side)
            for side in (simplified[max(0, match.start() - 1) : match.start()], simplified[match.end() :])
        )
    )
    return best[size] + lone_letters * (LONE_LETTER_LOGP - NEUTRAL_LOGP)
