import datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

import django_filters
from django_filters.fields import ChoiceField

from events.models import EventPage, EventSeries
from portal.models import Reform, Theme


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight of a Helsinki date, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ReformField(ChoiceField):
    """KOTO24 or TE24; the empty choice is "both reforms". The value `both` (the feed's
    documented value, old links) is accepted and means the same: every event."""

    def valid_value(self, value):
        return value == Reform.BOTH or super().valid_value(value)

    def to_python(self, value):
        value = super().to_python(value)
        return "" if value == Reform.BOTH else value


class ReformFilter(django_filters.ChoiceFilter):
    field_class = ReformField


#: The reforms to choose from: an event about both shows under either, so "both" is the
#: empty choice, not an option of its own.
REFORM_CHOICES = [
    (value, label) for value, label in Reform.choices if value != Reform.BOTH
]


class EventFeedFilterSet(django_filters.FilterSet):
    """Filters of the public calendar feed: type, series, reform and language."""

    FEED_FILTERS = ("type", "series", "reform", "language")

    type = django_filters.ChoiceFilter(
        label=_("Event type"),
        field_name="event_type",
        choices=EventPage.EventType.choices,
        empty_label=_("All types"),
    )
    series = django_filters.ModelChoiceFilter(
        label=_("Series"),
        queryset=EventSeries.objects.all(),
        to_field_name="slug",
        empty_label=_("All series"),
    )
    reform = ReformFilter(
        label=_("Reform"),
        choices=REFORM_CHOICES,
        method="filter_reform",
        empty_label=_("Both reforms"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of the event"),
        choices=settings.LANGUAGES,
        method="filter_language",
        empty_label=_("All languages"),
    )

    class Meta:
        model = EventPage
        fields: list[str] = []

    def filter_reform(self, queryset, name, value):
        """An event about both reforms belongs under either one."""
        return queryset.filter(reform__in=[value, Reform.BOTH])

    def filter_language(self, queryset, name, value):
        """The events held in the language or offering support in it ("Svenska" finds a
        Finnish event with Swedish support)."""
        return queryset.spoken_in(value)

    @property
    def feed_query(self) -> str:
        """The chosen filters that the public feed understands, as its query string
        (empty when none is chosen or the choice is invalid)."""
        if not self.form.is_valid():
            return ""
        return urlencode(
            [
                (name, self.data[name])
                for name in self.FEED_FILTERS
                if self.form.cleaned_data.get(name) and self.data.get(name)
            ]
        )


class EventFilterSet(EventFeedFilterSet):
    """Filters of the event index."""

    WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", max_length=200
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=EventPage.Format.choices,
        empty_label=_("All formats"),
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        method="filter_date_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Until"),
        method="filter_date_to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    free = django_filters.BooleanFilter(
        label=_("Only events with free seats"),
        method="filter_free",
        widget=forms.CheckboxInput,
    )
    when = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=WHEN_CHOICES,
        method="filter_when",
        empty_label=None,
        null_label=None,
    )

    def __init__(self, *args, now: datetime.datetime, **kwargs):
        self.now = now
        super().__init__(*args, **kwargs)

    @property
    def is_past(self) -> bool:
        return self.form.is_valid() and self.form.cleaned_data.get("when") == "past"

    @property
    def total_is_kept(self) -> bool:
        """Whether the number of events listed may be kept (`events.views.listing_total_key`):
        it changes only with the pages and as listed events end. Not for past events (more
        end all the time) nor with "only events with free seats" (registrations change
        it)."""
        free = self.form.is_valid() and self.form.cleaned_data.get("free")
        return not (self.is_past or free)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.is_past:
            return queryset.past(self.now)
        return queryset.upcoming(self.now)

    def filter_when(self, queryset, name, value):
        return queryset  # ordering and the time window are applied in filter_queryset

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(intro__icontains=value)
            | Q(description__icontains=value)
            | Q(place__icontains=value)
        )

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(ends_at__gte=start_of_day(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(
            starts_at__lt=start_of_day(value + datetime.timedelta(days=1))
        )

    def filter_free(self, queryset, name, value):
        return queryset.with_free_seats() if value else queryset

    @property
    def filter_query(self) -> str:
        """The filters' part of the query string, normalised: what the rendered form
        depends on besides the language and the series and themes (cache key)."""
        return urlencode(
            sorted(
                (name, value)
                for name in self.filters
                for value in self.data.getlist(name)
            )
        )

    @property
    def has_active_filters(self) -> bool:
        if not self.form.is_valid():
            return False
        return any(
            value not in (None, "", False)
            for key, value in self.form.cleaned_data.items()
            if key != "when"
        )

    @property
    def non_field_errors(self):
        return self.form.non_field_errors()

    @classmethod
    def for_query(cls, data: QueryDict, *, queryset, now: datetime.datetime):
        """The index's filter set for the query string `data`: without a filter in it
        (most requests: a first visit, another page of the listing) the upcoming events
        as the filter set would give them (`NoEventFilters`)."""
        if not any(name in data for name in cls.base_filters):
            return NoEventFilters(queryset=queryset, now=now)
        return cls(data, queryset=queryset, now=now)


class NoEventFilters:
    """What the index reads of an `EventFilterSet` with no filter chosen, without one:
    django-filter copies the set's eleven filters and builds its form class for each
    filter set (about 0.8 ms of Python). The form, whose rendered fields are cached
    (`{% cached_html %}`), is built only when read."""

    is_past = False
    total_is_kept = True
    has_active_filters = False
    feed_query = ""
    filter_query = ""
    non_field_errors = ()

    def __init__(self, *, queryset, now: datetime.datetime):
        self.queryset = queryset
        self.now = now

    @cached_property
    def qs(self):
        return self.queryset.upcoming(self.now)

    @cached_property
    def form(self):
        return EventFilterSet(QueryDict(), queryset=self.queryset, now=self.now).form
