from html import escape

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from events.blocks import question_fields
from network.forms import MunicipalityChoiceField
from network.models import Municipality
from network.models.municipalities import municipality_names, name_field


class MunicipalityField(MunicipalityChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(queryset=Municipality.objects.all(), **kwargs)

    def to_python(self, value):
        """The chosen municipality, checked against the cached list: an instance with its
        id, code and name loaded (other fields load when read), without a query."""
        if value in self.empty_values:
            return None
        if isinstance(value, Municipality):
            return value
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = None
        for known_pk, code, name in municipality_names():
            if known_pk == pk:
                return Municipality.from_db(
                    Municipality.objects.db,
                    ["id", "code", name_field()],
                    [pk, code, name],
                )
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice"
        )


class QuickSelect(forms.Select):
    """A <select> whose options are written in Python: Django renders every <option> through
    a template, which for the 308 municipalities costs more than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        # Every value and label is escaped with html.escape, which escapes the same five
        # characters as Django's escape at a tenth of the cost of format_html per option.
        options = "".join(
            f'<option value="{escape(str(key))}"'
            f"{' selected' if str(key) in selected else ''}>{escape(str(label))}</option>"
            for key, label in self.choices
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html(
            "<select{}>{}</select>",
            flatatt(final_attrs),
            mark_safe(options),  # noqa: S308 - every part escaped above
        )


class RegistrationForm(forms.Form):
    """A signed-in user's one-step registration: the profile pre-fills the person's details,
    the event's own questions follow."""

    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, required=False
    )
    municipality = MunicipalityField(
        label=_("Municipality"), required=False, empty_label=_("Not a municipality")
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_ids = {}
        for field_name, field in question_fields(event.registration_questions).items():
            self.fields[field_name] = field
            self.question_ids[field_name] = field_name.removeprefix("question_")

    def answers(self) -> dict:
        """The cleaned answers keyed by question id, for `register_for_event`."""
        return {
            question_id: self.cleaned_data.get(field_name)
            for field_name, question_id in self.question_ids.items()
        }

    def add_answer_errors(self, errors: dict[str, list[str]]) -> None:
        """Show the service's answer errors (keyed by question id) on their fields."""
        for question_id, messages in errors.items():
            field_name = f"question_{question_id}"
            for message in messages:
                self.add_error(
                    field_name if field_name in self.fields else None, message
                )

    @property
    def question_fields(self):
        return [self[name] for name in self.question_ids]

    @property
    def person_fields(self):
        return [
            self[name]
            for name in self.fields
            if name not in self.question_ids and name != "website"
        ]


class GuestRegistrationForm(RegistrationForm):
    """Registration without an account (public events only), with a honeypot field."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the confirmation and the link to your registration here."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["name", "email", "organisation", "municipality"]

    @property
    def is_probably_spam(self) -> bool:
        """Robots fill in the hidden field; people do not see it."""
        return bool(self.cleaned_data.get("website"))


# --- Staff (Wagtail admin) ---------------------------------------------------------------


class StaffRegistrationForm(forms.Form):
    """Staff add a person by hand (e.g. one who registered by phone)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, required=False
    )
    municipality = MunicipalityField(
        label=_("Municipality"), required=False, empty_label=_("Not a municipality")
    )
    language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=settings.LANGUAGES, initial="fi"
    )


class AttendanceReportForm(forms.Form):
    report = forms.FileField(
        label=_("Attendance report"),
        help_text=_(
            "The CSV file that Teams gives under Attendance → Download. People are matched "
            "to registrations by e-mail address."
        ),
    )


class AttendanceConfirmForm(forms.Form):
    """The matched registrations, as previewed, to mark attended."""

    registrations = forms.TypedMultipleChoiceField(
        label=_("Mark as attended"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].choices = choices


class MessageRegistrantsForm(forms.Form):
    STATUS_CHOICES = [
        ("confirmed", _("Confirmed")),
        ("waitlisted", _("On the waitlist")),
        ("pending", _("Waiting for approval")),
    ]

    statuses = forms.MultipleChoiceField(
        label=_("Send to"),
        choices=STATUS_CHOICES,
        initial=["confirmed"],
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain text. Each person gets their own e-mail with the event's details."
        ),
    )


class RejectionForm(forms.Form):
    """The reason staff give for not approving; it is mailed as written, inside a message
    in the registrant's language (`language`), so the field is marked with that language."""

    reason = forms.CharField(
        label=_("Reason (sent to the person)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write it in the language of the person's e-mail."),
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["lang"] = language
