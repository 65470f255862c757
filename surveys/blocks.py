"""The blocks editors build a survey from, and what each question type does with answers.

Every question has a stable identifier (unique within the survey, the same in every language
and in every round of a series); answers are stored by it. Each question block knows its
form fields, how to read a submitted answer from them, how to show an answer and which
values it offers to conditions. Stored answer formats (JSON):

- short and long text: the text; number: a number; date: "YYYY-MM-DD";
- single choice: the choice's value; multiple choice: {"choices": [values], "other": text};
- scale: the step's value as text ("1"…), or "cant_say"; matrix: {statement: step};
- municipality: the municipality code; contact persons: [{name, title, email, phone, role}].
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy, pgettext_lazy

from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,49}$"
CANT_SAY = "cant_say"
TEXT_MAX_LENGTH = 300
LONG_TEXT_MAX_LENGTH = 5000
PERSON_FIELDS = ("name", "title", "email", "phone", "role")

identifier_error = _(
    "Use 1–50 lower-case letters a–z, digits, hyphens and underscores, starting with a "
    "letter or a digit."
)


def identifier_block(**kwargs) -> blocks.RegexBlock:
    return blocks.RegexBlock(
        regex=IDENTIFIER_PATTERN,
        max_length=50,
        error_messages={"invalid": identifier_error},
        **kwargs,
    )


def step_key(value: int) -> str:
    """The stored form of a scale step: its value as text."""
    return str(int(value))


# --- Parts of questions ------------------------------------------------------------------


class ChoiceOptionBlock(blocks.StructBlock):
    value = identifier_block(
        label=_("Value"),
        help_text=_("Stored with the answers and used in exports, e.g. yes or partly."),
    )
    label = blocks.CharBlock(label=_("Label"), max_length=300)

    class Meta:
        icon = "radio-full"
        label = _("Option")


class ScaleStepBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=120)
    value = blocks.IntegerBlock(
        label=_("Value"),
        help_text=_("The number used for the mean, e.g. 5 for the most positive step."),
    )

    class Meta:
        icon = "order"
        label = _("Scale step")


class StatementBlock(blocks.StructBlock):
    identifier = identifier_block(
        label=_("Identifier"), help_text=_("Unique within the matrix, e.g. roles.")
    )
    text = blocks.CharBlock(label=_("Statement"), max_length=300)

    class Meta:
        icon = "list-ul"
        label = _("Statement")


def duplicates(values: Iterable[Any]) -> set:
    seen, repeated = set(), set()
    for value in values:
        if value in seen:
            repeated.add(value)
        seen.add(value)
    return repeated


# --- Questions -----------------------------------------------------------------------------


class QuestionBlock(blocks.StructBlock):
    """Fields every question has; subclasses add their own and the answer handling."""

    identifier = identifier_block(
        label=_("Identifier"),
        help_text=_(
            "A stable name for the question, e.g. resources. Keep it the same in every "
            "language and in every round of a series, so that answers can be compared."
        ),
    )
    question = blocks.CharBlock(label=_("Question"), max_length=500)
    help_text = blocks.TextBlock(label=_("Help text"), required=False)
    required = blocks.BooleanBlock(
        label=_("Answer required"), required=False, default=False
    )
    show_if_question = blocks.CharBlock(
        label=_("Show only when question…"),
        required=False,
        max_length=50,
        help_text=_(
            "The identifier of an earlier single-choice, multiple-choice or scale "
            "question. Leave empty to always show this question."
        ),
    )
    show_if_value = blocks.CharBlock(
        label=_("…has the answer"),
        required=False,
        max_length=50,
        help_text=_("The value of the option, or the value of the scale step."),
    )

    #: The question type used by results, exports and templates.
    kind = ""
    #: Whether other questions may be shown on condition of this one's answer.
    offers_conditions = False
    missing_message = _("Answer this question.")

    def field_name(self, value, part: str = "") -> str:
        name = f"q-{value['identifier']}"
        return f"{name}.{part}" if part else name

    def form_fields(self, value, *, context: "FormContext") -> dict[str, forms.Field]:
        raise NotImplementedError

    def answer_from(self, value, cleaned: Mapping[str, Any]) -> Any:
        """The answer in its stored form, or None when the question was left empty.

        Raises a ValidationError keyed by field name for a half-given answer.
        """
        answer = cleaned.get(self.field_name(value))
        return None if answer in (None, "", [], ()) else answer

    def initial_for(self, value, answer: Any) -> dict[str, Any]:
        return {self.field_name(value): answer}

    def options(self, value) -> list[tuple[str, str]]:
        """The values (and labels) a condition may name."""
        return []

    def display(self, value, answer: Any) -> list[str]:
        """The answer as lines of text (receipts, answer summaries)."""
        return [str(answer)]

    def clean(self, value):
        value = super().clean(value)
        errors = self.definition_errors(value)
        if bool(value["show_if_question"]) != bool(value["show_if_value"]):
            message = _("Give both the question and the answer, or neither.")
            errors.setdefault(
                "show_if_value" if value["show_if_question"] else "show_if_question",
                ValidationError(message),
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def definition_errors(self, value) -> dict[str, ValidationError]:
        """Editor mistakes in this question's own settings, keyed by child block."""
        return {}


