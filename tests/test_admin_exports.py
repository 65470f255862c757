"""Every export the admin offers, Wagtail's own included, neutralises spreadsheet formulas.

One set of data carries a formula in every text a person can type (page titles, a
registrant's name, a survey answer, a question sent through the form, a redirect, a
search term, a member's name); each export is downloaded as CSV (and XLSX where it has
one) and no cell may start like a formula. A guard test finds every export view in the
admin's URLs, so a new one (an upgrade of Wagtail, a new report) fails until it is here.
"""

import csv
import datetime
import io

from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Workflow

import pytest
from openpyxl import load_workbook

from events import services as event_services
from materials.models import QuestionSubmission
from portal.exports import FORMULA_PREFIXES, SIGNED_NUMBER
from surveys import services as survey_services
from tests.factories.events import EventPageFactory
from tests.factories.letters import SubscriberFactory, SubscriptionFactory
from tests.factories.materials import (
    FaqPageFactory,
    MaterialPageFactory,
    QuestionFormPageFactory,
    share_practice,
)
from tests.factories.network import make_member, make_pending
from tests.factories.portal import StandardPageFactory, UserFactory
from tests.factories.surveys import (
    SurveyPageFactory,
    contact_persons,
    municipality_question,
)

pytestmark = pytest.mark.django_db

POISON = '=HYPERLINK("http://evil.example/","klikkaa")'


@pytest.fixture
def poisoned(
    home_page, superuser, event_index, material_index, survey_index_page, staff_user
):
    """One object with a formula in its text for every export."""
    page = StandardPageFactory(parent=home_page, title=POISON, slug="myrkky")
    page.save_revision(user=superuser).publish(user=superuser)
    Workflow.objects.get(name="Moderators approval").start(page, superuser)
    Page.objects.filter(pk=page.pk).update(
        locked=True, locked_by=superuser, locked_at=timezone.now()
    )
    Redirect.objects.create(
        old_path="/vanha", redirect_link="https://x.example/" + POISON
    )
    Query.get(POISON).add_hit()
    MaterialPageFactory(
        parent=material_index,
        title=POISON,
        slug="vanha-ohje",
        published_on=timezone.localdate() - datetime.timedelta(days=400),
        valid_until_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    make_pending(user=UserFactory(first_name=POISON, email="odottaja@example.com"))
    member = make_member(user=UserFactory(first_name=POISON, email="j@hel.fi")).user
    event = EventPageFactory(parent=event_index, title=POISON, slug="tapahtuma")
    event_services.register_for_event(
        event=event,
        guest=event_services.RegistrantDetails(name=POISON, email="v@example.com"),
        answers={},
    )
    survey = SurveyPageFactory(
        parent=survey_index_page,
        slug="kysely",
        questions=[municipality_question(), contact_persons()],
        title=POISON,
        builds_preparer_register=True,
    )
    person = {"name": POISON, "title": POISON, "email": "p@hel.fi", "phone": "-1"}
    survey_services.submit_response(
        survey=survey,
        respondent=survey_services.Respondent(user=member),
        answers={"municipality": "091", "contacts": [{**person, "role": ""}]},
    )
    share_practice(user=member, title=POISON, documents=[])
    form_page = QuestionFormPageFactory(parent=FaqPageFactory(parent=home_page))
    QuestionSubmission.objects.create(
        page=form_page,
        email="kysyja@example.com",
        form_data={"kysymys": POISON, "name": POISON},
    )
    SubscriptionFactory(
        subscriber=SubscriberFactory(name=POISON, organisation=POISON),
        consent_text=POISON,
    )
    return {"event": event, "survey": survey, "form_page": form_page}


def report(path):
    return lambda objects: path


# (name, url for the objects of `poisoned`, formats, carries the poison)
EXPORTS = [
    ("wagtailadmin_reports:locked_pages", report("/admin/reports/locked/"), True),
    ("wagtailadmin_reports:workflow", report("/admin/reports/workflow/"), True),
    (
        "wagtailadmin_reports:workflow_tasks",
        report("/admin/reports/workflow_tasks/"),
        True,
    ),
    ("wagtailadmin_reports:site_history", report("/admin/reports/site-history/"), True),
    ("wagtailadmin_reports:aging_pages", report("/admin/reports/aging-pages/"), True),
    (
        "wagtailadmin_reports:page_types_usage",
        report("/admin/reports/page-types-usage/"),
        False,
    ),
    ("materials_review", report("/admin/reports/materials-to-review/"), True),
    ("materials_practice_queue", report("/admin/reports/shared-practices/"), True),
    ("wagtailredirects:index", report("/admin/redirects/"), True),
    (
        "wagtailsearchpromotions:search_terms",
        report("/admin/searchpicks/reports/search-terms/"),
        True,
    ),
    ("membership:index", report("/admin/network/membership/"), True),
    ("network_coverage:index", report("/admin/network/coverage/"), False),
    ("events_admin:index", report("/admin/events/"), True),
    # The question form's submission is in the requests inbox too, its subject poisoned.
    ("asks_requests:index", report("/admin/requests/"), True),
    ("letters_subscribers:index", report("/admin/letters/subscribers/"), True),
    (
        "wagtailforms:list_submissions",
        lambda objects: f"/admin/forms/submissions/{objects['form_page'].pk}/",
        True,
    ),
]

# Exports with columns of their own (`portal.exports.csv_response`/`xlsx_response`).
OWN_EXPORTS = [
    (
        "events-registrations-csv",
        lambda o: f"/admin/events/{o['event'].pk}/export/csv/",
        True,
    ),
    (
        "survey-answers-csv",
        lambda o: f"/admin/surveys/{o['survey'].pk}/export.csv",
        True,
    ),
    (
        "survey-not-answered-csv",  # municipalities only: nothing typed by a person
        lambda o: f"/admin/surveys/{o['survey'].pk}/not-answered/?format=csv",
        False,
    ),
    ("survey-preparers-csv", lambda o: "/admin/surveys/preparers/?format=csv", True),
    # Counts per month: nothing typed by a person.
    ("requests-report-csv", lambda o: "/admin/requests/report/?export=csv", False),
]
OWN_XLSX = [
    (
        "events-registrations-xlsx",
        lambda o: f"/admin/events/{o['event'].pk}/export/xlsx/",
    ),
    ("survey-answers-xlsx", lambda o: f"/admin/surveys/{o['survey'].pk}/export.xlsx"),
    ("survey-preparers-xlsx", lambda o: "/admin/surveys/preparers/?format=xlsx"),
]


def carries(value) -> bool:
    """Whether a cell holds the planted formula (search terms are stored in lower case)."""
    return isinstance(value, str) and POISON.lower() in value.lower()


def content_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def unsafe(value) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not SIGNED_NUMBER.fullmatch(value)
    )


