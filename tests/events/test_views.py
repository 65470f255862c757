"""Event pages, registration forms, manage links and the account section over HTTP."""

import datetime

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

import pytest

from events import exceptions, services, views
from events.models import PersonalCalendarToken, Registration
from tests.factories.events import EventPageFactory, in_days
from tests.factories.network import municipality

pytestmark = pytest.mark.django_db

Status = Registration.Status
GUEST_FORM = {
    "name": "Vieras Henkilö",
    "email": "vieras@example.com",
    "organisation": "",
}


HOUR = datetime.timedelta(hours=1)


def guest(n: int = 1, **fields) -> services.RegistrantDetails:
    return services.RegistrantDetails(
        name=f"Vieras {n}", email=f"vieras{n}@example.com", **fields
    )


def page_text(response) -> str:
    return response.content.decode()


def fi(message, plural: str = "", count: int = 0) -> str:
    """The Finnish text the /fi/ pages show for a message id."""
    with translation.override("fi"):
        if plural:
            return ngettext(message, plural, count) % {
                "counter": count,
                "minutes": count,
            }
        return gettext(str(message)) if isinstance(message, str) else str(message)


# --- Showing the event ----------------------------------------------------------------


def test_event_page_shows_seats_left_and_the_guest_form(client, public_event):
    response = client.get(public_event.url)

    assert response.status_code == 200
    assert fi("%(counter)s seat left", "%(counter)s seats left", 10) in page_text(
        response
    )
    assert 'name="email"' in page_text(response)
    assert 'name="website"' in page_text(response)


def test_full_event_page_shows_the_waitlist_length(client, event_index):
    event = EventPageFactory(parent=event_index, capacity=1)
    for n in (1, 2, 3):
        services.register_for_event(event=event, guest=guest(n), answers={})

    text = page_text(client.get(event.url))

    assert fi("%(counter)s on the waitlist", "%(counter)s on the waitlist", 2) in text
    assert fi("Join the waitlist") in text


def test_signed_in_form_is_prefilled_from_the_profile(
    client, member_user, public_event
):
    member_user.first_name, member_user.last_name = "Aino", "Jäsen"
    member_user.save()
    client.force_login(member_user)

    response = client.get(public_event.url)

    form = response.context["form"]
    assert form.initial["name"] == "Aino Jäsen"
    assert form.initial["municipality"] == municipality("091")
    assert "email" not in form.fields


def test_cached_form_follows_the_profile_and_the_published_questions(
    client, member_user, public_event
):
    member_user.first_name, member_user.last_name = "Aino", "Jäsen"
    member_user.save()
    client.force_login(member_user)
    assert 'value="Aino Jäsen"' in page_text(client.get(public_event.url))

    member_user.first_name = "Aino-Maria"
    member_user.save()
    html = page_text(client.get(public_event.url))
    assert 'value="Aino-Maria Jäsen"' in html
    assert "Mitä haluat kysyä etukäteen?" not in html

    public_event.registration_questions = [
        (
            "long_text",
            {
                "label": "Mitä haluat kysyä etukäteen?",
                "help_text": "",
                "required": False,
            },
        )
    ]
    public_event.save_revision().publish()
    assert "Mitä haluat kysyä etukäteen?" in page_text(client.get(public_event.url))

    client.logout()
    guest_html = page_text(client.get(public_event.url))
    assert 'value="Aino-Maria Jäsen"' not in guest_html
    assert 'name="email"' in guest_html


