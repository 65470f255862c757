"""Reading Teams attendance reports (pure) and matching them to registrations."""

import pytest

from events import services
from events.attendance import (
    AttendanceReportError,
    AttendanceRow,
    parse_attendance_report,
)

TEAMS_REPORT = "\n".join(
    [
        "1. Summary",
        "Meeting title\tKoto-digi tuumaustunti",
        "Attended participants\t3",
        "Start time\t12/5/26, 2:00:11 PM",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
        "Aino Aaltonen\t12/5/26, 2:00:11 PM\t12/5/26, 3:00:02 PM\t59m 51s\t"
        "Aino.Aaltonen@hel.example\taino.aaltonen@hel.example\tOrganizer",
        "Vieras Kuntalainen\t12/5/26, 2:01:00 PM\t12/5/26, 2:58:00 PM\t57m\t\t\tAttendee",
        "Pekka Ojala\t12/5/26, 2:03:00 PM\t12/5/26, 2:40:00 PM\t37m\t\t"
        "pekka.ojala@kuntaliitto.example\tAttendee",
        "",
        "3. In-Meeting Activities",
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole",
        "Aino Aaltonen\t12/5/26, 2:00:11 PM\t12/5/26, 3:00:02 PM\t59m 51s\t"
        "aino.aaltonen@hel.example\tOrganizer",
    ]
)


def test_reads_the_participants_of_a_utf16_teams_report():
    rows = parse_attendance_report(TEAMS_REPORT.encode("utf-16"))

    assert rows == [
        AttendanceRow("Aino Aaltonen", "aino.aaltonen@hel.example"),
        AttendanceRow("Vieras Kuntalainen", ""),
        AttendanceRow("Pekka Ojala", "pekka.ojala@kuntaliitto.example"),
    ]


def test_reads_a_finnish_comma_separated_report_in_utf8():
    content = (
        "Nimi,Ensimmäinen liittyminen,Sähköposti,Rooli\n"
        "Emma Lindqvist,5.12.2026 14.00,emma.lindqvist@espoo.example,Osallistuja\n"
        "Emma Lindqvist,5.12.2026 14.30,emma.lindqvist@espoo.example,Osallistuja\n"
    ).encode("utf-8-sig")

    assert parse_attendance_report(content) == [
        AttendanceRow("Emma Lindqvist", "emma.lindqvist@espoo.example")
    ]


def test_reads_the_old_report_without_addresses():
    content = (
        "Full Name\tUser Action\tTimestamp\n"
        "Maija Meikäläinen\tJoined\t1/25/2026, 9:30:00 AM\n"
    )

    assert parse_attendance_report(content.encode("utf-16-le")) == [
        AttendanceRow("Maija Meikäläinen", "")
    ]


def test_refuses_a_file_that_is_no_report():
    with pytest.raises(AttendanceReportError):
        parse_attendance_report(b"\x89PNG\r\n\x1a\n")


@pytest.mark.django_db
def test_matches_by_email_or_unique_name_and_lists_the_rest(public_event):
    def register(name, email):
        return services.register_for_event(
            event=public_event,
            guest=services.RegistrantDetails(name=name, email=email),
            answers={},
        )

    aino = register("Aino Aaltonen", "aino.aaltonen@hel.example")
    vieras = register("Vieras Kuntalainen", "vieras@kunta.example")
    cancelled = register("Pekka Ojala", "pekka.ojala@kuntaliitto.example")
    services.cancel_registration(registration=cancelled)

    match = services.match_attendance_report(
        event=public_event, rows=parse_attendance_report(TEAMS_REPORT.encode("utf-16"))
    )

    assert match.matched == [aino, vieras]
    assert match.unmatched == [
        AttendanceRow("Pekka Ojala", "pekka.ojala@kuntaliitto.example")
    ]
