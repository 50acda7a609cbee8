"""Zip archives of rosters and notices: every member read like a file of its own, safely, in memory.

A member's lineage is ``<archive>/<member path>`` ("rosters.zip/2023年名单.xlsx"). Members that would
land outside the archive's folder if unpacked (absolute paths, ``..``), nested archives and members
beyond the limits of ``zip_limits`` are refused with a quarantine row naming the member; the others
are read.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath

from pipeline.errors import UnreadableInput
from pipeline.extract.sources import SourceFile
from pipeline.extract.zip_limits import open_checked_zip, read_member
from pipeline.reasons import ReasonCode
from pipeline.records import QuarantineRecord, Record
from pipeline.settings import Settings
from pipeline.staging import SpilledBatch, StagedBatch

#: How one member's bytes become records: ``pipeline.extract.dispatch.extract_bytes``.
ExtractBytes = Callable[[SourceFile, bytes, str, Settings], list[Record | StagedBatch | SpilledBatch]]

_WHAT = "zip archive"


def extract_zip_archive(
    source: SourceFile, data: bytes, settings: Settings, extract_bytes: ExtractBytes
) -> list[Record | StagedBatch | SpilledBatch]:
    """The records of every safe member of a .zip, and a quarantine row for each refused one."""
    out: list[Record | StagedBatch | SpilledBatch] = []
    try:
        opened = open_checked_zip(data, _WHAT)
    except zipfile.BadZipFile as err:
        raise UnreadableInput(
            ReasonCode.UNREADABLE,
            f"not a readable zip archive ({err}): find the original file or zip it again",
        ) from err
    with opened as archive:
        for info in archive.infolist():
            problem = member_problem(info)
            if info.is_dir() or (problem is None and _is_hidden(info.filename)):
                continue
            if problem is None and _is_archive(info.filename):
                problem = (
                    ReasonCode.NESTED_ARCHIVE,
                    "the member is an archive inside the archive: unpack it and add its files to raw/",
                )
            if problem is not None:
                out.append(_refused(source, info.filename, *problem))
                continue
            try:
                member = read_member(archive, info, info.file_size, _WHAT)
            except UnreadableInput as err:
                out.append(_refused(source, info.filename, err.code, err.reason))
                continue
            except (zipfile.BadZipFile, OSError, EOFError) as err:
                out.append(
                    _refused(
                        source, info.filename, ReasonCode.UNREADABLE, f"the member cannot be inflated ({err})"
                    )
                )
                continue
            inner = replace(source, source_file=f"{source.source_file}/{info.filename}")
            out += extract_bytes(inner, member, hashlib.sha256(member).hexdigest(), settings)
    return out


def member_problem(info: zipfile.ZipInfo) -> tuple[ReasonCode, str] | None:
    """Why a member may not be unpacked (its path leaves the folder or is encrypted), or None.

    >>> member_problem(zipfile.ZipInfo("名单/2023.xlsx")) is None
    True
    >>> code, why = member_problem(zipfile.ZipInfo("../../etc/passwd"))
    >>> code.value, why
    ('unsafe_member', "the member's path leaves the archive folder: it is not read")
    """
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (parts and parts[0].endswith(":")) or ".." in parts:
        return (
            ReasonCode.UNSAFE_MEMBER,
            "the member's path leaves the archive folder: it is not read",
        )
    if info.flag_bits & 0x1:
        return (
            ReasonCode.ENCRYPTED,
            "the member is encrypted: unpack it with its password and add its files to raw/",
        )
    return None


def _refused(source: SourceFile, member: str, code: ReasonCode, problem: str) -> QuarantineRecord:
    return QuarantineRecord(
        source_file=source.source_file,
        location=f"member {member}",
        reason_code=code,
        reason=problem,
        raw_excerpt="",
    )


def _is_hidden(name: str) -> bool:
    """macOS and Windows leave __MACOSX/ and .DS_Store in archives: not input."""
    parts = PurePosixPath(name).parts
    return any(part.startswith(".") and part != ".." for part in parts) or "__MACOSX" in parts


def _is_archive(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() == ".zip"
