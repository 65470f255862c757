"""One event calendar across languages (#19): every language's site lists, shows and
registers every event, each once, with its language; an event of another tree is shown at
its slug below the site's index, with one canonical address (its own)."""

import datetime
import re

from django.urls import reverse
from django.utils import translation

import pytest
from icalendar import Calendar

from events.models import EventPage, Registration
from events.models.pages import EventPageAdminForm
from portal.cache import KeptQuerysets
from tests.factories.events import EventPageFactory, in_days
from tests.factories.network import municipality
from tests.factories.portal import translate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restore_language():
    """Requests to the Swedish and English sites leave their language active in the
    thread; later tests expect the Finnish default back."""
    with translation.override("fi"):
        yield


@pytest.fixture
def finnish_event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="Tuumaustunti kotoutumisohjelmasta",
        slug="tuumaustunti-kotoutumisohjelmasta",
        intro="Kysy kotoutumisohjelmasta.",
        language="fi",
        support_language="sv",
        capacity=20,
    )


@pytest.fixture
def swedish_event(indexes):
    return EventPageFactory(
        parent=indexes["sv"],
        title="Frågestund om integrationsprogrammet",
        slug="fragestund-om-integrationsprogrammet",
        language="sv",
        starts_at=in_days(9),
        ends_at=in_days(9) + datetime.timedelta(hours=1),
    )


def text(response) -> str:
    return response.content.decode()


def card_titles(html: str) -> list[tuple[str, str, str]]:
    """(href, lang, title) of each event card's title link."""
    return re.findall(
        r'class="event-card__title"><a href="([^"]*)"(?: lang="([^"]*)")?>([^<]*)</a>',
        html,
    )


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_index_lists_every_event_once_linked_on_its_own_site(
    client, indexes, finnish_event, swedish_event, language
):
    index = indexes[language]

    cards = card_titles(text(client.get(index.url)))

    assert sorted(title for _href, _lang, title in cards) == sorted(
        [finnish_event.title, swedish_event.title]
    )
    for href, lang, title in cards:
        assert href.startswith(index.url)
        event = finnish_event if title == finnish_event.title else swedish_event
        assert href == f"{index.url}{event.slug}/"
        expected = event.locale.language_code
        assert lang == ("" if expected == language else expected)


def test_cards_show_the_events_language_and_support_in_the_readers_language(
    client, indexes, finnish_event
):
    swedish = text(client.get(indexes["sv"].url))
    finnish = text(client.get(indexes["fi"].url))
    english = text(client.get(indexes["en"].url))

    assert "På finska, stöd på svenska" in swedish
    assert "Suomeksi, tukea ruotsiksi" in finnish
    assert "In Finnish, support in Swedish" in english
    assert f'<p lang="fi">{finnish_event.intro}</p>' in swedish


def test_a_translated_event_is_listed_once_as_its_translation(
    client, indexes, finnish_event
):
    swedish = translate(
        finnish_event, "sv", title="Frågestund om integrationsprogrammet (sv)"
    )

    in_swedish = card_titles(text(client.get(indexes["sv"].url)))
    in_finnish = card_titles(text(client.get(indexes["fi"].url)))
    in_english = card_titles(text(client.get(indexes["en"].url)))

    assert [title for _h, _l, title in in_swedish] == [swedish.title]
    assert in_swedish[0][1] == ""  # the translation is in the page's language
    assert [title for _h, _l, title in in_finnish] == [finnish_event.title]
    assert len(in_english) == 1


def test_language_filter_defaults_to_all_and_finds_support_languages(
    client, indexes, finnish_event, swedish_event
):
    english_only = EventPageFactory(
        parent=indexes["fi"], title="Webinar in English", language="en"
    )
    index = indexes["sv"]

    def titles(query):
        return {e.title for e in client.get(index.url, query).context["events"]}

    assert titles({}) == {finnish_event.title, swedish_event.title, english_only.title}
    assert titles({"language": "sv"}) == {finnish_event.title, swedish_event.title}
    assert titles({"language": "fi"}) == {finnish_event.title}
    assert titles({"language": "en"}) == {english_only.title}
    select = text(client.get(index.url)).split('name="language"')[1]
    assert '<option value="" selected>Alla språk</option>' in select


