"""Staff tooling: services for handling registrations and the Wagtail admin views."""

import csv
import datetime
import io
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail.models import ModelLogEntry

import pytest
from openpyxl import load_workbook

from events import services
from events.exceptions import (
    AlreadyRegistered,
    AttendanceNotOpen,
    EventCancelled,
    EventFull,
    EventOver,
    RegistrationNotActive,
)
from events.models import EventMessage, Registration
from events.models.archived import registration_breakdowns
from tests.factories.events import EventPageFactory, in_days
from tests.factories.network import municipality

pytestmark = pytest.mark.django_db

Status = Registration.Status


def guest(n: int = 1, **fields) -> services.RegistrantDetails:
    return services.RegistrantDetails(
        name=f"Vieras {n}", email=f"vieras{n}@example.com", **fields
    )


@pytest.fixture
def full_event(event_index):
    event = EventPageFactory(parent=event_index, title="Täysi tuumaustunti", capacity=2)
    for n in (1, 2, 3):
        services.register_for_event(event=event, guest=guest(n), answers={})
    return event


@pytest.fixture
def held_event(event_index):
    """An event that took place two days ago, with three confirmed and one pending."""
    event = EventPageFactory(
        parent=event_index,
        title="Pidetty tuumaustunti",
        starts_at=in_days(-2),
        ends_at=in_days(-2) + datetime.timedelta(hours=1),
    )
    for n in (1, 2, 3):
        services.register_for_event(
            event=event, guest=guest(n), answers={}, now=in_days(-5)
        )
    return event


def registration(event, n) -> Registration:
    return Registration.objects.get(event=event, email=f"vieras{n}@example.com")


# --- Services --------------------------------------------------------------------------


