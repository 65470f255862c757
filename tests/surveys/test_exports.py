"""Answer exports: one row per answer, flattened columns, formula-safe cells, and nothing
identifying for anonymous surveys."""

import csv
import io

import openpyxl
import pytest

from portal.access import Audience
from surveys import services
from surveys.exports import answer_table
from surveys.models import SurveyPage, SurveyResponse
from tests.factories.network import municipality
from tests.factories.surveys import (
    SurveyPageFactory,
    contact_persons,
    likert,
    matrix,
    multiple_choice,
    municipality_question,
    number,
)

Respondent = services.Respondent

ANSWERS = {
    "municipality": "091",
    "resources": "4",
    "cooperation": {"division": "5", "roles": "cant_say"},
    "support": {"choices": ["training", "peer"], "other": "=HYPERLINK(\"http://x\")"},
    "staff": 3,
    "contacts": [
        {"name": "Maija Mallikas", "title": "Koordinaattori", "email": "maija@hel.fi",
         "phone": "+358 40 123 4567", "role": "KOTO24"},
        {"name": "@Pekka", "title": "", "email": "pekka@hel.fi", "phone": "", "role": ""},
    ],
}  # fmt: skip


@pytest.fixture
def survey(survey_index_page):
    return SurveyPageFactory(
        parent=survey_index_page,
        slug="kartoitus",
        questions=[
            municipality_question(),
            likert(),
            matrix(),
            multiple_choice(),
            number(),
            contact_persons(),
        ],
    )


@pytest.fixture
def answered(survey, member_user):
    services.submit_response(
        survey=survey, respondent=Respondent(user=member_user), answers=ANSWERS
    )
    return survey


def test_columns_flatten_matrix_choices_and_persons(answered):
    header, rows = answer_table(
        page=answered, responses=SurveyResponse.objects.for_export()
    )
    assert header[:8] == [
        "Answer",
        "Sent",
        "Changed",
        "Municipality code",
        "Municipality",
        "Respondent",
        "Respondent's e-mail",
        "Last changed by",
    ]
    assert header[8:] == [
        "municipality",
        "resources",
        "cooperation.division",
        "cooperation.roles",
        "support",
        "support.other",
        "staff",
        *[
            f"contacts.{n}.{part}"
            for n in (1, 2)
            for part in ("name", "title", "email", "phone", "role")
        ],
    ]
    row = dict(zip(header, rows[0], strict=True))
    assert row["resources"] == "Melko riittävät"
    assert row["cooperation.roles"] == "Can't say"
    assert row["support"] == "Koulutusta; Vertaistukea"
    assert row["staff"] == 3
    assert row["contacts.2.email"] == "pekka@hel.fi"
    assert row["Municipality"] == "Helsinki"


def test_csv_export_is_formula_safe(client, staff_user, answered):
    client.force_login(staff_user)
    response = client.get(f"/admin/surveys/{answered.pk}/export.csv")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="kartoitus-answers.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["support.other"] == '\'=HYPERLINK("http://x")'
    assert row["contacts.2.name"] == "'@Pekka"


def test_csv_export_is_utf8_with_a_bom_and_local_minutes(client, staff_user, answered):
    import datetime

    SurveyResponse.objects.update(
        submitted_at=datetime.datetime(2027, 2, 1, 11, 59, 30, 5, tzinfo=datetime.UTC)
    )
    client.force_login(staff_user)

    response = client.get(f"/admin/surveys/{answered.pk}/export.csv")

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "Melko riittävät".encode() in response.content
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "2027-02-01 13:59"


def test_xlsx_export_stores_formula_like_text_as_text(client, staff_user, answered):
    client.force_login(staff_user)
    response = client.get(f"/admin/surveys/{answered.pk}/export.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["support.other"] == '\'=HYPERLINK("http://x")'
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_export_follows_the_filters(client, staff_user, answered):
    client.force_login(staff_user)
    response = client.get(f"/admin/surveys/{answered.pk}/export.csv?region=Lappi")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1


def test_unknown_export_format_is_not_found(client, staff_user, answered):
    client.force_login(staff_user)
    assert client.get(f"/admin/surveys/{answered.pk}/export.pdf").status_code == 404


def test_anonymous_export_has_no_identifying_data(
    client, staff_user, survey_index_page, member_user
):
    survey = SurveyPageFactory(
        parent=survey_index_page,
        audience=Audience.SIGNED_IN,
        answer_mode=SurveyPage.AnswerMode.PER_PERSON,
        is_anonymous=True,
        questions=[municipality_question(required=False), likert()],
    )
    services.submit_response(
        survey=survey,
        respondent=Respondent(user=member_user),
        answers={"municipality": "091", "resources": "2"},
        municipality=municipality("091"),
    )
    header, _rows = answer_table(
        page=survey, responses=SurveyResponse.objects.for_export()
    )
    assert header == ["Municipality code", "Municipality", "municipality", "resources"]
    client.force_login(staff_user)
    content = client.get(f"/admin/surveys/{survey.pk}/export.csv").content.decode()
    assert member_user.email not in content
    assert member_user.last_name not in content
    assert (
        str(SurveyResponse.objects.get().pk)
        not in content.split("\n")[1].split(",")[:1]
    )
