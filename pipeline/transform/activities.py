"""Activities a document names: competitions, meetings, trainings, camps, exhibitions, awards, events.

A name is read backwards from its kind word (大赛, 论坛, 培训, Competition, Forum ...) in Chinese,
over jieba words until a boundary word (参加, 组织, 的 ...), and as a run of capitalized words in
English. The edition (第33届 / 第三十三届 / 33rd / second) and a place written just before it (广西第33届)
are taken out of the name into their columns; dates come from the same sentence (``date_ranges``).
One row per activity and edition in a document: the mention with the most filled columns is kept, and a
mention without an edition is dropped when the same name appears with one.

The vocabulary (kind words, generic names) is data: ``activity_kinds.json``; names are read backwards
by ``zh_names``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from pipeline.ids import stable_id
from pipeline.records import Activity
from pipeline.transform.activity_dates import date_activity, document_date
from pipeline.transform.data_files import read_json
from pipeline.transform.english_names import Run, sentence_runs
from pipeline.transform.numerals import EDITION_ZH, edition_of
from pipeline.transform.segment import keyword_clauses, segment
from pipeline.transform.sentences import SectionLike, Sentence, split_sentences
from pipeline.transform.zh_names import Word, is_boundary, is_quoted_before, read_back

_PUNCTUATION = re.compile(r"^[\W_]+$")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d\d年?")
_LIST_SEPARATORS = "、，,和及与"
_QUOTES = "“”\"‘’'《》「」"
_EN_PLACE = re.compile(
    r"\b(?:took place|held|hosted|opened|convened|staged)\s+(?:in|at)\s+"
    r"((?:the\s+)?[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*)*)"
)
_EN_ORGANIZER = re.compile(
    r"\b(?:held|hosted|organized|organised|sponsored)\s+by\s+(?:the\s+)?([A-Z][\w-]*(?:\s+(?:(?:and|of|for|the)\s*)?[A-Z][\w-]*)*)"
)
_ZH_PLACE = re.compile(r"在([\u4e00-\u9fff]{2,12}?)(?:举办|举行|召开|开幕|进行)")
_ZH_ORGANIZER = re.compile(r"由([\u4e00-\u9fff（）()]{2,30}?)(?:主办|承办|举办|组织)")


@dataclass(frozen=True)
class Vocabulary:
    """Kind words by language (longest first), boundary words and generic names."""

    zh_kinds: tuple[tuple[str, str], ...]
    en_kinds: dict[str, str]
    zh_verb_first: frozenset[str]
    zh_generic: frozenset[str]
    zh_head_objects: frozenset[str]
    zh_generic_endings: tuple[str, ...]
    en_leading_stop: frozenset[str]
    en_hosting_verbs: frozenset[str]
    en_project_words: frozenset[str]
    en_tail_stop: frozenset[str]
    zh_not_activity_context: tuple[str, ...]
    zh_not_activity_words: tuple[str, ...]
    zh_reference_starts: tuple[str, ...]
    zh_levels: tuple[str, ...]
    zh_activity_tails: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    """The activity vocabulary from ``activity_kinds.json``."""
    data = read_json("activity_kinds.json")
    zh = [(word, kind) for kind, words in data["zh"].items() for word in words]
    return Vocabulary(
        zh_kinds=tuple(sorted(zh, key=lambda pair: -len(pair[0]))),
        en_kinds={word: kind for kind, words in data["en"].items() for word in words},
        zh_verb_first=frozenset(data["zh_verb_first"]),
        zh_generic=frozenset(data["zh_generic"]),
        zh_head_objects=frozenset(data["zh_head_objects"]),
        zh_generic_endings=tuple(data["zh_generic_endings"]),
        en_leading_stop=frozenset(data["en_leading_stop"]),
        en_hosting_verbs=frozenset(data["en_hosting_verbs"]),
        en_project_words=frozenset(data["en_project_words"]),
        en_tail_stop=frozenset(data["en_tail_stop"]),
        zh_not_activity_context=tuple(data["zh_not_activity_context"]),
        zh_not_activity_words=tuple(data["zh_not_activity_words"]),
        zh_reference_starts=tuple(data["zh_reference_starts"]),
        zh_levels=tuple(sorted(data["zh_levels"], key=len, reverse=True)),
        zh_activity_tails=frozenset(data["zh_activity_tails"]),
    )


@dataclass(frozen=True)
class Mention:
    """An activity as read from one sentence, before dates and ids."""

    name: str
    kind: str
    edition: int | None = None
    location: str | None = None
    organizer: str | None = None


def zh_kind(word: str) -> str | None:
    """The kind of activity a Chinese word ends with, or None.

    >>> zh_kind("青少年科技创新大赛"), zh_kind("评选活动"), zh_kind("大学")
    ('competition', 'award', None)
    """
    if not word.endswith(_zh_kind_words()):  # most words: one test in C, not a loop over the kinds
        return None
    return next((kind for key, kind in vocabulary().zh_kinds if word.endswith(key)), None)


@cache
def _zh_kind_words() -> tuple[str, ...]:
    return tuple(key for key, _ in vocabulary().zh_kinds)


def normalize_name(name: str) -> str:
    """The key two spellings of one activity share: no quotes, spaces, case, leading "the", 活动 tail.

    >>> normalize_name("“快乐科普校园行”活动"), normalize_name('The "Belt and Road" Forum')
    ('快乐科普校园行', 'belt and road forum')
    """
    key = re.sub(rf"[{_QUOTES}]", "", name).strip().lower()
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"\s+", " ", key)
    return key[:-2] if key.endswith("活动") and len(key) > 2 else key


def _is_generic(name: str) -> bool:
    """Too short, a bare kind word (培训), a kind of work rather than a named activity (教研活动), a level
    and a bare kind word (省级大赛), or a reference to an activity named before (本届大赛).

    >>> [_is_generic(n) for n in ("教研活动", "省级大赛", "本届大赛", "表彰奖励力度", "省级科技教师培训")]
    [True, True, True, True, False]
    """
    vocab = vocabulary()
    key = normalize_name(name)
    level = next((word for word in vocab.zh_levels if name.startswith(word)), "")
    bare = name[len(level) :]  # 全国科普日 is named by its kind word: only generic words stay generic
    return (
        len(key) < 4
        or name in vocab.zh_generic
        or name.endswith(vocab.zh_generic_endings)
        or bare in vocab.zh_generic
        or name.startswith(vocab.zh_reference_starts)
        or any(word in name for word in vocab.zh_not_activity_words)
    )


def _is_heading(words: Sequence[Word], index: int, name: str) -> bool:
    """四、评估表彰: a verb-first kind word with no object that is all its clause says is a heading."""
    return index == len(words) - 1 and "".join(word for word, _ in words) == name


def _is_refused(words: Sequence[Word], index: int) -> bool:
    """防止出现乱培训, 劝其停止活动, 非法集资犯罪活动: the clause up to the kind word prohibits, stops or
    punishes what it names."""
    upto = "".join(word for word, _ in words[: index + 1])
    return any(word in upto for word in vocabulary().zh_not_activity_context)


def _zh_forward(words: Sequence[Word], index: int) -> str:
    """表彰优秀科技教师: a verb-first kind word and the object words after it."""
    taken = [words[index][0]]
    for word, _ in words[index + 1 : index + 7]:
        if is_boundary(word):
            break
        taken.append(word)
    return "".join(taken)


def _zh_mention(words: Sequence[Word], index: int) -> Mention | None:
    word, _ = words[index]
    kind = zh_kind(word)
    if kind is None:
        return None
    vocab = vocabulary()
    following, tag = words[index + 1] if index + 1 < len(words) else ("", "")
    if _is_refused(words, index):
        return None
    if word in vocab.zh_verb_first:
        name = _zh_forward(words, index)
        if name == word:  # 优秀科技辅导员评选: no object follows, the name comes before
            name = "".join(w for w, _ in read_back(words, index) or []) + word
            if _is_heading(words, index, name):
                return None
        elif index > 0 and not is_boundary(words[index - 1][0]):
            return None  # 教案评选标准: 评选 modifies what follows
        return None if _is_generic(name) else Mention(name, kind)
    noun_follows = tag.startswith("n") or tag == "vn"
    if noun_follows and not is_boundary(following) and following not in vocab.zh_head_objects:
        return None  # 活动案例, 培训制度, 培训工作: the kind word is not the head of the phrase here
    if index > 0 and zh_kind(words[index - 1][0]) and word == "活动":
        return None  # 科技活动周活动, 大赛活动: the activity was read from the word before
    before = read_back(words, index)
    if before is None:
        return None
    inner = _inner_activity(before)
    if word == "活动" and inner is not None:
        before, word = before[:inner], before[inner][0]  # 科技活动周宣传活动: the 科技活动周
    prefix = "".join(w for w, _ in before)
    edition_match = EDITION_ZH.search(prefix)
    location = None
    if edition_match:
        place = prefix[: edition_match.start()]
        location = place if place and all(f == "ns" for w, f in before if w in place) else None
        rest = prefix[edition_match.end() :]
        prefix = rest if location or not place else place + rest
    name = prefix if is_quoted_before(words, index) and word == "活动" else prefix + word
    if _is_generic(name):
        return None
    edition = edition_of(edition_match.group()) if edition_match else None
    return Mention(name, zh_kind(word) or kind, edition, location)


def _inner_activity(before: Sequence[Word]) -> int | None:
    """Where the activity 活动 is said of is named, when only generic words (宣传, 系列:
    ``zh_activity_tails``) come between: 2016年科技活动周宣传活动 is about the 科技活动周; 科普日主场活动
    is one of its own."""
    tails = vocabulary().zh_activity_tails
    for at in range(len(before) - 1, -1, -1):
        word = before[at][0]
        if zh_kind(word) and word != "活动":
            return at if all(w in tails for w, _ in before[at + 1 :]) else None
    return None


def zh_mentions(sentence: str) -> list[Mention]:
    """Activities named in one Chinese sentence (only clauses holding a kind word are segmented).

    >>> found = zh_mentions("组织我区学生参加广西第33届青少年科技创新大赛")
    >>> [(m.name, m.kind, m.edition, m.location) for m in found]
    [('青少年科技创新大赛', 'competition', 33, '广西')]
    >>> [(m.name, m.edition) for m in zh_mentions("起草第六届职教论坛文件；开展“快乐科普校园行”活动")]
    [('职教论坛', 6), ('快乐科普校园行', None)]
    """
    found = []
    for clause in keyword_clauses(sentence, (key for key, _ in vocabulary().zh_kinds)):
        words = segment(clause)
        found.extend(_zh_mention(words, index) for index in range(len(words)))
    mentions = [mention for mention in found if mention is not None] + _zh_quoted_list(sentence)
    names = {mention.name for mention in mentions}
    return [m for m in mentions if not any(n != m.name and n.startswith(m.name) for n in names)]


def _zh_quoted_list(sentence: str) -> list[Mention]:
    """深入开展“大国工匠进校园”、“劳模进校园”等活动: each quoted name of a list closed by 等活动 is an
    activity (the name read back from 活动 is only the last one). Read backwards from each ”等活动.

    >>> [m.name for m in _zh_quoted_list("深入开展“大国工匠进校园”、“劳模进校园”等活动")]
    ['大国工匠进校园', '劳模进校园']
    """
    found: list[Mention] = []
    start = sentence.find("”等活动")
    while start >= 0:
        end, names = start, []
        while end > 0 and sentence[end] == "”":
            opening = sentence.rfind("“", 0, end)
            if opening < 0:
                break
            names.insert(0, sentence[opening + 1 : end])
            end = opening - 1
            if end >= 0 and sentence[end] in _LIST_SEPARATORS:
                end -= 1
        found.extend(Mention(name, "event") for name in names if not _is_generic(name))
        start = sentence.find("”等活动", start + 1)
    return found


def _split_run(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """ "Expo and the Annual Meeting": two names where a kind word is followed by "and"."""
    kinds = vocabulary().en_kinds
    parts, start = [], 0
    for index, word in enumerate(words[:-1]):
        if word in kinds and words[index + 1] == "and":
            parts.append(words[start : index + 1])
            start = index + 2
    return [*parts, words[start:]]


def _en_kind(words: tuple[str, ...]) -> tuple[str, int] | None:
    """The kind and position of the last kind word that ends the name or opens an of/on/for phrase."""
    kinds = vocabulary().en_kinds
    for index in range(len(words) - 1, -1, -1):
        last = words[index].strip(_QUOTES).split()[-1:] or [""]
        ends = index == len(words) - 1 or words[index + 1] in ("of", "on", "for")
        if last[0] in kinds and ends:
            return kinds[last[0]], index
    return None


def _en_tail(tokens: Sequence[str], end: int) -> list[str]:
    """ "Seminar on science and technology education for youth took place": the lower-case topic."""
    if end >= len(tokens) or tokens[end] not in ("on", "for"):
        return []
    tail = []
    for token in tokens[end : end + 10]:
        if (token in vocabulary().en_tail_stop and tail) or not re.fullmatch(r"[a-z][\w-]*", token):
            break
        tail.append(token)
    return tail if len(tail) > 1 else []


def _en_run_mentions(run: Run, tokens: Sequence[str]) -> list[Mention]:
    vocab = vocabulary()
    mentions = []
    parts = _split_run(run.words)
    for number, part in enumerate(parts):
        words = list(part)
        while words and words[0].lower() in vocab.en_leading_stop:
            words.pop(0)
        found = _en_kind(tuple(words))
        if not found:
            continue
        edition = None
        while words and (edition_of(words[0]) or words[0].lower() == "the"):
            edition = edition or edition_of(words.pop(0))
        if number == len(parts) - 1:
            words += _en_tail(tokens, run.end)
        if len(words) > 1 or (words and words[0][0] in _QUOTES):
            mentions.append(Mention(" ".join(words), found[0], edition))
    return mentions


def en_mentions(sentence: str) -> list[Mention]:
    """Activities named in one English sentence.

    >>> [(m.name, m.kind, m.edition) for m in en_mentions("Hold the Science Expo and the Annual Meeting.")]
    [('Science Expo', 'exhibition', None), ('Annual Meeting', 'meeting', None)]
    >>> [(m.name, m.edition) for m in en_mentions("Organize the 26th National Thesis Collection Activity.")]
    [('National Thesis Collection Activity', 26)]
    >>> [m.name for m in en_mentions("BYSTC won the “five-star award” for its efforts.")]
    ['five-star award']
    """
    tokens, runs = sentence_runs(sentence)
    mentions = [mention for run in runs for mention in _en_run_mentions(run, tokens)]
    return mentions + _en_quoted(tokens) + _en_hosted(tokens)


def _lower_kind(word: str) -> str | None:
    return {k.lower(): v for k, v in vocabulary().en_kinds.items()}.get(word.lower().removesuffix("s"))


def _en_quoted(tokens: Sequence[str]) -> list[Mention]:
    """“five-star award”; "sending training to the grassroots" project: quoted lower-case names."""
    found = []
    for index, token in enumerate(tokens):
        inner = token.strip(_QUOTES)
        if token == inner or not inner or not inner[0].islower():
            continue
        following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
        kinds = [kind for kind in map(_lower_kind, inner.split()) if kind]
        if _lower_kind(inner.split()[-1]):
            found.append(Mention(inner, kinds[-1]))
        elif following in vocabulary().en_project_words:
            found.append(Mention(inner, kinds[0] if kinds else "event"))
    return found


def _en_hosted(tokens: Sequence[str]) -> list[Mention]:
    """ "hosted a special forum on international ... cooperation": a lower-case activity after a host verb."""
    found = []
    for index, token in enumerate(tokens[:-2]):
        if token.lower() not in vocabulary().en_hosting_verbs or tokens[index + 1] not in ("a", "an", "the"):
            continue
        for end in range(index + 2, min(index + 6, len(tokens))):
            if not re.fullmatch(r"[a-z][\w-]*", tokens[end]):
                break
            kind = _lower_kind(tokens[end])
            if kind:
                words = [*tokens[index + 2 : end + 1], *_en_tail(tokens, end + 1)]
                found.append(Mention(" ".join(words), kind))
                break
    return found


def _sentence_activities(sentence: Sentence, language: str) -> list[Mention]:
    """Mentions of one sentence with the place and organizer the sentence gives."""
    if language == "zh":
        mentions = zh_mentions(sentence.text)
        place, organizer = _ZH_PLACE.search(sentence.text), _ZH_ORGANIZER.search(sentence.text)
    else:
        mentions = en_mentions(sentence.text)
        place, organizer = _EN_PLACE.search(sentence.text), _EN_ORGANIZER.search(sentence.text)
    if place:
        mentions = [m if m.location else replace(m, location=place.group(1)) for m in mentions]
    return mentions if not organizer else [replace(m, organizer=organizer.group(1)) for m in mentions]


def _filled(activity: Activity) -> int:
    """How many columns a mention fills; a date of its own (text, name) counts, the document's does not."""
    columns = (activity.edition, activity.start_date, activity.location, activity.organizer)
    return sum(value is not None for value in columns) + (activity.date_source in ("text", "name"))


