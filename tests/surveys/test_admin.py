"""Staff views in the Wagtail admin: survey list, results, municipalities without an
answer, invitations and reminders, and the permission check on the survey."""

import csv
import io
from urllib.parse import unquote

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest

from network.models import Municipality
from portal.models import OutgoingEmail
from surveys import services
from surveys.models import SurveyInvitation, SurveyResponse
from tests.factories.network import municipality
from tests.factories.portal import UserFactory


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def answered(members_survey):
    for code, value in [("091", "4"), ("564", "2"), ("837", "4")]:
        SurveyResponse.objects.create(
            survey=members_survey,
            respondent_key=f"municipality:{municipality(code).pk}",
            status=SurveyResponse.Status.SUBMITTED,
            municipality=municipality(code),
            answers={"municipality": code, "resources": value},
            submitted_at=timezone.now(),
        )
    return members_survey


def test_survey_list_shows_answer_counts(staff_client, answered):
    content = staff_client.get("/admin/surveys/").content.decode()
    assert answered.title in content
    assert "<td>3</td>" in content


def test_results_view_shows_headline_charts_and_filters(staff_client, answered):
    response = staff_client.get(f"/admin/surveys/{answered.pk}/results/")
    assert response.status_code == 200
    results = response.context["results"]
    assert (results.answers, results.municipalities, results.municipalities_total) == (
        3,
        3,
        308,
    )
    content = response.content.decode()
    assert content.count('<svg role="img"') == 1
    assert 'name="region"' in content
    assert f"/admin/surveys/{answered.pk}/export.csv" in content


def test_results_view_filters_by_region(staff_client, answered):
    response = staff_client.get(
        f"/admin/surveys/{answered.pk}/results/", {"region": "Pirkanmaa"}
    )
    results = response.context["results"]
    assert (results.answers, results.municipalities) == (1, 1)
    assert (
        results.municipalities_total
        == Municipality.objects.filter(region="Pirkanmaa").count()
    )


def test_not_answered_list_and_csv(staff_client, answered):
    response = staff_client.get(f"/admin/surveys/{answered.pk}/not-answered/")
    assert len(response.context["municipalities"]) == 305
    csv_response = staff_client.get(
        f"/admin/surveys/{answered.pk}/not-answered/",
        {"format": "csv", "region": "Uusimaa"},
    )
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    names = {row[1] for row in rows[1:]}
    assert "Helsinki" not in names
    assert "Espoo" in names
    uusimaa = Municipality.objects.filter(region="Uusimaa").count()
    assert len(rows) - 1 == uusimaa - 1
    assert {row[2] for row in rows[1:]} == {"Uusimaa"}


def test_not_answered_csv_names_regions_in_the_admin_language(
    staff_client, staff_user, answered
):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "sv"
    profile.save()
    response = staff_client.get(
        f"/admin/surveys/{answered.pk}/not-answered/",
        {"format": "csv", "region": "Uusimaa"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row[2] for row in rows[1:]} == {"Nyland"}
    assert "Esbo" in {row[1] for row in rows[1:]}


def test_staff_without_page_permission_is_refused(client, answered):
    outsider = UserFactory(email="muu@muutostuki.example", is_staff=True)
    admin_only = Group.objects.create(name="Admin only")
    admin_only.permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    outsider.groups.add(admin_only)
    client.force_login(outsider)
    assert client.get(f"/admin/surveys/{answered.pk}/results/").status_code == 403
    assert client.get(f"/admin/surveys/{answered.pk}/export.csv").status_code == 403
    assert answered.title not in client.get("/admin/surveys/").content.decode()


def test_page_listing_offers_the_results(staff_client, answered):
    parent = answered.get_parent()
    content = staff_client.get(f"/admin/pages/{parent.pk}/").content.decode()
    assert f"/admin/surveys/{answered.pk}/results/" in content


# --- Invitations and reminders --------------------------------------------------------------


@pytest.fixture
def addresses(db):
    """Contact addresses for a handful of municipalities; the rest have none."""
    for code in ["091", "564", "837", "905", "478"]:
        Municipality.objects.filter(code=code).update(
            contact_email=f"kirjaamo{code}@kunta.example"
        )


def test_inviting_every_municipality_sends_personal_links(
    staff_client,
    members_survey,
    addresses,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/admin/surveys/{members_survey.pk}/invitations/", {"action": "invite_all"}
        )
    assert response.status_code == 302
    assert SurveyInvitation.objects.count() == 5
    assert len(mailoutbox) == 5
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    helsinki = by_address["kirjaamo091@kunta.example"]
    token = unquote(helsinki.body.split("invitation/?key=")[1].split()[0])
    assert services.municipality_for_invitation(
        survey=members_survey, token=token
    ) == municipality("091")
    # Vaasa (905) is bilingual with a Finnish majority; Mariehamn (478) is Swedish.
    assert "Maarianhamina" not in by_address["kirjaamo478@kunta.example"].body
    listing = staff_client.get(f"/admin/surveys/{members_survey.pk}/invitations/")
    assert len(listing.context["missing"]) == 303


def test_inviting_chosen_municipalities(
    staff_client,
    members_survey,
    addresses,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/admin/surveys/{members_survey.pk}/invitations/",
            {"action": "invite_chosen", "municipalities": ["564", "049"]},
        )
    assert [mail.to[0] for mail in mailoutbox] == ["kirjaamo564@kunta.example"]
    assert SurveyInvitation.objects.get().municipality == municipality("564")


def test_invitations_are_bulk_mail_that_an_address_can_leave_with_one_click(
    staff_client,
    members_survey,
    addresses,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    from django.contrib.messages import get_messages
    from django.test import Client

    from portal.models import MailingListOptOut

    settings.PORTAL_BASE_URL = "https://muutostuki.example"
    url = f"/admin/surveys/{members_survey.pk}/invitations/"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"action": "invite_chosen", "municipalities": ["478"]})
    [mail] = mailoutbox  # Mariehamn: Swedish
    message = mail.message()
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://muutostuki.example/sv/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    html = mail.alternatives[0][0]
    assert mail.alternatives[0][1] == "text/html"
    for part in (mail.body, html):
        assert "Förändringsstödets kansli" in part  # the signature, in Swedish
        assert unsubscribe in part
        assert "https://muutostuki.example/sv/" in part  # the personal link
    assert 'lang="sv"' in html

    one_click = Client(enforce_csrf_checks=True)
    path = unsubscribe.removeprefix("https://muutostuki.example")
    assert "Enkätinbjudningar" in one_click.get(path).content.decode()
    assert one_click.post(path).status_code == 200
    assert MailingListOptOut.objects.get().email == "kirjaamo478@kunta.example"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, {"action": "invite_chosen", "municipalities": ["478", "564"]}
        )
    assert [m.to for m in mailoutbox] == [["kirjaamo564@kunta.example"]]
    report = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert report == (
        "1 sähköposti jonossa lähetettäväksi. 0 kunnalta puuttuu osoite. "
        "1 kunta on perunut kyselykutsut."
    )


