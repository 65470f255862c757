"""The office's report of requests and the coverage view's requests column."""

import csv
import datetime
import io

from django.utils import timezone

import pytest

from asks import services
from asks.models import Request
from tests.factories.asks import RequestFactory, request_by
from tests.factories.network import municipality


def aware(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def test_report_counts_per_month_and_medians(member_user, staff_user):
    today = datetime.date(2026, 12, 7)
    request_by(
        member_user,
        kind=Request.Kind.LEGAL,
        reform="koto24",
        created_at=aware(2026, 11, 3, 9),
    )
    sent = aware(2026, 12, 1, 9)
    first = request_by(member_user, reform="te24", created_at=sent, updated_at=sent)
    services.answer_request(
        request=first, by=staff_user, body="V", now=sent + datetime.timedelta(hours=4)
    )
    services.close_request(
        request=first, by=staff_user, now=sent + datetime.timedelta(hours=10)
    )
    RequestFactory(created_at=aware(2025, 1, 1, 9))  # outside the twelve months
    report = services.request_report(today=today)
    assert report.months[-1] == datetime.date(2026, 12, 1)
    assert len(report.months) == 12
    assert report.by_kind[datetime.date(2026, 11, 1)]["legal"] == 1
    assert report.by_kind[datetime.date(2026, 12, 1)]["general"] == 1
    assert report.by_reform[datetime.date(2026, 12, 1)] == {"te24": 1}
    assert report.median_hours_to_first_answer == 4.0
    assert report.median_hours_to_close == 10.0
    assert report.municipalities_asked == 1
    assert member_user.profile.municipality not in report.municipalities_never_asked
    assert len(report.municipalities_never_asked) == 307


def test_report_page_and_exports(client, staff_user, member_user):
    request_by(member_user)
    client.force_login(staff_user)
    response = client.get("/admin/requests/report/")
    assert response.status_code == 200
    assert "307" in response.content.decode()
    response = client.get("/admin/requests/report/?export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 13  # the header and twelve months
    response = client.get("/admin/requests/report/?export=xlsx")
    assert response["Content-Disposition"].endswith('requests-report.xlsx"')


def test_report_queries_are_bounded(
    client, staff_user, member_user, django_assert_max_num_queries
):
    for number in range(30):
        request_by(member_user, subject=f"P {number}")
    client.force_login(staff_user)
    with django_assert_max_num_queries(25):
        assert client.get("/admin/requests/report/").status_code == 200


def test_coverage_has_a_requests_column(client, staff_user, member_user):
    request_by(member_user)
    RequestFactory(municipality=municipality("837"))
    assert services.request_coverage_counts() == {
        member_user.profile.municipality.pk: 1,
        municipality("837").pk: 1,
    }
    client.force_login(staff_user)
    response = client.get("/admin/network/coverage/?export=csv")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert (
        "Requests to the office" in header or "Pyynnöt muutostuen toimistolle" in header
    )


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_request_pages_render_in_each_language(client, member_user, language):
    request = request_by(
        member_user,
        kind=Request.Kind.SPEAKER,
        details={
            "event_date": "2027-03-04",
            "event_format": "online",
            "audience_size": 40,
        },
    )
    client.force_login(member_user)
    for path in (
        f"/{language}/requests/{request.pk}/",
        f"/{language}/requests/{request.pk}/withdraw/",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
