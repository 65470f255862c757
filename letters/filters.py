"""The subscriber browser's filters: list, state, how consent was given, municipality and
language. State and source look at the subscriptions of the chosen list, or of any list
when none is chosen."""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from network.models import Municipality

from . import services
from .models import MailingList, Subscriber, Subscription

SUPPRESSED = "suppressed"
STATE_CHOICES = [*Subscription.Status.choices, (SUPPRESSED, _("Suppressed"))]


def _municipalities(request):
    return Municipality.objects.ordered_by_name()


class SubscriberFilterSet(WagtailFilterSet):
    mailing_list = django_filters.ModelChoiceFilter(
        label=_("Mailing list"),
        queryset=MailingList.objects.all(),
        method="filter_subscriptions",
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATE_CHOICES, method="filter_subscriptions"
    )
    source = django_filters.ChoiceFilter(
        label=_("How consent was given"),
        choices=Subscription.Source.choices,
        method="filter_subscriptions",
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES
    )

    class Meta:
        model = Subscriber
        fields = []

    def filter_subscriptions(self, queryset, name, value):
        """List, state and source together: one subscription must match all chosen
        (applied once, by the first of the three that has a value)."""
        data = self.form.cleaned_data
        chosen = [key for key in ("mailing_list", "state", "source") if data.get(key)]
        if not chosen or chosen[0] != name:
            return queryset
        subscriptions = Subscription.objects.filter(subscriber=OuterRef("pk"))
        if data.get("mailing_list"):
            subscriptions = subscriptions.filter(mailing_list=data["mailing_list"])
        if data.get("source"):
            subscriptions = subscriptions.filter(source=data["source"])
        state = data.get("state")
        if state == SUPPRESSED:
            queryset = queryset.filter(
                email__in=services.suppressed_addresses().values("to")
            )
        elif state:
            subscriptions = subscriptions.filter(status=state)
        if data.get("mailing_list") or data.get("source") or state != SUPPRESSED:
            queryset = queryset.filter(Exists(subscriptions))
        return queryset
