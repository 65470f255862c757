"""Every question type turns good input into its stored answer and refuses bad input with a
clear message; conditions and drafts decide what is required."""

from django.utils import translation

import pytest

from surveys.blocks import FormContext, QuestionStreamBlock, survey_items
from surveys.forms import SurveyForm
from tests.factories.network import municipality
from tests.factories.surveys import (
    block,
    contact_persons,
    likert,
    matrix,
    multiple_choice,
    municipality_question,
    number,
    single_choice,
)

pytestmark = pytest.mark.django_db

STREAM = QuestionStreamBlock()


def make_form(blocks, data, *, complete=True, context=None):
    stream = STREAM.to_python(blocks)
    return SurveyForm(
        data,
        items=survey_items(stream),
        context=context or FormContext(),
        complete=complete,
    )


def errors_of(form) -> dict[str, list[str]]:
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_short_text_is_trimmed_and_limited():
    question = block("short_text", "name", "Nimi")
    form = make_form([question], {"q-name": "  Oulu  "})
    assert form.is_valid()
    assert form.answers == {"name": "Oulu"}
    too_long = make_form([question], {"q-name": "x" * 301})
    assert errors_of(too_long) == {"q-name": ["Use at most 300 characters."]}


def test_long_text_is_limited():
    question = block("long_text", "wishes", "Toiveet")
    assert errors_of(make_form([question], {"q-wishes": "x" * 5001})) == {
        "q-wishes": ["Use at most 5000 characters."]
    }


def test_number_accepts_a_comma_and_refuses_text_and_limits():
    question = number(min_value="0", max_value="100", decimal_places=1)
    with translation.override("fi"):
        form = make_form([question], {"q-staff": "12,5"})
        assert form.is_valid()
    assert form.answers == {"staff": 12.5}
    assert make_form([question], {"q-staff": "3"}).is_valid()
    assert errors_of(make_form([question], {"q-staff": "kolme"})) == {
        "q-staff": ["Write a number, for example 12 or 12,5."]
    }
    assert errors_of(make_form([question], {"q-staff": "-1"})) == {
        "q-staff": ["Write a number of at least 0."]
    }
    assert errors_of(make_form([question], {"q-staff": "101"})) == {
        "q-staff": ["Write a number of at most 100."]
    }
    assert errors_of(make_form([question], {"q-staff": "1.25"})) == {
        "q-staff": ["Use at most 1 decimals."]
    }


def test_whole_numbers_are_stored_as_integers():
    form = make_form([number()], {"q-staff": "4"})
    assert form.is_valid()
    assert form.answers == {"staff": 4}


def test_date_accepts_finnish_and_iso_dates():
    question = block("date", "decided", "Päätöspäivä")
    form = make_form([question], {"q-decided": "31.1.2025"})
    assert form.is_valid()
    assert form.answers == {"decided": "2025-01-31"}
    assert make_form([question], {"q-decided": "2025-01-31"}).is_valid()
    assert errors_of(make_form([question], {"q-decided": "31.2.2025"})) == {
        "q-decided": ["Write the date as day.month.year, for example 31.1.2025."]
    }


def test_single_choice_refuses_values_not_offered():
    form = make_form([single_choice()], {"q-started": "yes"})
    assert form.is_valid()
    assert form.answers == {"started": "yes"}
    assert errors_of(make_form([single_choice()], {"q-started": "maybe"})) == {
        "q-started": ["Choose one of the options shown."]
    }


def test_multiple_choice_keeps_option_order_and_other_text():
    data = {"q-support": ["peer", "training"], "q-support.other": " Juristi "}
    form = make_form([multiple_choice()], data)
    assert form.is_valid()
    assert form.answers == {
        "support": {"choices": ["training", "peer"], "other": "Juristi"}
    }
    only_other = make_form([multiple_choice()], {"q-support.other": "Juristi"})
    assert only_other.is_valid()
    assert only_other.answers["support"] == {"choices": [], "other": "Juristi"}
    assert errors_of(make_form([multiple_choice()], {"q-support": ["money"]})) == {
        "q-support": ["Choose only options that are shown."]
    }


def test_scale_stores_the_step_value_or_cant_say():
    form = make_form([likert()], {"q-resources": "4"})
    assert form.is_valid()
    assert form.answers == {"resources": "4"}
    cant_say = make_form([likert()], {"q-resources": "cant_say"})
    assert cant_say.is_valid()
    assert cant_say.answers == {"resources": "cant_say"}
    assert errors_of(make_form([likert()], {"q-resources": "9"})) == {
        "q-resources": ["Choose one of the points shown."]
    }
    without_cant_say = likert(cant_say=False)
    assert errors_of(make_form([without_cant_say], {"q-resources": "cant_say"}))


def test_required_scale_question_must_be_answered_when_sending():
    assert errors_of(make_form([likert(required=True)], {})) == {
        "q-resources": ["Choose a point on the scale."]
    }


def test_required_matrix_needs_every_statement():
    question = matrix(required=True)
    partial = make_form([question], {"q-cooperation.division": "5"})
    assert errors_of(partial) == {
        "q-cooperation.roles": ["Choose a point for this statement too."]
    }
    complete = make_form(
        [question], {"q-cooperation.division": "5", "q-cooperation.roles": "cant_say"}
    )
    assert complete.is_valid()
    assert complete.answers == {"cooperation": {"division": "5", "roles": "cant_say"}}
    assert errors_of(make_form([question], {})) == {
        "q-cooperation.division": ["Answer every statement."]
    }


