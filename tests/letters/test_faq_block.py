"""The FAQ-entries block: the questions of one theme of a FAQ page in the letter's HTML
and text parts and its web version, in the recipient's language where the FAQ page has
a translation, Finnish (marked with lang) otherwise."""

import datetime
import json
from email import message_from_bytes

from django.core import mail

import pytest

from letters import services
from letters.models import LetterPage
from portal.models import Theme
from tests.factories.letters import (
    LetterPageFactory,
    SubscriberFactory,
    SubscriptionFactory,
)
from tests.factories.materials import FaqPageFactory, faq_section

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def themes(db):
    return {
        "koto": Theme.objects.create(
            slug="testi-ohjelma", name_fi="Testiohjelma", name_sv="Program"
        ),
        "te": Theme.objects.create(
            slug="testi-te", name_fi="Testi-TE", name_sv="Arbets"
        ),
    }


@pytest.fixture
def faq_page(home_page, themes):
    return FaqPageFactory(
        parent=home_page,
        sections=json.dumps(
            [
                faq_section(
                    theme=themes["koto"],
                    questions=[
                        ("Milloin ohjelma hyväksytään?", "Valtuusto hyväksyy sen."),
                        (
                            "Kuka laatii ohjelman?",
                            "Kunta yhdessä hyvinvointialueen kanssa.",
                        ),
                        ("Onko malli?", 'Kyllä, <a href="/fi/">etusivulla</a>.'),
                    ],
                ),
                faq_section(
                    theme=themes["te"],
                    questions=[("Mikä on TE24?", "Työvoimapalvelujen uudistus.")],
                ),
            ]
        ),
    )


@pytest.fixture
def faq_letter(archive, mailing_list, faq_page, themes):
    return LetterPageFactory(
        parent=archive,
        title="Ohjelmakirje",
        slug="ohjelmakirje",
        mailing_list=mailing_list,
        body=json.dumps(
            [
                {
                    "type": "faq",
                    "value": {
                        "heading": "Kysyttyä",
                        "faq_page": faq_page.pk,
                        "theme": themes["koto"].pk,
                        "count": 2,
                    },
                }
            ]
        ),
    )


@pytest.fixture
def faq_letter_sv(faq_letter, locales):
    page = faq_letter.copy_for_translation(
        locales["sv"], copy_parents=True, alias=False
    )
    page.title = "Programbrevet"
    page.slug = "programbrevet"
    page.save_revision().publish()
    return page


@pytest.fixture
def readers(mailing_list):
    for email, language in (("aino@example.com", "fi"), ("bo@example.com", "sv")):
        SubscriptionFactory(
            mailing_list=mailing_list,
            subscriber=SubscriberFactory(email=email, language=language),
        )


def send(letter, editor_user, capture):
    with capture(execute=True):
        services.send_letter(letter=letter, by=editor_user, now=NOW)


def parts(address: str) -> tuple[str, str]:
    message = next(m for m in mail.outbox if m.to == [address])
    parsed = message_from_bytes(message.message().as_bytes())
    text = html = ""
    for part in parsed.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode()
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode()
    return text, html


def test_faq_entries_of_the_theme_in_both_parts(
    faq_letter, readers, editor_user, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://muutostuki.example"
    send(faq_letter, editor_user, django_capture_on_commit_callbacks)
    text, html = parts("aino@example.com")
    for part in (text, html):
        assert "Kysyttyä" in part
        assert "Milloin ohjelma hyväksytään?" in part
        assert "Kuka laatii ohjelman?" in part
        assert "Onko malli?" not in part  # at most two
        assert "Mikä on TE24?" not in part  # another theme
        assert (
            "https://muutostuki.example/fi/usein-kysyttya/#milloin-ohjelma-hyvaksytaan"
            in part
        )
    assert "Valtuusto hyväksyy sen." in text
    assert "Valtuusto hyväksyy sen.</p>" in html  # styles are inlined into <p>
    assert 'lang="fi"' not in html.split("<body")[1]  # the letter's own language


def test_swedish_reader_gets_finnish_entries_marked_lang_without_translation(
    faq_letter, faq_letter_sv, readers, editor_user, django_capture_on_commit_callbacks
):
    send(faq_letter, editor_user, django_capture_on_commit_callbacks)
    text, html = parts("bo@example.com")
    assert "Milloin ohjelma hyväksytään?" in text
    assert '<div lang="fi">' in html
    assert "Frågan på FAQ-sidan" in html  # the letter's own text stays Swedish


def test_swedish_reader_gets_the_translated_faq_page(
    faq_letter,
    faq_letter_sv,
    faq_page,
    themes,
    readers,
    editor_user,
    locales,
    django_capture_on_commit_callbacks,
):
    swedish = faq_page.copy_for_translation(
        locales["sv"], copy_parents=True, alias=False
    )
    swedish.title = "Vanliga frågor"
    swedish.slug = "vanliga-fragor"
    swedish.sections = json.dumps(
        [
            faq_section(
                theme=themes["koto"],
                questions=[("När godkänns programmet?", "Fullmäktige godkänner det.")],
            )
        ]
    )
    swedish.save_revision().publish()
    send(faq_letter, editor_user, django_capture_on_commit_callbacks)
    text, html = parts("bo@example.com")
    assert "När godkänns programmet?" in text and "Fullmäktige godkänner det." in html
    assert "/sv/vanliga-fragor/#nar-godkanns-programmet" in text
    assert 'lang="fi"' not in html.split("<body")[1]
    assert "Milloin ohjelma" not in text


def test_web_version_shows_the_entries(
    client, faq_letter, readers, editor_user, django_capture_on_commit_callbacks
):
    send(faq_letter, editor_user, django_capture_on_commit_callbacks)
    faq_letter.refresh_from_db()
    assert faq_letter.send_status == LetterPage.SendStatus.SENT
    html = client.get(faq_letter.url).content.decode()
    assert "Milloin ohjelma hyväksytään?" in html
    assert "Valtuusto hyväksyy sen." in html
    assert 'href="/fi/usein-kysyttya/#milloin-ohjelma-hyvaksytaan"' in html


def test_unpublished_faq_page_gives_no_entries(
    faq_letter, faq_page, readers, editor_user, django_capture_on_commit_callbacks
):
    faq_page.unpublish()
    send(faq_letter, editor_user, django_capture_on_commit_callbacks)
    text, _html = parts("aino@example.com")
    assert "Milloin ohjelma" not in text