def is_abbreviation(short: str, long: str) -> bool:
    """True when a Chinese name keeps the characters of a longer one in order (an abbreviation).

    >>> is_abbreviation("青少年创新大赛", "青少年科技创新大赛"), is_abbreviation("项目答辩会", "结题答辩会")
    (True, False)
    """
    if short.isascii() or len(short) >= len(long) or len(short) < 0.6 * len(long):
        return False
    rest = iter(long)
    return all(char in rest for char in short)


def _merge(activities: list[Activity]) -> list[Activity]:
    """One row per activity and edition. A name's mentions without an edition go when it also has one
    or a year (全国科普日 for 2019年全国科普日), and so do abbreviations of an edition's name (青少年创新大赛
    for 第33届青少年科技创新大赛) and a name that ends exactly one other name of the document (科技活动周
    for 官渡区科技活动周)."""
    with_edition = {normalize_name(a.name) for a in activities if a.edition is not None}
    with_year = (normalize_name(a.name) for a in activities if _LEADING_YEAR.match(a.name))
    with_edition |= {_LEADING_YEAR.sub("", name) for name in with_year}
    names = {normalize_name(a.name) for a in activities}
    best: dict[tuple[str, int | None], Activity] = {}
    for activity in activities:
        key = (normalize_name(activity.name), activity.edition)
        if activity.edition is None and any(
            key[0] == name or is_abbreviation(key[0], name) for name in with_edition
        ):
            continue
        if activity.edition is None and len([n for n in names if n != key[0] and n.endswith(key[0])]) == 1:
            continue  # 科技活动周 after 官渡区科技活动周: the one activity it can stand for
        if key not in best or _filled(activity) > _filled(best[key]):
            best[key] = activity
    return sorted(best.values(), key=lambda a: a.line)


