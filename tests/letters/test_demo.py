"""The letters' demo: two lists with subscribers, a letter sent in Finnish and Swedish
in the archive, one scheduled; no mail; a second run creates nothing."""

import pytest

from letters.demo import loader
from letters.models import Delivery, LetterPage, MailingList, Subscription
from portal.demo.registry import registered_loaders, run_loaders
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_loaders(registered_loaders(), log=lambda line: None)


def test_demo_has_lists_subscribers_a_sent_and_a_scheduled_letter(seeded, client):
    assert set(MailingList.objects.values_list("slug", flat=True)) == {
        "koto24-infokirje",
        "te24-infokirje",
    }
    confirmed = Subscription.objects.confirmed()
    assert confirmed.filter(mailing_list__slug="koto24-infokirje").count() >= 6
    assert confirmed.filter(source=Subscription.Source.ACCOUNT).exists()

    sent = LetterPage.objects.get(slug="koto24-infokirje-marraskuu")
    swedish = LetterPage.objects.get(slug="koto24-infobrev-november")
    assert sent.send_status == swedish.send_status == LetterPage.SendStatus.SENT
    assert Delivery.objects.filter(letter=sent).count() >= 6
    assert set(sent.renderings.values_list("language", flat=True)) == {"fi", "sv"}
    for page in (sent, swedish):
        assert client.get(page.url).status_code == 200
        assert page.title in client.get(page.get_parent().url).content.decode()

    scheduled = LetterPage.objects.get(slug="te24-infokirje-joulukuu")
    assert scheduled.send_status == LetterPage.SendStatus.SCHEDULED
    assert scheduled.scheduled_at is not None


def test_demo_sends_no_mail_and_a_second_run_creates_nothing(seeded):
    assert not OutgoingEmail.objects.filter(kind__startswith="letters").exists()
    assert loader.seed(log=lambda line: None) == 0


def test_demo_letter_carries_faq_entries_in_each_language(seeded):
    from letters.models import LetterRendering

    fi = LetterRendering.objects.get(
        letter__slug="koto24-infokirje-marraskuu", language="fi"
    )
    sv = LetterRendering.objects.get(language="sv", letter=fi.letter)
    assert "Kysyttyä kotoutumisohjelmasta" in fi.body_text
    assert "/fi/usein-kysyttya/#" in fi.body_text
    assert "Frågor om integrationsprogrammet" in sv.body_text
    assert "/sv/vanliga-fragor/#" in sv.body_text