def test_staff_add_a_person_after_registration_closed_and_it_is_logged(
    event_index, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    event = EventPageFactory(parent=event_index, registration_closes_at=in_days(-1))

    with django_capture_on_commit_callbacks(execute=True):
        added = services.add_registration(event=event, details=guest(), by=staff_user)

    assert (added.status, added.added_by) == (Status.CONFIRMED, staff_user)
    assert ModelLogEntry.objects.filter(
        action=services.ACTION_ADD, object_id=str(added.pk)
    ).exists()
    assert mailoutbox[0].to == ["vieras1@example.com"]


def test_staff_add_goes_to_the_waitlist_when_full_and_refuses_duplicates(
    full_event, staff_user
):
    added = services.add_registration(event=full_event, details=guest(4), by=staff_user)

    assert added.status == Status.WAITLISTED
    with pytest.raises(AlreadyRegistered):
        services.add_registration(event=full_event, details=guest(4), by=staff_user)


def test_moving_to_the_waitlist_frees_a_seat_that_staff_then_fill(
    full_event, staff_user
):
    services.move_to_waitlist(registration=registration(full_event, 1), by=staff_user)
    assert registration(full_event, 3).status == Status.WAITLISTED  # nobody promoted

    services.confirm_registration(
        registration=registration(full_event, 3), by=staff_user
    )

    assert registration(full_event, 1).status == Status.WAITLISTED
    assert registration(full_event, 3).status == Status.CONFIRMED
    with pytest.raises(EventFull):
        services.confirm_registration(
            registration=registration(full_event, 1), by=staff_user
        )


def test_confirming_someone_not_on_the_waitlist_raises(full_event, staff_user):
    with pytest.raises(RegistrationNotActive):
        services.confirm_registration(
            registration=registration(full_event, 1), by=staff_user
        )


def test_staff_cancel_after_the_start_promotes_nobody_but_cancels(
    full_event, staff_user
):
    during = full_event.starts_at + datetime.timedelta(minutes=5)

    services.cancel_registration_by_staff(
        registration=registration(full_event, 1), by=staff_user, now=during
    )

    assert registration(full_event, 1).status == Status.CANCELLED
    assert registration(full_event, 3).status == Status.WAITLISTED


def test_record_attendance_counts_changes_once(held_event, staff_user):
    people = [registration(held_event, 1), registration(held_event, 2)]

    assert (
        services.record_attendance(event=held_event, attended=people, by=staff_user)
        == 2
    )
    assert (
        services.record_attendance(event=held_event, attended=people, by=staff_user)
        == 0
    )
    services.clear_attendance(registration=people[0], by=staff_user)
    assert list(Registration.objects.attended().values_list("email", flat=True)) == [
        "vieras2@example.com"
    ]


def test_attendance_is_refused_before_the_start_and_for_a_cancelled_event(
    full_event, staff_user
):
    people = [registration(full_event, 1)]
    just_before = full_event.starts_at - datetime.timedelta(minutes=1)

    with pytest.raises(AttendanceNotOpen):
        services.record_attendance(
            event=full_event, attended=people, by=staff_user, now=just_before
        )
    assert not Registration.objects.attended().exists()
    assert (
        services.record_attendance(
            event=full_event, attended=people, by=staff_user, now=full_event.starts_at
        )
        == 1
    )

    full_event.is_cancelled = True
    full_event.cancellation_reason = "Peruttu"
    with pytest.raises(EventCancelled):
        services.record_attendance(
            event=full_event,
            attended=[registration(full_event, 2)],
            by=staff_user,
            now=full_event.ends_at,
        )


def test_seats_are_not_given_moved_or_approved_after_the_event(event_index, staff_user):
    event = EventPageFactory(
        parent=event_index,
        requires_approval=True,
        capacity=1,
        starts_at=in_days(-2),
        ends_at=in_days(-2) + datetime.timedelta(hours=1),
    )
    before = in_days(-5)
    pending = services.register_for_event(
        event=event, guest=guest(1), answers={}, now=before
    )
    waitlisted = services.register_for_event(
        event=event, guest=guest(2), answers={}, now=before
    )

    for change, person in [
        (services.approve_registration, pending),
        (services.move_to_waitlist, pending),
        (services.confirm_registration, waitlisted),
    ]:
        with pytest.raises(EventOver):
            change(registration=person, by=staff_user)

    assert registration(event, 1).status == Status.PENDING
    assert registration(event, 2).status == Status.WAITLISTED


def test_staff_add_after_the_event_records_a_participant_without_mail(
    event_index, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    event = EventPageFactory(
        parent=event_index,
        capacity=1,
        has_waitlist=False,
        starts_at=in_days(-2),
        ends_at=in_days(-2) + datetime.timedelta(hours=1),
    )
    services.register_for_event(
        event=event, guest=guest(1), answers={}, now=in_days(-5)
    )

    with django_capture_on_commit_callbacks(execute=True):
        added = services.add_registration(event=event, details=guest(2), by=staff_user)
    services.record_attendance(event=event, attended=[added], by=staff_user)

    assert (added.status, added.added_by) == (Status.CONFIRMED, staff_user)
    assert registration(event, 2).has_attended
    assert mailoutbox == []


def test_coverage_columns_count_registrations_and_attendance_by_municipality(
    public_event, staff_user
):
    from network.coverage import extra_columns

    helsinki, oulu = municipality("091"), municipality("564")
    for n, place in [(1, helsinki), (2, helsinki), (3, oulu)]:
        services.register_for_event(
            event=public_event, guest=guest(n, municipality=place), answers={}
        )
    services.record_attendance(
        event=public_event,
        attended=[registration(public_event, 3)],
        by=staff_user,
        now=public_event.starts_at,
    )
    columns = {column.key: column for column in extra_columns()}

    assert columns["events_registered"].counts() == {helsinki.pk: 2, oulu.pk: 1}
    assert columns["events_attended"].counts() == {oulu.pk: 1}


# --- Admin views -------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_report_lists_events_with_their_counts_and_exports(staff_client, full_event):
    response = staff_client.get("/admin/events/")
    assert response.status_code == 200
    assert "Täysi tuumaustunti" in response.content.decode()

    export = staff_client.get("/admin/events/", {"export": "csv"})
    assert export.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    [row] = [row for row in rows if row[0] == "Täysi tuumaustunti"]
    starts = timezone.localtime(full_event.starts_at).strftime("%Y-%m-%d %H:%M")
    assert row[1] == starts


def test_report_writes_out_the_start_of_future_events(staff_client, full_event):
    """Wagtail's date column says "just now" of every time in the future."""
    from bs4 import BeautifulSoup

    from portal import dates

    staff_client.cookies["django_language"] = "fi"
    response = staff_client.get("/admin/events/")
    cell = BeautifulSoup(response.content, "html.parser").find(
        "time", datetime=dates.iso_datetime(full_event.starts_at)
    )
    assert cell is not None
    assert cell.get_text() == dates.format_datetime(
        full_event.starts_at, language=response.wsgi_request.LANGUAGE_CODE
    )
    assert "Juuri nyt" not in response.content.decode()
    assert "Just now" not in response.content.decode()


def test_event_page_shows_summary_breakdowns_and_actions(staff_client, full_event):
    response = staff_client.get(f"/admin/events/{full_event.pk}/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "vieras3@example.com" in text
    assert f"/admin/events/{full_event.pk}/registrations/" in text
    assert response.context["event"].confirmed_count == 2


def test_staff_action_buttons_change_registrations(staff_client, full_event):
    first = registration(full_event, 1)

    response = staff_client.post(
        f"/admin/events/{full_event.pk}/registrations/{first.pk}/cancel/"
    )

    assert response.status_code == 302
    assert registration(full_event, 1).status == Status.CANCELLED
    assert registration(full_event, 3).status == Status.CONFIRMED
    staff_client.post(
        f"/admin/events/{full_event.pk}/registrations/{first.pk}/explode/"
    )
    assert registration(full_event, 2).status == Status.CONFIRMED


def test_staff_reject_with_a_reason(staff_client, event_index):
    event = EventPageFactory(parent=event_index, requires_approval=True)
    pending = services.register_for_event(event=event, guest=guest(), answers={})

    response = staff_client.post(
        f"/admin/events/{event.pk}/registrations/{pending.pk}/reject/",
        {"reason": "Tilaisuus on vain kunnille."},
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decision_reason) == (
        Status.REJECTED,
        "Tilaisuus on vain kunnille.",
    )


def test_reject_page_asks_for_the_reason_in_the_registrants_language(
    staff_client, event_index, django_capture_on_commit_callbacks, mailoutbox
):
    from django.utils import translation

    event = EventPageFactory(parent=event_index, requires_approval=True)
    pending = services.register_for_event(
        event=event, guest=guest(language="sv"), answers={}
    )
    url = f"/admin/events/{event.pk}/registrations/{pending.pk}/reject/"

    page = staff_client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"reason": "Evenemanget är endast för kommuner."})

    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        swedish = str(translation.get_language_info("sv")["name_translated"])
    assert f"{swedish}." in page.content.decode()
    assert 'lang="sv"' in page.content.decode()
    [mail] = [m for m in mailoutbox if "Evenemanget är endast" in m.body]
    assert mail.to == ["vieras1@example.com"]
    assert mail.subject.startswith("Anmälan godkändes inte")
    assert "Evenemanget är endast för kommuner." in mail.alternatives[0].content


def test_staff_add_by_hand_through_the_form(staff_client, public_event):
    response = staff_client.post(
        f"/admin/events/{public_event.pk}/",
        {
            "name": "Puhelimella Ilmoittautunut",
            "email": "puhelin@example.com",
            "organisation": "",
            "municipality": municipality("091").pk,
            "language": "sv",
        },
    )

    assert response.status_code == 302
    added = Registration.objects.get(email="puhelin@example.com")
    assert (added.language, added.municipality.code) == ("sv", "091")


def test_export_has_answers_and_neutralises_formulas(staff_client, event_index):
    event = EventPageFactory(
        parent=event_index,
        slug="kysymyksin",
        registration_questions=[
            ("short_text", {"label": "Kysymys", "help_text": "", "required": False})
        ],
    )
    question_id = event.registration_questions[0].id
    services.register_for_event(
        event=event,
        guest=services.RegistrantDetails(name="=HYPERLINK(1)", email="a@example.com"),
        answers={question_id: "@SUM(A1)"},
    )

    response = staff_client.get(f"/admin/events/{event.pk}/export/csv/")
    csv_text = response.content.decode()
    xlsx = staff_client.get(f"/admin/events/{event.pk}/export/xlsx/")
    sheet = load_workbook(BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.values)

    assert "'=HYPERLINK(1)" in csv_text
    assert "'@SUM(A1)" in csv_text
    assert rows[0][-1] == "Kysymys"
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][-1] == "'@SUM(A1)"


def test_registrations_export_shows_yes_no_and_local_minutes(
    staff_client, held_event, staff_user
):
    from django.utils import translation

    services.record_attendance(
        event=held_event, attended=[registration(held_event, 1)], by=staff_user
    )
    Registration.objects.filter(event=held_event).update(
        created_at=datetime.datetime(2027, 5, 4, 7, 30, 15, 999, tzinfo=datetime.UTC)
    )

    response = staff_client.get(f"/admin/events/{held_event.pk}/export/csv/")
    xlsx = staff_client.get(f"/admin/events/{held_event.pk}/export/xlsx/")

    assert response.content.startswith(b"\xef\xbb\xbf")
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        yes, no = translation.gettext("Yes"), translation.gettext("No")
    attended = header.index(header[7])
    assert [row[attended] for row in rows] == [yes, no, no]
    assert {row[6] for row in rows} == {"2027-05-04 10:30"}
    assert "False" not in response.content.decode()
    sheet = load_workbook(BytesIO(b"".join(xlsx.streaming_content))).active
    first = next(sheet.iter_rows(min_row=2))
    assert first[6].value == datetime.datetime(2027, 5, 4, 10, 30)
    assert first[7].value == yes


def test_attendance_import_previews_then_records(staff_client, held_event):
    full_event = held_event
    report = (
        "Name\tEmail\nVieras 1\tVIERAS1@example.com\nTuntematon\tx@example.com\n"
    ).encode("utf-16")

    preview = staff_client.post(
        f"/admin/events/{full_event.pk}/attendance/",
        {"report": SimpleUploadedFile("attendance.csv", report, "text/csv")},
    )

    assert preview.status_code == 200
    assert [r.email for r in preview.context["match"].matched] == [
        "vieras1@example.com"
    ]
    assert "x@example.com" in preview.content.decode()
    assert not Registration.objects.attended().exists()

    first = registration(full_event, 1)
    response = staff_client.post(
        f"/admin/events/{full_event.pk}/attendance/",
        {"confirm": "1", "registrations": [first.pk]},
    )

    assert response.status_code == 302
    assert list(Registration.objects.attended()) == [first]