class ShortTextBlock(QuestionBlock):
    kind = "text"

    def form_fields(self, value, *, context):
        return {
            self.field_name(value): forms.CharField(
                required=False,
                max_length=TEXT_MAX_LENGTH,
                error_messages={
                    "max_length": ngettext_lazy(
                        "Use at most %(limit_value)d character.",
                        "Use at most %(limit_value)d characters.",
                        "limit_value",
                    )
                },
            )
        }

    class Meta:
        icon = "pilcrow"
        label = _("Short text")


class LongTextBlock(QuestionBlock):
    kind = "long_text"

    def form_fields(self, value, *, context):
        return {
            self.field_name(value): forms.CharField(
                required=False,
                max_length=LONG_TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={
                    "max_length": ngettext_lazy(
                        "Use at most %(limit_value)d character.",
                        "Use at most %(limit_value)d characters.",
                        "limit_value",
                    )
                },
            )
        }

    class Meta:
        icon = "doc-full"
        label = _("Long text")


class NumberBlock(QuestionBlock):
    kind = "number"
    min_value = blocks.DecimalBlock(label=_("Smallest allowed"), required=False)
    max_value = blocks.DecimalBlock(label=_("Largest allowed"), required=False)
    decimal_places = blocks.IntegerBlock(
        label=_("Decimals"),
        min_value=0,
        max_value=4,
        default=0,
        help_text=_("0 allows whole numbers only."),
    )
    missing_message = _("Write a number.")

    def form_fields(self, value, *, context):
        limits = {}
        if value["min_value"] is not None:
            limits["min_value"] = value["min_value"]
        if value["max_value"] is not None:
            limits["max_value"] = value["max_value"]
        return {
            self.field_name(value): forms.DecimalField(
                required=False,
                localize=True,
                max_digits=15,
                decimal_places=value["decimal_places"] or 0,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                error_messages={
                    "invalid": _("Write a number, for example 12 or 12,5."),
                    "min_value": _("Write a number of at least %(limit_value)s."),
                    "max_value": _("Write a number of at most %(limit_value)s."),
                    "max_decimal_places": _("Use at most %(max)s decimals."),
                    "max_digits": _("The number is too long."),
                    "max_whole_digits": _("The number is too long."),
                },
                **limits,
            )
        }

    def answer_from(self, value, cleaned):
        number = cleaned.get(self.field_name(value))
        if number is None:
            return None
        if number == number.to_integral_value():
            return int(number)
        return float(number)

    def initial_for(self, value, answer):
        return {
            self.field_name(value): None if answer is None else Decimal(str(answer))
        }

    def display(self, value, answer):
        return [number_format(Decimal(str(answer)))]

    def definition_errors(self, value):
        low, high = value["min_value"], value["max_value"]
        if low is not None and high is not None and low > high:
            return {
                "max_value": ValidationError(
                    _("The largest value must not be smaller than the smallest.")
                )
            }
        return {}

    class Meta:
        icon = "decimal"
        label = _("Number")


class DateQuestionBlock(QuestionBlock):
    kind = "date"
    missing_message = _("Write a date.")

    def form_fields(self, value, *, context):
        return {
            self.field_name(value): forms.DateField(
                required=False,
                input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                widget=forms.DateInput(
                    format="%d.%m.%Y", attrs={"autocomplete": "off"}
                ),
                error_messages={
                    "invalid": _(
                        "Write the date as day.month.year, for example 31.1.2025."
                    )
                },
            )
        }

    def answer_from(self, value, cleaned):
        date = cleaned.get(self.field_name(value))
        return None if date is None else date.isoformat()

    def initial_for(self, value, answer):
        return {
            self.field_name(value): (
                None if answer is None else datetime.date.fromisoformat(answer)
            )
        }

    def display(self, value, answer):
        return [date_format(datetime.date.fromisoformat(answer), "SHORT_DATE_FORMAT")]

    class Meta:
        icon = "date"
        label = _("Date")


class ChoicesQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(ChoiceOptionBlock(), label=_("Options"), min_num=2)
    offers_conditions = True

    def options(self, value):
        return [(choice["value"], choice["label"]) for choice in value["choices"]]

    def label_of(self, value, key: str) -> str:
        return dict(self.options(value)).get(key, key)

    def definition_errors(self, value):
        repeated = duplicates(choice["value"] for choice in value["choices"])
        if repeated:
            return {
                "choices": ValidationError(
                    _("Each option needs its own value; repeated: %(values)s.")
                    % {"values": ", ".join(sorted(repeated))}
                )
            }
        return {}


class SingleChoiceBlock(ChoicesQuestionBlock):
    kind = "single_choice"
    missing_message = _("Choose one option.")

    def form_fields(self, value, *, context):
        return {
            self.field_name(value): forms.ChoiceField(
                required=False,
                choices=self.options(value),
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choose one of the options shown.")
                },
            )
        }

    def display(self, value, answer):
        return [self.label_of(value, answer)]

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleChoiceBlock(ChoicesQuestionBlock):
    kind = "multiple_choice"
    allow_other = blocks.BooleanBlock(
        label=_("Offer “Other, what?”"), required=False, default=False
    )
    other_label = blocks.CharBlock(
        label=_("Label of “Other”"),
        required=False,
        max_length=120,
        help_text=_("Leave empty for “Other, what?” in the page's language."),
    )
    missing_message = _("Choose at least one option.")

    def form_fields(self, value, *, context):
        fields = {
            self.field_name(value): forms.MultipleChoiceField(
                required=False,
                choices=self.options(value),
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": _("Choose only options that are shown.")
                },
            )
        }
        if value["allow_other"]:
            fields[self.field_name(value, "other")] = forms.CharField(
                required=False,
                max_length=TEXT_MAX_LENGTH,
                error_messages={
                    "max_length": ngettext_lazy(
                        "Use at most %(limit_value)d character.",
                        "Use at most %(limit_value)d characters.",
                        "limit_value",
                    )
                },
            )
        return fields

    def other_text(self, value) -> str:
        return value["other_label"] or str(_("Other, what?"))

    def answer_from(self, value, cleaned):
        chosen = list(cleaned.get(self.field_name(value)) or [])
        other = (cleaned.get(self.field_name(value, "other")) or "").strip()
        if not chosen and not other:
            return None
        order = [key for key, _label in self.options(value)]
        return {"choices": sorted(chosen, key=order.index), "other": other}

    def initial_for(self, value, answer):
        answer = answer or {}
        return {
            self.field_name(value): answer.get("choices", []),
            self.field_name(value, "other"): answer.get("other", ""),
        }

    def display(self, value, answer):
        lines = [self.label_of(value, key) for key in answer["choices"]]
        if answer.get("other"):
            lines.append(f"{self.other_text(value)} {answer['other']}")
        return lines

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice")


class ScaleQuestionBlock(QuestionBlock):
    """Questions answered on an editor-defined scale of labelled, valued steps."""

    scale = blocks.ListBlock(
        ScaleStepBlock(),
        label=_("Scale"),
        min_num=2,
        help_text=_(
            "The steps in the order they are shown, e.g. from “fully agree” to "
            "“fully disagree”, each with its value."
        ),
    )
    cant_say = blocks.BooleanBlock(
        label=_("Offer “Can't say”"),
        required=False,
        default=True,
        help_text=_("Shown after the scale; not counted in the mean."),
    )
    cant_say_label = blocks.CharBlock(
        label=_("Label of “Can't say”"),
        required=False,
        max_length=80,
        help_text=_("Leave empty for “Can't say” in the page's language."),
    )

    def steps(self, value) -> list[tuple[str, str, int]]:
        """(key, label, value) of each step in order."""
        return [
            (step_key(step["value"]), step["label"], int(step["value"]))
            for step in value["scale"]
        ]

    def cant_say_text(self, value) -> str:
        return value["cant_say_label"] or str(_("Can't say"))

    def scale_choices(self, value) -> list[tuple[str, str]]:
        choices = [(key, label) for key, label, _number in self.steps(value)]
        if value["cant_say"]:
            choices.append((CANT_SAY, self.cant_say_text(value)))
        return choices

    def scale_label(self, value, key: str) -> str:
        return dict(self.scale_choices(value)).get(key, key)

    def scale_field(self, value) -> forms.ChoiceField:
        return forms.ChoiceField(
            required=False,
            choices=self.scale_choices(value),
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Choose one of the points shown.")},
        )

    def scale_errors(self, value) -> dict[str, ValidationError]:
        repeated = duplicates(step["value"] for step in value["scale"])
        if repeated:
            return {
                "scale": ValidationError(
                    _("Each step needs its own value; repeated: %(values)s.")
                    % {"values": ", ".join(str(number) for number in sorted(repeated))}
                )
            }
        return {}


