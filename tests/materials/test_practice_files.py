"""Files of shared practices: the type is read from the content, never from the name."""

from django.core.exceptions import ValidationError

import pytest

from materials import validators
from tests.factories import files


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        (files.PDF, "pdf"),
        (files.docx(), "docx"),
        (files.xlsx(), "xlsx"),
        (files.odf("text"), "odt"),
        (files.odf("spreadsheet"), "ods"),
        (files.odf("presentation"), "odp"),
    ],
)
def test_accepted_types_are_recognised_by_content(data, extension):
    upload = files.upload("tiedosto.bin", data, "application/octet-stream")
    assert validators.validate_practice_file(upload).extension == extension


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ohjelma.pdf", files.HTML),
        ("sopimus.docx", files.EXE),
        ("laskelma.xlsx", files.plain_zip()),
        ("malli.docx", files.docm()),
        ("malli.docx", files.docx_with_macros()),
        ("kuvaus.odt", files.zipped([("mimetype", "text/html")])),
        ("kuvaus.odt", b"PK\x03\x04 broken archive"),
    ],
    ids=["html-as-pdf", "exe-as-docx", "zip-as-xlsx", "macros", "macro-project",
         "odf-wrong-type", "broken-zip"],
)  # fmt: skip
def test_disguised_files_are_refused_whatever_their_name(name, data):
    upload = files.upload(name, data)
    with pytest.raises(ValidationError) as error:
        validators.validate_practice_file(upload)
    assert error.value.code == "file_type"
    assert name in error.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validators.validate_practice_file(files.upload("tyhjä.pdf", b""))
    assert error.value.code == "empty"


def test_file_over_the_size_limit_is_refused(settings):
    settings.PORTAL_PRACTICE_MAX_FILE_MB = 1
    data = files.PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        validators.validate_practice_file(files.upload("iso.pdf", data))
    assert error.value.code == "too_large"
    assert error.value.params["limit"] == 1


def test_detection_leaves_the_file_at_its_start():
    upload = files.upload("a.docx", files.docx())
    validators.detect_file_type(upload)
    assert upload.read(4) == b"PK\x03\x04"


def test_stored_name_takes_the_extension_of_the_content():
    assert validators.stored_filename("Sopimus 2025.docx", validators.PDF) == (
        "Sopimus_2025.pdf"
    )
    assert validators.stored_filename("???.pdf", validators.PDF) == "file.pdf"
    assert validators.document_title("Kustannustenjako 2025.xlsx") == (
        "Kustannustenjako 2025"
    )