def test_cached_form_follows_the_members_profile_and_reads_it_only_to_render(
    client, member_user, public_event
):
    """The cached fields are keyed by the "member-profiles" version, not by the profile:
    a page with them cached reads no profile, and a changed profile or municipality
    shows in the next response."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from network.models import MemberProfile

    client.force_login(member_user)
    client.get(public_event.url)
    with CaptureQueriesContext(connection) as queries:
        html = page_text(client.get(public_event.url))
    profile_table = MemberProfile._meta.db_table
    assert not [q for q in queries.captured_queries if profile_table in q["sql"]]

    profile = MemberProfile.objects.get(user=member_user)
    profile.organisation_name = "Vantaan kaupunki"
    profile.save()
    html = page_text(client.get(public_event.url))
    assert 'value="Vantaan kaupunki"' in html

    profile.organisation_name = ""
    profile.municipality = municipality("092")
    profile.save()
    html = page_text(client.get(public_event.url))
    assert 'value="Vantaa"' in html
    assert f'<option value="{municipality("092").pk}" selected>' in html


def test_members_event_page_is_hidden_from_non_members(
    client, members_event, signed_in_user
):
    client.force_login(signed_in_user)

    response = client.get(members_event.url)

    assert response.status_code == 403
    assert fi("For network members only") in page_text(response)


# --- Registering ----------------------------------------------------------------------


def test_guest_registration_redirects_to_the_private_manage_link(
    client, public_event, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(public_event), GUEST_FORM)

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_manage_url()
    assert (registration.name, registration.email) == (
        "Vieras Henkilö",
        "vieras@example.com",
    )
    assert len(mailoutbox) == 1


def register_url(event) -> str:
    return f"/fi/events/{event.pk}/register/"


@pytest.mark.parametrize("address", ["form", "page"])
def test_signed_in_registration_saves_answers_and_returns_to_the_page(
    client, member_user, event_index, address
):
    """The form posts to its own address; a post to the page (a form rendered before the
    form had an address of its own) registers the same way."""
    event = EventPageFactory(
        parent=event_index,
        registration_questions=[
            ("short_text", {"label": "Kysymys", "help_text": "", "required": True})
        ],
    )
    question_id = event.registration_questions[0].id
    client.force_login(member_user)

    response = client.post(
        register_url(event) if address == "form" else event.url,
        {
            "name": "Aino",
            "organisation": "Helsinki",
            f"question_{question_id}": "Miten?",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == event.url
    registration = Registration.objects.get(user=member_user)
    assert registration.answers == {question_id: "Miten?"}
    assert fi("Cancel my registration") in page_text(client.get(event.url))


def closed_event(event_index):
    return EventPageFactory(parent=event_index, registration_closes_at=in_days(-1))


def full_event(event_index):
    event = EventPageFactory(parent=event_index, capacity=1, has_waitlist=False)
    services.register_for_event(event=event, guest=guest(9), answers={})
    return event


def past_event(event_index):
    return EventPageFactory(
        parent=event_index,
        starts_at=in_days(-1),
        ends_at=in_days(-1) + datetime.timedelta(hours=1),
    )


def cancelled_event(event_index):
    return EventPageFactory(
        parent=event_index, is_cancelled=True, cancellation_reason="Sairastuminen"
    )


def limited_event(event_index):
    event = EventPageFactory(parent=event_index, max_seats_per_municipality=1)
    services.register_for_event(
        event=event, guest=guest(9, municipality=municipality("091")), answers={}
    )
    return event


@pytest.mark.parametrize(
    ("build", "form", "error"),
    [
        (closed_event, GUEST_FORM, exceptions.RegistrationClosed),
        (full_event, GUEST_FORM, exceptions.EventFull),
        (past_event, GUEST_FORM, exceptions.EventPast),
        (cancelled_event, GUEST_FORM, exceptions.EventCancelled),
        (
            limited_event,
            {**GUEST_FORM, "municipality": "091"},
            exceptions.MunicipalityLimitReached,
        ),
        (
            lambda index: EventPageFactory(parent=index),
            {"name": "", "email": "not-an-address"},
            exceptions.InvalidAnswers,
        ),
        (
            lambda index: EventPageFactory(parent=index),
            {**GUEST_FORM, "website": "http://spam.example"},
            exceptions.SuspectedSpam,
        ),
    ],
    ids=[
        "RegistrationClosed",
        "EventFull",
        "EventPast",
        "EventCancelled",
        "MunicipalityLimitReached",
        "InvalidAnswers",
        "SuspectedSpam",
    ],
)
def test_refused_registration_answers_with_message_and_status(
    client, event_index, build, form, error
):
    event = build(event_index)
    before = Registration.objects.count()
    if form.get("municipality"):
        form = {**form, "municipality": municipality(form["municipality"]).pk}

    response = client.post(register_url(event), form)

    assert response.status_code == error.status_code
    assert response.status_code in (400, 409, 410)
    assert fi(error.message) in page_text(response)
    assert Registration.objects.count() == before


def test_invalid_answer_is_shown_on_its_question(client, event_index):
    event = EventPageFactory(
        parent=event_index,
        registration_questions=[
            ("long_text", {"label": "Kysymyksesi", "help_text": "", "required": True})
        ],
    )

    response = client.post(register_url(event), GUEST_FORM)

    assert response.status_code == 400
    question_field = f"question_{event.registration_questions[0].id}"
    assert response.context["form"].errors[question_field]


def test_duplicate_registration_answers_already_registered(
    client, member_user, public_event
):
    services.register_for_event(event=public_event, user=member_user, answers={})
    client.force_login(member_user)

    response = client.post(
        register_url(public_event), {"name": "Aino", "organisation": ""}
    )

    assert response.status_code == 409
    assert fi(exceptions.AlreadyRegistered.message) in page_text(response)


def test_audience_not_allowed_answers_forbidden_with_the_members_only_message(
    client, members_event, signed_in_user
):
    client.force_login(signed_in_user)

    response = client.post(
        register_url(members_event), {"name": "Ei Jäsen", "organisation": ""}
    )

    assert response.status_code == 403
    assert fi("For network members only") in page_text(response)
    assert not Registration.objects.exists()


def test_the_form_posts_to_the_registration_address(client, public_event):
    html = page_text(client.get(public_event.url))
    assert f'action="{register_url(public_event)}"' in html
    assert register_url(public_event) == reverse(
        "events:register", kwargs={"pk": public_event.pk}
    )


def test_registration_address_shows_the_event_page_on_get(client, public_event):
    response = client.get(register_url(public_event))
    assert response.status_code == 200
    assert public_event.title in page_text(response)
    assert response.context["page"] == public_event


def test_registration_address_of_a_missing_or_unpublished_event_is_not_found(
    client, public_event
):
    assert client.post("/fi/events/999999/register/", GUEST_FORM).status_code == 404
    public_event.unpublish()
    assert client.post(register_url(public_event), GUEST_FORM).status_code == 404
    assert not Registration.objects.exists()


def test_registration_address_sends_the_anonymous_to_sign_in_for_members_events(
    client, members_event
):
    response = client.post(register_url(members_event), GUEST_FORM)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_registration_address_keeps_wagtails_view_restrictions(client, public_event):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=public_event, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.post(register_url(public_event), GUEST_FORM)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Registration.objects.exists()


def test_audience_not_allowed_error_carries_its_status_and_message(
    signed_in_user, members_event
):
    with pytest.raises(services.AudienceNotAllowed) as caught:
        services.register_for_event(
            event=members_event, user=signed_in_user, answers={}
        )

    assert caught.value.status_code == 403
    assert str(caught.value.message) == fi(exceptions.AudienceNotAllowed.message)


def test_guests_are_rate_limited(client, public_event, settings):
    settings.PORTAL_EVENT_GUEST_REGISTRATIONS_PER_HOUR = 1
    client.post(register_url(public_event), GUEST_FORM)

    response = client.post(
        register_url(public_event), {**GUEST_FORM, "email": "toinen@example.com"}
    )

    assert response.status_code == 429
    assert fi(exceptions.TooManyRegistrations.message) in page_text(response)
    assert Registration.objects.count() == 1


# --- Meeting link ---------------------------------------------------------------------


@pytest.fixture
def starting_soon(event_index):
    now = timezone.now()
    return EventPageFactory(
        parent=event_index,
        capacity=1,
        starts_at=now + datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(minutes=70),
        online_meeting_url="https://teams.example/meet/soon",
    )


def test_meeting_link_shows_to_the_confirmed_registrant_shortly_before_the_start(
    client, member_user, starting_soon
):
    services.register_for_event(
        event=starting_soon, user=member_user, answers={}, now=in_days(-1)
    )
    client.force_login(member_user)

    assert "https://teams.example/meet/soon" in page_text(client.get(starting_soon.url))


def test_meeting_link_is_hidden_from_the_waitlisted_and_from_others(
    client, member_user, signed_in_user, starting_soon
):
    services.register_for_event(
        event=starting_soon, guest=guest(), answers={}, now=in_days(-1)
    )
    services.register_for_event(
        event=starting_soon, user=member_user, answers={}, now=in_days(-1)
    )

    client.force_login(member_user)
    assert "teams.example" not in page_text(client.get(starting_soon.url))
    client.force_login(signed_in_user)
    assert "teams.example" not in page_text(client.get(starting_soon.url))
    assert b"teams.example" not in client.get(starting_soon.url + "ics/").content


def test_meeting_link_is_not_on_the_page_days_before_the_start(
    client, member_user, public_event
):
    services.register_for_event(event=public_event, user=member_user, answers={})
    client.force_login(member_user)

    text = page_text(client.get(public_event.url))

    assert "teams.example" not in text
    assert (
        fi(
            "The meeting link is in your confirmation e-mail and appears here %(minutes)s "
            "minute before the start.",
            "The meeting link is in your confirmation e-mail and appears here %(minutes)s "
            "minutes before the start.",
            30,
        )
        in text
    )
    assert (
        b"https://teams.example/meet/abc"
        in client.get(public_event.url + "ics/").content
    )


# --- Managing a registration ----------------------------------------------------------


def test_manage_link_shows_and_cancels_the_guest_registration(
    client, guest_registration, django_capture_on_commit_callbacks, mailoutbox
):
    url = guest_registration.get_manage_url()
    assert fi("Confirmed") in page_text(client.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    guest_registration.refresh_from_db()
    assert guest_registration.status == Status.CANCELLED
    assert mailoutbox[0].subject.startswith(fi("Registration cancelled"))
    assert mailoutbox[0].to == ["vieras@example.com"]


def test_cancelling_twice_through_the_manage_link_answers_conflict(
    client, guest_registration
):
    url = guest_registration.get_manage_url()
    services.cancel_registration(registration=guest_registration)

    response = client.post(url)

    assert response.status_code == 409
    assert fi("This registration is already cancelled.") in page_text(response)


def test_tampered_manage_link_is_not_found(client, guest_registration):
    url = guest_registration.get_manage_url()

    assert client.get(url[:-3] + "xx/").status_code == 404


def test_a_replaced_manage_link_is_not_found(client, guest_registration):
    old = guest_registration.get_manage_url()
    services.renew_manage_link(registration=guest_registration)

    assert client.get(old).status_code == 404
    assert client.get(guest_registration.get_manage_url()).status_code == 200


def end_event(event, *, days_ago: float):
    ended = timezone.now() - datetime.timedelta(days=days_ago)
    type(event).objects.filter(pk=event.pk).update(
        starts_at=ended - datetime.timedelta(hours=2), ends_at=ended
    )


def test_the_manage_link_expires_after_the_event(client, guest_registration, settings):
    settings.PORTAL_EVENT_MANAGE_LINK_DAYS = 1
    url = guest_registration.get_manage_url()
    ics = f"/fi/events/registrations/{guest_registration.manage_token}/event.ics"
    end_event(guest_registration.event, days_ago=0.5)
    assert client.get(url).status_code == 200

    end_event(guest_registration.event, days_ago=1.5)
    response = client.get(url)

    assert response.status_code == 410
    assert fi(exceptions.ManageLinkExpired.message) in page_text(response)
    assert "Vieras Henkilö" not in page_text(response)
    assert client.get(ics).status_code == 410
    assert client.post(url, {"action": "cancel"}).status_code == 410


def test_the_guest_has_a_new_link_sent_and_the_old_one_stops(
    client, guest_registration, django_capture_on_commit_callbacks, mailoutbox
):
    old = guest_registration.get_manage_url()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(old, {"action": "new_link"})

    assert response.status_code == 200
    assert "vieras@example.com" in page_text(response)
    guest_registration.refresh_from_db()
    [mail] = mailoutbox
    assert guest_registration.get_manage_url() in mail.body
    assert old not in mail.body
    assert client.get(old).status_code == 404

    again = client.post(guest_registration.get_manage_url(), {"action": "new_link"})
    assert again.status_code == 429
    assert int(again["Retry-After"]) == 15 * 60


def test_an_unknown_manage_action_changes_nothing(client, guest_registration):
    response = client.post(guest_registration.get_manage_url(), {"action": "delete"})
    assert response.status_code == 400
    guest_registration.refresh_from_db()
    assert guest_registration.status == Status.CONFIRMED


def test_staff_send_a_guest_a_new_link_from_the_admin(
    client, staff_user, guest_registration
):
    client.force_login(staff_user)
    old_key = guest_registration.manage_key
    event_url = f"/admin/events/{guest_registration.event_id}/"
    assert "/new_link/" in client.get(event_url).content.decode()

    response = client.post(
        f"{event_url}registrations/{guest_registration.pk}/new_link/"
    )

    assert response.status_code == 302
    guest_registration.refresh_from_db()
    assert guest_registration.manage_key != old_key


def test_manage_link_calendar_file_has_the_link_for_confirmed_guests(
    client, guest_registration
):
    response = client.get(
        f"/fi/events/registrations/{guest_registration.manage_token}/event.ics"
    )

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"https://teams.example/meet/abc" in response.content


def test_user_cancels_own_registration_and_returns_to_next(
    client, member_user, public_event
):
    registration = services.register_for_event(
        event=public_event, user=member_user, answers={}
    )
    client.force_login(member_user)

    response = client.post(
        f"/fi/events/registrations/{registration.pk}/cancel/",
        {"next": "/fi/network/account/#registrations"},
    )

    assert response["Location"] == "/fi/network/account/#registrations"
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_user_cannot_cancel_someone_elses_registration(
    client, signed_in_user, guest_registration
):
    client.force_login(signed_in_user)

    response = client.post(f"/fi/events/registrations/{guest_registration.pk}/cancel/")

    assert response.status_code == 404
    guest_registration.refresh_from_db()
    assert guest_registration.is_active


def test_cancel_redirect_ignores_foreign_next(client, member_user, public_event):
    registration = services.register_for_event(
        event=public_event, user=member_user, answers={}
    )
    client.force_login(member_user)

    response = client.post(
        f"/fi/events/registrations/{registration.pk}/cancel/",
        {"next": "https://evil.example/"},
    )

    assert response["Location"] == public_event.url


# --- Past and ongoing events ----------------------------------------------------------


@pytest.fixture
def past_event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="Mennyt tuumaustunti",
        capacity=10,
        starts_at=in_days(-3),
        ends_at=in_days(-3) + datetime.timedelta(hours=1),
    )


def test_past_event_page_shows_no_seats_and_no_calendar_buttons(client, past_event):
    text = page_text(client.get(past_event.url))

    assert fi("This event is over.") in text
    assert fi("%(counter)s seat left", "%(counter)s seats left", 10) not in text
    assert fi("Seats") not in text
    assert past_event.get_ics_url() not in text
    assert "calendar.google.com" not in text
    assert "outlook.office.com" not in text


def test_cards_follow_the_event_from_open_to_closed_to_over(
    client, event_index, monkeypatch
):
    event = EventPageFactory(parent=event_index, capacity=10)
    seats = fi("%(counter)s seat left", "%(counter)s seats left", 10)
    assert seats in page_text(client.get(event_index.url))

    during = event.starts_at + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: during)
    ongoing = page_text(client.get(event_index.url))
    assert fi("Registration closed") in ongoing
    assert seats not in ongoing

    after = event.ends_at + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: after)
    past = page_text(client.get(event_index.url, {"when": "past"}))
    assert fi("The event is over") in past
    assert seats not in past


def test_an_ongoing_event_offers_no_cancelling(client, member_user, event_index):
    event = EventPageFactory(
        parent=event_index,
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
        ends_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    registration = services.register_for_event(
        event=event,
        user=member_user,
        answers={},
        now=event.starts_at - datetime.timedelta(days=1),
    )
    client.force_login(member_user)
    cancel_url = f"/fi/events/registrations/{registration.pk}/cancel/"

    page = page_text(client.get(event.url))
    account = page_text(client.get("/fi/network/account/"))

    assert cancel_url not in page
    assert cancel_url not in account
    assert event.get_ics_url() in account


def test_guest_manage_page_of_a_past_event_offers_neither_cancel_nor_calendar(
    client, past_event, settings
):
    # The private link still works after the event (the link's days are made long).
    settings.PORTAL_EVENT_MANAGE_LINK_DAYS = 30
    registration = services.register_for_event(
        event=past_event,
        guest=guest(),
        answers={},
        now=in_days(-5),
    )

    response = client.get(registration.get_manage_url())
    text = page_text(response)

    assert fi("This event is over.") in text
    assert fi("Cancel my registration") not in text
    assert "event.ics" not in text


# --- My account and the home page -----------------------------------------------------


def test_account_section_lists_upcoming_and_past_registrations_with_links(
    member_user, public_event, event_index
):
    past = EventPageFactory(
        parent=event_index,
        title="Mennyt verkostotapaaminen",
        starts_at=in_days(-3),
        ends_at=in_days(-3) + datetime.timedelta(hours=2),
    )
    upcoming = services.register_for_event(
        event=public_event, user=member_user, answers={}
    )
    services.register_for_event(
        event=past, user=member_user, answers={}, now=in_days(-5)
    )
    request = RequestFactory().get("/fi/network/account/")
    request.user = member_user

    section = views.registrations_account_section(request)
    html = render_to_string(
        section_template(), {"section": section, "request": request}
    )

    assert [r.event.title for r in section["upcoming"]] == ["Koto-digi tuumaustunti"]
    assert [r.event.title for r in section["past"]] == ["Mennyt verkostotapaaminen"]
    assert f"/fi/events/registrations/{upcoming.pk}/cancel/" in html
    assert public_event.get_ics_url() in html


def test_account_section_lists_the_latest_20_past_registrations_latest_first(
    member_user, event_index
):
    for days in range(1, 25):
        past = EventPageFactory(
            parent=event_index, title=f"Mennyt {days}", starts_at=in_days(-days)
        )
        Registration.objects.create(
            event=past,
            user=member_user,
            name="Aino",
            email=member_user.email,
            status=Registration.Status.CONFIRMED,
        )
    for days in (9, 3):
        services.register_for_event(
            event=EventPageFactory(
                parent=event_index, title=f"Tuleva {days}", starts_at=in_days(days)
            ),
            user=member_user,
            answers={},
        )
    request = RequestFactory().get("/fi/network/account/")
    request.user = member_user

    section = views.registrations_account_section(request)

    assert [r.event.title for r in section["upcoming"]] == ["Tuleva 3", "Tuleva 9"]
    assert [r.event.title for r in section["past"]] == [
        f"Mennyt {days}" for days in range(1, 21)
    ]


def section_template() -> str:
    return "events/account_section.html"


def test_calendar_address_is_created_shown_and_revoked(client, member_user):
    client.force_login(member_user)

    client.post("/fi/events/calendar/new/")
    token = PersonalCalendarToken.objects.active().get(user=member_user)
    client.post("/fi/events/calendar/revoke/")

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(token.get_absolute_url()).status_code == 404


def test_home_page_lists_upcoming_events_the_visitor_may_see(
    client, home_page, public_event, members_event, member_user
):
    text = page_text(client.get("/fi/"))
    assert public_event.title in text
    assert members_event.title not in text

    client.force_login(member_user)
    assert members_event.title in page_text(client.get("/fi/"))


# --- The index ------------------------------------------------------------------------


def test_index_filters_by_type_and_shows_an_empty_state(
    client, event_index, public_event
):
    EventPageFactory(
        parent=event_index, title="Verkostotapaaminen", event_type="network_meeting"
    )

    by_type = client.get(event_index.url, {"type": "network_meeting"})
    empty = client.get(event_index.url, {"type": "workshop"})

    assert [e.title for e in by_type.context["events"]] == ["Verkostotapaaminen"]
    assert fi(
        "No events match your choices. Try fewer filters or another time span."
    ) in page_text(empty)
    assert fi("Clear filters") in page_text(empty)


def test_index_lists_only_events_the_visitor_may_see(
    client, event_index, public_event, members_event
):
    response = client.get(event_index.url)

    assert [e.title for e in response.context["events"]] == [public_event.title]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Tuleva KOTO24", "Tuleva TE24 täynnä", "Tuleva ruotsiksi"]),
        ({"when": "past"}, ["Mennyt"]),
        ({"reform": "koto24"}, ["Tuleva KOTO24", "Tuleva ruotsiksi"]),
        ({"reform": "te24"}, ["Tuleva TE24 täynnä", "Tuleva ruotsiksi"]),
        (
            {"reform": "both"},
            ["Tuleva KOTO24", "Tuleva TE24 täynnä", "Tuleva ruotsiksi"],
        ),
        ({"reform": ""}, ["Tuleva KOTO24", "Tuleva TE24 täynnä", "Tuleva ruotsiksi"]),
        ({"language": "sv"}, ["Tuleva ruotsiksi"]),
        ({"language": "fi"}, ["Tuleva KOTO24", "Tuleva TE24 täynnä"]),
        ({"format": "on_site"}, ["Tuleva ruotsiksi"]),
        ({"free": "on"}, ["Tuleva KOTO24", "Tuleva ruotsiksi"]),
        ({"q": "ruotsi"}, ["Tuleva ruotsiksi"]),
        ({"theme": "viestinta"}, ["Tuleva KOTO24"]),
        ({"series": "te24-tuumaustunnit"}, ["Tuleva TE24 täynnä"]),
        ({"date_from": "2099-01-01"}, []),
    ],
    ids=[
        "default",
        "past",
        "reform-koto24",
        "reform-te24",
        "reform-both",
        "reform-empty",
        "language-sv",
        "language-fi",
        "format",
        "free",
        "q",
        "theme",
        "series",
        "date",
    ],
)
def test_index_filters(client, event_index, query, expected):
    from portal.models import Theme
    from tests.factories.events import EventSeriesFactory

    koto = EventPageFactory(parent=event_index, title="Tuleva KOTO24", reform="koto24")
    koto.themes.add(Theme.objects.get(slug="viestinta"))
    koto.save()
    full = EventPageFactory(
        parent=event_index,
        title="Tuleva TE24 täynnä",
        reform="te24",
        starts_at=in_days(8),
        ends_at=in_days(8) + datetime.timedelta(hours=1),
        capacity=1,
        series=EventSeriesFactory(slug="te24-tuumaustunnit"),
    )
    services.register_for_event(event=full, guest=guest(), answers={})
    EventPageFactory(
        parent=event_index,
        title="Tuleva ruotsiksi",
        reform="both",
        language="sv",
        format="on_site",
        place="Vasa",
        starts_at=in_days(9),
        ends_at=in_days(9) + datetime.timedelta(hours=1),
    )
    EventPageFactory(
        parent=event_index,
        title="Mennyt",
        starts_at=in_days(-9),
        ends_at=in_days(-9) + datetime.timedelta(hours=1),
    )

    response = client.get(event_index.url, query)

    assert response.status_code == 200
    assert [e.title for e in response.context["events"]] == expected


def test_reform_filter_offers_each_reform_once(client, event_index):
    EventPageFactory(parent=event_index)

    content = page_text(client.get(event_index.url))
    both_response = page_text(client.get(event_index.url, {"reform": "both"}))

    select = content.split('name="reform"')[1].split("</select>")[0]
    assert select.count("<option") == 3
    assert select.count(fi("Both reforms")) == 1
    assert 'value="both"' not in select
    assert fi("Clear filters") not in both_response


def test_language_filter_finds_the_events_of_every_language_tree(client, event_index):
    from tests.factories.portal import translate

    swedish_index = translate(event_index, "sv", slug="evenemang")
    EventPageFactory(parent=event_index, title="Suomeksi", language="fi")
    EventPageFactory(
        parent=swedish_index,
        title="Informationsmöte på svenska",
        language="sv",
        starts_at=in_days(8),
        ends_at=in_days(8) + datetime.timedelta(hours=1),
    )

    everything = client.get(event_index.url)
    swedish = client.get(event_index.url, {"language": "sv"})
    finnish = client.get(swedish_index.url, {"language": "fi"})

    assert [e.title for e in everything.context["events"]] == [
        "Suomeksi",
        "Informationsmöte på svenska",
    ]
    assert [e.title for e in swedish.context["events"]] == [
        "Informationsmöte på svenska"
    ]
    assert "/sv/evenemang/" in page_text(swedish)
    assert [e.title for e in finnish.context["events"]] == ["Suomeksi"]


def test_index_offers_a_webcal_subscription_and_the_address_to_copy(
    client, event_index, public_event
):
    plain = client.get(event_index.url)
    filtered = client.get(
        event_index.url, {"reform": "te24", "language": "sv", "q": "digi"}
    )

    assert plain.context["webcal_url"] == "webcal://testserver/fi/events/feed.ics"
    assert 'href="webcal://testserver/fi/events/feed.ics"' in page_text(plain)
    assert 'readonly value="http://testserver/fi/events/feed.ics"' in page_text(plain)
    assert filtered.context["feed_url"] == (
        "http://testserver/fi/events/feed.ics?reform=te24&language=sv"
    )
    assert filtered.context["webcal_url"].startswith("webcal://testserver/fi/events/")


def test_cached_cards_show_every_change_in_seats_and_series(client, event_index):
    from tests.factories.events import EventSeriesFactory

    series = EventSeriesFactory(name_fi="KOTO24 verkostotapaamiset")
    event = EventPageFactory(parent=event_index, capacity=2, series=series)
    seats = "%(counter)s seat left", "%(counter)s seats left"
    first = page_text(client.get(event_index.url))
    assert fi(*seats, count=2) in first
    assert "KOTO24 verkostotapaamiset" in first

    services.register_for_event(event=event, guest=guest(1), answers={})
    assert fi(*seats, count=1) in page_text(client.get(event_index.url))

    services.register_for_event(event=event, guest=guest(2), answers={})
    assert fi("Full") in page_text(client.get(event_index.url))

    series.name_fi = "KOTO24-verkosto"
    series.save()
    assert "KOTO24-verkosto" in page_text(client.get(event_index.url))


def test_cached_filter_form_follows_the_query_and_new_series(client, event_index):
    from tests.factories.events import EventSeriesFactory

    EventPageFactory(parent=event_index)
    plain = client.get(event_index.url).content.decode()
    assert 'value="te24" selected' not in plain

    chosen = client.get(event_index.url, {"reform": "te24", "page": "1"})
    assert 'value="te24" selected' in chosen.content.decode()
    assert 'value="te24" selected' not in client.get(event_index.url).content.decode()

    EventSeriesFactory(slug="uusi-sarja", name_fi="Uusi sarja")
    assert 'value="uusi-sarja"' in client.get(event_index.url).content.decode()

    invalid = client.get(event_index.url, {"date_from": "31.2.2027"})
    assert 'value="31.2.2027"' in invalid.content.decode()
    assert 'value="31.2.2027"' not in client.get(event_index.url).content.decode()


def test_an_index_query_without_filters_builds_no_filter_set(
    client, event_index, public_event, monkeypatch
):
    """No filter in the query string (a first visit, another page): the upcoming events
    and the same page as the filter set's, without one; the filter form is built only
    to render its fields when they are not cached."""
    from django.core.cache import cache

    from events.filters import EventFilterSet

    built = []
    real_init = EventFilterSet.__init__

    def counting_init(self, *args, **kwargs):
        built.append(args[0] if args else kwargs.get("data"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(EventFilterSet, "__init__", counting_init)
    client.get(event_index.url)  # the form's fields rendered (and cached)
    built.clear()

    plain = client.get(event_index.url)
    second_page = client.get(event_index.url, {"page": "1"})
    assert built == []
    cache.clear()
    fresh = client.get(event_index.url)
    assert len(built) == 1 and not built[0]  # only to render the form's fields
    filtered = client.get(event_index.url, {"when": "upcoming"})
    assert len(built) == 2

    titles = [[e.title for e in r.context["events"]] for r in (plain, filtered)]
    assert titles == [[public_event.title]] * 2
    assert [e.title for e in second_page.context["events"]] == [public_event.title]
    for response in (plain, fresh):
        html = page_text(response)
        assert 'name="q"' in html
        assert fi("Clear filters") not in html
        assert fi("Upcoming events") in html


def test_index_paginates(client, event_index):
    for n in range(event_index.PAGE_SIZE + 1):
        EventPageFactory(parent=event_index, starts_at=in_days(1 + n / 24))

    second = client.get(event_index.url, {"page": 2})

    assert len(second.context["events"]) == 1


@pytest.mark.parametrize("number", [None, "1", "2", "3", "99", "0", "-1", "abc", "2.0"])
def test_index_pages_are_those_of_djangos_paginator(client, event_index, number):
    """The page of cards carries the listing's total (one query instead of a COUNT and
    the rows); every page number, past the end or not a number, gives what
    `Paginator.get_page` gives."""
    from django.core.paginator import Paginator

    from events.cards import CARD_FIELDS

    for n in range(event_index.PAGE_SIZE * 2 + 3):
        EventPageFactory(parent=event_index, starts_at=in_days(1 + n / 24))
    query = {} if number is None else {"page": number}

    page = client.get(event_index.url, query).context["page_obj"]

    events = page.paginator.object_list
    expected = Paginator(events, event_index.PAGE_SIZE).get_page(number)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count == 43
    assert page.paginator.num_pages == 3
    assert [row.pk for row in page.object_list] == [row.pk for row in expected]
    assert set(CARD_FIELDS) <= set(page.object_list[0]._fields)


def listing_sql(client, url, query=None) -> tuple[int, list[str]]:
    """The total an index page shows and the SQL of its listing's rows and count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query or {})
    listing = [  # the page's rows (LIMIT) and a count, not the cards' pages
        sql
        for sql in (q["sql"] for q in context.captured_queries)
        if '"events_eventpage"' in sql and ("LIMIT" in sql or "COUNT(" in sql)
    ]
    return response.context["page_obj"].paginator.count, listing


