"""StreamField blocks of event pages: speakers and the per-event registration questions.

A speaker is an expert of the office's directory (`materials.Expert`, whose page then lists
the event through Wagtail's reference index) or a guest named in free text.

Each question block also builds the form field that both the registration form and
`services.register_for_event` use, so a question is defined, shown and validated in one place.
Answers are stored by the block's id, which stays the same when editors reorder questions.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import DocumentLinkBlock

ANSWER_MAX_LENGTH = {"short_text": 255, "long_text": 4000}


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=120)
    title = blocks.CharBlock(label=_("Title"), max_length=160, required=False)
    organisation = blocks.CharBlock(
        label=_("Organisation"), max_length=160, required=False
    )

    class Meta:
        icon = "user"
        label = _("Guest speaker")


class SpeakersBlock(blocks.StreamBlock):
    expert = SnippetChooserBlock(
        "materials.Expert",
        icon="user",
        label=_("Expert"),
        help_text=_(
            "An expert of the directory: the page shows their name, linked to "
            "their page, and their title in the page's language."
        ),
    )
    speaker = SpeakerBlock()


class QuestionBlock(blocks.StructBlock):
    """Common parts of a registration question; subclasses say which form field it is."""

    label = blocks.CharBlock(label=_("Question"), max_length=255)
    help_text = blocks.CharBlock(label=_("Help text"), max_length=255, required=False)
    required = blocks.BooleanBlock(
        label=_("Required"),
        required=False,
        help_text=_("Registration is not accepted without an answer."),
    )
    delete_after_event = blocks.BooleanBlock(
        label=_("Delete the answers after the event"),
        required=False,
        help_text=_(
            "For answers needed only for the event itself, such as dietary "
            "requirements: they are deleted a few days after the event, as the "
            "privacy statement says. The registrant is told so on the form."
        ),
    )

    class Meta:
        icon = "help"

    def form_field(self, value) -> forms.Field:
        field = self.build_field(value)
        if value.get("delete_after_event"):
            note = _("Your answer is deleted after the event.")
            field.help_text = f"{field.help_text} {note}".strip()
        return field

    def build_field(self, value) -> forms.Field:
        raise NotImplementedError  # every concrete question block defines its field

    def empty_answer(self):
        return ""


class ShortTextQuestionBlock(QuestionBlock):
    class Meta:
        label = _("Short text")

    def build_field(self, value) -> forms.Field:
        return forms.CharField(
            label=value["label"],
            help_text=value["help_text"],
            required=value["required"],
            max_length=ANSWER_MAX_LENGTH["short_text"],
        )


class LongTextQuestionBlock(QuestionBlock):
    class Meta:
        label = _("Long text")

    def build_field(self, value) -> forms.Field:
        return forms.CharField(
            label=value["label"],
            help_text=value["help_text"],
            required=value["required"],
            max_length=ANSWER_MAX_LENGTH["long_text"],
            widget=forms.Textarea(attrs={"rows": 4}),
        )


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("Option"), max_length=200),
        label=_("Options"),
        min_num=2,
    )

    def choice_list(self, value) -> list[tuple[str, str]]:
        return [(str(option), str(option)) for option in value["choices"]]


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    class Meta:
        label = _("Single choice")

    def build_field(self, value) -> forms.Field:
        return forms.ChoiceField(
            label=value["label"],
            help_text=value["help_text"],
            required=value["required"],
            choices=self.choice_list(value),
            widget=forms.RadioSelect,
        )


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    class Meta:
        label = _("Multiple choice")

    def build_field(self, value) -> forms.Field:
        return forms.MultipleChoiceField(
            label=value["label"],
            help_text=value["help_text"],
            required=value["required"],
            choices=self.choice_list(value),
            widget=forms.CheckboxSelectMultiple,
        )

    def empty_answer(self):
        return []


class CheckboxQuestionBlock(QuestionBlock):
    class Meta:
        label = _("Checkbox")

    def build_field(self, value) -> forms.Field:
        return forms.BooleanField(
            label=value["label"],
            help_text=value["help_text"],
            required=value["required"],
        )

    def empty_answer(self):
        return False


class RegistrationQuestionsBlock(blocks.StreamBlock):
    short_text = ShortTextQuestionBlock()
    long_text = LongTextQuestionBlock()
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    checkbox = CheckboxQuestionBlock()


class EventDocumentsBlock(blocks.StreamBlock):
    document = DocumentLinkBlock(label=_("Document"))


def question_fields(questions) -> dict[str, forms.Field]:
    """The form field of each question of an event, keyed `question_<block id>`."""
    return {
        f"question_{child.id}": child.block.form_field(child.value)
        for child in questions
    }


def clean_answers(questions, answers: dict) -> tuple[dict, dict[str, list[str]]]:
    """Validate raw answers (keyed by question id) against the event's questions.

    Returns (cleaned answers by question id, errors by question id); unknown ids are dropped.
    """
    cleaned: dict = {}
    errors: dict[str, list[str]] = {}
    for child in questions:
        field = child.block.form_field(child.value)
        raw = answers.get(child.id, child.block.empty_answer())
        try:
            cleaned[child.id] = field.clean(raw)
        except forms.ValidationError as error:
            errors[child.id] = list(error.messages)
    return cleaned, errors


def answers_to_delete_after_event(questions) -> list[str]:
    """The ids of an event's questions whose answers are deleted after the event."""
    return [child.id for child in questions if child.value.get("delete_after_event")]
