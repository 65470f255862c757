"""Translated events (#19): "Translate" in the admin makes the same event in another
language, sharing its registration owner's registrations, capacity, seat counts and
calendar UID; listings show each event once."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

import pytest
from icalendar import Calendar

from events import services
from events.exceptions import EventFull
from events.models import EventPage, Registration
from events.tasks import send_registration_notice
from tests.factories.events import EventPageFactory
from tests.factories.portal import StandardPageFactory, translate

pytestmark = pytest.mark.django_db

SWEDISH_TITLE = "Frågestund om integrationsprogrammet"


@pytest.fixture(autouse=True)
def _restore_language():
    """Swedish requests leave Swedish active in the thread; the tests expect Finnish."""
    with translation.override("fi"):
        yield


@pytest.fixture
def event(indexes):
    return EventPageFactory(
        parent=indexes["fi"],
        title="Tuumaustunti kotoutumisohjelmasta",
        slug="tuumaustunti-kotoutumisohjelmasta",
        capacity=2,
        has_waitlist=True,
    )


@pytest.fixture
def swedish(event):
    return translate(event, "sv", title=SWEDISH_TITLE)


def translate_url(page) -> str:
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def guest(n: int, language: str = "fi") -> services.RegistrantDetails:
    return services.RegistrantDetails(
        name=f"Vieras {n}", email=f"vieras{n}@example.com", language=language
    )


def register_guest(client, page, n: int, *, site_url: str):
    """A guest registers on the page as shown at `site_url` (the form's own address)."""
    client.get(site_url)
    return client.post(
        reverse("events:register", kwargs={"pk": page.pk}),
        {
            "name": f"Gäst {n}",
            "email": f"gast{n}@example.com",
            "organisation": "Vasa stad",
        },
    )


def card_titles(html: str) -> list[str]:
    return re.findall(
        r'class="event-card__title"><a href="[^"]*"[^>]*>([^<]*)</a>', html
    )


# --- Translating in the admin -----------------------------------------------------------


def test_editor_translates_an_event_at_the_admins_address(
    client, editor_user, event, indexes, locales
):
    client.force_login(editor_user)

    form = client.get(translate_url(event))
    response = client.post(translate_url(event), {"locales": [locales["sv"].pk]})

    assert form.status_code == 200
    assert response.status_code == 302
    translation_page = EventPage.objects.get(locale=locales["sv"])
    assert translation_page.registration_owner_id == event.pk
    assert translation_page.get_parent().pk == indexes["sv"].pk
    assert translation_page.slug == event.slug
    assert translation_page.capacity == event.capacity


def test_event_editor_offers_translate(client, editor_user, event):
    client.force_login(editor_user)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))

    assert translate_url(event) in response.content.decode()


def test_translating_the_index_with_its_subtree_translates_its_events(
    client, superuser, event_index, locales
):
    event = EventPageFactory(parent=event_index, title="Verkostotapaaminen")
    client.force_login(superuser)

    client.post(
        translate_url(event_index),
        {"locales": [locales["sv"].pk], "include_subtree": "on"},
    )

    copied = EventPage.objects.get(locale=locales["sv"])
    assert copied.registration_owner_id == event.pk


def test_a_translation_of_a_translation_shares_the_originals_registrations(
    swedish, event
):
    english = translate(swedish, "en", title="Q&A on the integration programme")

    assert english.registration_owner_id == event.pk


def test_a_plain_copy_of_an_event_is_a_new_event(event, indexes):
    copy = event.copy(update_attrs={"slug": "kopio", "title": "Kopio"})

    assert EventPage.objects.get(pk=copy.pk).registration_owner_id is None


def test_translations_form_leaves_out_the_shared_settings(client, superuser, swedish):
    client.force_login(superuser)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[swedish.pk]))
    form = response.context["form"]

    assert "capacity" not in form.fields
    assert "starts_at" not in form.fields
    assert "title" in form.fields
    html = response.content.decode()
    with translation.override(re.search(r'<html lang="([a-z]+)"', html).group(1)):
        notice = gettext("Edit the original event")
    edit_original = reverse(
        "wagtailadmin_pages:edit", args=[swedish.registration_owner_id]
    )
    assert f'<a href="{edit_original}">{notice}</a>' in html


