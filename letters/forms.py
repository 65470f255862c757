"""Input of the subscription forms: the public one (with a honeypot), the private-link
and My account preferences."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.cache import layout_version
from portal.forms import CachedChoices
from portal.models import Theme

from .models import MailingList


class ShownChoices(ModelChoiceIterator):
    """The field's `shown` instances when the view read them already (with what it
    reads anyway), instead of a query of the field's queryset; a posted choice is still
    checked against the queryset."""

    def __iter__(self):
        if self.field.shown is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.shown:
            yield self.choice(obj)

    def __len__(self):
        if self.field.shown is None:
            return super().__len__()
        return len(self.field.shown) + (self.field.empty_label is not None)


class ListChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple
    iterator = ShownChoices
    shown = None

    def label_from_instance(self, obj: MailingList) -> str:
        return obj.name


THEME_CHOICES_KEY = "letters:theme-choices:{version}:{language}"
THEME_CHOICES_TIMEOUT = 60 * 60


def theme_choices() -> list[tuple[int, str]]:
    """(pk, name in the active language) of every theme, in their order, cached under
    the layout version (which saving or deleting a theme bumps)."""
    key = THEME_CHOICES_KEY.format(
        version=layout_version(), language=translation.get_language()
    )
    choices = cache.get(key)
    if choices is None:
        choices = [(theme.pk, theme.name) for theme in Theme.objects.all()]
        cache.set(key, choices, timeout=THEME_CHOICES_TIMEOUT)
    return choices


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple
    iterator = CachedChoices
    cached_choices = staticmethod(theme_choices)

    def label_from_instance(self, obj: Theme) -> str:
        return obj.name


def open_lists():
    return MailingList.objects.filter(is_public=True)


class SubscribeForm(forms.Form):
    """Subscribing with an e-mail address, confirmed from a mailed link."""

    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    lists = ListChoiceField(
        label=_("Letters"), queryset=MailingList.objects.none(), required=True
    )
    language = forms.ChoiceField(
        label=_("Language of the letters"), choices=settings.LANGUAGES
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = open_lists()

    @property
    def is_probably_spam(self) -> bool:
        """Robots fill in the hidden field; people do not see it."""
        return bool(self.cleaned_data.get("website"))


class PreferencesForm(forms.Form):
    """Which letters, themes and language: the private link's and My account's form."""

    lists = ListChoiceField(
        label=_("Letters"),
        queryset=MailingList.objects.none(),
        required=False,
        help_text=_("Untick all to receive no letters."),
    )
    themes = ThemeChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        help_text=_("Only letters about these themes. None: every letter of a list."),
    )
    language = forms.ChoiceField(
        label=_("Language of the letters"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, subscribed_ids=(), shown_lists=None, **kwargs):
        """`shown_lists`: the lists to show, when read already (the open ones and
        those in `subscribed_ids`, in their order: `MailingList.objects.offered_to`)."""
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = MailingList.objects.filter(
            Q(is_public=True) | Q(pk__in=list(subscribed_ids))
        )
        self.fields["lists"].shown = shown_lists


def signup_field() -> forms.Field:
    """The sign-up form's offer of the open lists, none ticked."""
    return ListChoiceField(
        label=_("Send me the info letters"),
        queryset=open_lists(),
        required=False,
        help_text=_(
            "Optional. The letters start once you have confirmed your e-mail address, "
            "and every letter has a link to unsubscribe."
        ),
    )