def test_optional_matrix_keeps_the_statements_answered():
    form = make_form([matrix()], {"q-cooperation.roles": "2"})
    assert form.is_valid()
    assert form.answers == {"cooperation": {"roles": "2"}}


def test_municipality_question_takes_a_code_from_the_list():
    form = make_form([municipality_question()], {"q-municipality": "564"})
    assert form.is_valid()
    assert form.answers == {"municipality": "564"}
    assert form.municipality == municipality("564")
    assert errors_of(
        make_form([municipality_question()], {"q-municipality": "999"})
    ) == {"q-municipality": ["Choose a municipality from the list."]}
    assert errors_of(make_form([municipality_question()], {})) == {
        "q-municipality": ["Choose your municipality."]
    }


def test_fixed_municipality_ignores_what_was_posted():
    context = FormContext(fixed_municipality=municipality("091"))
    form = make_form(
        [municipality_question()], {"q-municipality": "564"}, context=context
    )
    assert form.is_valid()
    assert form.answers == {"municipality": "091"}


def test_profile_municipality_prefills_the_question():
    context = FormContext(default_municipality=municipality("564"))
    form = make_form([municipality_question()], None, context=context)
    assert form["q-municipality"].value() == "564"


def person(row, **fields):
    return {f"q-contacts.{row}.{name}": value for name, value in fields.items()}


def test_contact_persons_are_read_row_by_row():
    data = {
        "rows-contacts": "2",
        **person(
            0, name="Maija Mallikas", email="maija@ouka.fi", phone="+358 40 123 4567"
        ),
        **person(1, name="Pekka Puupää", title="Johtaja", email="pekka@ouka.fi"),
    }
    context = FormContext(posted_rows={"contacts": 2})
    form = make_form([contact_persons()], data, context=context)
    assert form.is_valid()
    assert [p["name"] for p in form.answers["contacts"]] == [
        "Maija Mallikas",
        "Pekka Puupää",
    ]
    assert form.answers["contacts"][0]["phone"] == "+358 40 123 4567"


def test_half_given_contact_person_needs_name_and_email():
    form = make_form([contact_persons()], person(0, title="Johtaja"))
    assert errors_of(form) == {
        "q-contacts.0.name": ["Give the person's name."],
        "q-contacts.0.email": ["Give the person's e-mail address."],
    }


def test_contact_person_email_and_phone_are_checked():
    form = make_form(
        [contact_persons()],
        person(0, name="Maija", email="maija(at)ouka.fi", phone="soita minulle"),
    )
    errors = errors_of(form)
    assert errors["q-contacts.0.email"] == [
        "Write an e-mail address such as name@municipality.fi."
    ]
    assert errors["q-contacts.0.phone"][0].startswith("Write a phone number")


def test_required_contact_persons_need_the_minimum_number():
    question = contact_persons(required=True, min_persons=2)
    context = FormContext(posted_rows={"contacts": 2})
    form = make_form(
        [question], person(0, name="Maija", email="maija@ouka.fi"), context=context
    )
    assert errors_of(form) == {
        "q-contacts.0.name": ["Give at least 2 contact persons."]
    }


def test_adding_a_person_shows_one_more_row_up_to_the_maximum():
    question = contact_persons(max_persons=2)
    grown = make_form([question], None, context=FormContext(add_person_to="contacts"))
    assert "q-contacts.1.name" in grown.fields
    capped = make_form(
        [question],
        None,
        context=FormContext(posted_rows={"contacts": 2}, add_person_to="contacts"),
    )
    assert "q-contacts.2.name" not in capped.fields


def conditional_blocks():
    return [
        single_choice(identifier="started", required=True),
        likert(required=True, show_if_question="started", show_if_value="yes"),
    ]


def test_question_whose_condition_is_not_met_is_ignored():
    form = make_form(conditional_blocks(), {"q-started": "no", "q-resources": "5"})
    assert form.is_valid()
    assert form.answers == {"started": "no"}


def test_question_whose_condition_is_met_is_required():
    form = make_form(conditional_blocks(), {"q-started": "yes"})
    assert errors_of(form) == {"q-resources": ["Choose a point on the scale."]}


def test_condition_on_a_multiple_choice_option():
    blocks = [
        multiple_choice(),
        block(
            "short_text",
            "trainer",
            "Kuka kouluttaa?",
            show_if_question="support",
            show_if_value="training",
        ),
    ]
    shown = make_form(blocks, {"q-support": ["training"], "q-trainer": "Kunta"})
    assert shown.is_valid()
    assert shown.answers["trainer"] == "Kunta"
    hidden = make_form(blocks, {"q-support": ["peer"], "q-trainer": "Kunta"})
    assert hidden.is_valid()
    assert "trainer" not in hidden.answers


def test_draft_does_not_require_answers_but_checks_them():
    blocks = [likert(required=True), number()]
    assert make_form(blocks, {}, complete=False).is_valid()
    assert errors_of(make_form(blocks, {"q-staff": "paljon"}, complete=False)) == {
        "q-staff": ["Write a number, for example 12 or 12,5."]
    }


def test_error_summary_links_to_the_fields():
    form = make_form([likert(required=True)], {})
    form.is_valid()
    assert form.error_summary() == [
        ("id_q-resources_0", "Choose a point on the scale.")
    ]
