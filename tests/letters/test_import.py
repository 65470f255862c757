"""Staff import an existing list: parse, preview, merge duplicates, list invalid
addresses, never re-add who left, and one confirmation mail per new person."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from letters.imports import parse_subscriber_csv
from letters.models import Subscriber, Subscription
from tests.factories.letters import SubscriptionFactory

pytestmark = pytest.mark.django_db

CSV = (
    "address;name;organisation;municipality;language\n"
    "Aino@Example.com;Aino Aalto;Helsingin kaupunki;Helsinki;fi\n"
    "bo@example.com;Bo Berg;Vasa stad;Vasa;sv\n"
    "not-an-address;X;;;fi\n"
    "aino@example.com;;;;\n"
    "left@example.com;Lähtenyt;;;fi\n"
    "kept@example.com;Pysyvä;;;en\n"
)


def test_parse_merges_duplicates_and_lists_invalid_addresses():
    parsed = parse_subscriber_csv(CSV)
    assert [row.email for row in parsed.rows] == [
        "aino@example.com",
        "bo@example.com",
        "left@example.com",
        "kept@example.com",
    ]
    assert parsed.rows[0].name == "Aino Aalto"
    assert parsed.rows[1].language == "sv"
    assert parsed.invalid == [(4, "not-an-address")]
    assert parsed.duplicates == 1


def test_parse_reads_commas_and_an_email_column():
    parsed = parse_subscriber_csv("email,name\nc@example.com,C\n")
    assert [(row.email, row.name, row.language) for row in parsed.rows] == [
        ("c@example.com", "C", "fi")
    ]


@pytest.fixture
def editor(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def existing(mailing_list):
    SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber__email="left@example.com",
        status=Subscription.Status.UNSUBSCRIBED,
    )
    SubscriptionFactory(mailing_list=mailing_list, subscriber__email="kept@example.com")


def test_import_page_renders(editor):
    assert editor.get("/admin/letters/import/").status_code == 200


def test_preview_counts_and_writes_nothing(editor, mailing_list, existing):
    response = editor.post(
        "/admin/letters/import/",
        {
            "mailing_list": mailing_list.pk,
            "file": SimpleUploadedFile("lista.csv", CSV.encode("utf-8-sig")),
            "preview": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    # The editor's admin is in Finnish.
    assert "2 uutta henkilöä lisätään" in html
    assert "1 on perunut tilauksen" in html and "1 on jo listalla" in html
    assert "not-an-address" in html
    assert Subscriber.objects.count() == 2 and not mail.outbox


def test_import_adds_pending_people_with_one_confirmation_each(
    editor, mailing_list, existing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            "/admin/letters/import/",
            {"mailing_list": mailing_list.pk, "content": CSV, "import": "1"},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "aino@example.com",
        "bo@example.com",
    ]
    bo = Subscriber.objects.get(email="bo@example.com")
    assert bo.municipality.code == "905" and bo.language == "sv"
    statuses = dict(Subscription.objects.values_list("subscriber__email", "status"))
    assert statuses == {
        "aino@example.com": "pending",
        "bo@example.com": "pending",
        "left@example.com": "unsubscribed",
        "kept@example.com": "confirmed",
    }
    assert Subscription.objects.get(subscriber=bo).source == "import"
