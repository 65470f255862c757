"""The office's inbox in the admin: the listing with filters, counts and the age
warning, the request's page and every action on it, the export, and the FAQ draft."""

import csv
import datetime
import io

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from asks import services
from asks.models import Request, RequestEvent
from tests.factories.asks import RequestFactory, request_by
from tests.factories.materials import ExpertFactory, FaqPageFactory

State = Request.State


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def listed(response) -> list[str]:
    """The subjects in the listing (each title cell's first link)."""
    return [
        cell.select_one("a").get_text(strip=True)
        for cell in soup(response).select("td.title")
    ]


@pytest.fixture
def handler(client, staff_user):
    client.force_login(staff_user)
    return staff_user


def test_menu_counts_the_open_requests_by_state(client, handler, member_user):
    RequestFactory.create_batch(3)
    request_by(member_user, state=State.ASSIGNED)
    request_by(member_user, state=State.CLOSED)
    page = client.get("/admin/").content.decode()
    assert "Requests (3 new, 1 assigned, 0 waiting)" in page or (
        "(3 uutta, 1 osoitettu, 0 odottaa)" in page
    )


def test_inbox_lists_and_filters(client, handler, member_user):
    legal = request_by(member_user, kind=Request.Kind.LEGAL, subject="Tulkkaus")
    RequestFactory(subject="Yleinen")
    response = client.get("/admin/requests/?kind=legal")
    assert response.status_code == 200
    titles = listed(response)
    assert titles == [legal.subject]


def test_open_filter_and_municipality_filter(client, handler, member_user):
    request_by(member_user, subject="Auki")
    request_by(member_user, subject="Suljettu", state=State.CLOSED)
    response = client.get(
        "/admin/requests/?is_open=true"
        f"&municipality={member_user.profile.municipality.pk}"
    )
    titles = listed(response)
    assert titles == ["Auki"]


def test_age_warning_in_working_days(client, handler, member_user, settings):
    settings.PORTAL_REQUESTS_WARNING_WORKING_DAYS = 3
    old = timezone.now() - datetime.timedelta(days=21)
    late = request_by(member_user, subject="Vanha", created_at=old, updated_at=old)
    request_by(member_user, subject="Tuore")
    response = client.get("/admin/requests/?age=overdue")
    titles = listed(response)
    assert titles == ["Vanha"]
    inspect = client.get(f"/admin/requests/{late.pk}/").content.decode()
    assert "help-warning" in inspect


def test_inbox_queries_are_bounded_with_ten_thousand_requests(
    client, handler, member_user, django_assert_max_num_queries
):
    expert = ExpertFactory()
    municipality = member_user.profile.municipality
    now = timezone.now()
    Request.objects.bulk_create(
        Request(
            kind=Request.Kind.values[number % 4],
            state=Request.State.values[number % 8],
            decline_reason="Syy",
            subject=f"Pyyntö {number}",
            body="Kuvaus",
            name="Kysyjä",
            email=f"k{number}@example.org",
            municipality=municipality,
            assigned_user=handler if number % 3 == 0 else None,
            assigned_expert=expert if number % 5 == 0 else None,
            requester=member_user if number % 7 == 0 else None,
            created_at=now - datetime.timedelta(hours=number),
            updated_at=now - datetime.timedelta(hours=number),
        )
        for number in range(10_000)
    )
    with django_assert_max_num_queries(45):
        response = client.get("/admin/requests/?is_open=true")
    assert response.status_code == 200
    assert len(listed(response)) == 50
    with django_assert_max_num_queries(45):
        response = client.get("/admin/requests/?kind=legal&age=5&p=3")
    assert response.status_code == 200


