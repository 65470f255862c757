"""Staff views in the Wagtail admin: municipalities, the membership queue, bulk decisions
and the coverage report with its exports."""

import csv
import io

from django.contrib.messages import get_messages

from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from network import coverage
from network.models import MemberProfile, Municipality, MunicipalityDomain
from portal import dates
from portal.models import OutgoingEmail, User
from tests.factories.network import (
    add_email,
    make_member,
    make_membership_manager,
    make_pending,
    municipality,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/network/membership/"
MUNICIPALITIES = "/admin/network/municipalities/"
COVERAGE = "/admin/network/coverage/"
Status = MemberProfile.Status


@pytest.fixture
def manager():
    return make_membership_manager(email="paatos@muutostuki.example")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


# --- Municipalities ---------------------------------------------------------------------


def test_municipality_list_searches_and_filters(manager_client):
    response = manager_client.get(MUNICIPALITIES + "?q=ulea")
    assert response.status_code == 200
    response = manager_client.get(MUNICIPALITIES + "?q=Uleåborg")
    assert [m.code for m in response.context["object_list"]] == ["564"]
    response = manager_client.get(MUNICIPALITIES + "?region=Pohjanmaa&language=sv-fi")
    codes = {m.code for m in response.context["object_list"]}
    assert "499" in codes and "905" not in codes


def test_municipality_names_link_to_their_edit_view(manager_client):
    from bs4 import BeautifulSoup

    response = manager_client.get(MUNICIPALITIES + "?q=Oulu")
    soup = BeautifulSoup(response.content, "html.parser")
    oulu = municipality("564")
    link = soup.find("a", href=f"{MUNICIPALITIES}edit/{oulu.pk}/")
    assert link is not None and link.get_text(strip=True) == "Oulu"


def test_staff_edit_domains_inline_and_contact_email(manager_client):
    oulu = municipality("564")
    domain = oulu.domains.get()
    response = manager_client.get(f"{MUNICIPALITIES}edit/{oulu.pk}/")
    assert response.status_code == 200
    data = {
        "contact_email": "kirjaamo@ouka.fi",
        "domains-TOTAL_FORMS": "2",
        "domains-INITIAL_FORMS": "1",
        "domains-MIN_NUM_FORMS": "0",
        "domains-MAX_NUM_FORMS": "1000",
        "domains-0-id": str(domain.pk),
        "domains-0-domain": "ouka.fi",
        "domains-0-ORDER": "1",
        "domains-0-DELETE": "",
        "domains-1-id": "",
        "domains-1-domain": "Oulu.FI",
        "domains-1-ORDER": "2",
        "domains-1-DELETE": "",
    }
    response = manager_client.post(f"{MUNICIPALITIES}edit/{oulu.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    oulu.refresh_from_db()
    assert oulu.contact_email == "kirjaamo@ouka.fi"
    assert set(oulu.domains.values_list("domain", flat=True)) == {"ouka.fi", "oulu.fi"}
    assert oulu.population == 211848


def test_municipality_register_facts_are_read_only(manager_client):
    oulu = municipality("564")
    form = manager_client.get(f"{MUNICIPALITIES}edit/{oulu.pk}/").context["form"]
    assert "population" not in form.fields
    assert "contact_email" in form.fields


def denied_in_admin(response) -> bool:
    """Wagtail answers a signed-in editor without the permission with the dashboard."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_nobody_adds_or_deletes_municipalities(client, superuser):
    client.force_login(superuser)
    assert denied_in_admin(client.get(MUNICIPALITIES + "new/"))
    oulu = municipality("564")
    assert denied_in_admin(client.get(f"{MUNICIPALITIES}delete/{oulu.pk}/"))
    assert Municipality.objects.filter(pk=oulu.pk).exists()


def test_municipality_admin_is_for_permitted_staff(client, staff_user):
    client.force_login(staff_user)
    assert client.get(MUNICIPALITIES).status_code == 403
    oulu = municipality("564")
    assert client.get(f"{MUNICIPALITIES}edit/{oulu.pk}/").status_code == 403


# --- Queue --------------------------------------------------------------------------------


def test_queue_lists_and_filters_by_municipality_status_and_date(manager_client):
    early = make_pending(municipality=municipality("564"))
    late = make_pending(municipality=municipality("091"))
    MemberProfile.objects.filter(pk=early.pk).update(requested_at="2026-01-10T10:00Z")
    MemberProfile.objects.filter(pk=late.pk).update(requested_at="2026-02-20T10:00Z")
    make_member()

    def listed(query):
        response = manager_client.get(QUEUE + query)
        assert response.status_code == 200
        return [profile.pk for profile in response.context["object_list"]]

    assert listed("?status=pending") == [early.pk, late.pk]
    assert listed(f"?status=pending&municipality={municipality('091').pk}") == [late.pk]
    assert listed(
        "?status=pending&requested_at_from=2026-02-01&requested_at_to=2026-02-28"
    ) == [late.pk]


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV export, which must be UTF-8 with a byte order mark."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_queue_export_is_formula_safe_in_local_minutes_without_none(manager_client):
    import datetime

    profile = make_pending(
        user=UserFactory(first_name="=HYPERLINK(1)", last_name="Äijälä")
    )
    MemberProfile.objects.filter(pk=profile.pk).update(
        requested_at=datetime.datetime(2027, 3, 2, 10, 5, 59, 1, tzinfo=datetime.UTC)
    )
    response = manager_client.get(QUEUE + "?status=pending&export=csv")
    header, row = csv_rows(response)
    assert row[0] == "'=HYPERLINK(1)"
    assert row[1] == "Äijälä"
    assert row[header.index("Pyydetty")] == "2027-03-02 12:05"
    assert row[header.index("Päätetty")] == ""


def test_review_page_shows_addresses_and_decisions(manager_client):
    profile = make_pending(user=UserFactory(email="anna@example.com"))
    add_email(profile.user, "anna@hel.fi", verified=False)
    response = manager_client.get(f"{QUEUE}review/{profile.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "anna@hel.fi" in content
    assert f"{QUEUE}approve/{profile.pk}/" in content
    assert f"{QUEUE}reject/{profile.pk}/" in content
    assert f"{QUEUE}revoke/{profile.pk}/" not in content


def test_review_page_shows_local_times_and_a_dash_for_what_is_empty(
    manager_client, manager
):
    import datetime

    from bs4 import BeautifulSoup

    from network import services

    profile = make_pending(user=UserFactory(email="aika@example.com"))
    profile.requested_at = datetime.datetime(2026, 12, 9, 22, 30, tzinfo=datetime.UTC)
    profile.save()
    manager_client.cookies["django_language"] = "fi"

    def fields(html):
        soup = BeautifulSoup(html, "html.parser")
        return {
            dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
            for dt in soup.select("main dl dt")
        }

    shown = fields(manager_client.get(f"{QUEUE}review/{profile.pk}/").content)
    # Helsinki time: Thursday 10.12. at 0.30, not Wednesday 9.12. 22.30 (UTC).
    assert "Thu 10 Dec 2026 at 0:30" in shown.values() or (
        "to 10.12.2026 klo 0.30" in shown.values()
    )
    assert "None" not in shown.values()
    assert "–" in shown.values()  # decided: not yet

    services.approve_membership(profile=profile, by=manager, reason="")
    html = manager_client.get(f"{QUEUE}review/{profile.pk}/").content.decode()
    entry = ModelLogEntry.objects.filter(object_id=str(profile.pk)).latest("pk")
    time = BeautifulSoup(html, "html.parser").select("table time")[0]
    assert time["datetime"] == dates.iso_datetime(entry.timestamp)
    assert "UTC" not in html and "+00:00" not in time.get_text()


def test_review_page_works_as_the_first_admin_page_after_a_restart(
    manager_client, monkeypatch
):
    """The history labels come from the log registry, which loads on first use."""
    from wagtail.log_actions import registry

    profile = make_pending(user=UserFactory(email="eka@example.com"))
    monkeypatch.setattr(registry, "has_scanned_for_actions", False)
    monkeypatch.setattr(registry, "formatters", {})
    monkeypatch.setattr(registry, "choices", [])
    response = manager_client.get(f"{QUEUE}review/{profile.pk}/")
    assert response.status_code == 200


def test_approve_one_with_reason(manager_client, manager, mailoutbox):
    profile = make_pending()
    url = f"{QUEUE}approve/{profile.pk}/"
    assert manager_client.get(url).status_code == 200
    response = manager_client.post(url, {"reason": "Soitettu kirjaamoon."})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Status.VERIFIED
    assert profile.status_reason == "Soitettu kirjaamoon."
    entry = ModelLogEntry.objects.get(action="network.membership.approve")
    assert entry.user == manager
    assert OutgoingEmail.objects.filter(to=profile.user.email).exists()


def test_decision_page_says_the_language_the_reason_is_mailed_in(
    manager_client, mailoutbox, django_capture_on_commit_callbacks
):
    profile = make_pending(user=UserFactory(preferred_language="sv"))
    url = f"{QUEUE}reject/{profile.pk}/"

    page = manager_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(url, {"reason": "Adressen hör inte till en kommun."})

    assert "ruotsi" in page  # the language's name in the Finnish admin
    assert 'lang="sv"' in page
    [mail] = mailoutbox
    assert "Adressen hör inte till en kommun." in mail.body


def test_revoke_from_review(manager_client):
    profile = make_member()
    response = manager_client.post(f"{QUEUE}revoke/{profile.pk}/", {"reason": ""})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Status.REVOKED
    assert not profile.user.groups.filter(name="Network members").exists()


def test_decision_that_does_not_fit_shows_an_error(manager_client):
    profile = make_member()
    response = manager_client.post(f"{QUEUE}reject/{profile.pk}/", {"reason": ""})
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("nykyiseen tilaan" in m for m in messages)
    profile.refresh_from_db()
    assert profile.status == Status.VERIFIED


def test_bulk_approve_many_skips_those_in_another_status(manager_client, manager):
    pending = [make_pending() for _ in range(3)]
    verified = make_member()
    ids = "&".join(f"id={p.pk}" for p in [*pending, verified])
    url = f"/admin/bulk/network/memberprofile/approve/?{ids}&next={QUEUE}"
    response = manager_client.get(url)
    assert response.status_code == 200
    assert len(response.context["items"]) == 3
    assert response.context["items_with_no_access"] == [verified]
    response = manager_client.post(url, {"reason": "Kuntaliiton lista."})
    assert response.status_code == 302
    assert (
        MemberProfile.objects.filter(
            pk__in=[p.pk for p in pending], status=Status.VERIFIED
        ).count()
        == 3
    )
    assert (
        ModelLogEntry.objects.filter(action="network.membership.approve").count() == 3
    )
    assert OutgoingEmail.objects.filter(kind="membership").count() == 3


def test_bulk_reject_with_reason(manager_client):
    pending = [make_pending() for _ in range(2)]
    ids = "&".join(f"id={p.pk}" for p in pending)
    response = manager_client.post(
        f"/admin/bulk/network/memberprofile/reject/?{ids}", {"reason": "Ei kuntaa."}
    )
    assert response.status_code == 302
    for profile in pending:
        profile.refresh_from_db()
        assert profile.status == Status.REJECTED
        assert profile.status_reason == "Ei kuntaa."


def test_bulk_select_all_follows_the_listing_filter(manager_client):
    oulu = make_pending(municipality=municipality("564"))
    helsinki = make_pending(municipality=municipality("091"))
    url = (
        "/admin/bulk/network/memberprofile/approve/?id=all&status=pending"
        f"&municipality={municipality('564').pk}"
    )
    manager_client.post(url, {"reason": ""})
    oulu.refresh_from_db()
    helsinki.refresh_from_db()
    assert oulu.status == Status.VERIFIED
    assert helsinki.status == Status.PENDING


@pytest.mark.parametrize(
    "url",
    [
        QUEUE,
        QUEUE + "review/{pk}/",
        QUEUE + "approve/{pk}/",
        "/admin/bulk/network/memberprofile/approve/?id={pk}",
    ],
)
def test_queue_views_need_manage_membership(client, staff_user, url):
    profile = make_pending()
    client.force_login(staff_user)
    response = client.get(url.format(pk=profile.pk))
    assert response.status_code == 403
    response = client.post(url.format(pk=profile.pk), {"reason": ""})
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.status == Status.PENDING


def test_superuser_sees_the_queue(client, superuser):
    client.force_login(superuser)
    assert client.get(QUEUE).status_code == 200


def test_admin_menu_shows_network_to_manager(manager_client):
    content = manager_client.get("/admin/").content.decode()
    assert "network/membership" in content
    assert "network/coverage" in content


# --- Coverage -----------------------------------------------------------------------------


def test_coverage_headline_groups_and_totals(client, staff_user):
    make_member(municipality=municipality("564"))
    make_member(municipality=municipality("564"))
    make_member(municipality=municipality("905"))
    make_pending(municipality=municipality("499"))
    client.force_login(staff_user)
    response = client.get(COVERAGE + "?group_by=wellbeing_county")
    assert response.status_code == 200
    report = response.context["coverage"]
    assert (report.total.with_verified_member, report.total.municipalities) == (2, 308)
    assert "2/308 kunnalla on vahvistettu jäsen" in response.content.decode()
    groups = {group.name: group for group in report.groups}
    ostrobothnia = groups["Pohjanmaan hyvinvointialue"]
    assert ostrobothnia.verified_members == 1
    assert ostrobothnia.pending_requests == 1
    assert ostrobothnia.with_verified_member == 1
    assert groups["Pohjois-Pohjanmaan hyvinvointialue"].verified_members == 2
    assert sum(group.municipalities for group in report.groups) == 308


def test_coverage_names_groups_and_filters_in_the_admin_language(client, staff_user):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "sv"
    profile.save()
    client.force_login(staff_user)
    response = client.get(COVERAGE)
    groups = [group.name for group in response.context["coverage"].groups]
    assert "Nyland" in groups
    assert "Uusimaa" not in groups
    soup = BeautifulSoup(response.content, "html.parser")
    regions = {
        option["value"]: option.get_text()
        for option in soup.select('select[name="region"] option')
    }
    assert regions["Uusimaa"] == "Nyland"
    report = client.get(COVERAGE + "?region=Uusimaa").context["coverage"]
    assert {group.name for group in report.groups} == {"Nyland"}


def test_coverage_filters(client, staff_user):
    make_member(municipality=municipality("564"))
    client.force_login(staff_user)
    report = client.get(COVERAGE + "?region=Pohjois-Pohjanmaa").context["coverage"]
    assert report.total.with_verified_member == 1
    assert all(row.municipality.region == "Pohjois-Pohjanmaa" for row in report.rows)
    report = client.get(COVERAGE + "?has_member=true").context["coverage"]
    assert [row.municipality.code for row in report.rows] == ["564"]
    report = client.get(COVERAGE + "?has_member=false").context["coverage"]
    assert report.total.municipalities == 307


@pytest.fixture
def extra_column():
    column = coverage.CoverageColumn(
        key="test_answered",
        label="Vastasi kyselyyn",
        counts=lambda: {municipality("564").pk: 3, municipality("091").pk: 1},
    )
    coverage.register_column(column)
    yield column
    coverage._columns.pop("test_answered")


def test_coverage_shows_registered_columns_with_totals(
    client, staff_user, extra_column
):
    client.force_login(staff_user)
    response = client.get(COVERAGE + "?group_by=region")
    report = response.context["coverage"]
    index = report.columns.index(extra_column)
    assert report.total.extras[index] == (4, 2)
    uusimaa = next(group for group in report.groups if group.name == "Uusimaa")
    assert uusimaa.extras[index] == (1, 1)
    assert "Vastasi kyselyyn" in response.content.decode()


def test_coverage_csv_and_xlsx_exports(client, staff_user, extra_column):
    Municipality.objects.filter(code="564").update(name_fi="=HYPERLINK(1)")
    make_member(municipality=municipality("564"))
    client.force_login(staff_user)
    response = client.get(COVERAGE + "?export=csv&region=Pohjois-Pohjanmaa")
    assert "Pyhäjärvi".encode() in response.content
    header, *data = csv_rows(response)
    assert header[-1] == "Vastasi kyselyyn"
    oulu = next(row for row in data if row[0] == "564")
    assert oulu[1] == "'=HYPERLINK(1)"
    assert oulu[6:8] == ["1", "0"]
    assert oulu[-1] == "3"
    response = client.get(COVERAGE + "?export=xlsx&region=Pohjois-Pohjanmaa")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    oulu = next(row for row in values if row[0] == "564")
    assert oulu[1] == "'=HYPERLINK(1)"
    assert oulu[-1] == 3


def test_coverage_is_for_staff(client, member_user, manager):
    client.force_login(member_user)
    assert client.get(COVERAGE).status_code in (302, 403)
    client.force_login(manager)
    assert client.get(COVERAGE).status_code == 200


def test_coverage_query_count_is_bounded_with_many_members(
    client, staff_user, extra_column, django_assert_max_num_queries
):
    """300 municipalities and 2,000 members (verified and pending): a fixed number of
    queries, whatever the grouping or export."""
    municipalities = list(Municipality.objects.all()[:300])
    users = User.objects.bulk_create(
        User(email=f"kattavuus{n}@example.com") for n in range(2000)
    )
    MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user,
            municipality=municipalities[n % 300],
            status=Status.VERIFIED if n % 3 else Status.PENDING,
        )
        for n, user in enumerate(users)
    )
    client.force_login(staff_user)
    client.get(COVERAGE)
    # One query per extra column (the registered apps'), one for the admin menu's count
    # of open requests.
    with django_assert_max_num_queries(22):
        response = client.get(COVERAGE + "?group_by=employment_area")
    assert response.context["coverage"].total.verified_members == 1333
    with django_assert_max_num_queries(22):
        response = client.get(COVERAGE + "?export=xlsx")
        b"".join(response.streaming_content)
    assert MunicipalityDomain.objects.count() == 308