def test_the_originals_publish_gives_its_translations_the_settings(event, swedish):
    event.capacity = 30
    event.place = "Vaasan kaupungintalo"
    event.save_revision().publish()

    swedish.refresh_from_db()
    assert swedish.capacity == 30
    assert swedish.place == "Vaasan kaupungintalo"


def test_a_translations_old_revision_does_not_bring_back_old_settings(event, swedish):
    revision = swedish.save_revision()
    event.capacity = 40
    event.save_revision().publish()

    revision.publish()

    assert EventPage.objects.get(pk=swedish.pk).capacity == 40


# --- One set of registrations -----------------------------------------------------------


def test_the_last_seat_from_the_swedish_page_then_the_finnish_page_waitlists(
    client, event, swedish, indexes
):
    services.register_for_event(event=event, guest=guest(1), answers={})

    sv_url = f"{indexes['sv'].url}{event.slug}/"
    assert register_guest(client, swedish, 2, site_url=sv_url).status_code == 302
    third = services.register_for_event(event=event, guest=guest(3), answers={})

    registrations = Registration.objects.order_by("pk")
    assert [r.event_id for r in registrations] == [event.pk] * 3
    assert registrations[1].status == Registration.Status.CONFIRMED
    assert registrations[1].language == "sv"
    assert third.status == Registration.Status.WAITLISTED
    event.refresh_from_db()
    swedish.refresh_from_db()
    assert (event.seats_confirmed, event.waitlist_length) == (2, 1)
    assert (swedish.seats_confirmed, swedish.waitlist_length) == (2, 1)


def test_registering_on_the_translation_without_a_waitlist_is_refused_when_full(
    event, swedish
):
    event.has_waitlist = False
    event.save_revision().publish()
    services.register_for_event(event=event, guest=guest(1), answers={})
    services.register_for_event(event=swedish, guest=guest(2, "sv"), answers={})

    with pytest.raises(EventFull):
        services.register_for_event(event=swedish, guest=guest(3, "sv"), answers={})


def seats_left(count: int, language: str) -> str:
    with translation.override(language):
        return ngettext("%(counter)s seat left", "%(counter)s seats left", count) % {
            "counter": count
        }


def test_both_pages_show_the_same_seats_after_a_registration(
    client, settings, event, swedish, indexes
):
    """Read by anonymous visitors, so through the whole-page cache."""
    settings.PORTAL_PAGE_CACHE = True
    sv_url = f"{indexes['sv'].url}{event.slug}/"
    shown = {event.url: "fi", sv_url: "sv", indexes["sv"].url: "sv"}
    for url, language in shown.items():
        # A page that shows seats is stored from its second request (`portal.pagecache`).
        states = [client.get(url)["X-Page-Cache"] for _ in range(3)]
        assert states[-1] == "hit", (url, states)
        assert seats_left(2, language) in client.get(url).content.decode()

    services.register_for_event(event=swedish, guest=guest(1, "sv"), answers={})

    assert seats_left(1, "fi") in client.get(event.url).content.decode()
    assert seats_left(1, "sv") in client.get(sv_url).content.decode()
    assert seats_left(1, "sv") in client.get(indexes["sv"].url).content.decode()


def test_cancelling_promotes_from_the_shared_waitlist(event, swedish):
    first = services.register_for_event(event=event, guest=guest(1), answers={})
    services.register_for_event(event=swedish, guest=guest(2, "sv"), answers={})
    waiting = services.register_for_event(
        event=swedish, guest=guest(3, "sv"), answers={}
    )
    assert waiting.status == Registration.Status.WAITLISTED

    services.cancel_registration(registration=first)

    waiting.refresh_from_db()
    swedish.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert swedish.seats_confirmed == 2
    assert swedish.waitlist_length == 0


def test_the_admin_has_one_list_of_registrations(client, superuser, event, swedish):
    services.register_for_event(event=swedish, guest=guest(1, "sv"), answers={})
    client.force_login(superuser)

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[swedish.pk]))
    from_translation = client.get(reverse("events_admin:event", args=[swedish.pk]))
    from_original = client.get(reverse("events_admin:event", args=[event.pk]))
    report = client.get(reverse("events_admin:index"))

    assert reverse("events_admin:event", args=[event.pk]) in editor.content.decode()
    assert from_translation.context["event"].pk == event.pk
    assert [r.pk for r in from_translation.context["registrations"]] == [
        r.pk for r in from_original.context["registrations"]
    ]
    assert [e.pk for e in report.context["object_list"]] == [event.pk]