def test_event_of_another_tree_is_shown_on_the_readers_site_in_its_interface(
    client, indexes, finnish_event
):
    url = f"{indexes['sv'].url}{finnish_event.slug}/"

    response = client.get(url)
    html = text(response)

    assert response.status_code == 200
    assert response.context["page"].pk == finnish_event.pk
    assert '<html lang="sv">' in html
    assert f'<h1 lang="fi">{finnish_event.title}</h1>' in html
    assert "Evenemangets sida finns bara på finska." in html
    assert "På finska, stöd på svenska" in html
    # One canonical address, the event's own; no hreflang: it has no translation.
    assert f'<link rel="canonical" href="http://testserver{finnish_event.url}">' in html
    assert 'rel="alternate" hreflang' not in html
    # The breadcrumbs are the Swedish site's; the switcher goes to the same event.
    assert f'href="{indexes["sv"].url}">Evenemang</a>' in html
    assert f'href="{finnish_event.url}" lang="fi"' in html
    assert f'href="{indexes["en"].url}{finnish_event.slug}/" lang="en"' in html
    assert "the same page – the page is only in Finnish" in html
    assert f'<span aria-current="page" lang="fi">{finnish_event.title}</span>' in html
    assert f'name="next" value="{url}"' in html


def test_event_on_its_own_site_switches_to_the_other_sites_showing_it(
    client, indexes, finnish_event
):
    html = text(client.get(finnish_event.url))

    assert f'href="{indexes["sv"].url}{finnish_event.slug}/" lang="sv"' in html
    assert "<h1>" in html


def test_an_index_prefers_its_own_event_of_the_same_slug(
    client, indexes, finnish_event
):
    own = EventPageFactory(
        parent=indexes["sv"], title="Eget evenemang", slug=finnish_event.slug
    )

    response = client.get(f"{indexes['sv'].url}{finnish_event.slug}/")

    assert response.context["page"].pk == own.pk


def test_an_index_translated_after_routing_shows_the_events_at_their_slug(
    client, event_index, finnish_event
):
    """The routing's queryset is kept per process by the translations' tree paths: a
    translation made after the first request gives another one, which finds the event."""
    assert client.get(finnish_event.url).status_code == 200
    swedish_index = translate(event_index, "sv", title="Evenemang", slug="evenemang")

    response = client.get(f"{swedish_index.url}{finnish_event.slug}/")

    assert response.status_code == 200
    assert response.context["page"].pk == finnish_event.pk


def test_an_index_builds_its_routing_queryset_once(indexes, finnish_event, monkeypatch):
    from events.models import pages

    built = []
    below_index = EventPage.objects.below_index

    def counting_below_index(index):
        built.append(index.pk)
        return below_index(index)

    monkeypatch.setattr(pages, "_ROUTED_EVENTS", KeptQuerysets())
    monkeypatch.setattr(EventPage.objects, "below_index", counting_below_index)
    for _ in range(3):
        events = indexes["sv"].routed_events()
        assert events.get(slug=finnish_event.slug).pk == finnish_event.pk
    indexes["en"].routed_events()

    assert built == [indexes["sv"].pk, indexes["en"].pk]


def test_admin_form_refuses_a_slug_taken_by_an_event_of_another_language(
    indexes, finnish_event
):
    form_class = EventPage.get_edit_handler().get_form_class()
    event = EventPage(title="Ny", slug=finnish_event.slug)

    assert EventPage.is_slug_taken_on_other_sites(
        finnish_event.slug, parent=indexes["sv"], event=event
    )
    assert not EventPage.is_slug_taken_on_other_sites(
        finnish_event.slug, parent=indexes["fi"], event=finnish_event
    )
    assert not EventPage.is_slug_taken_on_other_sites(
        "ledig", parent=indexes["sv"], event=event
    )
    assert issubclass(form_class, EventPageAdminForm)


