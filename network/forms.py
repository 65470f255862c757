"""Input shape of the profile, the staff decision and the account deletion forms."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from network.models import MemberProfile, Municipality
from network.models.municipalities import municipality_names
from portal.forms import CachedChoices

PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,38}$",
    _("Write the phone number with digits, e.g. +358 40 123 4567."),
)


def municipality_choices() -> list[tuple[int, str]]:
    """(pk, name) of every municipality from the cached list (`municipality_names`, by
    name in the active language)."""
    return [(pk, name) for pk, _code, name in municipality_names()]


class MunicipalityChoiceField(forms.ModelChoiceField):
    iterator = CachedChoices
    cached_choices = staticmethod(municipality_choices)


class ProfileForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Write your first name.")},
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        error_messages={"required": _("Write your last name.")},
    )
    organisation_type = forms.ChoiceField(
        label=_("Organisation type"),
        choices=MemberProfile.OrganisationType.choices,
        help_text=_(
            "Representatives of a municipality or an employment area can become "
            "network members."
        ),
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Choose a municipality"),
        help_text=_(
            "The municipality you represent. For an employment area, the municipality "
            "where you work."
        ),
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Needed when you do not work for a municipality."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("E.g. kotoutumiskoordinaattori, integrationskoordinator."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        validators=[PHONE_VALIDATOR],
        help_text=_("Only the change-support office sees your phone number."),
    )
    reform_roles = forms.MultipleChoiceField(
        label=_("Role in the reforms"),
        choices=MemberProfile.ReformRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=MemberProfile.Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=settings.LANGUAGES
    )
    is_listed_in_directory = forms.BooleanField(
        label=_("Show me in the member directory"),
        required=False,
        help_text=_(
            "Other verified members then see your name, title, organisation, "
            "municipality, reform roles, languages and e-mail address. You can "
            "remove yourself at any time."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.ordered_by_name()

    @classmethod
    def initial_for(
        cls, profile: MemberProfile, *, suggested: Municipality | None = None
    ) -> dict[str, Any]:
        """The form's starting values from the profile (and a municipality suggested
        by the e-mail domain when none is chosen yet)."""
        user = profile.user
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "organisation_type": profile.organisation_type,
            "municipality": profile.municipality or suggested,
            "organisation_name": profile.organisation_name,
            "title": profile.title,
            "phone": profile.phone,
            "reform_roles": profile.reform_roles,
            "languages": profile.languages,
            "preferred_language": user.preferred_language or settings.LANGUAGE_CODE,
            "is_listed_in_directory": profile.is_listed_in_directory,
        }

    def clean(self):
        data = super().clean()
        organisation_type = data.get("organisation_type")
        if (
            organisation_type in MemberProfile.MEMBER_ORGANISATION_TYPES
            and not data.get("municipality")
            and "municipality" not in self.errors
        ):
            self.add_error(
                "municipality",
                _("Choose the municipality you represent to become a network member."),
            )
        if (
            organisation_type
            and organisation_type not in MemberProfile.MEMBER_ORGANISATION_TYPES
            and not data.get("organisation_name")
        ):
            self.add_error(
                "organisation_name", _("Write the name of your organisation.")
            )
        return data


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the person by e-mail and kept with the decision."),
    )

    def __init__(self, *args, language: str = "", **kwargs):
        """`language`: the person's mail language, which the reason is marked with (a
        bulk decision goes to people of several languages and leaves it out)."""
        super().__init__(*args, **kwargs)
        if language:
            self.fields["reason"].widget.attrs["lang"] = language


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and my personal data are deleted for good."
        ),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )
