"""Survey answers as a table: one row per sent answer, one column per question.

Flattening (documented in the README): a matrix gets a column per statement
(`<question>.<statement>`); multiple choice gets the chosen labels joined with "; " and, when
it offers "Other", a `<question>.other` column; the contact-person group gets numbered
columns per person and field (`<question>.1.name`, `<question>.1.title`, …) up to the most
persons any answer names. Anonymous surveys export no answer id, no times and no people.
Cells are made formula-safe by `portal.exports`.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from surveys.blocks import PERSON_FIELDS, Question
from surveys.models import SurveyPage, SurveyResponse


def question_columns(question: Question, persons: int) -> list[str]:
    identifier = question.identifier
    if question.kind == "matrix":
        return [
            f"{identifier}.{key}"
            for key, _text in question.block.statement_items(question.value)
        ]
    if question.kind == "multiple_choice" and question.value["allow_other"]:
        return [identifier, f"{identifier}.other"]
    if question.kind == "contact_persons":
        return [
            f"{identifier}.{number}.{part}"
            for number in range(1, persons + 1)
            for part in PERSON_FIELDS
        ]
    return [identifier]


def question_cells(question: Question, answer: Any, persons: int) -> list[Any]:
    width = len(question_columns(question, persons))
    if answer is None:
        return [""] * width
    block, value = question.block, question.value
    kind = question.kind
    if kind == "matrix":
        return [
            block.scale_label(value, answer[key]) if key in answer else ""
            for key, _text in block.statement_items(value)
        ]
    if kind == "multiple_choice":
        labels = "; ".join(block.label_of(value, key) for key in answer["choices"])
        return [labels, answer.get("other", "")] if width == 2 else [labels]
    if kind == "contact_persons":
        cells = [person.get(part, "") for person in answer for part in PERSON_FIELDS]
        return cells + [""] * (width - len(cells))
    if kind == "number":
        return [answer]
    if kind in ("single_choice", "likert"):
        return question.display(answer)
    return [answer]


def answer_table(
    *, page: SurveyPage, responses: Iterable[SurveyResponse]
) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of the export of the given (sent) answers."""
    survey = page.canonical
    responses = list(responses)
    questions = page.question_list
    persons = {
        question.identifier: max(
            (len(r.answers.get(question.identifier) or []) for r in responses),
            default=0,
        )
        or 1
        for question in questions
        if question.kind == "contact_persons"
    }
    identified = not survey.is_anonymous
    header = [_("Answer"), _("Sent"), _("Changed")] if identified else []
    header += [_("Municipality code"), _("Municipality")]
    if identified:
        header += [_("Respondent"), _("Respondent's e-mail"), _("Last changed by")]
    for question in questions:
        header += question_columns(question, persons.get(question.identifier, 0))
    rows = []
    for response in responses:
        row: list[Any] = []
        if identified:
            row += [response.pk, response.submitted_at, response.updated_at]
        municipality = response.municipality
        row += [municipality.code, municipality.name] if municipality else ["", ""]
        if identified:
            row += people_cells(response)
        for question in questions:
            row += question_cells(
                question,
                response.answers.get(question.identifier),
                persons.get(question.identifier, 0),
            )
        rows.append(row)
    return header, rows


def people_cells(response: SurveyResponse) -> Sequence[str]:
    user, editor = response.user, response.last_edited_by
    return [
        user.get_full_name() if user else "",
        user.email if user else "",
        (editor.get_full_name() or editor.email) if editor else "",
    ]