def assert_safe_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = content_of(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows, "the export is empty"
    assert not [cell for row in rows for cell in row if unsafe(cell)]
    return rows


def assert_safe_xlsx(response) -> list:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(content_of(response))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    return [cell.value for cell in cells]


@pytest.mark.parametrize(
    ("name", "url", "carries_poison"), EXPORTS, ids=[row[0] for row in EXPORTS]
)
def test_wagtail_style_export_neutralises_formulas(
    admin_client, poisoned, name, url, carries_poison
):
    address = url(poisoned)
    rows = assert_safe_csv(admin_client.get(address, {"export": "csv"}))
    values = assert_safe_xlsx(admin_client.get(address, {"export": "xlsx"}))
    if carries_poison:
        assert any(carries(cell) for row in rows for cell in row), (name, rows)
        assert any(carries(value) for value in values), name


@pytest.mark.parametrize(
    ("name", "url", "carries_poison"), OWN_EXPORTS, ids=[r[0] for r in OWN_EXPORTS]
)
def test_own_csv_export_neutralises_formulas(
    admin_client, poisoned, name, url, carries_poison
):
    rows = assert_safe_csv(admin_client.get(url(poisoned)))
    if carries_poison:
        assert any(carries(cell) for row in rows for cell in row), (name, rows)


@pytest.mark.parametrize(("name", "url"), OWN_XLSX, ids=[r[0] for r in OWN_XLSX])
def test_own_xlsx_export_stores_formulas_as_text(admin_client, poisoned, name, url):
    values = assert_safe_xlsx(admin_client.get(url(poisoned)))
    assert any(carries(value) for value in values), name


def export_views(patterns=None, namespace=""):
    """(URL name, view class) of every admin view that can export a spreadsheet."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from export_views(pattern.url_patterns, inner)
            continue
        view = pattern.callback
        while not hasattr(view, "view_class") and hasattr(view, "__wrapped__"):
            view = view.__wrapped__
        view_class = getattr(view, "view_class", None)
        is_export = view_class and issubclass(view_class, SpreadsheetExportMixin)
        if is_export and not (pattern.name or "").endswith("_results"):
            yield f"{namespace}{pattern.name}", str(pattern.pattern)


def test_every_admin_export_is_covered(admin_client):
    """Each export view that answers `?export=csv` with a CSV must be in EXPORTS."""
    covered = {name for name, _url, _poison in EXPORTS}
    offered = set()
    for name, pattern in export_views():
        if "<" in pattern:  # needs an object; such exports are listed by hand
            continue
        response = admin_client.get(reverse(name), {"export": "csv"})
        is_csv = response["Content-Type"].startswith("text/csv")
        # A listing without `list_export` answers with an empty CSV and offers no
        # export button; only a file with columns is an export.
        if is_csv and content_of(response).decode("utf-8-sig").strip():
            offered.add(name)
    assert offered, "no export found: the guard itself is broken"
    assert offered <= covered, offered - covered