def test_recount_keeps_the_translations_counters(event, swedish):
    services.register_for_event(event=event, guest=guest(1), answers={})
    EventPage.objects.filter(pk=swedish.pk).update(seats_confirmed=0)

    assert services.find_seat_count_mismatches(event_ids=[swedish.pk])
    assert services.recount_seats(event_ids=[swedish.pk]) == 1
    assert services.find_seat_count_mismatches() == []


def test_deleting_the_translation_keeps_the_registrations(
    client, superuser, event, swedish
):
    services.register_for_event(event=swedish, guest=guest(1, "sv"), answers={})
    client.force_login(superuser)

    client.post(reverse("wagtailadmin_pages:unpublish", args=[swedish.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[swedish.pk]))

    assert not EventPage.objects.filter(pk=swedish.pk).exists()
    assert Registration.objects.filter(event=event).count() == 1


def test_the_original_is_not_deleted_while_translated(
    client, superuser, event, swedish
):
    client.force_login(superuser)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[event.pk]))

    assert response.status_code == 302
    assert EventPage.objects.filter(pk=event.pk).exists()


def test_the_original_is_not_deleted_in_bulk_while_translated(
    client, superuser, event, swedish
):
    client.force_login(superuser)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))

    response = client.post(f"{url}?id={event.pk}")

    assert response.status_code == 302
    assert EventPage.objects.filter(pk=event.pk).exists()


# --- Calendar and mail ------------------------------------------------------------------


def test_both_pages_give_one_calendar_uid(client, event, swedish, indexes):
    fi_ics = client.get(event.get_ics_url())
    sv_ics = client.get(swedish.get_ics_url())

    [fi_entry] = Calendar.from_ical(fi_ics.content).walk("VEVENT")
    [sv_entry] = Calendar.from_ical(sv_ics.content).walk("VEVENT")
    assert str(fi_entry["UID"]) == str(sv_entry["UID"]) == event.calendar_uid
    assert str(sv_entry["SUMMARY"]) == SWEDISH_TITLE


def test_the_swedish_feed_lists_the_translation_once(client, event, swedish):
    feed = Calendar.from_ical(client.get("/sv/events/feed.ics").content)

    entries = feed.walk("VEVENT")
    assert [str(entry["SUMMARY"]) for entry in entries] == [SWEDISH_TITLE]
    assert str(entries[0]["UID"]) == event.calendar_uid