class LikertBlock(ScaleQuestionBlock):
    kind = "likert"
    offers_conditions = True
    missing_message = _("Choose a point on the scale.")

    def form_fields(self, value, *, context):
        return {self.field_name(value): self.scale_field(value)}

    def options(self, value):
        return self.scale_choices(value)

    def display(self, value, answer):
        return [self.scale_label(value, answer)]

    def definition_errors(self, value):
        return self.scale_errors(value)

    class Meta:
        icon = "list-ol"
        label = _("Scale (Likert)")


class MatrixBlock(ScaleQuestionBlock):
    kind = "matrix"
    statements = blocks.ListBlock(StatementBlock(), label=_("Statements"), min_num=1)
    missing_message = _("Answer every statement.")

    def statement_items(self, value) -> list[tuple[str, str]]:
        return [(item["identifier"], item["text"]) for item in value["statements"]]

    def form_fields(self, value, *, context):
        return {
            self.field_name(value, key): self.scale_field(value)
            for key, _text in self.statement_items(value)
        }

    def answer_from(self, value, cleaned):
        answer = {
            key: cleaned[self.field_name(value, key)]
            for key, _text in self.statement_items(value)
            if cleaned.get(self.field_name(value, key))
        }
        if not answer:
            return None
        missing = [
            self.field_name(value, key)
            for key, _text in self.statement_items(value)
            if key not in answer
        ]
        if missing and value["required"]:
            raise ValidationError(
                {name: _("Choose a point for this statement too.") for name in missing}
            )
        return answer

    def initial_for(self, value, answer):
        answer = answer or {}
        return {
            self.field_name(value, key): answer.get(key)
            for key, _text in self.statement_items(value)
        }

    def display(self, value, answer):
        return [
            f"{text}: {self.scale_label(value, answer[key])}"
            for key, text in self.statement_items(value)
            if key in answer
        ]

    def definition_errors(self, value):
        errors = self.scale_errors(value)
        repeated = duplicates(key for key, _text in self.statement_items(value))
        if repeated:
            errors["statements"] = ValidationError(
                _("Each statement needs its own identifier; repeated: %(values)s.")
                % {"values": ", ".join(sorted(repeated))}
            )
        return errors

    class Meta:
        icon = "table"
        label = _("Matrix of statements")


class MunicipalityQuestionBlock(QuestionBlock):
    """The municipality the answer is for; pre-filled from the respondent's profile."""

    kind = "municipality"
    missing_message = _("Choose your municipality.")

    def form_fields(self, value, *, context):
        from network.models import Municipality
        from portal.models.localized import localized_field

        field = forms.ModelChoiceField(
            queryset=Municipality.objects.order_by(
                localized_field(Municipality, "name", context.language)
            ),
            to_field_name="code",
            required=False,
            empty_label=_("Choose a municipality"),
            error_messages={
                "invalid_choice": _("Choose a municipality from the list.")
            },
        )
        if context.fixed_municipality is not None:
            field.disabled = True
            field.initial = context.fixed_municipality.code
        return {self.field_name(value): field}

    def answer_from(self, value, cleaned):
        municipality = cleaned.get(self.field_name(value))
        return None if municipality is None else municipality.code

    def display(self, value, answer):
        from network.models import Municipality

        municipality = Municipality.objects.filter(code=answer).first()
        return [municipality.name if municipality else answer]

    class Meta:
        icon = "home"
        label = _("Municipality")


phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{5,30}$",
    _("Write a phone number using digits, spaces and +, for example +358 40 123 4567."),
)