def test_attendance_import_is_refused_with_a_message_before_the_event(
    staff_client, full_event
):
    from django.utils import translation

    report = "Name\tEmail\nVieras 1\tvieras1@example.com\n".encode("utf-16")
    url = f"/admin/events/{full_event.pk}/attendance/"

    page = staff_client.get(url)
    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        message = str(AttendanceNotOpen.message)
    upload = staff_client.post(
        url, {"report": SimpleUploadedFile("attendance.csv", report, "text/csv")}
    )
    confirm = staff_client.post(
        url, {"confirm": "1", "registrations": [registration(full_event, 1).pk]}
    )
    button = staff_client.post(
        f"/admin/events/{full_event.pk}/registrations/"
        f"{registration(full_event, 1).pk}/attended/",
        follow=True,
    )
    event_page = staff_client.get(f"/admin/events/{full_event.pk}/").content.decode()

    assert page.status_code == 200
    assert message in page.content.decode()
    assert 'type="file"' not in page.content.decode()
    assert (upload.status_code, confirm.status_code) == (409, 409)
    assert message in button.content.decode()
    assert not Registration.objects.attended().exists()
    assert url not in event_page
    assert "/attended/" not in event_page


def test_event_page_offers_no_seat_changes_after_the_event(staff_client, held_event):
    text = staff_client.get(f"/admin/events/{held_event.pk}/").content.decode()

    assert "/confirm/" not in text
    assert "/waitlist/" not in text
    assert "/attended/" in text
    assert f"/admin/events/{held_event.pk}/attendance/" in text


def test_attendance_import_refuses_other_files(staff_client, held_event):
    full_event = held_event
    response = staff_client.post(
        f"/admin/events/{full_event.pk}/attendance/",
        {"report": SimpleUploadedFile("kuva.png", b"\x89PNG\r\n", "image/png")},
    )

    assert response.status_code == 400


def test_message_form_sends_one_mail_per_registrant(
    staff_client, full_event, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/admin/events/{full_event.pk}/message/",
            {
                "statuses": ["confirmed", "waitlisted"],
                "subject": "Muutos ohjelmaan",
                "body": "Aloitamme 15 minuuttia myöhemmin.",
            },
        )

    assert response.status_code == 302
    assert EventMessage.objects.get().recipient_count == 3
    assert len(mailoutbox) == 3
    assert {tuple(mail.to) for mail in mailoutbox} == {
        ("vieras1@example.com",),
        ("vieras2@example.com",),
        ("vieras3@example.com",),
    }
    # Written by a person of the office, so not marked as automatic (RFC 3834).
    assert all("Auto-Submitted" not in mail.extra_headers for mail in mailoutbox)


def test_event_editor_shows_a_registrations_button(staff_client, full_event):
    response = staff_client.get(f"/admin/pages/{full_event.pk}/edit/")

    assert f"/admin/events/{full_event.pk}/" in response.content.decode()


# --- The list of one event's registrations ------------------------------------------------


def fill(event, count: int) -> None:
    """`count` registrations in one insert: ten confirmed, then waitlisted, cancelled and
    pending in turn; written newest first with pairs sharing a time, so that the primary
    key order is not the registration order and the key breaks the ties."""
    statuses = [Status.WAITLISTED, Status.CANCELLED, Status.WAITLISTED, Status.PENDING]
    start = timezone.now() - datetime.timedelta(days=10)
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Henkilö {n}",
            email=f"henkilo{n}@example.com",
            status=Status.CONFIRMED if n < 10 else statuses[n % len(statuses)],
            created_at=start + datetime.timedelta(minutes=n // 2),
        )
        for n in reversed(range(count))
    )
    services.recount_seats(event_ids=[event.pk])


@pytest.fixture
def crowded_event(event_index):
    return EventPageFactory(parent=event_index, title="Suosittu webinaari", capacity=10)


def listed(response) -> list[Registration]:
    assert response.status_code == 200
    return response.context["registrations"]


def test_registration_list_costs_the_same_queries_for_5_and_150(
    staff_client, event_index
):
    def count(event) -> int:
        url = f"/admin/events/{event.pk}/"
        staff_client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert staff_client.get(url).status_code == 200
        return len(context.captured_queries)

    few = EventPageFactory(parent=event_index, capacity=2)
    fill(few, 5)
    many = EventPageFactory(parent=event_index, capacity=10)
    fill(many, 150)

    assert count(few) == count(many)


def test_registration_list_shows_50_per_page_and_the_rest_on_the_next(
    staff_client, crowded_event
):
    fill(crowded_event, 150)
    url = f"/admin/events/{crowded_event.pk}/"
    in_order = list(
        Registration.objects.filter(event=crowded_event)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )

    first = listed(staff_client.get(url))
    second = listed(staff_client.get(url, {"p": 2}))
    last = listed(staff_client.get(url, {"p": 3}))

    assert [r.pk for r in first] == in_order[:50]
    assert [r.pk for r in second] == in_order[50:100]
    assert [r.pk for r in last] == in_order[100:]
    assert 'class="pagination"' in staff_client.get(url).content.decode()


def test_registration_list_numbers_the_waitlist_in_promotion_order_on_every_page(
    staff_client, crowded_event
):
    fill(crowded_event, 150)
    url = f"/admin/events/{crowded_event.pk}/"
    promotion_order = list(
        Registration.objects.waitlisted()
        .filter(event=crowded_event)
        .in_waitlist_order()
        .values_list("pk", flat=True)
    )

    shown = [
        registration
        for number in (1, 2, 3)
        for registration in listed(staff_client.get(url, {"p": number}))
    ]

    positions = {r.pk: r.waitlist_position for r in shown if r.is_waitlisted}
    assert positions == {pk: n for n, pk in enumerate(promotion_order, start=1)}
    held = Registration.objects.filter(event=crowded_event).holding_seats().count()
    services.change_capacity(event=crowded_event, capacity=held + 1)
    assert Registration.objects.get(pk=promotion_order[0]).status == Status.CONFIRMED
    assert Registration.objects.get(pk=promotion_order[1]).status == Status.WAITLISTED


