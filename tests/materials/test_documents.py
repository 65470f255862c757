"""Documents are served through Wagtail's view to those who may see a live page that
publishes them; the file is never reachable as public media."""

import pytest

from materials import services
from portal.access import Audience, Decision
from tests.factories.materials import DocumentFactory, MaterialPageFactory, attachment
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


def download(client, document, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(document.url)
    content = b"".join(response.streaming_content) if response.streaming else b""
    return response.status_code, content


def test_public_material_document_downloads_for_everyone(client, guide, guide_document):
    status, content = download(client, guide_document)
    assert status == 200
    assert content.startswith(b"%PDF")


def test_members_document_sends_anonymous_users_to_log_in(client, members_material):
    document = members_material.attachments[0].value["document"]
    response = client.get(document.url)
    assert response.status_code == 302
    assert "/accounts/login/?next=" in response["Location"]
    assert response["Location"].endswith(document.url)


def test_members_document_is_refused_to_signed_in_non_members(
    client, members_material, pending_user
):
    document = members_material.attachments[0].value["document"]
    status, content = download(client, document, pending_user)
    assert status == 403
    assert content == b""


def test_members_document_downloads_for_members(client, members_material, member_user):
    document = members_material.attachments[0].value["document"]
    assert download(client, document, member_user) == (200, b"%PDF-1.4\n%%EOF\n")


def test_document_on_a_public_and_a_members_page_is_public(
    client, material_index, members_material
):
    document = members_material.attachments[0].value["document"]
    MaterialPageFactory(parent=material_index, attachments=[attachment(document)])
    assert services.document_audience(document) == Audience.PUBLIC
    assert download(client, document)[0] == 200


def test_document_linked_from_an_ordinary_page_is_public(client, home_page):
    document = DocumentFactory()
    StandardPageFactory(
        parent=home_page,
        body=[
            {
                "type": "documents",
                "value": {"heading": "", "documents": [{"document": document.pk}]},
            }
        ],
    )
    assert services.document_audience(document) == Audience.PUBLIC
    assert download(client, document)[0] == 200


def test_document_no_live_page_uses_is_for_staff_only(
    client, material_index, signed_in_user, staff_user
):
    unused = DocumentFactory()
    in_draft = DocumentFactory()
    MaterialPageFactory(
        parent=material_index, live=False, attachments=[attachment(in_draft)]
    )
    for document in (unused, in_draft):
        assert services.document_audience(document) is None
        assert services.document_decision(None, document) is Decision.LOGIN
        assert services.document_decision(signed_in_user, document) is Decision.FORBID
        assert services.document_decision(staff_user, document) is Decision.ALLOW
    assert download(client, in_draft, staff_user)[0] == 200


def test_unpublishing_the_page_withdraws_its_document(client, guide, guide_document):
    guide.unpublish()
    assert download(client, guide_document)[0] == 302


def test_signed_in_document_needs_an_account(client, signed_in_material, pending_user):
    document = signed_in_material.attachments[0].value["document"]
    assert services.document_audience(document) == Audience.SIGNED_IN
    assert download(client, document)[0] == 302
    assert download(client, document, pending_user)[0] == 200


def test_document_file_is_not_served_as_media(client, members_material):
    document = members_material.attachments[0].value["document"]
    assert document.file.url.startswith("/media/")
    assert client.get(document.file.url).status_code == 404
