"""The whole-page cache for anonymous visitors (`portal.pagecache`)."""

import datetime
import re

from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from events import services
from events.models import Registration
from portal import pagecache
from portal.models import SiteSettings, Theme
from tests.factories.events import EventPageFactory, EventSeriesFactory, in_days
from tests.factories.materials import (
    ExpertFactory,
    ExpertIndexPageFactory,
    FaqPageFactory,
    MaterialIndexPageFactory,
    MaterialPageFactory,
)
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db

GUEST_FORM = {"name": "Vieras Henkilö", "email": "vieras@example.com"}


@pytest.fixture(autouse=True)
def page_cache(settings, db):
    settings.PORTAL_PAGE_CACHE = True
    pagecache._local.clear()
    yield
    pagecache._local.clear()


def text(response) -> str:
    return response.content.decode()


def nonces(response) -> tuple[str, set[str]]:
    policy = response["Content-Security-Policy"]
    header = re.search(r"'nonce-([^']+)'", policy).group(1)
    return header, set(re.findall(r'nonce="([^"]+)"', text(response)))


def test_second_anonymous_request_comes_from_the_cache_without_sql(
    client, home_page, django_assert_num_queries
):
    first = client.get("/fi/")
    with django_assert_num_queries(0):
        second = client.get("/fi/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.status_code == 200
    assert second["Cache-Control"] == "private, no-cache"
    assert "Cookie" in second["Vary"]
    assert not second.cookies
    assert second["X-Frame-Options"] == "SAMEORIGIN"
    assert second["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in second


def test_every_response_from_the_cache_has_a_fresh_nonce(client, home_page):
    client.get("/fi/")
    first, second = client.get("/fi/"), client.get("/fi/")

    header_1, body_1 = nonces(first)
    header_2, body_2 = nonces(second)
    assert body_1 == {header_1}
    assert body_2 == {header_2}
    assert header_1 != header_2
    assert pagecache.NONCE_PLACEHOLDER not in text(second)


def test_an_unchanged_page_is_answered_with_304_without_a_policy(client, home_page):
    etag = client.get("/fi/")["ETag"]

    response = client.get("/fi/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert "Content-Security-Policy" not in response


def test_languages_are_stored_apart(client, home_pages):
    client.get("/fi/")
    client.get("/sv/")

    finnish, swedish = client.get("/fi/"), client.get("/sv/")

    assert finnish["X-Page-Cache"] == swedish["X-Page-Cache"] == "hit"
    assert 'lang="fi"' in text(finnish)
    assert 'lang="sv"' in text(swedish)


def test_a_visitor_with_only_a_csrf_cookie_gets_the_cached_page(client, home_page):
    client.get("/fi/")
    client.cookies["csrftoken"] = "x" * 32

    assert client.get("/fi/")["X-Page-Cache"] == "hit"


def test_signed_in_visitors_never_get_or_store_cached_pages(
    client, home_page, member_user
):
    client.get("/fi/")
    client.force_login(member_user)

    response = client.get("/fi/")
    client.logout()

    assert "X-Page-Cache" not in response
    assert member_user.email in text(response) or "logout" in text(response)


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/fi/?page=2"},
        {"path": "/fi/", "method": "post"},
        {"path": "/fi/", "headers": {"authorization": "Basic eA=="}},
        {"path": "/fi/search/"},
        {"path": "/fi/accounts/login/"},
    ],
)
def test_requests_that_bypass_the_cache(client, home_page, request_kwargs):
    method = getattr(client, request_kwargs.get("method", "get"))
    for _ in range(2):
        response = method(
            request_kwargs["path"], headers=request_kwargs.get("headers", {})
        )

    assert "X-Page-Cache" not in response


def test_the_admin_and_previews_are_never_cached(admin_client, home_page):
    preview = f"/admin/pages/{home_page.pk}/edit/preview/"
    for _ in range(2):
        admin = admin_client.get("/admin/")
        shown = admin_client.get(preview)

    assert "X-Page-Cache" not in admin
    assert "X-Page-Cache" not in shown


def test_a_visitor_with_messages_bypasses_the_cache(client, public_event):
    client.get(public_event.url)

    client.post(f"/fi/events/{public_event.pk}/register/", GUEST_FORM)
    response = client.get(public_event.url)

    assert "messages" in client.cookies
    assert "X-Page-Cache" not in response


def test_a_page_type_without_the_cache_is_never_stored(client, home_page, settings):
    from letters.models import LetterIndexPage

    assert not LetterIndexPage.page_cache
    assert not hasattr(client.get("/fi/search/"), "portal_page_cache")


# --- Never stale ----------------------------------------------------------------------


def cached(client, url: str) -> str:
    """The page from the cache (stored first: a page that shows seats is stored by the
    second request, the first telling which seat versions to read before rendering)."""
    for _ in range(3):
        response = client.get(url)
        if response["X-Page-Cache"] == "hit":
            return text(response)
    raise AssertionError(f"{url} was not answered from the cache")


def cache_states(client, *urls: str) -> dict[str, str]:
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def test_publishing_a_change_shows_on_the_next_request(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Vanha otsikko", slug="tietoa")
    assert "Vanha otsikko" in cached(client, page.url)

    page.title = "Uusi otsikko"
    page.save_revision().publish()

    assert "Uusi otsikko" in text(client.get(page.url))


def test_unpublishing_and_deleting_a_page_show_at_once(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Poistuva", slug="poistuva")
    url = page.url
    cached(client, url)

    page.unpublish()
    assert client.get(url).status_code == 404

    page.save_revision().publish()
    cached(client, url)
    page.delete()
    assert client.get(url).status_code == 404


def test_moving_a_page_shows_at_once(client, home_page):
    first = StandardPageFactory(parent=home_page, title="Eka", slug="eka")
    moving = StandardPageFactory(parent=home_page, title="Siirtyvä", slug="siirtyva")
    url = moving.url
    cached(client, url)

    moving.move(first, pos="last-child")

    response = client.get(url)
    assert response.status_code in (301, 404)
    assert "X-Page-Cache" not in response


def test_site_settings_show_at_once(client, home_page):
    cached(client, "/fi/")
    settings = SiteSettings.for_site(home_page.get_site())
    settings.organisation_name = "Muutostuen uusi nimi"
    settings.save()

    assert "Muutostuen uusi nimi" in text(client.get("/fi/"))


def test_a_series_shows_at_once(client, event_index):
    series = EventSeriesFactory(name_fi="Vanha sarja")
    event = EventPageFactory(parent=event_index, series=series)
    assert "Vanha sarja" in cached(client, event.url)

    series.name_fi = "Uusi sarja"
    series.save()

    assert "Uusi sarja" in text(client.get(event.url))


def test_an_expert_and_a_theme_show_at_once(client, home_page):
    theme = Theme.objects.create(slug="rahoitus", name_fi="Rahoitus", name_sv="Fin")
    index = ExpertIndexPageFactory(parent=home_page)
    expert = ExpertFactory(name="Vanha Nimi", themes=[theme])
    assert "Vanha Nimi" in cached(client, index.url)

    expert.name = "Uusi Nimi"
    expert.save()
    assert "Uusi Nimi" in text(client.get(index.url))

    cached(client, index.url)
    theme.name_fi = "Rahoitusmallit"
    theme.save()
    assert "Rahoitusmallit" in text(client.get(index.url))


def test_seats_left_are_never_stale(client, event_index, public_event):
    event_url = public_event.url
    assert "10" in cached(client, event_url)
    cached(client, event_index.url)

    registration = services.register_for_event(
        event=public_event,
        guest=services.RegistrantDetails(name="Vieras", email="v@example.com"),
        answers={},
    )
    page, index = text(client.get(event_url)), text(client.get(event_index.url))
    assert "9" in page
    assert "9" in index

    cached(client, event_url)
    services.cancel_registration(registration=registration)
    assert "10" in text(client.get(event_url))


def register_guest(event, email: str = "v@example.com"):
    return services.register_for_event(
        event=event,
        guest=services.RegistrantDetails(name="Vieras", email=email),
        answers={},
    )


def test_a_page_with_seats_is_stored_once_it_is_known_which_seats_it_shows(
    client, public_event
):
    states = [client.get(public_event.url)["X-Page-Cache"] for _ in range(3)]
    entry = cache.get(pagecache._entry_key(client.get(public_event.url).wsgi_request))

    assert states == ["miss", "miss", "hit"]
    assert set(entry["versions"]) == {
        pagecache.PUBLIC_VERSION_KEY,
        pagecache.seats_key(public_event.pk),
        pagecache.event_key(public_event.pk),  # its questions
    }


def test_a_listing_with_seats_is_stored_at_once_under_one_seats_version(
    client, event_index, public_event
):
    """The event index reads one version for all its cards' seats, with the page's own."""
    EventPageFactory(parent=event_index, starts_at=in_days(6))
    states = [client.get(event_index.url)["X-Page-Cache"] for _ in range(2)]
    entry = cache.get(pagecache._entry_key(client.get(event_index.url).wsgi_request))

    assert states == ["miss", "hit"]
    assert set(entry["versions"]) == {
        pagecache.PUBLIC_VERSION_KEY,
        pagecache.LISTED_SEATS_KEY,
    }


def test_a_page_without_seats_is_stored_at_once(client, home_page):
    page = StandardPageFactory(parent=home_page, slug="tietoa")

    assert cache_states(client, page.url, page.url) == {page.url: "hit"}
    assert [client.get(page.url)["X-Page-Cache"] for _ in range(2)] == ["hit"] * 2


def test_a_registration_expires_only_the_pages_that_show_its_seats(
    client, home_page, event_index, public_event, locales
):
    other = EventPageFactory(
        parent=event_index, slug="toinen", capacity=5, starts_at=in_days(40)
    )
    sv_index = event_index.copy_for_translation(locales["sv"])
    sv_index.save_revision().publish()
    swedish = f"/sv/{sv_index.slug}/{public_event.slug}/"
    library = MaterialIndexPageFactory(parent=home_page)
    material = MaterialPageFactory(parent=library, slug="opas")
    faq = FaqPageFactory(parent=home_page)
    seats = {
        "/fi/": "paikkaa jäljellä",
        event_index.url: "paikkaa jäljellä",
        public_event.url: "paikkaa jäljellä",
        swedish: "platser kvar",
    }
    kept = [other.url, material.url, library.url, faq.url]
    for url, seats_left in seats.items():
        assert f"10 {seats_left}" in cached(client, url)
    for url in kept:
        cached(client, url)

    register_guest(public_event)

    shown = {url: client.get(url) for url in seats}
    assert {url: page["X-Page-Cache"] for url, page in shown.items()} == dict.fromkeys(
        seats, "miss"
    )
    for url, seats_left in seats.items():
        assert f"9 {seats_left}" in text(shown[url])
        assert f"10 {seats_left}" not in text(shown[url])
    assert cache_states(client, *kept) == dict.fromkeys(kept, "hit")


def test_the_next_registration_expires_the_page_stored_after_the_first(
    client, event_index, public_event
):
    cached(client, public_event.url)
    register_guest(public_event, "eka@example.com")
    assert "9 paikkaa" in text(client.get(public_event.url))
    assert "9 paikkaa" in cached(client, public_event.url)

    register_guest(public_event, "toka@example.com")

    response = client.get(public_event.url)
    assert response["X-Page-Cache"] == "miss"
    assert "8 paikkaa" in text(response)


def test_a_capacity_change_shows_at_once_without_revisions(
    client, event_index, public_event
):
    assert not public_event.revisions.exists()  # e.g. created in bulk, never edited
    cached(client, public_event.url)
    cached(client, event_index.url)

    services.change_capacity(event=public_event, capacity=25)

    assert "25 paikkaa jäljellä" in text(client.get(public_event.url))
    assert "25 paikkaa jäljellä" in text(client.get(event_index.url))


def test_a_recount_expires_the_event_page(client, public_event):
    cached(client, public_event.url)
    Registration.objects.create(
        event=public_event,
        name="Tuotu",
        email="tuotu@example.com",
        status=Registration.Status.CONFIRMED,
    )
    # Written around the services: the counters, and so the page, do not know yet.
    assert "10 paikkaa" in cached(client, public_event.url)

    assert services.recount_seats(event_ids=[public_event.pk]) == 1

    assert "9 paikkaa" in text(client.get(public_event.url))


def test_every_declared_model_expires_the_pages(settings):
    """Each model in the one list has receivers that bump the version."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in settings.PORTAL_PAGE_CACHE_DEPENDENCIES:
        model = apps.get_model(label)
        assert post_save.has_listeners(model), label
        assert post_delete.has_listeners(model), label


def test_an_entry_ends_when_the_page_changes_by_the_clock(rf):
    request = rf.get("/fi/")
    closing = timezone.now() + datetime.timedelta(seconds=60)

    pagecache.valid_until(request, in_days(3))
    pagecache.valid_until(request, closing)
    pagecache.valid_until(request, None)

    assert request.portal_page_cache_until == closing
    assert 0 < pagecache._timeout(request) <= 60


# --- The guest form's CSRF token ------------------------------------------------------


def test_cached_event_page_has_no_token_and_fetches_one(public_event):
    browser = Client(enforce_csrf_checks=True)
    cached(browser, public_event.url)
    page = browser.get(public_event.url)

    assert page["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in text(page)
    assert f'data-csrf-url="{reverse("csrf_token")}"' in text(page)

    fragment = browser.get(reverse("csrf_token"))
    assert "no-cache" in fragment["Cache-Control"]
    assert "X-Page-Cache" not in fragment
    token = fragment.json()["token"]

    response = browser.post(
        f"/fi/events/{public_event.pk}/register/",
        GUEST_FORM | {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Registration.objects.filter(email="vieras@example.com").exists()


def test_a_post_without_token_gets_the_form_back_filled_in(public_event):
    browser = Client(enforce_csrf_checks=True)
    browser.get(public_event.url)

    response = browser.post(f"/fi/events/{public_event.pk}/register/", GUEST_FORM)

    assert response.status_code == 403
    assert not Registration.objects.exists()
    assert 'value="Vieras Henkilö"' in text(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(response))
    assert token is not None
    again = browser.post(
        f"/fi/events/{public_event.pk}/register/",
        GUEST_FORM | {"csrfmiddlewaretoken": token.group(1)},
    )
    assert again.status_code == 302
    assert Registration.objects.count() == 1


def test_signed_in_visitors_get_the_form_with_its_token(
    client, member_user, event_index
):
    event = EventPageFactory(parent=event_index, starts_at=in_days(5))
    client.force_login(member_user)

    assert "csrfmiddlewaretoken" in text(client.get(event.url))