def test_registration_list_keeps_waitlist_positions_when_searching(
    staff_client, crowded_event
):
    fill(crowded_event, 150)
    later = Registration.objects.get(
        event=crowded_event, email="henkilo140@example.com"
    )
    expected = (
        Registration.objects.waitlisted()
        .filter(event=crowded_event)
        .with_waitlist_position()
        .get(pk=later.pk)
        .waitlist_position
    )

    [found] = listed(
        staff_client.get(f"/admin/events/{crowded_event.pk}/", {"q": "HENKILO140@"})
    )

    assert found.pk == later.pk
    assert found.waitlist_position == expected > 1


def test_waitlist_positions_of_any_run_of_rows_count_the_whole_waitlist(crowded_event):
    fill(crowded_event, 150)
    registrations = Registration.objects.filter(event=crowded_event)
    in_order = list(registrations.in_waitlist_order())
    expected = dict(
        registrations.waitlisted()
        .with_waitlist_position()
        .values_list("pk", "waitlist_position")
    )

    # Runs of 13 rows starting anywhere, also between two rows registered at the same
    # time, and every third row of the list (a search's rows, with gaps).
    for start in range(0, len(in_order), 7):
        run = in_order[start : start + 13]
        assert registrations.waitlist_positions(run) == {
            r.pk: expected[r.pk] for r in run if r.is_waitlisted
        }
    spread = in_order[1::3]
    assert registrations.waitlist_positions(spread) == {
        r.pk: expected[r.pk] for r in spread if r.is_waitlisted
    }
    assert registrations.waitlist_positions([]) == {}


def test_waitlist_positions_number_only_the_rows_between_the_first_and_the_last(
    crowded_event,
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "reads the query plan of PostgreSQL (run with DATABASE_URL=postgres://…)"
        )
    fill(crowded_event, 400)
    registrations = Registration.objects.filter(event=crowded_event)
    page = list(registrations.in_waitlist_order()[200:250])
    assert registrations.waitlisted().count() > 150

    with CaptureQueriesContext(connection) as queries:
        positions = registrations.waitlist_positions(page)
    [query] = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
        [[plan]] = cursor.fetchone()

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    [window] = [n for n in nodes(plan["Plan"]) if n["Node Type"] == "WindowAgg"]
    assert window["Actual Rows"] <= len(page)
    assert sorted(positions.values())[0] > 50


