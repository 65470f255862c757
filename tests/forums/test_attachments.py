"""Attachments: allowed types and sizes with clear errors, private storage, checked view."""

import io
import os
import zipfile

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from forums import services
from forums.exceptions import AttachmentRejectedError
from forums.models import Attachment
from forums.services import attachments as rules
from tests.factories.forums import make_reply

pytestmark = pytest.mark.django_db


def png(name="kaavio.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx(name="muistio.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def pdf(
    name="ohje.pdf", content=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("upload", "content_type", "is_image"),
    [
        (png, "image/png", True),
        (docx, rules.ZIP_DOCUMENTS["docx"], False),
        (pdf, "application/pdf", False),
        (
            lambda: SimpleUploadedFile("lista.csv", "kunta;määrä\nEspoo;3".encode()),
            "text/csv",
            False,
        ),
    ],
)
def test_allowed_files_are_accepted_with_our_content_type(
    upload, content_type, is_image
):
    checked = services.check_upload(upload())
    assert (checked.content_type, checked.is_image) == (content_type, is_image)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            lambda: SimpleUploadedFile("kuva.svg", b"<svg onload=alert(1)>"),
            "tyyppistä tiedostoa",
        ),
        (
            lambda: SimpleUploadedFile("ohjelma.exe", b"MZ\x90\x00"),
            "tyyppistä tiedostoa",
        ),
        (lambda: SimpleUploadedFile("sivu.html", b"<script>"), "tyyppistä tiedostoa"),
        (lambda: SimpleUploadedFile("ilman-paatetta", b"data"), "tyyppistä tiedostoa"),
        (
            lambda: SimpleUploadedFile("kuva.png", b"<script>alert(1)</script>"),
            "vioittunut",
        ),
        (lambda: png("kuva.jpg"), "vioittunut"),
        (lambda: pdf(content=b"<html>not a pdf</html>"), "vioittunut"),
        (
            lambda: SimpleUploadedFile("muistio.docx", b"PK\x03\x04garbage"),
            "vioittunut",
        ),
        (lambda: SimpleUploadedFile("teksti.txt", b"MZ\x00\x00binary"), "vioittunut"),
        (lambda: SimpleUploadedFile("tyhja.pdf", b""), "tyhjä"),
    ],
)
def test_disallowed_or_disguised_files_are_refused_with_a_reason(upload, message):
    with pytest.raises(AttachmentRejectedError) as error:
        services.check_upload(upload())
    assert message in str(error.value.message)


def test_files_over_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setattr(rules, "MAX_IMAGE_SIZE", 10)
    with pytest.raises(AttachmentRejectedError) as error:
        services.check_upload(png())
    assert "liian suuri" in str(error.value.message)
    assert "enimmäiskoko on 10\xa0" in str(error.value.message)


def test_at_most_five_attachments_per_post():
    services.check_attachment_count(existing=3, adding=2)
    with pytest.raises(AttachmentRejectedError):
        services.check_attachment_count(existing=3, adding=3)


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


