"""Small files of each kind a shared practice accepts, and disguised ones it refuses."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

WORD_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
EXCEL_MAIN = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)
WORD_MACROS_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def content_types(*overrides: tuple[str, str]) -> str:
    parts = "".join(
        f'<Override PartName="{part}" ContentType="{kind}"/>'
        for part, kind in overrides
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxml'
        'formats.org/package/2006/content-types"><Default Extension="xml" '
        f'ContentType="application/xml"/>{parts}</Types>'
    )


def zipped(entries: list[tuple[str, str | bytes]], *, stored_first=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first is not None:
            archive.writestr(
                zipfile.ZipInfo(stored_first[0]), stored_first[1], zipfile.ZIP_STORED
            )
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx() -> bytes:
    return zipped(
        [
            ("[Content_Types].xml", content_types(("/word/document.xml", WORD_MAIN))),
            ("word/document.xml", "<w:document/>"),
        ]
    )


def xlsx() -> bytes:
    return zipped(
        [
            ("[Content_Types].xml", content_types(("/xl/workbook.xml", EXCEL_MAIN))),
            ("xl/workbook.xml", "<workbook/>"),
        ]
    )


def docm() -> bytes:
    """A macro-enabled Word file (refused, whatever it is called)."""
    return zipped(
        [
            (
                "[Content_Types].xml",
                content_types(("/word/document.xml", WORD_MACROS_MAIN)),
            ),
            ("word/document.xml", "<w:document/>"),
            ("word/vbaProject.bin", b"\x00macro"),
        ]
    )


def docx_with_macros() -> bytes:
    """A .docx main part with a macro project smuggled in."""
    return zipped(
        [
            ("[Content_Types].xml", content_types(("/word/document.xml", WORD_MAIN))),
            ("word/document.xml", "<w:document/>"),
            ("word/vbaProject.bin", b"\x00macro"),
        ]
    )


def odf(kind: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    return zipped(
        [("content.xml", "<office:document-content/>")],
        stored_first=("mimetype", mimetype),
    )


def plain_zip() -> bytes:
    return zipped([("readme.txt", "not an office file")])


HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50


def upload(name: str, data: bytes, content_type: str = "application/pdf"):
    """An upload as the browser sends it: the name and content type say nothing."""
    return SimpleUploadedFile(name, data, content_type=content_type)
