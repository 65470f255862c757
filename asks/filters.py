"""The office inbox's filters: kind, state, reform, theme, municipality, who it is
assigned to, and age in working days."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from asks.models import Request
from asks.services import waited_longer_than
from materials.models import Expert
from network.models import Municipality
from portal.models import Reform, Theme

AGE_CHOICES = [
    ("overdue", _("Older than the warning limit")),
    ("5", _("Over 5 working days")),
    ("10", _("Over 10 working days")),
    ("20", _("Over 20 working days")),
]


def _municipalities(request):
    return Municipality.objects.ordered_by_name()


def _handlers(request):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        pk__in=Request.objects.exclude(assigned_user=None).values("assigned_user")
    )


class RequestFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Request.Kind.choices)
    state = django_filters.MultipleChoiceFilter(
        label=_("State"), choices=Request.State.choices
    )
    is_open = django_filters.BooleanFilter(label=_("Open"), method="filter_open")
    reform = django_filters.ChoiceFilter(label=_("Reform"), choices=Reform.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.order_by("sort_order", "name_fi")
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities
    )
    assigned_user = django_filters.ModelChoiceFilter(
        label=_("Assigned staff member"), queryset=_handlers
    )
    assigned_expert = django_filters.ModelChoiceFilter(
        label=_("Assigned expert"), queryset=Expert.objects.order_by("name")
    )
    age = django_filters.ChoiceFilter(
        label=_("Waiting"), choices=AGE_CHOICES, method="filter_age"
    )

    class Meta:
        model = Request
        fields = []

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(state__in=Request.OPEN_STATES)
        return queryset.exclude(state__in=Request.OPEN_STATES)

    def filter_age(self, queryset, name, value):
        """New and assigned requests whose wait began more than so many working days
        ago (new: since arrival; assigned: since the last change)."""
        from django.conf import settings
        from django.db.models import Q

        days = (
            settings.PORTAL_REQUESTS_WARNING_WORKING_DAYS
            if value == "overdue"
            else int(value)
        )
        cutoff = waited_longer_than(days)
        return queryset.filter(
            Q(state=Request.State.NEW, created_at__lt=cutoff)
            | Q(state=Request.State.ASSIGNED, updated_at__lt=cutoff)
        )
