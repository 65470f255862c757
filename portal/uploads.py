"""Noticing a file upload that was cut off.

When a connection drops (or a proxy cuts a request) in the middle of a file, Django keeps
the form fields that arrived before it and silently drops the file. A form with optional
attachments would then be saved without them. This upload handler, first in
`FILE_UPLOAD_HANDLERS`, marks the request, so that forms can refuse it and keep the text.
"""

from django.core.files.uploadhandler import FileUploadHandler

INTERRUPTED = "portal_upload_interrupted"


class InterruptionAwareUploadHandler(FileUploadHandler):
    """Passes every chunk on to the next handlers and only records an interruption."""

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None

    def upload_interrupted(self):
        setattr(self.request, INTERRUPTED, True)


def is_upload_interrupted(request) -> bool:
    """Whether a file of this request's upload was cut off (parses the upload if needed)."""
    if request.method != "POST":
        return False
    request.FILES  # noqa: B018 - parsing the body is what records an interruption
    return getattr(request, INTERRUPTED, False)