def test_registering_on_the_swedish_site_returns_there_and_mails_in_swedish(
    client,
    indexes,
    finnish_event,
    member_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    member_user.preferred_language = "sv"
    member_user.save()
    client.force_login(member_user)
    url = f"{indexes['sv'].url}{finnish_event.slug}/"

    with translation.override("sv"):
        register_url = reverse("events:register", args=[finnish_event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url,
            {
                "name": "Anna Svensson",
                "organisation": "Vasa stad",
                "municipality": municipality("905").pk,
                "next": url,
            },
        )

    assert response.status_code == 302
    assert response["Location"] == url
    registration = Registration.objects.get(event=finnish_event)
    assert registration.language == "sv"
    [mail] = mailoutbox
    assert mail.subject.startswith("Anmälan bekräftad")
    assert "Evenemangets språk: finska (stöd på svenska)" in mail.body
    assert f"http://testserver{url}" in mail.body
    [html] = [c for c, mimetype in mail.alternatives if mimetype == "text/html"]
    assert f'lang="fi">{finnish_event.title}</a>' in html
    assert "Evenemangets språk" in html
    assert "På finska, stöd på svenska" in html


def test_finnish_mail_states_the_language_without_marking_the_title(
    finnish_event, mailoutbox, django_capture_on_commit_callbacks
):
    from events import services

    with django_capture_on_commit_callbacks(execute=True):
        services.register_for_event(
            event=finnish_event,
            guest=services.RegistrantDetails(
                name="Vieras", email="vieras@example.com", language="fi"
            ),
            answers={},
        )

    [mail] = mailoutbox
    assert "Tapahtuman kieli: suomi (tukea ruotsiksi)" in mail.body
    [html] = [c for c, mimetype in mail.alternatives if mimetype == "text/html"]
    assert f'lang="fi">{finnish_event.title}' not in html


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_home_page_lists_the_events_of_every_tree(
    client, home_pages, indexes, finnish_event, swedish_event, language
):
    html = text(client.get(home_pages[language].url))

    titles = [title for _h, _l, title in card_titles(html)]
    assert sorted(titles) == sorted([finnish_event.title, swedish_event.title])
    assert f'href="{indexes[language].url}{finnish_event.slug}/"' in html


def test_public_feed_of_every_site_carries_every_event_with_one_uid(
    client, indexes, finnish_event, swedish_event
):
    uids = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            url = reverse("events:public_feed")
        calendar = Calendar.from_ical(client.get(url).content)
        uids[language] = sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))

    assert uids["fi"] == uids["sv"] == uids["en"]
    assert f"event-{finnish_event.pk}@muutostuki.fi" in uids["sv"]


def test_feeds_state_the_language_of_each_entrys_text(
    client, indexes, finnish_event, swedish_event, member_user
):
    from events import services

    with translation.override("sv"):
        url = reverse("events:public_feed")
    calendar = Calendar.from_ical(client.get(url).content)
    languages = {
        str(entry["SUMMARY"]): entry["SUMMARY"].params["LANGUAGE"]
        for entry in calendar.walk("VEVENT")
    }
    services.register_for_event(event=finnish_event, user=member_user, answers={})
    token = services.issue_calendar_token(user=member_user)
    personal = Calendar.from_ical(client.get(token.get_absolute_url()).content)
    [entry] = personal.walk("VEVENT")

    assert languages == {finnish_event.title: "fi", swedish_event.title: "sv"}
    assert entry["SUMMARY"].params["LANGUAGE"] == "fi"
    assert entry["DESCRIPTION"].params["LANGUAGE"] == "fi"


def test_site_search_finds_events_of_other_trees_on_the_readers_site(
    client, indexes, finnish_event
):
    with translation.override("sv"):
        url = reverse("search")

    html = text(client.get(url, {"q": "kotoutumisohjelmasta"}))

    link = f'<a href="{indexes["sv"].url}{finnish_event.slug}/" lang="fi">'
    assert link in html
    assert "(bara på finska)" in html


def test_search_leaves_out_an_original_with_a_translation_in_the_language(
    client, indexes, finnish_event
):
    translate(finnish_event, "sv", title="Frågestund kotoutumisohjelmasta")
    with translation.override("sv"):
        url = reverse("search")

    response = client.get(url, {"q": "kotoutumisohjelmasta"})

    pks = [result.pk for result in response.context["results"]]
    assert finnish_event.pk not in pks


def test_one_per_translation_shows_the_readers_translation_else_the_first_live_one(
    indexes, finnish_event
):
    swedish = translate(finnish_event, "sv", title="Frågestund (sv)")
    english_reader = indexes["en"].locale_id

    def shown(locale_id) -> list[int]:
        return list(
            EventPage.objects.live()
            .filter(translation_key=finnish_event.translation_key)
            .one_per_translation(locale_id)
            .values_list("pk", flat=True)
        )

    assert shown(indexes["fi"].locale_id) == [finnish_event.pk]
    assert shown(indexes["sv"].locale_id) == [swedish.pk]
    assert shown(english_reader) == [finnish_event.pk]  # the original
    finnish_event.unpublish()
    assert shown(english_reader) == [swedish.pk]  # the first made of the live ones
    assert shown(indexes["fi"].locale_id) == [swedish.pk]


def test_one_per_translation_reads_only_the_page_table_in_its_subqueries(indexes):
    """The subqueries refer to the outer page's row on the page table alone (its key,
    locale and path), never to the event table's row: PostgreSQL can then check them
    on the few pages that the listing's selective filters leave (an index lookup
    each) and need not read every page row of the trees first (#22)."""
    sql = str(EventPage.objects.one_per_translation(indexes["fi"].locale_id).query)

    assert sql.count("EXISTS") == 2
    assert '("events_eventpage"."page_ptr_id")' not in sql
    assert '("wagtailcore_page"."translation_key")' in sql