def test_invitation_report_counts_in_good_finnish(
    staff_client, members_survey, addresses
):
    """ "1 sähköposti", never "1 sähköpostia": counts go through ngettext."""
    from django.contrib.messages import get_messages

    response = staff_client.post(
        f"/admin/surveys/{members_survey.pk}/invitations/",
        {"action": "invite_chosen", "municipalities": ["564", "049"]},
    )
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "1 sähköposti jonossa lähetettäväksi. 1 kunnalta puuttuu osoite."


def test_reminders_go_only_to_invited_municipalities_without_an_answer(
    staff_client,
    members_survey,
    addresses,
    mailoutbox,
    staff_user,
    django_capture_on_commit_callbacks,
):
    invited = Municipality.objects.filter(code__in=["091", "564", "837"])
    services.send_invitations(
        survey=members_survey, municipalities=invited, sent_by=staff_user
    )
    SurveyResponse.objects.create(
        survey=members_survey,
        respondent_key=f"municipality:{municipality('091').pk}",
        status=SurveyResponse.Status.SUBMITTED,
        municipality=municipality("091"),
        answers={},
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/admin/surveys/{members_survey.pk}/invitations/", {"action": "remind"}
        )
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "kirjaamo564@kunta.example",
        "kirjaamo837@kunta.example",
    ]
    assert (
        SurveyInvitation.objects.filter(kind=SurveyInvitation.Kind.REMINDER).count()
        == 2
    )


def test_failed_sends_are_listed(staff_client, members_survey, addresses, staff_user):
    report = services.send_invitations(
        survey=members_survey,
        municipalities=Municipality.objects.filter(code="564"),
        sent_by=staff_user,
    )
    OutgoingEmail.objects.filter(pk=report.sent[0].outgoing_email_id).update(
        status=OutgoingEmail.Status.FAILED, last_error="550 mailbox unavailable"
    )
    content = staff_client.get(
        f"/admin/surveys/{members_survey.pk}/invitations/"
    ).content.decode()
    assert "550 mailbox unavailable" in content


def test_unknown_invitation_action_is_a_bad_request(staff_client, members_survey):
    response = staff_client.post(
        f"/admin/surveys/{members_survey.pk}/invitations/", {"action": "spam"}
    )
    assert response.status_code == 400


def test_invitations_are_written_to_the_audit_log(
    members_survey, addresses, staff_user
):
    from wagtail.models import PageLogEntry

    services.send_invitations(
        survey=members_survey,
        municipalities=Municipality.objects.all(),
        sent_by=staff_user,
    )
    entry = PageLogEntry.objects.get(action="surveys.invite")
    assert entry.data["sent"] == 5
    assert len(entry.data["missing"]) == 303


def test_admin_results_of_2000_answers_take_a_fixed_number_of_queries(
    staff_client, members_survey, django_assert_max_num_queries
):
    municipalities = list(Municipality.objects.all())
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            survey=members_survey,
            status=SurveyResponse.Status.SUBMITTED,
            municipality=municipalities[i % len(municipalities)],
            answers={"resources": str(1 + i % 5)},
            submitted_at=timezone.now(),
        )
        for i in range(2000)
    )
    url = f"/admin/surveys/{members_survey.pk}/results/"
    staff_client.get(url)
    with django_assert_max_num_queries(40):
        response = staff_client.get(url, {"size": "under-5000"})
    assert response.status_code == 200
    assert response.context["results"].answers < 2000
