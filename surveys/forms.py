from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from network.models import Municipality
from surveys.blocks import FormContext, Question, Section


@dataclass
class BoundQuestion:
    """A question with its bound fields, as the form template shows it."""

    question: Question
    number: int
    fields: list[BoundField]
    errors: list[str]
    condition_text: str = ""
    rows: list[list[BoundField]] = field(default_factory=list)

    @property
    def main_field(self) -> BoundField:
        return self.fields[0]

    @property
    def template(self) -> str:
        return f"surveys/questions/{self.question.kind}.html"

    @property
    def other_field(self) -> BoundField | None:
        return next(
            (bound for bound in self.fields if bound.name.endswith(".other")), None
        )

    @property
    def other_label(self) -> str:
        return self.question.block.other_text(self.question.value)

    @property
    def person_rows(self) -> list[list[tuple[str, BoundField]]]:
        """Each person's fields with their labels (contact-person questions)."""
        labels = self.question.block.person_labels()
        return [
            [(labels[bound.name.rsplit(".", 1)[1]], bound) for bound in row]
            for row in self.rows
        ]

    @property
    def statements(self) -> list[tuple[str, BoundField]]:
        texts = dict(self.question.block.statement_items(self.question.value))
        return [(texts[bound.name.rsplit(".", 1)[1]], bound) for bound in self.fields]


@dataclass
class FormSection:
    heading: str
    help_text: str
    questions: list[BoundQuestion]


def mark_required(question: Question, fields: Mapping[str, forms.Field]) -> None:
    """Tell browsers and assistive technology which answers are required: the HTML
    `required` attribute (the form has `novalidate`, so a draft can still be saved with
    answers missing). Not on checkbox groups, where `required` would mean that every box
    must be ticked, nor on the "Other, what?" text or the rows of contact persons, of
    which only some are needed; their legend says "(required)"."""
    if question.kind == "contact_persons":
        return
    for name, form_field in fields.items():
        if name.endswith(".other") or isinstance(
            form_field.widget, forms.CheckboxSelectMultiple
        ):
            continue
        form_field.widget.attrs["required"] = True


class SurveyForm(forms.Form):
    """All the questions of a survey as one form; `answers` holds the cleaned answers.

    A question whose condition is not met by the earlier answers is ignored, whatever was
    posted for it. When sending (`complete=True`) the required questions that apply must
    be answered; a draft keeps every valid answer and only reports invalid ones.
    """

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        items: list[Question | Section],
        context: FormContext,
        complete: bool,
    ):
        self.items = items
        self.questions = [item for item in items if isinstance(item, Question)]
        self.complete = complete
        self.context = context
        initial = {}
        for question in self.questions:
            initial.update(
                question.initial_for(context.initial_answers.get(question.identifier))
            )
        super().__init__(data, initial=initial)
        self.question_fields: dict[str, list[str]] = {}
        by_identifier = {question.identifier: question for question in self.questions}
        self.condition_texts = {
            question.identifier: self.condition_text(question, by_identifier)
            for question in self.questions
        }
        for question in self.questions:
            fields = question.form_fields(context)
            first = next(iter(fields.values()))
            # Django points the input's aria-describedby at the help text.
            first.help_text = question.help_text or ""
            if question.required:
                mark_required(question, fields)
            self.fields.update(fields)
            self.question_fields[question.identifier] = list(fields)
            if question.kind == "municipality":
                self.prefill_municipality(question)
        self.answers: dict[str, Any] = {}

    def prefill_municipality(self, question: Question) -> None:
        name = question.field_name()
        if self.context.fixed_municipality is not None:
            self.initial[name] = self.context.fixed_municipality.code
        elif not self.initial.get(name) and self.context.default_municipality:
            self.initial[name] = self.context.default_municipality.code

    def clean(self):
        cleaned = super().clean()
        answers: dict[str, Any] = {}
        for question in self.questions:
            names = self.question_fields[question.identifier]
            if not question.is_shown(answers):
                continue
            if any(name in self.errors for name in names):
                continue
            try:
                answer = question.answer_from(cleaned)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.add_error(name, messages)
                continue
            if answer is None:
                if question.required and self.complete:
                    self.add_error(names[0], question.missing_message)
                continue
            answers[question.identifier] = answer
        self.answers = answers
        return cleaned

    @property
    def municipality(self) -> Municipality | None:
        """The municipality chosen in the municipality question, if any."""
        code = next(
            (
                self.answers.get(question.identifier)
                for question in self.questions
                if question.kind == "municipality"
            ),
            None,
        )
        if code is None:
            return None
        return Municipality.objects.filter(code=code).first()

    def person_rows(self) -> dict[str, int]:
        """Rows of each contact-person question as shown, for the hidden row counts."""
        return {
            question.identifier: len(self.question_fields[question.identifier]) // 5
            for question in self.questions
            if question.kind == "contact_persons"
        }

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id, message) of every error, in question order, for the summary box."""
        summary = [("", message) for message in self.non_field_errors()]
        for question in self.questions:
            for name in self.question_fields[question.identifier]:
                bound = self[name]
                # Radio buttons and checkboxes: link to the first one.
                target = bound.id_for_label or bound.subwidgets[0].id_for_label
                for message in self.errors.get(name, []):
                    summary.append((target, message))
        return summary

    def sections(self) -> list[FormSection]:
        """The form laid out as the editor placed it: sections and numbered questions."""
        sections = [FormSection("", "", [])]
        number = 0
        for item in self.items:
            if isinstance(item, Section):
                sections.append(FormSection(item.heading, item.help_text, []))
                continue
            number += 1
            names = self.question_fields[item.identifier]
            bound = [self[name] for name in names]
            errors = [
                message for name in names for message in self.errors.get(name, [])
            ]
            sections[-1].questions.append(
                BoundQuestion(
                    question=item,
                    number=number,
                    fields=bound,
                    errors=errors,
                    condition_text=self.condition_texts[item.identifier],
                    rows=[bound[i : i + 5] for i in range(0, len(bound), 5)]
                    if item.kind == "contact_persons"
                    else [],
                )
            )
        return [section for section in sections if section.heading or section.questions]

    @staticmethod
    def condition_text(question: Question, questions: Mapping[str, Question]) -> str:
        if question.condition is None:
            return ""
        other, wanted = question.condition
        target = questions.get(other)
        if target is None:
            return ""
        return _("Answer this if you answered “%(answer)s” to “%(question)s”.") % {
            "answer": dict(target.options).get(wanted, wanted),
            "question": target.text,
        }
