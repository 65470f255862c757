from django.db.models import Q
from django.utils.translation import gettext_lazy as _

import django_filters

from network.models import Municipality

#: Size classes by population (network/data/README.md); the lower limit belongs to the class.
SIZE_CLASSES = [
    ("under-5000", _("under 5,000"), 0, 5_000),
    ("5000-9999", _("5,000–9,999"), 5_000, 10_000),
    ("10000-19999", _("10,000–19,999"), 10_000, 20_000),
    ("20000-49999", _("20,000–49,999"), 20_000, 50_000),
    ("50000-99999", _("50,000–99,999"), 50_000, 100_000),
    ("100000-", _("100,000 or more"), 100_000, None),
]


def size_class_query(key: str) -> Q:
    for code, _label, low, high in SIZE_CLASSES:
        if code == key:
            query = Q(population__gte=low)
            return query & Q(population__lt=high) if high is not None else query
    return Q(pk__in=[])


class MunicipalityFilter(django_filters.FilterSet):
    """Which municipalities' answers the results and the lists cover."""

    region = django_filters.ChoiceFilter(label=_("Region"), empty_label=_("All"))
    wellbeing_county = django_filters.ChoiceFilter(
        label=_("Wellbeing services county"), empty_label=_("All")
    )
    employment_area = django_filters.ChoiceFilter(
        label=_("Employment area"), empty_label=_("All")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language status"),
        choices=Municipality.Language.choices,
        empty_label=_("All"),
    )
    size = django_filters.ChoiceFilter(
        label=_("Population"),
        choices=[(code, label) for code, label, _low, _high in SIZE_CLASSES],
        empty_label=_("All"),
        method="filter_size",
    )

    class Meta:
        model = Municipality
        fields = ["region", "wellbeing_county", "employment_area", "language", "size"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name, choices in Municipality.objects.grouping_choices().items():
            self.filters[name].extra["choices"] = choices

    def filter_size(self, queryset, name, value):
        return queryset.filter(size_class_query(value))

    @property
    def is_active(self) -> bool:
        """Whether any filter narrows the municipalities."""
        if not self.is_bound or not self.form.is_valid():
            return False
        return any(self.form.cleaned_data.get(name) for name in self.filters)

    @property
    def municipalities(self):
        """The filtered municipalities, or None when no filter is set (all of them)."""
        return self.qs if self.is_active else None
