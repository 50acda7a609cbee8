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
from pipeline.transform.dates import is_date_line
from pipeline.transform.labels import notice_labels
from pipeline.transform.sections import read_marker

#: Share of CJK characters among CJK characters and Latin letters above which a text is Chinese. A
#: Chinese character carries about a word, an English word about five letters, hence a low threshold.
CJK_SHARE_FOR_ZH = 0.2

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[【（(]\s*(\d{4})\s*[〕\]】）)]\s*第?\s*(\d{1,4})\s*号"
)
_BODY_PUNCTUATION = re.compile(r"[。；]|\.\s")
_OPENING = "（(【〔《"
_CLOSING = "）)】〕》"
_TRAILING_COLON = re.compile(r"\s*[:：]\s*$")


def detect_language(text: str) -> Literal["zh", "en"]:
    """ "zh" when CJK characters make up enough of the letters (see ``CJK_SHARE_FOR_ZH``), else "en".

    >>> detect_language("关于加强协会能力建设的通知"), detect_language("Produced By 大汉网络 Key Work Points")
    ('zh', 'en')
    """
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk / (cjk + latin) >= CJK_SHARE_FOR_ZH else "en"


def normalize_doc_number(text: str) -> str | None:
    """The first document number in ``text`` written with the official 〔〕 brackets and no spaces.

    >>> normalize_doc_number("晋青科教发 [2014] 01 号"), normalize_doc_number("渝科协发【2020】 12号")
    ('晋青科教发〔2014〕01号', '渝科协发〔2020〕12号')
    """
    match = _DOC_NUMBER.search(text)
    return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号" if match else None


def split_recipients(line: str) -> list[str]:
    """Addressees of a "…：" line, split on 、 but never inside brackets.

    >>> split_recipients("各区县(自治县)科协、万盛经开区科协、两江新区科创局:")
    ['各区县(自治县)科协', '万盛经开区科协', '两江新区科创局']
    """
    parts, depth, current = [], 0, ""
    for char in _TRAILING_COLON.sub("", line.strip()):
        depth += (char in _OPENING) - (char in _CLOSING)
        if char == "、" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [part.strip() for part in [*parts, current] if part.strip()]


def _is_label_line(line: str) -> bool:
    return bool(read_contact_labels(line)) or bool(find_attachments([line]).attachments)


def is_recipients_line(line: str) -> bool:
    """An addressee line: ends with a colon, no sentence in it, not a contact or attachment label.

    >>> is_recipients_line("各市青少年科技教育（科技辅导员）协会："), is_recipients_line("现通知如下：")
    (True, False)
    """
    stripped = line.strip()
    return (
        bool(_TRAILING_COLON.search(stripped))
        and len(stripped) <= 150
        and not re.search(r"[。，,；]|如下|以下|通知", _TRAILING_COLON.sub("", stripped))
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


def find_title(header: list[str], language: Literal["zh", "en"]) -> str | None:
    """The headline: in Chinese the header line that names a kind of document (…的通知) or starts with
    关于, else the first plain header line; in English the first line.

    >>> find_title(["山西省青少年科技教育协会文件", "晋青科教发 [2014] 01 号", "关于加强建设的通知"], "zh")
    '关于加强建设的通知'
    """
    candidates = [line.strip() for line in header if _is_title_candidate(line.strip())]
    if language == "en":
        return candidates[0] if candidates else None
    endings = notice_labels().title_endings
    named = [c for c in candidates if c.startswith("关于") or c.rstrip('》”"').endswith(endings)]
    return (named or candidates or [None])[0]


def _organization(line: str) -> str | None:
    stripped = line.strip()
    is_name = len(stripped) <= 40 and not re.search(r"[。，,；：:]", stripped)
    return stripped if is_name and stripped.endswith(notice_labels().organization_suffixes) else None


def find_issuer(header: list[str], title: str | None, signature: str | None) -> str | None:
    """The issuing body, from the "…文件" header, else the signature line, else the title before 关于,
    else an English "Reprinted from …" line.

    >>> find_issuer([], "重庆市科学技术协会关于印发《要点》的通知", None)
    '重庆市科学技术协会'
    """
    labels = notice_labels()
    suffix = labels.issuer_header_suffix
    for line in header:
        stripped = line.strip()
        if len(stripped) > len(suffix) and stripped.endswith(suffix):
            return stripped.removesuffix(suffix).strip()
    if signature and _organization(signature):
        return signature.strip()
    if title and "关于" in title[1:]:
        return title[: title.index("关于")].strip()
    for line in header:
        for prefix in labels.english_issuer_prefixes:
            if line.strip().lower().startswith(prefix.lower()):
                return line.strip()[len(prefix) :].strip() or None
    return None