def test_mail_is_in_the_registrants_language_with_the_translated_title(
    mailoutbox, event, swedish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.register_for_event(event=swedish, guest=guest(1, "sv"), answers={})
        services.register_for_event(event=event, guest=guest(2, "fi"), answers={})

    sv_mail, fi_mail = mailoutbox
    assert SWEDISH_TITLE in sv_mail.subject
    assert event.title in fi_mail.subject
    [sv_calendar] = [
        a.content for a in sv_mail.alternatives if a.mimetype.startswith("text/cal")
    ]
    [sv_entry] = Calendar.from_ical(sv_calendar).walk("VEVENT")
    assert str(sv_entry["SUMMARY"]) == SWEDISH_TITLE
    assert str(sv_entry["UID"]) == event.calendar_uid


def test_a_reminder_goes_once_per_registration_with_the_translated_title(
    mailoutbox, event, swedish, django_capture_on_commit_callbacks
):
    registration = services.register_for_event(
        event=swedish, guest=guest(1, "sv"), answers={}
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_registration_notice.call(registration.pk, "reminder", "")

    [mail] = mailoutbox
    assert SWEDISH_TITLE in mail.body


# --- Listings ---------------------------------------------------------------------------


def test_each_site_lists_the_event_once_in_its_language(
    client, event, swedish, indexes
):
    assert card_titles(client.get(indexes["sv"].url).content.decode()) == [
        SWEDISH_TITLE
    ]
    assert card_titles(client.get(indexes["fi"].url).content.decode()) == [event.title]


def test_home_pages_list_the_event_once(client, home_pages, event, swedish):
    assert SWEDISH_TITLE in client.get(home_pages["sv"].url).content.decode()
    finnish_home = client.get(home_pages["fi"].url).content.decode()
    assert event.title in finnish_home
    assert SWEDISH_TITLE not in finnish_home


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_a_translation_costs_the_queries_of_its_original(
    client, home_pages, event, swedish, indexes
):
    plain = {
        language: count_queries(
            client, StandardPageFactory(parent=home_pages[language]).url
        )
        for language in ("fi", "sv")
    }

    finnish_page = count_queries(client, event.url) - plain["fi"]
    swedish_page = count_queries(client, swedish.url) - plain["sv"]
    finnish_index = count_queries(client, indexes["fi"].url) - plain["fi"]
    swedish_index = count_queries(client, indexes["sv"].url) - plain["sv"]

    assert swedish_page == finnish_page
    assert swedish_index == finnish_index


def test_a_registered_members_translation_costs_the_queries_of_its_original(
    client, home_pages, member_user, event, swedish
):
    """The registration's event, the owner, is read with the registration on a
    translation (on the original it is the page itself)."""
    services.register_for_event(event=event, user=member_user, answers={})
    client.force_login(member_user)
    plain = {
        language: count_queries(
            client, StandardPageFactory(parent=home_pages[language]).url
        )
        for language in ("fi", "sv")
    }

    finnish_page = count_queries(client, event.url) - plain["fi"]
    swedish_page = count_queries(client, swedish.url) - plain["sv"]

    assert swedish_page == finnish_page
    response = client.get(swedish.url)
    assert response.context["registration"].event.pk == event.pk
    assert response.context["registration"].can_be_cancelled


def test_a_translation_marks_what_it_shares_in_its_owners_language(
    client, event, swedish
):
    event.format = EventPage.Format.ON_SITE
    event.place = "Vaasan kaupungintalo"
    event.save_revision().publish()

    html = client.get(swedish.url).content.decode()

    assert '<dd lang="fi">Vaasan kaupungintalo</dd>' in html


def test_an_event_page_reads_only_its_owners_language_with_it(
    swedish, django_assert_num_queries
):
    """`for_page` reads the owner's language, not its row (some 70 columns more to
    compile and three joins more to plan on every event page)."""
    page = EventPage.objects.for_page().get(pk=swedish.pk)

    with django_assert_num_queries(0):
        assert page.shared_content_language == "fi"
    sql = str(EventPage.objects.for_page().query)
    assert sql.count('"title"') == 1
    assert "registration_owner_id" in sql


def test_the_personal_feed_titles_the_event_in_the_users_language(
    client, member_user, event, swedish
):
    member_user.preferred_language = "sv"
    member_user.save(update_fields=["preferred_language"])
    services.register_for_event(event=event, user=member_user, answers={})
    token = services.issue_calendar_token(user=member_user)

    feed = Calendar.from_ical(client.get(token.get_absolute_url()).content)

    [entry] = feed.walk("VEVENT")
    assert str(entry["SUMMARY"]) == SWEDISH_TITLE
    assert str(entry["UID"]) == event.calendar_uid


def test_the_guests_private_page_shows_the_event_in_its_language(
    client, event, swedish
):
    registration = services.register_for_event(
        event=swedish, guest=guest(1, "sv"), answers={}
    )
    with translation.override("sv"):
        url = registration.get_manage_url()

    response = client.get(url)

    assert url.startswith("/sv/")
    assert response.context["event"].pk == swedish.pk
    assert SWEDISH_TITLE in response.content.decode()


def test_the_switcher_on_a_translation_names_the_version_other_sites_show(
    client, indexes, event, swedish
):
    """No English translation: the English site shows the Finnish original, so the
    Swedish page's English link goes there and says the page is only in Finnish."""
    sv_url = f"{indexes['sv'].url}{event.slug}/"
    html = client.get(sv_url).content.decode()

    assert f'href="{indexes["en"].url}{event.slug}/" lang="en"' in html
    assert "the same page – the page is only in Finnish" in html
    assert "the page is only in Swedish" not in html
    english = client.get(f"{indexes['en'].url}{event.slug}/")
    assert english.context["page"].pk == event.pk


def test_my_registrations_name_the_event_in_the_pages_language(
    client, member_user, event, swedish
):
    services.register_for_event(event=swedish, user=member_user, answers={})
    client.force_login(member_user)

    swedish_html = client.get("/sv/network/account/").content.decode()
    finnish_html = client.get("/fi/network/account/").content.decode()

    assert f'href="{swedish.url}">{SWEDISH_TITLE}</a>' in swedish_html
    assert f'href="{event.url}">{event.title}</a>' in finnish_html
    assert SWEDISH_TITLE not in finnish_html
