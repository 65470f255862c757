"""The events app's admin hooks: event pages are never copied with "Translate"."""

from django.urls import reverse

import pytest

from events.models import EventIndexPage, EventPage
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def sv_event_index(event_index, locales):
    """The Swedish index, so that an event could otherwise be translated under it."""
    return event_index.copy_for_translation(locales["sv"])


def translate_url(page) -> str:
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def test_event_editor_does_not_offer_translate(admin_client, public_event):
    response = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[public_event.pk])
    )

    assert response.status_code == 200
    assert translate_url(public_event) not in response.content.decode()


def test_other_editors_still_offer_translate(admin_client, home_page):
    page = StandardPageFactory(parent=home_page)

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert translate_url(page) in response.content.decode()


def test_explorer_offers_translate_for_the_index_but_not_its_events(
    admin_client, home_page, event_index, public_event
):
    events = admin_client.get(reverse("wagtailadmin_explore", args=[event_index.pk]))
    home = admin_client.get(reverse("wagtailadmin_explore", args=[home_page.pk]))

    assert translate_url(public_event) not in events.content.decode()
    assert translate_url(event_index) in events.content.decode()  # the header
    assert translate_url(event_index) in home.content.decode()  # its row


def test_translating_an_event_page_is_refused(
    admin_client, public_event, sv_event_index, locales
):
    url = translate_url(public_event)
    refused = reverse("wagtailadmin_home")  # how the admin answers PermissionDenied

    assert admin_client.get(url)["Location"] == refused
    assert (
        admin_client.post(url, {"locales": [locales["sv"].pk]})["Location"] == refused
    )
    assert not EventPage.objects.filter(locale=locales["sv"]).exists()


def test_translating_a_subtree_with_event_pages_is_refused(
    admin_client, event_index, public_event, locales
):
    response = admin_client.post(
        translate_url(event_index),
        {"locales": [locales["sv"].pk], "include_subtree": "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].has_error("include_subtree")
    assert not EventIndexPage.objects.filter(locale=locales["sv"]).exists()


def test_other_pages_are_still_translated(admin_client, event_index, locales):
    response = admin_client.post(
        translate_url(event_index), {"locales": [locales["sv"].pk]}
    )

    assert response.status_code == 302
    assert event_index.get_translation(locales["sv"]).title == event_index.title