def test_index_keeps_its_total_until_a_page_changes(client, event_index):
    """The listing's total is counted once, with the first page's rows, and kept: the
    next loads read only their page of rows, on any page. Publishing and unpublishing
    an event show on the next load (the layout version)."""
    events = [
        EventPageFactory(parent=event_index, starts_at=in_days(1 + n / 24))
        for n in range(event_index.PAGE_SIZE + 1)
    ]

    total, first = listing_sql(client, event_index.url)
    assert total == event_index.PAGE_SIZE + 1
    assert len(first) == 1 and "OVER" in first[0]
    for query in ({}, {"page": "2"}, {"page": "99"}):
        total, again = listing_sql(client, event_index.url, query)
        assert total == event_index.PAGE_SIZE + 1
        assert len(again) == 1 and "OVER" not in again[0] and "COUNT" not in again[0]
    assert len(client.get(event_index.url, {"page": "2"}).context["events"]) == 1

    EventPageFactory(parent=event_index, starts_at=in_days(5))
    assert listing_sql(client, event_index.url)[0] == event_index.PAGE_SIZE + 2
    events[0].unpublish()
    assert listing_sql(client, event_index.url)[0] == event_index.PAGE_SIZE + 1


def test_index_total_is_kept_until_the_soonest_listed_event_ends(
    client, event_index, monkeypatch
):
    """An ongoing event leaves the listing when it ends: the total is kept no longer
    than that (and for an hour at most when nothing ends sooner)."""
    import time

    now = timezone.now()
    EventPageFactory(
        parent=event_index,
        title="Käynnissä",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(minutes=20),
    )
    EventPageFactory(parent=event_index, title="Huomenna", starts_at=in_days(1))
    assert listing_sql(client, event_index.url)[0] == 2
    assert listing_sql(client, event_index.url)[1][0].count("OVER") == 0

    later = now + datetime.timedelta(minutes=21)
    real_time = time.time
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: real_time() + 21 * 60)
    total, listing = listing_sql(client, event_index.url)
    assert total == 1
    assert "OVER" in listing[0]
    assert [e.title for e in client.get(event_index.url).context["events"]] == [
        "Huomenna"
    ]


