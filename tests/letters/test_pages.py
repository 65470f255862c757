"""The archive, the web version of letters, the Atom feed, page rules and the frozen
content of a sent letter."""

import datetime

from wagtail.test.utils import WagtailPageTestCase

import pytest

from letters import services
from letters.emails import web_context
from letters.models import LetterIndexPage, LetterPage
from portal.access import Audience
from portal.models import HomePage
from tests.factories.events import EventPageFactory, in_days
from tests.factories.letters import LetterPageFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def sent(letter, letter_sv, editor_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_letter(letter=letter, by=editor_user, now=NOW)
    letter.refresh_from_db()
    return letter


class TestPageRules(WagtailPageTestCase):
    def test_archive_under_the_home_page_and_letters_under_the_archive(self):
        self.assertAllowedParentPageTypes(LetterIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(LetterIndexPage, {LetterPage})
        self.assertAllowedSubpageTypes(LetterPage, set())


def test_archive_lists_only_sent_letters(client, sent, archive, mailing_list):
    LetterPageFactory(parent=archive, title="Luonnos", mailing_list=mailing_list)
    html = client.get(archive.url).content.decode()
    assert "Joulukuun infokirje" in html and "Luonnos" not in html


def test_swedish_archive_lists_the_swedish_letter(client, sent, letter_sv):
    html = client.get(letter_sv.get_parent().url).content.decode()
    assert "Decemberbrevet" in html


def test_web_version_renders_in_each_language(client, sent, letter_sv, event):
    for page, title in ((sent, "Joulukuun infokirje"), (letter_sv, "Decemberbrevet")):
        response = client.get(page.url)
        html = response.content.decode()
        assert response.status_code == 200
        assert f"<h1>{title}</h1>" in html
        assert event.title in html


def test_web_version_keeps_the_upcoming_events_of_the_sending(
    client, sent, event, home_page
):
    later = EventPageFactory(
        parent=event.get_parent(), title="Uusi verkostotapaaminen", starts_at=in_days(3)
    )
    html = client.get(sent.url).content.decode()
    assert later.title not in html
    assert event.title in html


def test_unsent_letter_has_no_web_version(client, letter):
    assert client.get(letter.url).status_code == 404


def test_unsent_letter_shows_the_upcoming_events_of_now(letter, event):
    later = EventPageFactory(
        parent=event.get_parent(), title="Uusi verkostotapaaminen", starts_at=in_days(3)
    )
    (upcoming,) = [
        s
        for s in web_context(letter)["sections"]
        if s["id"] and s["type"] == "upcoming_events"
    ]
    assert [item["title"] for item in upcoming["items"]] == [later.title, event.title]


def test_members_only_letter_asks_anonymous_to_log_in(client, sent):
    LetterPage.objects.filter(pk=sent.pk).update(audience=Audience.MEMBERS)
    response = client.get(sent.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_atom_feed_has_public_sent_letters(client, sent, archive):
    response = client.get(archive.url + "atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Joulukuun infokirje" in response.content.decode()


def test_atom_feed_leaves_out_members_only_letters(client, sent, archive):
    LetterPage.objects.filter(pk=sent.pk).update(audience=Audience.MEMBERS)
    assert (
        "Joulukuun infokirje" not in client.get(archive.url + "atom/").content.decode()
    )


def test_archive_has_a_bounded_query_count(
    client, sent, archive, mailing_list, django_assert_max_num_queries
):
    LetterPage.objects.filter(pk=sent.pk).update(sent_at=NOW)
    for _ in range(5):
        page = LetterPageFactory(parent=archive, mailing_list=mailing_list)
        LetterPage.objects.filter(pk=page.pk).update(sent_at=NOW, send_status="sent")
    client.get(archive.url)
    with django_assert_max_num_queries(20):
        assert client.get(archive.url).status_code == 200
