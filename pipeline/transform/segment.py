"""Chinese word segmentation with jieba and the domain dictionary kept beside this module.

jieba runs at well under 1 MB/s here (its part-of-speech tagger slower still, its HMM for unknown words
slowest: it is off, and unknown names come out as single characters that the readers join again), the
slowest step of the text path, so callers segment only the clauses that hold a keyword
(``keyword_clauses``), never whole sentences or documents: a name never spans a comma.
``jieba_user_dict.txt`` keeps domain names whole (青少年科技创新大赛, 科技辅导员, 团体会员) so that a
name is not split before it is read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

import jieba
import jieba.posseg


@cache
def _tagger() -> jieba.posseg.POSTokenizer:
    """A jieba tokenizer of its own (the global one is left alone) with the user dictionary loaded."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with resources.as_file(resources.files(__package__).joinpath("jieba_user_dict.txt")) as path:
        tokenizer.load_userdict(str(path))
    return _pos_tagger(tokenizer)


def _pos_tagger(tokenizer: jieba.Tokenizer) -> jieba.posseg.POSTokenizer:
    """``jieba.posseg.POSTokenizer(tokenizer)`` without parsing the dictionary's tags a second time:
    ``jieba.posseg`` parsed them on import for its global tagger, from the same dictionary file (the
    second parse took 2.2 s of each transform process's start here). The user dictionary's tags are added
    on the first cut, as in a tagger made the usual way."""
    shared = jieba.posseg.dt
    if tokenizer.dictionary != shared.tokenizer.dictionary:
        return jieba.posseg.POSTokenizer(tokenizer)
    tagger = object.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer = tokenizer
    tagger.word_tag_tab = dict(shared.word_tag_tab)
    return tagger


@lru_cache(maxsize=4096)
def segment(sentence: str) -> tuple[tuple[str, str], ...]:
    """Words of one sentence with their part-of-speech tags; domain names stay one word.

    Activities, targets and unit mentions read the same sentences, so each is segmented once.

    >>> [word for word, _ in segment("参加第33届青少年科技创新大赛")]
    ['参加', '第', '33', '届', '青少年科技创新大赛']
    """
    return tuple((pair.word, pair.flag) for pair in _tagger().cut(sentence, HMM=False))


_CLAUSE_END = re.compile(r"(?<=[，,、；;：:。！？!?])")


def keyword_clauses(sentence: str, keywords: Iterable[str]) -> list[str]:
    """The clauses of ``sentence`` (split after ，、；：。) that hold one of ``keywords``.

    >>> keyword_clauses("开展科普活动，举办第六届论坛；发展会员", ["论坛"])
    ['举办第六届论坛；']
    """
    words = tuple(keywords)
    if not words:
        return []
    holds = _any_of(words).search
    return [clause for clause in _CLAUSE_END.split(sentence) if holds(clause)]


@lru_cache(maxsize=16)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that finds any of ``words``: a clause is searched once, not once per word."""
    return re.compile("|".join(map(re.escape, words)))
