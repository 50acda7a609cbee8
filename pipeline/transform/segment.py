"""Chinese word segmentation with jieba and the domain dictionary kept beside this module.

jieba runs at well under 1 MB/s here, the slowest step of the text path, so callers segment only the
sentences that hold a keyword, never whole documents. ``jieba_user_dict.txt`` keeps domain names whole
(青少年科技创新大赛, 科技辅导员, 团体会员) so that a name is not split before it is read.
"""

from __future__ import annotations

import logging
from functools import cache
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
    return jieba.posseg.POSTokenizer(tokenizer)


def segment(sentence: str) -> list[tuple[str, str]]:
    """Words of one sentence with their part-of-speech tags; domain names stay one word.

    >>> [word for word, _ in segment("参加第33届青少年科技创新大赛")]
    ['参加', '第', '33', '届', '青少年科技创新大赛']
    """
    return [(pair.word, pair.flag) for pair in _tagger().cut(sentence, HMM=True)]