def test_inspect_shows_thread_notes_and_history(client, handler, member_user):
    request = request_by(member_user, subject="Kysymys tulkkauksesta")
    services.add_note(request=request, by=handler, body="Sisäinen huomio")
    services.reply_to_request(request=request, by=handler, body="Selvitämme")
    response = client.get(f"/admin/requests/{request.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sisäinen huomio" in page
    assert "Selvitämme" in page
    assert f"/admin/requests/{request.pk}/reply/" in page


@pytest.mark.parametrize(
    ("outcome", "state"),
    [
        ("reply", State.NEW),
        ("ask", State.WAITING),
        ("answer", State.ANSWERED),
    ],
)
def test_reply_from_the_admin(client, handler, member_user, outbox, outcome, state):
    request = request_by(member_user, language="sv")
    response = client.post(
        f"/admin/requests/{request.pk}/reply/",
        {"body": "Svar från kansliet", "outcome": outcome},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == state
    assert request.messages.get().body == "Svar från kansliet"
    assert outbox.last().to == member_user.email
    assert "Svar från kansliet" in outbox.last().body_text


def test_accept_a_speaker_request(client, handler, member_user):
    request = request_by(member_user, kind=Request.Kind.SPEAKER)
    client.post(
        f"/admin/requests/{request.pk}/reply/",
        {"body": "Tulemme mielellämme", "outcome": "accept"},
    )
    request.refresh_from_db()
    assert request.state == State.ACCEPTED


def test_a_question_cannot_be_accepted(client, handler, member_user):
    request = request_by(member_user)
    client.post(
        f"/admin/requests/{request.pk}/reply/", {"body": "x", "outcome": "accept"}
    )
    request.refresh_from_db()
    assert request.state == State.NEW


def test_assign_decline_note_and_close(client, handler, member_user):
    expert = ExpertFactory()
    request = request_by(member_user)
    client.post(
        f"/admin/requests/{request.pk}/assign/",
        {"user": handler.pk, "expert": expert.pk},
    )
    request.refresh_from_db()
    assert (request.state, request.assigned_user, request.assigned_expert) == (
        State.ASSIGNED,
        handler,
        expert,
    )
    client.post(f"/admin/requests/{request.pk}/note/", {"body": "Muistiin"})
    assert request.notes.get().body == "Muistiin"
    client.post(f"/admin/requests/{request.pk}/decline/", {"reason": ""})
    request.refresh_from_db()
    assert request.state == State.ASSIGNED  # a reason is required
    client.post(f"/admin/requests/{request.pk}/decline/", {"reason": "Ei meille"})
    request.refresh_from_db()
    assert (request.state, request.decline_reason) == (State.DECLINED, "Ei meille")
    client.post(f"/admin/requests/{request.pk}/close/")
    request.refresh_from_db()
    assert request.state == State.CLOSED
    assert [event.actor for event in request.events.all()] == [handler] * 4


def test_only_handlers_can_be_assigned(client, handler, member_user):
    request = request_by(member_user)
    client.post(f"/admin/requests/{request.pk}/assign/", {"user": member_user.pk})
    request.refresh_from_db()
    assert request.state == State.NEW


def test_export_neutralises_formulas(client, handler, member_user):
    request_by(member_user, subject='=HYPERLINK("http://evil.example")')
    response = client.get("/admin/requests/?export=csv")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)


def test_answered_question_with_consent_becomes_a_faq_draft(
    client, handler, member_user, home_page, themes
):
    faq = FaqPageFactory(parent=home_page)
    live_sections = faq.sections.get_prep_value()
    request = request_by(
        member_user,
        subject="Määräaika?",
        theme=themes["kotoutumissuunnitelma"],
        may_publish=True,
    )
    services.answer_request(request=request, by=handler, body="Vastaus\n\nToinen")
    inspect = soup(client.get(f"/admin/requests/{request.pk}/"))
    assert inspect.select_one('textarea[name="answer"]').get_text().strip() == (
        "Vastaus\n\nToinen"
    )
    response = client.post(
        f"/admin/requests/{request.pk}/faq/",
        {"faq_page": faq.pk, "question": "Onko määräaikaa?", "answer": "Vastaus"},
    )
    assert response.status_code == 302
    faq.refresh_from_db()
    assert faq.sections.get_prep_value() == live_sections  # the live page is unchanged
    assert faq.has_unpublished_changes
    draft = faq.get_latest_revision_as_object()
    [section] = [
        block
        for block in draft.sections
        if block.value["theme"] == themes["kotoutumissuunnitelma"]
    ]
    questions = [item["question"] for item in section.value["questions"]]
    assert "Onko määräaikaa?" in questions
    text = str(draft.sections.get_prep_value())
    assert member_user.email not in text
    assert member_user.get_full_name() not in text
    request.refresh_from_db()
    assert request.faq_page_id == faq.pk
    assert request.events.last().action == RequestEvent.Action.FAQ_DRAFTED


def test_no_faq_draft_without_consent(client, handler, member_user, home_page):
    faq = FaqPageFactory(parent=home_page)
    request = request_by(member_user, may_publish=False)
    services.answer_request(request=request, by=handler, body="Vastaus")
    assert not soup(client.get(f"/admin/requests/{request.pk}/")).select(
        'textarea[name="answer"]'
    )
    client.post(
        f"/admin/requests/{request.pk}/faq/",
        {"faq_page": faq.pk, "question": "K", "answer": "V"},
    )
    faq.refresh_from_db()
    assert not faq.has_unpublished_changes


def test_accepted_speaker_request_becomes_a_draft_event_page(
    client, handler, member_user, home_page, themes
):
    from events.models import EventPage
    from materials.services import expert_responsibilities
    from tests.factories.events import EventIndexPageFactory

    index = EventIndexPageFactory(parent=home_page)
    expert = ExpertFactory(name="Henna Asiantuntija")
    request = request_by(
        member_user,
        kind=Request.Kind.SPEAKER,
        subject="Kotoutumisohjelma valtuustoseminaarissa",
        theme=themes["kotoutumisohjelma"],
        reform="koto24",
        details={
            "event_date": "2027-03-04",
            "starts_at": "17:00",
            "ends_at": "19:00",
            "event_format": "on_site",
            "place": "Kaupungintalo",
            "event_language": "fi",
            "in_calendar": True,
        },
    )
    services.assign_request(request=request, by=handler, expert=expert)
    services.accept_request(request=request, by=handler, body="Tulemme")
    inspect = soup(client.get(f"/admin/requests/{request.pk}/"))
    assert inspect.select_one(f'form[action="/admin/requests/{request.pk}/event/"]')
    response = client.post(
        f"/admin/requests/{request.pk}/event/", {"event_index": index.pk}
    )
    assert response.status_code == 302
    page = EventPage.objects.get()
    assert not page.live
    assert page.get_parent().pk == index.pk
    assert page.title == "Kotoutumisohjelma valtuustoseminaarissa"
    assert timezone.localtime(page.starts_at).strftime("%d.%m.%Y %H:%M") == (
        "04.03.2027 17:00"
    )
    assert page.place == "Kaupungintalo"
    assert [block.value for block in page.speakers] == [expert]
    assert list(page.themes.all()) == [themes["kotoutumisohjelma"]]
    request.refresh_from_db()
    assert request.event_page_id == page.pk
    # Once an editor publishes it, the expert's page lists it.
    page.save_revision(user=handler).publish()
    found = expert_responsibilities(expert=expert, user=member_user, locale=page.locale)
    assert [p.pk for group in found.other_pages for p in group.pages] == [page.pk]
    # One event per request.
    client.post(f"/admin/requests/{request.pk}/event/", {"event_index": index.pk})
    assert EventPage.objects.count() == 1


def test_no_event_page_without_the_municipalitys_wish(client, handler, member_user):
    request = request_by(
        member_user,
        kind=Request.Kind.SPEAKER,
        details={"event_date": "2027-03-04", "in_calendar": False},
    )
    services.accept_request(request=request, by=handler)
    assert not soup(client.get(f"/admin/requests/{request.pk}/")).select(
        f'form[action="/admin/requests/{request.pk}/event/"]'
    )
    assert not services.can_become_event(Request.objects.get(pk=request.pk))


def test_answered_question_with_consent_becomes_a_forum_topic(
    client, handler, member_user
):
    from forums.models import Topic
    from tests.factories.forums import CategoryFactory

    category = CategoryFactory()
    request = request_by(member_user, subject="Tulkkaus?", may_publish=True)
    services.answer_request(request=request, by=handler, body="Järjestäkää tulkkaus.")
    inspect = soup(client.get(f"/admin/requests/{request.pk}/"))
    assert "Järjestäkää tulkkaus." in inspect.select_one('textarea[name="body"]').text
    response = client.post(
        f"/admin/requests/{request.pk}/forum/",
        {"category": category.pk, "title": "Tulkkaus alkukartoituksessa", "body": "K?"},
    )
    assert response.status_code == 302
    topic = Topic.objects.get()
    assert (topic.title, topic.author, topic.category) == (
        "Tulkkaus alkukartoituksessa",
        handler,
        category,
    )
    request.refresh_from_db()
    assert request.forum_topic == topic
    assert request.events.last().action == RequestEvent.Action.FORUM_POSTED
    # Once only.
    client.post(
        f"/admin/requests/{request.pk}/forum/",
        {"category": category.pk, "title": "Toinen", "body": "K?"},
    )
    assert Topic.objects.count() == 1


def test_no_forum_topic_without_consent(client, handler, member_user):
    from tests.factories.forums import CategoryFactory

    category = CategoryFactory()
    request = request_by(member_user, may_publish=False)
    services.answer_request(request=request, by=handler, body="V")
    response = client.post(
        f"/admin/requests/{request.pk}/forum/",
        {"category": category.pk, "title": "T", "body": "K?"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.forum_topic is None