def test_reply_with_attachments_stores_them_privately(member_client, forum_topic):
    response = member_client.post(
        forum_topic.get_absolute_url() + "reply/",
        {"body": "Liitteenä kaavio ja muistio", "attachments": [png(), docx()]},
    )
    assert response.status_code == 302
    image, document = Attachment.objects.order_by("pk")
    assert (image.original_name, image.is_image) == ("kaavio.png", True)
    path = image.file.path
    assert os.path.exists(path)
    assert path.startswith(os.path.abspath(settings.PORTAL_PRIVATE_MEDIA_ROOT))
    assert not path.startswith(os.path.abspath(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="not accessible via a URL"):
        image.file.url  # noqa: B018 - no public URL exists
    html = member_client.get(forum_topic.get_absolute_url()).content.decode()
    assert image.get_absolute_url() in html and document.get_absolute_url() in html


def test_reply_form_shows_a_clear_error_for_a_bad_file(member_client, forum_topic):
    response = member_client.post(
        forum_topic.get_absolute_url() + "reply/",
        {"body": "Kuva", "attachments": [SimpleUploadedFile("kuva.svg", b"<svg/>")]},
    )
    assert response.status_code == 400
    assert (
        "kuva.svg: tämän tyyppistä tiedostoa ei voi liittää"
        in response.content.decode()
    )
    assert not Attachment.objects.exists()


def test_reply_form_refuses_too_many_files(member_client, forum_topic):
    response = member_client.post(
        forum_topic.get_absolute_url() + "reply/",
        {"body": "Kuvia", "attachments": [png(f"kuva{n}.png") for n in range(6)]},
    )
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_attachment_is_served_with_safe_headers(member_client, forum_attachment):
    response = member_client.get(forum_attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Muistio"
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("private")


def test_image_is_shown_inline(member_client, member_user, forum_topic):
    post = make_reply(
        topic=forum_topic, author=member_user, uploads=[services.check_upload(png())]
    )
    response = member_client.get(post.attachments.get().get_absolute_url())
    b"".join(response.streaming_content)  # reading it closes the file
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")


def test_wrong_file_name_is_a_404(member_client, forum_attachment):
    url = forum_attachment.get_absolute_url().replace("muistio.txt", "muu.txt")
    assert member_client.get(url).status_code == 404


def test_attachment_of_a_hidden_post_is_for_moderators_only(
    client, member_user, moderator_user, forum_attachment
):
    services.hide_post(post=forum_attachment.post, moderator=moderator_user, reason="x")
    client.force_login(member_user)
    assert client.get(forum_attachment.get_absolute_url()).status_code == 404
    client.force_login(moderator_user)
    response = client.get(forum_attachment.get_absolute_url())
    b"".join(response.streaming_content)  # reading it closes the file
    assert response.status_code == 200


def test_deleting_a_post_deletes_its_files(forum_topic, member_user):
    post = make_reply(
        topic=forum_topic, author=member_user, uploads=[services.check_upload(pdf())]
    )
    path = post.attachments.get().file.path
    services.delete_post(post=post, user=member_user)
    assert not os.path.exists(path)
    assert not Attachment.objects.exists()


def test_edit_removes_and_adds_attachments(member_client, member_user, forum_topic):
    post = make_reply(
        topic=forum_topic, author=member_user, uploads=[services.check_upload(pdf())]
    )
    old = post.attachments.get()
    response = member_client.post(
        post.get_absolute_url() + "edit/",
        {
            "body": "Päivitetty liite",
            "remove_attachments": [old.pk],
            "attachments": [docx()],
        },
    )
    assert response.status_code == 302
    assert [a.original_name for a in post.attachments.all()] == ["muistio.docx"]


def cut_off_upload(fields: dict[str, str], *, filename: str) -> tuple[bytes, str]:
    """A multipart body whose file part ends before its closing boundary, as when the
    connection drops in the middle of an upload."""
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    complete = encode_multipart(
        BOUNDARY, {**fields, "attachments": png(filename, size=(400, 300))}
    )
    cut = complete[: complete.index(b"IEND") - 200]
    return cut, MULTIPART_CONTENT


@pytest.mark.parametrize("path", ["reply/", "new-topic"])
def test_cut_off_upload_publishes_nothing_and_keeps_the_text(
    member_client, forum_topic, path
):
    fields = {"title": "Kaavio kotoutumisohjelmasta", "body": "Liitteenä kaavio &auml;"}
    url = (
        forum_topic.get_absolute_url() + "reply/"
        if path == "reply/"
        else f"/fi/forum/c/{forum_topic.category.slug}/new/"
    )
    posts_before = forum_topic.posts.count()
    body, content_type = cut_off_upload(fields, filename="kaavio.png")
    response = member_client.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Liite ei tullut perille kokonaan" in html
    assert (
        "Liitteenä kaavio &amp;auml;</textarea>" in html
    )  # the text, kept once escaped
    assert forum_topic.posts.count() == posts_before
    assert not Attachment.objects.exists()


def test_cut_off_upload_when_editing_keeps_the_post_as_it_was(
    member_client, own_forum_post
):
    body, content_type = cut_off_upload(
        {"body": "Muokattu teksti"}, filename="kaavio.png"
    )
    response = member_client.generic(
        "POST",
        f"/fi/forum/post/{own_forum_post.pk}/edit/",
        body,
        content_type=content_type,
    )
    assert response.status_code == 400
    assert "Liite ei tullut perille kokonaan" in response.content.decode()
    own_forum_post.refresh_from_db()
    assert own_forum_post.body != "Muokattu teksti"