def extract_activities(
    doc_id: str,
    language: str,
    text: str,
    sections: Sequence[SectionLike] = (),
    issued_on: dt.date | None = None,
) -> list[Activity]:
    """The activities one document names, one row per activity and edition, in document order, dated
    as ``activity_dates`` says (``issued_on`` is the document's date, when known).

    >>> text = "一、工作\\n1.二〇二一年五月十日至十二日在泰安召开第三十三届科技教育论坛。"
    >>> rows = extract_activities("d1", "zh", text)
    >>> [(r.name, r.kind, r.edition, str(r.start_date), str(r.end_date), r.location, r.line) for r in rows]
    [('科技教育论坛', 'meeting', 33, '2021-05-10', '2021-05-12', '泰安', 2)]
    """
    document = document_date(text, issued_on)
    rows = []
    for sentence in split_sentences(text, language, sections):
        for mention in _sentence_activities(sentence, language):
            when = date_activity(mention.name, sentence.text, document)
            rows.append(
                Activity(
                    activity_id=stable_id("act", doc_id, normalize_name(mention.name), mention.edition),
                    doc_id=doc_id,
                    name=mention.name,
                    kind=mention.kind,
                    edition=mention.edition,
                    start_date=when.start,
                    end_date=when.end,
                    date_precision=when.precision,
                    year=when.year,
                    month=when.month,
                    day=when.day,
                    date_source=when.source,
                    location=mention.location,
                    organizer=mention.organizer,
                    section_no=sentence.section_no,
                    line=sentence.line,
                    evidence=sentence.text,
                )
            )
    return _merge(rows)
