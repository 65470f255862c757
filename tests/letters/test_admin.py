"""The letters' admin: the list, one letter's sending page, previews of both parts,
the actions, and a sent letter's frozen content."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from letters.models import LetterPage
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, editor_user, letter):
    # Editors may publish the letter (Wagtail's Editors group has page permissions).
    client.force_login(editor_user)
    return client


def send_page(letter) -> str:
    return f"/admin/letters/{letter.pk}/"


def test_index_lists_letters_and_list_counts(editor, letter, subscribers):
    html = editor.get("/admin/letters/").content.decode()
    assert "Joulukuun infokirje" in html and "KOTO24-infokirje" in html


def test_index_shows_suppressed_addresses(editor, settings):
    settings.PORTAL_LETTERS_BOUNCE_LIMIT = 1
    OutgoingEmail.objects.create(
        to="gone@example.com",
        subject="Kirje",
        body_text="…",
        status=OutgoingEmail.Status.FAILED,
        last_error="SMTPDataError: (550, b'No such user')",
    )
    assert "gone@example.com" in editor.get("/admin/letters/").content.decode()


def test_send_page_shows_the_recipient_count(editor, letter, subscribers):
    response = editor.get(send_page(letter))
    assert response.status_code == 200
    assert "Kirje lähtee 3 vastaanottajalle." in response.content.decode()


def test_send_page_has_a_bounded_query_count(
    editor, letter, subscribers, django_assert_max_num_queries
):
    editor.get(send_page(letter))
    with django_assert_max_num_queries(40):
        editor.get(send_page(letter))


def test_preview_shows_both_parts_as_the_mail(editor, letter):
    html = editor.get(f"/admin/letters/{letter.pk}/preview.html")
    text = editor.get(f"/admin/letters/{letter.pk}/preview.txt")
    assert html["Content-Type"].startswith("text/html")
    assert (
        "<table" in html.content.decode()
        and "Joulukuun infokirje" in html.content.decode()
    )
    assert text["Content-Type"].startswith("text/plain")
    assert "Kotoutumisohjelman tuumaustunti" in text.content.decode()
    assert editor.get(f"/admin/letters/{letter.pk}/preview.pdf").status_code == 404


def test_send_a_test_to_me(
    editor, letter, editor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            f"/admin/letters/{letter.pk}/action/test/", {"language": "fi"}
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [editor_user.email]


def test_send_now_then_the_letter_is_frozen(
    editor, letter, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"/admin/letters/{letter.pk}/action/send/")
    letter.refresh_from_db()
    assert letter.send_status == LetterPage.SendStatus.SENT
    assert len(mail.outbox) == 3
    html = editor.get(send_page(letter)).content.decode()
    assert "Lähetä nyt" not in html

    response = editor.get(f"/admin/pages/{letter.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == send_page(letter)

    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"/admin/letters/{letter.pk}/action/send/")
    assert len(mail.outbox) == 3


def test_schedule_and_cancel(editor, letter):
    at = timezone.localtime() + datetime.timedelta(days=2)
    editor.post(
        f"/admin/letters/{letter.pk}/action/schedule/",
        {"scheduled_at": at.strftime("%Y-%m-%dT%H:%M")},
    )
    letter.refresh_from_db()
    assert letter.send_status == LetterPage.SendStatus.SCHEDULED
    assert abs(letter.scheduled_at - at) < datetime.timedelta(minutes=1)
    editor.post(f"/admin/letters/{letter.pk}/action/unschedule/")
    letter.refresh_from_db()
    assert letter.send_status == LetterPage.SendStatus.DRAFT


def test_scheduling_in_the_past_is_refused(editor, letter):
    editor.post(
        f"/admin/letters/{letter.pk}/action/schedule/",
        {"scheduled_at": "2020-01-01T10:00"},
    )
    letter.refresh_from_db()
    assert letter.send_status == LetterPage.SendStatus.DRAFT


def test_resend_to_the_failed(
    editor, letter, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"/admin/letters/{letter.pk}/action/send/")
    OutgoingEmail.objects.filter(to="bo@example.com").update(
        status=OutgoingEmail.Status.FAILED, attempts=6
    )
    assert (
        "Lähetä uudelleen epäonnistuneille"
        in editor.get(send_page(letter)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"/admin/letters/{letter.pk}/action/resend/")
    assert OutgoingEmail.objects.get(to="bo@example.com").status == "sent"


def test_administrators_cannot_delete_a_sent_letter(
    client, administrator_user, letter, editor_user, django_capture_on_commit_callbacks
):
    from letters import services

    with django_capture_on_commit_callbacks(execute=True):
        services.send_letter(letter=letter, by=editor_user, now=timezone.now())
    client.force_login(administrator_user)
    response = client.post(f"/admin/pages/{letter.pk}/delete/")
    assert response["Location"] == send_page(letter)
    assert LetterPage.objects.filter(pk=letter.pk).exists()


def test_page_listing_offers_the_send_page(editor, letter, archive):
    html = editor.get(f"/admin/pages/{archive.pk}/").content.decode()
    assert send_page(letter) in html


def test_editors_manage_mailing_lists(editor, mailing_list):
    assert editor.get("/admin/snippets/letters/mailinglist/").status_code == 200
    response = editor.get(
        f"/admin/snippets/letters/mailinglist/edit/{mailing_list.pk}/"
    )
    assert response.status_code == 200


def test_report_of_recipients_as_csv_and_xlsx(
    editor, letter, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"/admin/letters/{letter.pk}/action/send/")
    response = editor.get(f"/admin/letters/{letter.pk}/recipients.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "aino@example.com,fi,Lähetetty," in text  # the editor reads Finnish
    assert "cara@example.com,fi," in text  # no English letter: Finnish
    response = editor.get(f"/admin/letters/{letter.pk}/recipients.xlsx")
    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_list_report_over_time_by_municipality_and_language(
    editor, mailing_list, django_assert_max_num_queries
):
    import datetime

    from letters.models import Subscription
    from tests.factories.letters import SubscriberFactory, SubscriptionFactory
    from tests.factories.network import municipality

    january = datetime.datetime(2026, 1, 15, 8, tzinfo=datetime.UTC)
    march = datetime.datetime(2026, 3, 2, 8, tzinfo=datetime.UTC)
    SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(municipality=municipality("091")),
        confirmed_at=january,
    )
    SubscriptionFactory(
        mailing_list=mailing_list,
        subscriber=SubscriberFactory(language="sv"),
        confirmed_at=january,
        status=Subscription.Status.UNSUBSCRIBED,
        unsubscribed_at=march,
    )
    SubscriptionFactory(mailing_list=mailing_list, confirmed_at=march)
    url = f"/admin/letters/lists/{mailing_list.pk}/report/"
    editor.get(url)
    with django_assert_max_num_queries(25):
        html = editor.get(url).content.decode()
    assert "Helsinki" in html and "01/2026" in html and "03/2026" in html

    csv = editor.get(url + "?export=csv&table=months").content.decode("utf-8-sig")
    assert csv.splitlines()[1:] == ["2026-01-01,2,0,2", "2026-03-01,1,1,2"]
    languages = editor.get(url + "?export=csv&table=languages").content.decode(
        "utf-8-sig"
    )
    assert languages.splitlines()[1:] == ["fi,2"]
    response = editor.get(url + "?export=xlsx&table=municipalities")
    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_list_report_draws_the_subscribers_over_time_as_an_accessible_chart(
    editor, mailing_list
):
    from tests.factories.letters import SubscriptionFactory

    for day in (5, 20):
        SubscriptionFactory(
            mailing_list=mailing_list,
            confirmed_at=datetime.datetime(2026, 2, day, 8, tzinfo=datetime.UTC),
        )
    SubscriptionFactory(
        mailing_list=mailing_list,
        confirmed_at=datetime.datetime(2026, 4, 1, 8, tzinfo=datetime.UTC),
    )
    response = editor.get(f"/admin/letters/lists/{mailing_list.pk}/report/")
    html = response.content.decode()
    start = html.index('<svg role="img"')
    svg = html[start : html.index("</svg>", start)]
    assert 'role="img"' in svg
    assert (
        'aria-labelledby="subscribers-over-time-title subscribers-over-time-desc"'
        in svg
    )
    assert "Tilaajat kunkin kuun lopussa" in svg  # the title, in the editor's language
    # The description spells out each month; the longest bar is the largest total.
    assert "helmikuu 2026: 2 tilaajaa (liittyi 2, lähti 0)" in svg
    assert "huhtikuu 2026: 3 tilaajaa (liittyi 1, lähti 0)" in svg
    assert 'width="550"' in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "<table" in html[start:]  # the table stays


def test_list_report_without_subscribers_has_no_chart(editor, mailing_list):
    html = editor.get(f"/admin/letters/lists/{mailing_list.pk}/report/").content
    assert b'<svg role="img"' not in html


def breadcrumbs(html: str) -> str:
    start = html.index("data-w-breadcrumbs")
    return html[start : html.index("</nav>", start)]


def test_admin_pages_name_themselves_in_the_breadcrumbs(editor, letter, mailing_list):
    html = editor.get(
        f"/admin/letters/lists/{mailing_list.pk}/report/"
    ).content.decode()
    trail = breadcrumbs(html)
    assert 'href="/admin/letters/"' in trail and "Postituslistan raportti" in trail
    trail = breadcrumbs(editor.get("/admin/letters/import/").content.decode())
    assert 'href="/admin/letters/"' in trail
