"""The header facts of a notice: language, title, issuer, document number and recipients.

Chinese official notices print, before the body, an issuer header ("…协会文件"), a document number
("晋青科教发〔2014〕01号"), the title, and the addressee line ending in a colon. Only that header part is
searched, so a document number or a colon line quoted in the body is never taken for the notice's own.
"""

from __future__ import annotations

import re
from typing import Literal

from pipeline.transform.attachments import find_attachments
from pipeline.transform.contacts import read_contact_labels
from pipeline.transform.dates import find_dates, is_date_line
from pipeline.transform.labels import notice_labels
from pipeline.transform.metadata_block import label_field
from pipeline.transform.sections import read_marker

#: Share of CJK characters among CJK characters and Latin letters above which a text is Chinese. A
#: Chinese character carries about a word, an English word about five letters, hence a low threshold.
CJK_SHARE_FOR_ZH = 0.2

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
#: 晋青科教发〔2014〕01号 in any brackets (〔〕 [] 【】 （） ()); the prefix keeps 函 and 明电
#: (国函, 国办发明电).
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[【（(]\s*(\d{4})\s*[〕\]】）)]\s*第?\s*(\d{1,4})\s*号"
)
#: An order's number: 国令第707号, 中华人民共和国国务院令第707号, 财政部令第5号.
_ORDER_NUMBER = re.compile(r"([\u4e00-\u9fff]{0,14}令)\s*第\s*(\d{1,4})\s*号")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_INNER_COLON = re.compile(r"[:：].")
#: The greeting of an informal salutation (各位老师好：): not part of the addressees.
_GREETING = re.compile(r"(?<=[\u4e00-\u9fff])(?:你们|您)?好$")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]{1,6}[）)]$")
_BODY_PUNCTUATION = re.compile(r"[。；]|\.\s")
_OPENING = "（(【〔《"
_CLOSING = "）)】〕》"
# Blanks before the colon are taken from the first of them only ("(?<!\s)"): a pattern opening with
# "\s*" tried at every blank of a long run of blanks is quadratic in the run (issue 18).
_TRAILING_COLON = re.compile(r"(?:(?<!\s)\s+)?[:：]\s*$")


def detect_language(text: str) -> Literal["zh", "en"]:
    """ "zh" when CJK characters make up enough of the letters (see ``CJK_SHARE_FOR_ZH``), else "en".

    >>> detect_language("关于加强协会能力建设的通知"), detect_language("Produced By 大汉网络 Key Work Points")
    ('zh', 'en')
    """
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk / (cjk + latin) >= CJK_SHARE_FOR_ZH else "en"