@pytest.mark.parametrize(
    ("changes_in", "timeout"),
    [(datetime.timedelta(minutes=20), 1200), (datetime.timedelta(hours=5), 3600)],
)
def test_a_kept_total_expires_when_the_soonest_event_ends(
    monkeypatch, changes_in, timeout
):
    from django.core.cache import cache

    stored = []
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: stored.append(kwargs))
    now = timezone.now()

    views.keep_listing_total("key", 3, now=now, changes_at=now + changes_in)
    views.keep_listing_total("key", 0, now=now, changes_at=None)
    views.keep_listing_total("key", 3, now=now, changes_at=now)
    views.keep_listing_total("", 3, now=now, changes_at=now + changes_in)

    assert stored == [{"timeout": timeout}, {"timeout": views.LISTING_TOTAL_TIMEOUT}]


def test_index_totals_are_kept_per_audience_and_filter(
    client, event_index, member_user
):
    from portal.access import Audience

    EventPageFactory(parent=event_index, reform="koto24")
    EventPageFactory(parent=event_index, reform="te24", audience=Audience.MEMBERS)

    assert listing_sql(client, event_index.url)[0] == 1
    assert listing_sql(client, event_index.url, {"reform": "te24"})[0] == 0
    client.force_login(member_user)
    assert listing_sql(client, event_index.url)[0] == 2
    assert listing_sql(client, event_index.url, {"reform": "te24"})[0] == 1
    assert listing_sql(client, event_index.url, {"reform": "koto24"})[0] == 1


