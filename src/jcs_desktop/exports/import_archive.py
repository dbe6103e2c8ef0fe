"""Check an .xlsx archive before any spreadsheet library parses it.

An .xlsx is a zip of XML parts. A small file can hold parts that decompress to
gigabytes (a zip bomb), or a sheet that claims a million rows. Everything here reads
only the zip's directory and at most the first few kilobytes of a part, so a hostile
file is refused in milliseconds. The sizes checked are the ones the zip declares:
Python's ``zipfile`` (which openpyxl reads through) never returns more than the
declared size of a part, so the declared sizes bound all later work.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

MAX_FILE_BYTES = 16 * 1024 * 1024
"""The largest possible template (500 participants) is under 1 MB; the zip directory of a
bigger file is not even read (zipfile parses all of it on opening)."""
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024
MAX_RATIO = 200
"""Uncompressed / compressed, checked for parts over ``RATIO_FLOOR`` bytes."""
RATIO_FLOOR = 1024 * 1024
MAX_SHEET_ROWS = 5000
MAX_SHEET_COLUMNS = 1000
HEAD_BYTES = 64 * 1024
"""How much of a sheet is decompressed to find its declared dimension."""

DAMAGED = (
    "this workbook is damaged or incomplete (perhaps not fully copied, downloaded or saved); "
    "open it in Excel, save it again as .xlsx, or use another copy"
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?\"")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class ArchiveProblem(Exception):
    """The file is refused before parsing; the message is meant for the user as is."""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


def check_archive(path: Path) -> None:
    """Raise ``ArchiveProblem`` unless ``path`` is a sane-sized .xlsx archive."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
            size = f.seek(0, 2)
    except OSError as exc:
        raise ArchiveProblem(f"the file cannot be read: {exc.strerror or exc}") from None
    if head.startswith(_OLE_MAGIC):
        raise ArchiveProblem(
            "this is an Excel 97–2003 workbook (.xls) or a password-protected workbook; "
            "open it in Excel and save it as an Excel Workbook (.xlsx) without a password"
        )
    if not head.startswith(_ZIP_MAGIC):
        if not head:
            raise ArchiveProblem("the file is empty: " + DAMAGED)
        raise ArchiveProblem("this is not an Excel workbook (.xlsx); save the template as .xlsx")
    if size > MAX_FILE_BYTES:
        raise ArchiveProblem(
            f"this file ({_mb(size)}) is far larger than an entry template (under 1 MB); it was not opened"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            _check_members(archive)
    except ArchiveProblem:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, NotImplementedError):
        raise ArchiveProblem(DAMAGED) from None
    except Exception:  # zipfile raises a few odd kinds on mangled directories; all mean damage
        raise ArchiveProblem(DAMAGED) from None


def _check_members(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ArchiveProblem(
            f"this file holds {len(infos):,} parts, far more than an entry template (at most {MAX_MEMBERS}); "
            "it is not an entry template"
        )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "mimetype" in names or "content.xml" in names:
            raise ArchiveProblem("this is an OpenDocument spreadsheet (.ods); save it as an Excel Workbook (.xlsx)")
        raise ArchiveProblem("this is a zip archive, not an Excel workbook (.xlsx)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ArchiveProblem("this workbook is encrypted; save it again without a password")
        size = info.file_size
        total += size
        if size > MAX_MEMBER_BYTES:
            raise ArchiveProblem(
                f"this file is far too large inside to be an entry template ({info.filename} would unpack to "
                f"{_mb(size)}; a template's parts are under {_mb(MAX_MEMBER_BYTES)}); it was not opened"
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveProblem(
                f"this file is compressed suspiciously tightly ({info.filename}: {_mb(size)} from "
                f"{info.compress_size:,} bytes); it is not an entry template and was not opened"
            )
    if total > MAX_TOTAL_BYTES:
        raise ArchiveProblem(
            f"this file would unpack to {_mb(total)}, far more than an entry template "
            f"(under {_mb(MAX_TOTAL_BYTES)}); it was not opened"
        )
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and _declares_entities(archive, info):
            raise ArchiveProblem(
                f"{info.filename} declares XML entities, which no spreadsheet needs; it was not opened"
            )
    sheet_names = _sheet_names(archive)
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            _check_dimension(archive, info, sheet_names.get(info.filename, info.filename))


def _head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, n: int = HEAD_BYTES) -> bytes:
    with archive.open(info) as part:
        return part.read(n)


def _declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    head = _head(archive, info, 4096)
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> sheet name, for messages; empty if the workbook's index cannot be read."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels.iter(f"{_NS_PKG}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = part
    names = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_NS_REL}id"))
        if part:
            names[part] = sheet.get("name", part)
    return names


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper()[:4]:
        n = n * 26 + ch - 64
    return n


def _check_dimension(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> None:
    match = _DIMENSION.search(_head(archive, info))
    if not match:
        return  # the dimension is optional; the reader still stops at the template's limits
    last_col, last_row = (match.group(3), match.group(4)) if match.group(3) is not None else match.group(1, 2)
    rows = int(last_row[:8]) if last_row else 0
    cols = _column_number(last_col) if last_col else 0
    if rows > MAX_SHEET_ROWS or cols > MAX_SHEET_COLUMNS:
        ref = match.group(0).split(b'"')[1].decode("ascii", "replace")
        raise ArchiveProblem(
            f"the sheet '{sheet}' spans {ref} ({rows:,} rows × {cols:,} columns), far larger than an entry "
            "template; it was not opened"
        )
