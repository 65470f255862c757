import dataclasses

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.contrib.forms.forms import BaseForm

from materials.models.languages import Language
from portal import access


def municipality_choices() -> list[tuple[str, str]]:
    from network.models.municipalities import municipality_names

    return [
        ("", _("Not a municipality")),
        *((code, name) for _pk, code, name in municipality_names()),
    ]


class QuestionForm(BaseForm):
    """The fixed part of the "ask a question" form: who asks, and a trap for bots.

    The form builder adds the editors' fields (the question itself…) to a subclass.
    """

    CONTACT_FIELDS = ("name", "email", "phone", "organisation", "municipality")
    HONEYPOT_FIELD = "website"

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("We answer to this address.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("E.g. the municipality's integration services."),
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"), choices=municipality_choices, required=False
    )
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fixed = {*self.CONTACT_FIELDS, self.HONEYPOT_FIELD}
        extra = [name for name in self.fields if name not in fixed]
        self.order_fields([*extra, *self.CONTACT_FIELDS, self.HONEYPOT_FIELD])
        self.fields[self.HONEYPOT_FIELD].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    @classmethod
    def contact_fields(cls) -> list[tuple[str, forms.Field]]:
        return [(name, cls.base_fields[name]) for name in cls.CONTACT_FIELDS]

    @property
    def visible_fields_without_trap(self):
        return [field for field in self if field.name != self.HONEYPOT_FIELD]

    @property
    def trap(self):
        return self[self.HONEYPOT_FIELD]

    def is_spam(self) -> bool:
        """Bots fill every field; people never see the trap field."""
        return bool(self.cleaned_data.get(self.HONEYPOT_FIELD))

    def initial_for_user(self) -> dict[str, str]:
        """Contact details of a signed-in user, to save typing."""
        if not access.is_signed_in(self.user):
            return {}
        initial = {"name": self.user.get_full_name(), "email": self.user.email}
        profile = getattr(self.user, "profile", None)
        if profile is not None and profile.municipality_id:
            initial["municipality"] = profile.municipality.code
        return initial

    def submission_data(self) -> dict:
        """What is stored: the answers without the trap, the municipality by name."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name != self.HONEYPOT_FIELD
        }
        code = data.get("municipality")
        if code:
            names = dict(self.fields["municipality"].choices)
            data["municipality"] = f"{names[code]} ({code})"
        return data


class FaqSearchForm(forms.Form):
    """The FAQ page's own search: words and theme, filtered on the server."""

    q = forms.CharField(label=_("Search the questions"), max_length=100, required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        themes = {
            section.theme.slug: section.heading
            for section in sections
            if section.theme is not None
        }
        self.fields["theme"].choices = [("", _("All themes")), *themes.items()]

    def is_filtering(self) -> bool:
        return self.is_valid() and bool(
            self.cleaned_data["q"] or self.cleaned_data["theme"]
        )

    def filter(self, sections: list) -> list:
        """Only the groups and questions that match; all when nothing is asked."""
        if not self.is_filtering():
            return sections
        words = self.cleaned_data["q"].casefold().split()
        theme = self.cleaned_data["theme"]
        matching = []
        for section in sections:
            if theme and (section.theme is None or section.theme.slug != theme):
                continue
            entries = [entry for entry in section.entries if entry.matches(words)]
            if entries:
                matching.append(dataclasses.replace(section, entries=entries))
        return matching


class ExpertAdminForm(WagtailAdminModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.spoken,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Languages the expert serves in."),
    )

    def clean_languages(self) -> list[str]:
        """Stored in the order of the choices, whatever order they were ticked in."""
        chosen = set(self.cleaned_data["languages"])
        return [code for code, _label in Language.spoken() if code in chosen]