class ContactPersonsBlock(QuestionBlock):
    """A repeating group: name, title, e-mail, phone and reform role of each person."""

    kind = "contact_persons"
    min_persons = blocks.IntegerBlock(
        label=_("At least"),
        min_value=1,
        default=1,
        help_text=_("How many persons a required answer names at least."),
    )
    max_persons = blocks.IntegerBlock(
        label=_("At most"), min_value=1, max_value=20, default=5
    )

    def missing_message_for(self, value) -> str:
        count = value["min_persons"] or 1
        return ngettext(
            "Give at least %(count)d contact person.",
            "Give at least %(count)d contact persons.",
            count,
        ) % {"count": count}

    def person_labels(self) -> dict[str, str]:
        return {
            "name": _("Name"),
            "title": pgettext_lazy("job title", "Title"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "role": _("Role in the reform preparation"),
        }

    def row_count(self, value, context: "FormContext", answer: Any) -> int:
        identifier = value["identifier"]
        count = max(value["min_persons"] or 1, len(answer or []), 1)
        posted = context.posted_rows.get(identifier)
        if posted is not None:
            count = posted
        if context.add_person_to == identifier:
            count += 1
        return max(1, min(count, value["max_persons"] or 1))

    def person_field(self, part: str) -> forms.Field:
        too_long = {
            "max_length": ngettext_lazy(
                "Use at most %(limit_value)d character.",
                "Use at most %(limit_value)d characters.",
                "limit_value",
            )
        }
        if part == "email":
            return forms.EmailField(
                required=False,
                max_length=254,
                error_messages={
                    "invalid": _(
                        "Write an e-mail address such as name@municipality.fi."
                    ),
                    **too_long,
                },
            )
        if part == "phone":
            return forms.CharField(
                required=False,
                max_length=30,
                validators=[phone_validator],
                error_messages=too_long,
            )
        return forms.CharField(required=False, max_length=200, error_messages=too_long)

    def form_fields(self, value, *, context):
        answer = context.initial_answers.get(value["identifier"])
        fields = {}
        for row in range(self.row_count(value, context, answer)):
            for part in PERSON_FIELDS:
                fields[self.field_name(value, f"{row}.{part}")] = self.person_field(
                    part
                )
        return fields

    def rows_in(self, value, cleaned: Mapping[str, Any]) -> list[int]:
        prefix = self.field_name(value) + "."
        rows = set()
        for name in cleaned:
            if name.startswith(prefix) and name.endswith(".name"):
                rows.add(int(name[len(prefix) :].split(".")[0]))
        return sorted(rows)

    def answer_from(self, value, cleaned):
        persons, errors = [], {}
        for row in self.rows_in(value, cleaned):
            person = {
                part: (
                    cleaned.get(self.field_name(value, f"{row}.{part}")) or ""
                ).strip()
                for part in PERSON_FIELDS
            }
            if not any(person.values()):
                continue
            if not person["name"]:
                errors[self.field_name(value, f"{row}.name")] = _(
                    "Give the person's name."
                )
            if not person["email"]:
                errors[self.field_name(value, f"{row}.email")] = _(
                    "Give the person's e-mail address."
                )
            persons.append(person)
        if errors:
            raise ValidationError(errors)
        if persons and value["required"] and len(persons) < (value["min_persons"] or 1):
            raise ValidationError(
                {self.field_name(value, "0.name"): self.missing_message_for(value)}
            )
        return persons or None

    def initial_for(self, value, answer):
        return {
            self.field_name(value, f"{row}.{part}"): person.get(part, "")
            for row, person in enumerate(answer or [])
            for part in PERSON_FIELDS
        }

    def display(self, value, answer):
        return [
            ", ".join(person[part] for part in PERSON_FIELDS if person.get(part))
            for person in answer
        ]

    def definition_errors(self, value):
        if (value["min_persons"] or 1) > (value["max_persons"] or 1):
            return {
                "max_persons": ValidationError(
                    _("“At most” must not be smaller than “At least”.")
                )
            }
        return {}

    class Meta:
        icon = "group"
        label = _("Contact persons")


class SectionBlock(blocks.StructBlock):
    """Starts a new part of the form: a heading and a help text before its questions."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    help_text = blocks.TextBlock(label=_("Help text"), required=False)

    class Meta:
        icon = "title"
        label = _("Section")


class QuestionStreamBlock(blocks.StreamBlock):
    section = SectionBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    number = NumberBlock()
    date = DateQuestionBlock()
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    likert = LikertBlock()
    matrix = MatrixBlock()
    municipality = MunicipalityQuestionBlock()
    contact_persons = ContactPersonsBlock()

    def clean(self, value):
        value = super().clean(value)
        errors = question_errors(value)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value

    class Meta:
        label = _("Questions")


# --- Questions as the rest of the app sees them ------------------------------------------


@dataclass(frozen=True)
class FormContext:
    """What building the form fields depends on besides the questions."""

    language: str = "fi"
    fixed_municipality: Any = None
    default_municipality: Any = None
    initial_answers: Mapping[str, Any] = field(default_factory=dict)
    posted_rows: Mapping[str, int] = field(default_factory=dict)
    add_person_to: str = ""


@dataclass(frozen=True)
class Question:
    """One question of a survey: its block and the editor's settings for it."""

    block: QuestionBlock
    value: Any

    @property
    def identifier(self) -> str:
        return self.value["identifier"]

    @property
    def kind(self) -> str:
        return self.block.kind

    @property
    def text(self) -> str:
        return self.value["question"]

    @property
    def help_text(self) -> str:
        return self.value["help_text"]

    @property
    def required(self) -> bool:
        return bool(self.value["required"])

    @property
    def condition(self) -> tuple[str, str] | None:
        if self.value["show_if_question"] and self.value["show_if_value"]:
            return self.value["show_if_question"], self.value["show_if_value"]
        return None

    @cached_property
    def options(self) -> list[tuple[str, str]]:
        return self.block.options(self.value)

    @property
    def missing_message(self) -> str:
        if self.kind == "contact_persons":
            return self.block.missing_message_for(self.value)
        return str(self.block.missing_message)

    def field_name(self, part: str = "") -> str:
        return self.block.field_name(self.value, part)

    def form_fields(self, context: FormContext) -> dict[str, forms.Field]:
        return self.block.form_fields(self.value, context=context)

    def answer_from(self, cleaned: Mapping[str, Any]) -> Any:
        return self.block.answer_from(self.value, cleaned)

    def initial_for(self, answer: Any) -> dict[str, Any]:
        return self.block.initial_for(self.value, answer)

    def display(self, answer: Any) -> list[str]:
        return [] if answer is None else self.block.display(self.value, answer)

    def is_shown(self, answers: Mapping[str, Any]) -> bool:
        """Whether the question applies, given the answers to the questions before it."""
        if self.condition is None:
            return True
        other, wanted = self.condition
        answer = answers.get(other)
        if isinstance(answer, dict):
            return wanted in answer.get("choices", [])
        return answer == wanted


@dataclass(frozen=True)
class Section:
    heading: str
    help_text: str


def survey_items(stream) -> list[Question | Section]:
    """Sections and questions in the order the editor placed them."""
    return [
        Question(child.block, child.value)
        if isinstance(child.block, QuestionBlock)
        else Section(child.value["heading"], child.value["help_text"])
        for child in stream
        if isinstance(child.block, QuestionBlock | SectionBlock)
    ]


def questions_of(stream) -> list[Question]:
    """The questions of a question stream, in order, without the section headings."""
    return [
        Question(child.block, child.value)
        for child in stream
        if isinstance(child.block, QuestionBlock)
    ]


def question_errors(stream) -> dict[int, ValidationError]:
    """Survey-wide mistakes, keyed by block index: repeated identifiers and conditions
    that do not name an earlier question's value."""
    errors: dict[int, ValidationError] = {}
    earlier: dict[str, Question] = {}
    for index, child in enumerate(stream):
        if not isinstance(child.block, QuestionBlock):
            continue
        question = Question(child.block, child.value)
        block_errors = {}
        if question.identifier in earlier:
            block_errors["identifier"] = ValidationError(
                _("Another question already uses the identifier “%(identifier)s”.")
                % {"identifier": question.identifier}
            )
        if question.condition is not None:
            other, wanted = question.condition
            target = earlier.get(other)
            if target is None or not target.block.offers_conditions:
                block_errors["show_if_question"] = ValidationError(
                    _(
                        "Name an earlier single-choice, multiple-choice or scale "
                        "question by its identifier."
                    )
                )
            elif wanted not in dict(target.options):
                block_errors["show_if_value"] = ValidationError(
                    _("Use one of that question's values: %(values)s.")
                    % {"values": ", ".join(key for key, _label in target.options)}
                )
        if block_errors:
            errors[index] = StructBlockValidationError(block_errors=block_errors)
        earlier.setdefault(question.identifier, question)
    return errors