def normalize_doc_number(text: str) -> str | None:
    """The first document number in ``text`` written with the official 〔〕 brackets and no spaces, or
    an order's number (…令第N号).

    >>> normalize_doc_number("晋青科教发 [2014] 01 号"), normalize_doc_number("渝科协发【2020】 12号")
    ('晋青科教发〔2014〕01号', '渝科协发〔2020〕12号')
    >>> normalize_doc_number("国令 第707号"), normalize_doc_number("国办发明电（2019）3号")
    ('国令第707号', '国办发明电〔2019〕3号')
    """
    found = [m for m in (_DOC_NUMBER.search(text), _ORDER_NUMBER.search(text)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    if match.re is _ORDER_NUMBER:
        return f"{match.group(1)}第{match.group(2)}号"
    return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"


def squeeze_spaces(text: str) -> str:
    """``text`` without the spaces next to Chinese characters (PDF and web layout put them there).

    >>> squeeze_spaces("2019 年 1 月 30 日 两高一部 Key Points")
    '2019年1月30日两高一部Key Points'
    """
    return _CJK_SPACE.sub("", text.strip())


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char in _OPENING) - (char in _CLOSING)
        if char in separators and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [part.strip() for part in [*parts, current] if part.strip()]


def split_recipients(line: str) -> list[str]:
    """Addressees of a "…：" line, split on ， and 、 but never inside brackets, and never after a
    bare level of government (各省、自治区、直辖市人民政府 is one addressee).

    >>> split_recipients("各区县(自治县)科协、万盛经开区科协、两江新区科创局:")
    ['各区县(自治县)科协', '万盛经开区科协', '两江新区科创局']
    >>> split_recipients("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：")
    ['各省、自治区、直辖市人民政府', '国务院各部委', '各直属机构']
    >>> split_recipients("各位合伙人好：")
    ['各位合伙人']
    """
    qualifiers = notice_labels().recipient_qualifiers
    recipients = []
    for group in _split_outside_brackets(_GREETING.sub("", _TRAILING_COLON.sub("", line.strip())), "，,"):
        pending = ""
        for part in _split_outside_brackets(group, "、"):
            pending = f"{pending}、{part}" if pending else part
            if not part.endswith(qualifiers):
                recipients.append(pending)
                pending = ""
        if pending:
            recipients.append(pending)
    return recipients


def _is_label_line(line: str) -> bool:
    return (
        bool(read_contact_labels(line))
        or bool(find_attachments([line]).attachments)
        or label_field(line) is not None
        or bool(_INNER_COLON.search(_TRAILING_COLON.sub("", line)))  # 性别: 男 年龄:50岁 送检科室:
    )


def _names_bodies(text: str) -> bool:
    """Comma-separated groups that each end with a kind of body (…人民政府，…各直属机构)."""
    suffixes = notice_labels().organization_suffixes
    return all(group.endswith(suffixes) for group in _split_outside_brackets(text, "，,"))


def is_recipients_line(line: str) -> bool:
    """An addressee line: ends with a colon, no sentence in it (a comma only between names of
    bodies), not a contact, attachment or metadata label, no "label: value" inside.

    >>> is_recipients_line("各市青少年科技教育（科技辅导员）协会："), is_recipients_line("现通知如下：")
    (True, False)
    >>> is_recipients_line("各省、自治区人民政府，国务院各部委："), is_recipients_line("主 题 词：")
    (True, False)
    """
    stripped = line.strip()
    if len(stripped) > 150:
        return False
    text = _TRAILING_COLON.sub("", stripped)
    return (
        bool(_TRAILING_COLON.search(stripped))
        and not re.search(r"[。；]|如下|以下|通知", text)
        and (not re.search(r"[，,]", text) or _names_bodies(text))
        and not _is_label_line(stripped)
    )


def header_length(lines: list[str]) -> int:
    """How many lines the header takes: up to the addressee line, or to the first body line."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if is_recipients_line(stripped):
            return index + 1
        if _BODY_PUNCTUATION.search(stripped) or len(stripped) > 200 or read_marker(stripped):
            return index
    return len(lines)


def find_recipients(header: list[str]) -> list[str]:
    """The addressees from the header's last line when it is an addressee line."""
    filled = [line for line in header if line.strip()]
    return split_recipients(filled[-1]) if filled and is_recipients_line(filled[-1]) else []


def _is_title_candidate(line: str) -> bool:
    suffix = notice_labels().issuer_header_suffix
    return (
        bool(line)
        and " > " not in line
        and not line.endswith(suffix)
        and normalize_doc_number(line) is None
        and not is_date_line(line)
        and not is_recipients_line(line)
    )


def _ends_with_kind(line: str) -> bool:
    """The line ends with a kind of document (…的通知, …办法（试行）)."""
    return _TRAILING_NOTE.sub("", line.rstrip('》”"')).endswith(notice_labels().title_endings)


def _names_a_kind(title: str) -> bool:
    """The title names a kind of document or starts with 关于."""
    return title.startswith("关于") or _ends_with_kind(title)


#: A title printed over more lines than this is not joined.
_TITLE_LINES = 3
#: A line longer than this is no part of a title printed over several lines.
_TITLE_LINE_CHARS = 40


def _title_candidates(header: list[str]) -> list[str]:
    """Header lines that may be the title, and each run of up to ``_TITLE_LINES`` adjacent short ones
    that only names a kind of document at its end (a title printed over several lines) joined."""
    lines = [squeeze_spaces(line) for line in header]
    fits = [_is_title_candidate(line) for line in lines]
    joined = []
    for start in range(len(lines)):
        for end in range(start + 1, min(start + _TITLE_LINES, len(lines))):
            run = lines[start : end + 1]
            if not all(fits[start : end + 1]) or any(len(line) > _TITLE_LINE_CHARS for line in run):
                break
            if _organization(run[0]) or any(
                line.startswith("关于") or _names_a_kind(line) for line in run[1:-1]
            ):
                break
            if _ends_with_kind(run[-1]) and not run[-1].startswith("关于") and not _ends_with_kind(run[0]):
                joined.append((start, "".join(run)))
                break
    singles = [(index, line) for index, line in enumerate(lines) if fits[index]]
    return [line for _, line in sorted([*joined, *singles], key=lambda item: item[0])]


def find_title(header: list[str], language: Literal["zh", "en"]) -> str | None:
    """The headline: in Chinese the header line (or lines, for a title printed over several) that
    names a kind of document (…的通知) or starts with 关于, else the first plain header line; in English
    the first line. Spaces next to Chinese characters are dropped.

    >>> find_title(["山西省青少年科技教育协会文件", "晋青科教发 [2014] 01 号", "关于加强建设的通知"], "zh")
    '关于加强建设的通知'
    >>> find_title(["国务院关于印发国家职业教育改革", "实施方案的通知", "国发〔2019〕4号"], "zh")
    '国务院关于印发国家职业教育改革实施方案的通知'
    """
    if language == "en":
        candidates = [line.strip() for line in header if _is_title_candidate(line.strip())]
        return candidates[0] if candidates else None
    candidates = _title_candidates(header)
    named = [c for c in candidates if _names_a_kind(c)]
    return (named or candidates or [None])[0]


def _organization(line: str) -> str | None:
    stripped = line.strip()
    is_name = len(stripped) <= 40 and not re.search(r"[。，,；：:]", stripped)
    bare = _TRAILING_NOTE.sub("", stripped)  # 某某中心（有限合伙）
    return stripped if is_name and bare.endswith(notice_labels().organization_suffixes) else None


def joint_issuers(line: str) -> str | None:
    """The bodies of a byline or signature line naming one or more bodies (a date may follow), joined
    with 、, else None. Spaces inside a name (公 安 部, spread to the width of the others) are closed.

    >>> joint_issuers("最高人民法院 最高人民检察院 公 安 部 2019年1月30日")
    '最高人民法院、最高人民检察院、公安部'
    >>> joint_issuers("某市科学技术协会"), joint_issuers("请各单位 认真组织")
    ('某市科学技术协会', None)
    """
    names: list[str] = []
    pending = ""
    for token in re.sub(r"\d{4}\s*年.*$|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$", "", line).split():
        pending += token
        if _organization(pending):
            names.append(pending)
            pending = ""
    return "、".join(names) if names and not pending else None


def find_issuer(header: list[str], title: str | None, signature: str | None) -> str | None:
    """The issuing body, from the "…文件" header or a letterhead (a body's name as the first header
    line), else the signature line (bodies signing together joined with 、), else a dated byline under
    the title, else the title before 关于, else an English "Reprinted from …" line.

    >>> find_issuer([], "重庆市科学技术协会关于印发《要点》的通知", None)
    '重庆市科学技术协会'
    """
    labels = notice_labels()
    suffix = labels.issuer_header_suffix
    for line in header:
        stripped = line.strip()
        if len(stripped) > len(suffix) and stripped.endswith(suffix):
            return stripped.removesuffix(suffix).strip()
    letterhead = next((line.strip() for line in header if line.strip()), "")
    if letterhead != title and _organization(letterhead):
        return letterhead
    if signature and (signers := joint_issuers(signature)):
        return signers
    for line in header:
        if line.strip() != title and (byline := joint_issuers(line)) and find_dates(line):
            return byline
    if title and "关于" in title[1:]:
        return title[: title.index("关于")].strip()
    for line in header:
        for prefix in labels.english_issuer_prefixes:
            if line.strip().lower().startswith(prefix.lower()):
                return line.strip()[len(prefix) :].strip() or None
    return None
