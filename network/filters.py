"""FilterSets of the member directory and the staff views (queue, municipalities, coverage)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

import django_filters

from network.models import GROUPING_FIELDS, MemberProfile, Municipality

GROUPING_LABELS = {
    "region": _("Region"),
    "wellbeing_county": _("Wellbeing services county"),
    "employment_area": _("Employment area"),
}


def _values_of(field: str):
    """Choices from the distinct values of a municipality grouping field, named in the
    active language (read lazily, when the form is shown)."""

    def choices():
        return Municipality.objects.grouping_choices()[field]

    return choices


def _municipalities(request):
    return Municipality.objects.ordered_by_name()


class DirectoryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name", max_length=100)
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=_municipalities,
        empty_label=_("All municipalities"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        field_name="municipality__region",
        choices=_values_of("region"),
        empty_label=_("All regions"),
    )
    wellbeing_county = django_filters.ChoiceFilter(
        label=_("Wellbeing services county"),
        field_name="municipality__wellbeing_county",
        choices=_values_of("wellbeing_county"),
        empty_label=_("All wellbeing services counties"),
    )
    employment_area = django_filters.ChoiceFilter(
        label=_("Employment area"),
        field_name="municipality__employment_area",
        choices=_values_of("employment_area"),
        empty_label=_("All employment areas"),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role in the reforms"),
        choices=MemberProfile.ReformRole.choices,
        method="filter_role",
        empty_label=_("All roles"),
    )

    class Meta:
        model = MemberProfile
        fields: list[str] = []

    def filter_name(self, queryset, name, value):
        return queryset.search_name(value)

    def filter_role(self, queryset, name, value):
        return queryset.with_reform_role(value)


class MembershipFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MemberProfile.Status.choices
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities
    )
    requested_at = django_filters.DateFromToRangeFilter(
        label=_("Requested between"), widget=DateRangePickerWidget
    )
    organisation_type = django_filters.ChoiceFilter(
        label=_("Organisation type"), choices=MemberProfile.OrganisationType.choices
    )

    class Meta:
        model = MemberProfile
        fields: list[str] = []


class MunicipalityFilterSet(WagtailFilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=_values_of("region")
    )
    wellbeing_county = django_filters.ChoiceFilter(
        label=_("Wellbeing services county"), choices=_values_of("wellbeing_county")
    )
    employment_area = django_filters.ChoiceFilter(
        label=_("Employment area"), choices=_values_of("employment_area")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language status"), choices=Municipality.Language.choices
    )

    class Meta:
        model = Municipality
        fields: list[str] = []


class CoverageFilterSet(MunicipalityFilterSet):
    group_by = django_filters.ChoiceFilter(
        label=_("Group by"),
        choices=[(field, GROUPING_LABELS[field]) for field in GROUPING_FIELDS],
        method="keep_all",
        empty_label=None,
        null_label=None,
    )
    has_member = django_filters.BooleanFilter(
        label=_("Has a verified member"),
        method="filter_has_member",
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    def keep_all(self, queryset, name, value):
        """Grouping changes the summary, not which municipalities are shown."""
        return queryset

    def filter_has_member(self, queryset, name, value):
        if value:
            return queryset.filter(verified_members__gt=0)
        return queryset.filter(verified_members=0)

    @property
    def grouping(self) -> str:
        """The chosen grouping field (region by default)."""
        if self.is_valid() and self.form.cleaned_data.get("group_by"):
            return self.form.cleaned_data["group_by"]
        return GROUPING_FIELDS[0]
