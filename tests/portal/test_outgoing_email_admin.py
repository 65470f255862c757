"""Staff see queued, sent and failed mails in the admin, read-only."""

from django.contrib.auth.models import Permission

import pytest

from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

INDEX = "/admin/outgoing_emails/"


@pytest.fixture
def mails():
    return {
        "failed": OutgoingEmail.objects.create(
            to="epaonnistui@example.com",
            subject="Ilmoittautuminen vahvistettu",
            body_text="…",
            kind="events",
            status=OutgoingEmail.Status.FAILED,
            attempts=2,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        ),
        "sent": OutgoingEmail.objects.create(
            to="lahti@example.com",
            subject="Vahvista sähköpostiosoitteesi",
            body_text="…",
            kind="account",
            status=OutgoingEmail.Status.SENT,
            attempts=1,
        ),
    }


def test_superuser_lists_and_filters_mails_by_status_and_kind(client, superuser, mails):
    client.force_login(superuser)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert b"epaonnistui@example.com" in response.content
    assert b"lahti@example.com" in response.content

    failed_only = client.get(INDEX, {"status": "failed"})
    assert b"epaonnistui@example.com" in failed_only.content
    assert b"lahti@example.com" not in failed_only.content

    account_only = client.get(INDEX, {"kind": "account"})
    assert b"lahti@example.com" in account_only.content
    assert b"epaonnistui@example.com" not in account_only.content


def test_inspect_view_shows_the_error(client, superuser, mails):
    client.force_login(superuser)
    response = client.get(f"{INDEX}inspect/{mails['failed'].pk}/")
    assert response.status_code == 200
    assert b"SMTPServerDisconnected" in response.content


def test_nobody_can_add_edit_or_delete_mails(client, superuser, mails):
    client.force_login(superuser)
    mail = mails["failed"]
    assert client.get(f"{INDEX}new/").status_code == 302
    assert client.get(f"{INDEX}edit/{mail.pk}/").status_code == 302
    response = client.post(f"{INDEX}delete/{mail.pk}/")
    assert response.status_code == 302
    assert OutgoingEmail.objects.filter(pk=mail.pk).exists()
    index = client.get(INDEX)
    assert f"{INDEX}new/".encode() not in index.content
    assert f"{INDEX}edit/{mail.pk}/".encode() not in index.content


def test_editors_without_the_view_permission_are_refused(client, staff_user, mails):
    client.force_login(staff_user)
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert INDEX.encode() not in client.get("/admin/").content


def test_staff_with_the_view_permission_see_the_list(client, staff_user, mails):
    staff_user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="portal", codename="view_outgoingemail"
        )
    )
    client.force_login(staff_user)
    assert client.get(INDEX).status_code == 200
    assert client.get(f"{INDEX}inspect/{mails['sent'].pk}/").status_code == 200
    assert client.get(f"{INDEX}edit/{mails['sent'].pk}/").status_code == 302