def test_attended_count_reads_only_the_attended_rows(crowded_event):
    if connection.vendor != "postgresql":
        pytest.skip(
            "reads the query plan of PostgreSQL (run with DATABASE_URL=postgres://…)"
        )
    from events.models import EventPage

    fill(crowded_event, 400)
    attended = Registration.objects.filter(event=crowded_event).confirmed()[:3]
    Registration.objects.filter(
        pk__in=list(attended.values_list("pk", flat=True))
    ).update(has_attended=True)
    events = EventPage.objects.with_registration_counts().filter(pk=crowded_event.pk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_registration")
        sql, params = events.query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        [[plan]] = cursor.fetchone()

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    scans = [
        n
        for n in nodes(plan["Plan"])
        if n.get("Relation Name") == "events_registration"
    ]
    assert [n.get("Index Name") for n in scans] == ["events_reg_attended_idx"]
    assert sum(n.get("Actual Rows", 0) for n in scans) == 3
    assert events.get().attended_count == 3


def test_breakdowns_are_kept_until_the_registrations_change(
    event_index, staff_user, django_assert_num_queries
):
    event = EventPageFactory(parent=event_index, capacity=1)
    helsinki, espoo = municipality("091"), municipality("049")
    first = services.register_for_event(
        event=event, guest=guest(1, municipality=helsinki), answers={}
    )
    services.register_for_event(
        event=event, guest=guest(2, municipality=espoo), answers={}
    )

    def shown():
        with translation.override("fi"):
            return registration_breakdowns(event)

    assert shown() == {
        "municipality": [("Espoo", 1), ("Helsinki", 1)],
        "county": sorted([(helsinki.wellbeing_county, 1), (espoo.wellbeing_county, 1)]),
    }
    with django_assert_num_queries(0):
        shown()

    # Cancelled (the waitlisted one from Espoo gets the seat), then one more waitlisted.
    services.cancel_registration_by_staff(registration=first, by=staff_user)
    assert shown()["municipality"] == [("Espoo", 1)]
    services.add_registration(
        event=event, details=guest(3, municipality=espoo), by=staff_user
    )
    assert shown()["municipality"] == [("Espoo", 2)]
    # Archived: counted all the same, from the archived counts.
    services.archive_registrations(Registration.objects.filter(event=event))
    assert not Registration.objects.filter(event=event).exists()
    assert shown()["municipality"] == [("Espoo", 2)]
    with django_assert_num_queries(0):
        shown()


def test_breakdowns_follow_a_renamed_municipality_and_the_language(event_index):
    event = EventPageFactory(parent=event_index)
    espoo = municipality("049")
    services.register_for_event(
        event=event, guest=guest(1, municipality=espoo), answers={}
    )
    with translation.override("sv"):
        assert registration_breakdowns(event)["municipality"] == [("Esbo", 1)]
    with translation.override("fi"):
        assert registration_breakdowns(event)["municipality"] == [("Espoo", 1)]

    espoo.name_fi = "Espoon kaupunki"
    espoo.save()

    with translation.override("fi"):
        assert registration_breakdowns(event)["municipality"] == [
            ("Espoon kaupunki", 1)
        ]


def test_registration_list_shows_a_person_added_by_hand_in_the_breakdowns(
    staff_client, public_event
):
    url = f"/admin/events/{public_event.pk}/"
    assert listed(staff_client.get(url)) == []
    assert staff_client.get(url).context["by_municipality"] == []

    response = staff_client.post(
        url,
        {
            "name": "Anna Berg",
            "email": "anna@esbo.example",
            "municipality": municipality("049").pk,
            "language": "fi",
        },
    )

    assert response.status_code == 302
    assert staff_client.get(url).context["by_municipality"] == [("Espoo", 1)]


def test_registration_list_searches_names_and_filters_by_status(
    staff_client, crowded_event
):
    fill(crowded_event, 30)
    url = f"/admin/events/{crowded_event.pk}/"

    by_name = listed(staff_client.get(url, {"q": "henkilö 2"}))
    pending = listed(staff_client.get(url, {"status": Status.PENDING}))
    nobody = staff_client.get(url, {"q": "Nimetön"})

    assert sorted(r.name for r in by_name) == [
        "Henkilö 2",
        *(f"Henkilö 2{n}" for n in range(10)),
    ]
    assert pending and {r.status for r in pending} == {Status.PENDING}
    assert listed(nobody) == []
    assert "Haulla ei löytynyt ilmoittautumisia." in nobody.content.decode()


def test_registration_export_holds_every_row_whatever_the_page(
    staff_client, crowded_event
):
    fill(crowded_event, 150)

    response = staff_client.get(
        f"/admin/events/{crowded_event.pk}/export/csv/", {"p": 2, "q": "henkilö 1"}
    )
    xlsx = staff_client.get(f"/admin/events/{crowded_event.pk}/export/xlsx/")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 150
    sheet = load_workbook(BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 1 + 150


def test_registration_list_buttons_carry_the_csrf_token(full_event, staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    html = client.get(f"/admin/events/{full_event.pk}/").content.decode()
    first = registration(full_event, 1)
    action = f"/admin/events/{full_event.pk}/registrations/{first.pk}/cancel/"
    # The buttons of every row are in one form, each posting to its own address.
    form = html[: html.index(f'formaction="{action}"')].rsplit("<form", 1)[1]
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = client.post(action, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert registration(full_event, 1).status == Status.CANCELLED


def test_registrations_report_and_export_name_counties_in_the_admins_language(
    staff_client, staff_user, event_index
):
    from wagtail.users.models import UserProfile

    from tests.factories.network import municipality

    event = EventPageFactory(parent=event_index, slug="esbo")
    services.register_for_event(
        event=event,
        guest=services.RegistrantDetails(
            name="Anna Berg",
            email="anna@esbo.example",
            municipality=municipality("049"),
        ),
        answers={},
    )
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "sv"
    profile.save()

    report = staff_client.get(f"/admin/events/{event.pk}/")
    csv_text = staff_client.get(
        f"/admin/events/{event.pk}/export/csv/"
    ).content.decode()

    assert report.context["by_county"] == [("Västra Nylands välfärdsområde", 1)]
    assert report.context["by_municipality"] == [("Esbo", 1)]
    assert "Esbo,Västra Nylands välfärdsområde" in csv_text
    assert "Länsi-Uudenmaan" not in csv_text
