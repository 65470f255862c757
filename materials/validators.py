"""What a file shared with a good practice really is, read from its content.

Members attach PDF, Word (DOCX), Excel (XLSX) and OpenDocument (ODT, ODS, ODP) files. The
name and the browser's content type are ignored: a PDF starts with `%PDF-`; an Office Open
XML file is a zip archive whose `[Content_Types].xml` names a Word or Excel main part; an
OpenDocument file is a zip archive whose first entry, `mimetype`, names its type. Macro-
enabled Office files (their main part has another type, or they hold `vbaProject.bin`) are
refused. Only a few hundred bytes of the archive's index and two small entries are read.
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

#: Larger `[Content_Types].xml` or `mimetype` entries are not Office or ODF files.
MAX_MANIFEST_BYTES = 256 * 1024
CONTENT_TYPE_PATTERN = re.compile(rb'ContentType\s*=\s*"([^"]+)"')
ZIP_SIGNATURE = b"PK\x03\x04"
PDF_SIGNATURE = b"%PDF-"
MAX_FILENAME_LENGTH = 100


@dataclass(frozen=True)
class FileType:
    extension: str
    mimetype: str


PDF = FileType("pdf", "application/pdf")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileType(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
ODT = FileType("odt", "application/vnd.oasis.opendocument.text")
ODS = FileType("ods", "application/vnd.oasis.opendocument.spreadsheet")
ODP = FileType("odp", "application/vnd.oasis.opendocument.presentation")

OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        DOCX
    ),
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
ODF_TYPES = {file_type.mimetype.encode(): file_type for file_type in (ODT, ODS, ODP)}


def detect_file_type(file) -> FileType | None:
    """The accepted type the content shows, or None for anything else."""
    file.seek(0)
    head = file.read(len(PDF_SIGNATURE))
    file.seek(0)
    try:
        if head.startswith(PDF_SIGNATURE):
            return PDF
        if head.startswith(ZIP_SIGNATURE):
            return _archive_type(file)
        return None
    finally:
        file.seek(0)


def _archive_type(file) -> FileType | None:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        entries = archive.infolist()
        if any(PurePath(entry.filename).name == "vbaProject.bin" for entry in entries):
            return None
        if entries and entries[0].filename == "mimetype":
            return ODF_TYPES.get(_read_small(archive, entries[0]).strip())
        manifest = next(
            (entry for entry in entries if entry.filename == "[Content_Types].xml"),
            None,
        )
        if manifest is None:
            return None
        declared = set(CONTENT_TYPE_PATTERN.findall(_read_small(archive, manifest)))
        found = [OOXML_MAIN_PARTS[key] for key in declared if key in OOXML_MAIN_PARTS]
        return found[0] if len(found) == 1 else None


def _read_small(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    if entry.file_size > MAX_MANIFEST_BYTES:
        return b""
    try:
        return archive.read(entry)[:MAX_MANIFEST_BYTES]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return b""


def max_file_bytes() -> int:
    return settings.PORTAL_PRACTICE_MAX_FILE_MB * 1024 * 1024


def validate_practice_file(file) -> FileType:
    """The file's type, or a ValidationError saying why it cannot be shared."""
    name = file.name or ""
    if not file.size:
        raise ValidationError(
            _("“%(name)s” is empty."), code="empty", params={"name": name}
        )
    if file.size > max_file_bytes():
        raise ValidationError(
            _(
                "“%(name)s” is %(size)s; a file can be at most "
                "%(limit)s MB. Save it smaller or share a link to it instead."
            ),
            code="too_large",
            params={
                "name": name,
                "size": filesizeformat(file.size),
                "limit": settings.PORTAL_PRACTICE_MAX_FILE_MB,
            },
        )
    file_type = detect_file_type(file)
    if file_type is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, Word (DOCX), Excel (XLSX) or OpenDocument "
                "(ODT, ODS, ODP) file, whatever its name says. Save it in one of these "
                "formats (without macros) and try again."
            ),
            code="file_type",
            params={"name": name},
        )
    return file_type


def stored_filename(original: str, file_type: FileType) -> str:
    """A safe file name with the extension of the detected type (a PDF called
    "plan.docx" is stored as "plan.pdf", so it is served as what it is)."""
    stem = PurePath(original or "").stem
    try:
        safe = get_valid_filename(stem)
    except SuspiciousFileOperation:  # nothing usable is left of the name
        safe = ""
    return f"{(safe or 'file')[:MAX_FILENAME_LENGTH]}.{file_type.extension}"


def document_title(original: str) -> str:
    """The title a document gets: the original name without its extension."""
    stem = PurePath(original or "").stem.strip()
    return (stem or str(original) or "file")[:255]
