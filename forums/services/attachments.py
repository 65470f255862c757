"""What members may attach to a post: a few document and image types, size-limited.

The type is decided from the content, not from what the browser claims: images must open
in Pillow as the format their extension names, documents must start like their format.
SVG and HTML are never accepted (they can carry scripts).
"""

import datetime
import os
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from PIL import Image, UnidentifiedImageError

from forums.exceptions import AttachmentRejectedError
from forums.models import Attachment, Post
from forums.models.posts import PrivateAttachmentStorage

MAX_ATTACHMENTS_PER_POST = 5
MAX_IMAGE_SIZE = 5 * 1024 * 1024
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
# An upload writes its file before its row: younger files are never taken for orphans.
ORPHAN_GRACE = datetime.timedelta(days=1)

IMAGE_TYPES = {
    "jpg": ("image/jpeg", "JPEG"),
    "jpeg": ("image/jpeg", "JPEG"),
    "png": ("image/png", "PNG"),
    "gif": ("image/gif", "GIF"),
    "webp": ("image/webp", "WEBP"),
}
ZIP_DOCUMENTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
TEXT_DOCUMENTS = {"txt": "text/plain", "csv": "text/csv"}
DOCUMENT_TYPES = {"pdf": "application/pdf", **ZIP_DOCUMENTS, **TEXT_DOCUMENTS}
ALLOWED_EXTENSIONS = sorted({*IMAGE_TYPES, *DOCUMENT_TYPES})


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    name: str
    content_type: str
    is_image: bool


def check_upload(file: UploadedFile) -> CheckedUpload:
    """Accept an allowed, well-formed file within the size limit, or say why not."""
    name = get_valid_filename(os.path.basename(file.name or ""))[-200:] or "file"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in IMAGE_TYPES:
        content_type, pillow_format = IMAGE_TYPES[extension]
        _check_size(file, name, MAX_IMAGE_SIZE)
        _check_image(file, name, pillow_format)
        return CheckedUpload(file, name, content_type, is_image=True)
    if extension in DOCUMENT_TYPES:
        _check_size(file, name, MAX_DOCUMENT_SIZE)
        _check_document(file, name, extension)
        return CheckedUpload(file, name, DOCUMENT_TYPES[extension], is_image=False)
    raise AttachmentRejectedError(
        _("%(name)s: this type of file cannot be attached. Allowed: %(types)s.")
        % {"name": name, "types": ", ".join(ALLOWED_EXTENSIONS)}
    )


def check_attachment_count(*, existing: int, adding: int) -> None:
    if existing + adding > MAX_ATTACHMENTS_PER_POST:
        raise AttachmentRejectedError(
            ngettext(
                "A post can have at most %(count)d attachment.",
                "A post can have at most %(count)d attachments.",
                MAX_ATTACHMENTS_PER_POST,
            )
            % {"count": MAX_ATTACHMENTS_PER_POST}
        )


def store_attachments(*, post: Post, uploads: list[CheckedUpload], user) -> None:
    """Save checked uploads as the post's attachments (in the private storage)."""
    for upload in uploads:
        upload.file.seek(0)
        attachment = Attachment(
            post=post,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.file.size,
            is_image=upload.is_image,
            uploaded_by=user,
        )
        attachment.file.save(upload.name, upload.file, save=False)
        attachment.save()


def delete_attachments(attachments) -> None:
    """Remove attachments and their files."""
    for attachment in attachments:
        attachment.file.delete(save=False)
        attachment.delete()


def attachments_of_deleted_posts():
    """Attachments left on posts their authors deleted (deleting a post removes them at
    once; these are what an interrupted deletion left)."""
    return Attachment.objects.filter(post__is_deleted=True)


def orphaned_files(*, now: datetime.datetime) -> list[str]:
    """Files in the private attachment storage that no attachment refers to any more
    (their post or topic was deleted with its rows), older than `ORPHAN_GRACE`."""
    storage = PrivateAttachmentStorage()
    root = storage.location
    if not os.path.isdir(root):
        return []
    known = set(Attachment.objects.values_list("file", flat=True))
    cutoff = (now - ORPHAN_GRACE).timestamp()
    orphans = []
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            path = os.path.join(folder, filename)
            name = os.path.relpath(path, root).replace(os.sep, "/")
            if name not in known and os.path.getmtime(path) < cutoff:
                orphans.append(name)
    return sorted(orphans)


def count_expired_attachments(*, now: datetime.datetime) -> int:
    return attachments_of_deleted_posts().count() + len(orphaned_files(now=now))


def purge_expired_attachments(*, now: datetime.datetime) -> int:
    """Delete the attachments of deleted posts and the orphaned files."""
    leftovers = list(attachments_of_deleted_posts())
    delete_attachments(leftovers)
    storage = PrivateAttachmentStorage()
    orphans = orphaned_files(now=now)
    for name in orphans:
        storage.delete(name)
    return len(leftovers) + len(orphans)


def _check_size(file: UploadedFile, name: str, limit: int) -> None:
    if file.size > limit:
        raise AttachmentRejectedError(
            _("%(name)s is too large (%(size)s); the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(file.size),
                "limit": filesizeformat(limit),
            }
        )
    if file.size == 0:
        raise AttachmentRejectedError(_("%(name)s is empty.") % {"name": name})


def _check_image(file: UploadedFile, name: str, pillow_format: str) -> None:
    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            if image.format != pillow_format or width * height > MAX_IMAGE_PIXELS:
                raise _unreadable(name)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _unreadable(name) from error
    except Image.DecompressionBombError as error:
        raise _unreadable(name) from error
    finally:
        file.seek(0)


def _check_document(file: UploadedFile, name: str, extension: str) -> None:
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if extension == "pdf":
        valid = head.startswith(b"%PDF-")
    elif extension in ZIP_DOCUMENTS:
        valid = head.startswith(b"PK\x03\x04") and _is_office_zip(file)
    else:
        # Plain text and CSV (UTF-8 or a Windows code page): no binary content.
        valid = b"\x00" not in head
    if not valid:
        raise _unreadable(name)


def _is_office_zip(file: UploadedFile) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        file.seek(0)
    return "[Content_Types].xml" in names or "mimetype" in names


def _unreadable(name: str) -> AttachmentRejectedError:
    return AttachmentRejectedError(
        _("%(name)s is damaged or not the type of file its name says.") % {"name": name}
    )
