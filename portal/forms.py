from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from portal import signup as signup_fields


class CachedChoices(ModelChoiceIterator):
    """A model choice field's (pk, label) pairs from a cached list, the field's
    `cached_choices()`, without a query or a model instance per option; the field still
    checks a posted choice against its queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.cached_choices()

    def __len__(self):
        return len(self.field.cached_choices()) + (self.field.empty_label is not None)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search terms"),
        max_length=200,
        strip=True,
        error_messages={
            "required": _("Write what you are looking for."),
            "max_length": ngettext_lazy(
                "Use at most %(limit_value)d character.",
                "Use at most %(limit_value)d characters.",
                "limit_value",
            ),
        },
    )


class SignupForm(forms.Form):
    """Extra fields of allauth's sign-up form: the person's name, and the fields that
    apps register in `portal.signup`."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in signup_fields.registered_fields():
            self.fields[field.key] = field.build()

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.preferred_language = translation.get_language() or ""
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
        for field in signup_fields.registered_fields():
            field.save(request, user, self.cleaned_data.get(field.key))