def test_index_counts_free_seats_and_past_events_every_time(client, event_index):
    """With "only events with free seats" the total changes with registrations, and
    with past events as events end: neither is kept."""
    event = EventPageFactory(parent=event_index, capacity=1)
    EventPageFactory(
        parent=event_index, starts_at=in_days(-3), ends_at=in_days(-3) + HOUR
    )
    free = {"free": "on"}
    assert listing_sql(client, event_index.url, free)[0] == 1

    services.register_for_event(event=event, guest=guest(), answers={})

    total, listing = listing_sql(client, event_index.url, free)
    assert total == 0
    assert listing  # counted again
    for _ in range(2):
        total, listing = listing_sql(client, event_index.url, {"when": "past"})
        assert total == 1 and "OVER" in listing[0]


def test_my_account_page_shows_my_registrations(client, member_user, public_event):
    services.register_for_event(event=public_event, user=member_user, answers={})
    client.force_login(member_user)

    text = page_text(client.get("/fi/network/account/"))

    assert fi("My registrations") in text
    assert public_event.title in text


def test_registration_form_selects_the_profile_municipality(
    client, member_user, public_event
):
    client.force_login(member_user)

    text = page_text(client.get(public_event.url))

    assert (
        f'<option value="{municipality("091").pk}" selected>Helsinki</option>' in text
    )


def test_municipality_select_escapes_names_and_marks_the_choice(rf):
    from events.forms import QuickSelect

    widget = QuickSelect(
        choices=[("", "Ei kunta"), (7, 'Kylä <b>"&"</b>'), (8, "Oulu")]
    )
    html = widget.render("municipality", 8, attrs={"id": "id_municipality"})
    assert html == (
        '<select id="id_municipality" name="municipality">'
        '<option value="">Ei kunta</option>'
        '<option value="7">Kylä &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;</option>'
        '<option value="8" selected>Oulu</option></select>'
    )


@pytest.mark.parametrize(
    ("language", "field", "name"),
    [("fi", "name_fi", "Helsinki"), ("sv", "name_sv", "Helsingfors")],
)
def test_municipality_field_checks_the_choice_against_the_cached_list(
    django_assert_num_queries, language, field, name
):
    """A posted municipality is checked without a query; its other fields load when read."""
    from events.forms import MunicipalityField

    chosen = municipality("091")
    form_field = MunicipalityField(required=False)
    with translation.override(language):
        form_field.clean(str(chosen.pk))  # warms the cached list
        with django_assert_num_queries(0):
            cleaned = form_field.clean(str(chosen.pk))
            assert (cleaned.pk, cleaned.code, getattr(cleaned, field)) == (
                chosen.pk,
                "091",
                name,
            )
        assert cleaned.wellbeing_county == chosen.wellbeing_county
        assert form_field.clean("") is None


@pytest.mark.parametrize("value", ["999999", "kunta", "1.5", "-1"])
def test_municipality_field_refuses_an_unknown_choice_in_finnish(value):
    from django.core.exceptions import ValidationError

    from events.forms import MunicipalityField

    municipality("091")
    form_field = MunicipalityField(required=False)
    with translation.override("fi"), pytest.raises(ValidationError) as raised:
        form_field.clean(value)
    assert raised.value.code == "invalid_choice"
    with translation.override("fi"):
        message = str(raised.value.messages[0])
    assert message.startswith("Valitse")
