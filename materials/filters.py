from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

import django_filters

from materials.models import Expert, Language, MaterialPage, NewsPage
from network.models import Municipality, SizeClass
from portal.cache import digest, layout_version
from portal.models import Reform, Theme

#: The reforms to choose from: a material about both shows under either, so "both" is not
#: an option of its own.
REFORM_CHOICES = [
    (value, label) for value, label in Reform.choices if value != Reform.BOTH
]


def reform_counts(queryset) -> dict[str, int]:
    """What choosing each reform gives: its own materials and those about both."""
    counts = queryset.reform_counts()
    both = counts.get(Reform.BOTH, 0)
    return {value: counts.get(value, 0) + both for value, _label in REFORM_CHOICES}


#: The value of the "municipalities like mine" filter.
SIMILAR = "mine"


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    is_selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    is_multiple: bool

    @property
    def field_id(self) -> str:
        return f"facet-{self.name}"


class MaterialFilterForm(forms.Form):
    """The fields beside the filters: the sort order is not a filter."""

    SORT_CHOICES = [("newest", _("Newest first")), ("title", _("Title A–Ö"))]

    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)


class MaterialFilterSet(django_filters.FilterSet):
    """Filters of the materials library; each facet counts what choosing it would give."""

    q = django_filters.CharFilter(
        label=_("Search words"), method="filter_words", max_length=200
    )
    type = django_filters.MultipleChoiceFilter(
        label=_("Type"),
        field_name="material_type",
        choices=MaterialPage.MaterialType.choices,
        distinct=False,
    )
    reform = django_filters.MultipleChoiceFilter(
        label=_("Reform"), choices=Reform.choices, method="filter_reform"
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_themes",
    )
    language = django_filters.MultipleChoiceFilter(
        label=_("Language"), choices=Language.choices, distinct=False
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
    )
    size = django_filters.MultipleChoiceFilter(
        label=_("Size of the municipality"),
        choices=SizeClass.choices,
        method="filter_size",
    )
    municipality_language = django_filters.MultipleChoiceFilter(
        label=_("Language of the municipality"),
        choices=Municipality.Language.choices,
        method="filter_municipality_language",
    )
    region = django_filters.CharFilter(
        label=_("Region"), method="filter_region", max_length=100
    )
    employment_area = django_filters.CharFilter(
        label=_("Employment area"), method="filter_employment_area", max_length=100
    )
    similar = django_filters.MultipleChoiceFilter(
        label=_("Municipalities like mine"),
        choices=[(SIMILAR, _("Same size or region as mine"))],
        method="filter_similar",
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="published_on", lookup_expr="year"
    )

    class Meta:
        model = MaterialPage
        fields = [
            "q",
            "similar",
            "type",
            "reform",
            "theme",
            "language",
            "municipality",
            "size",
            "municipality_language",
            "region",
            "employment_area",
            "year",
        ]
        form = MaterialFilterForm

    def __init__(self, *args, home_municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.home_municipality = home_municipality

    def filter_size(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.from_municipalities(Municipality.objects.in_size_classes(value))

    def filter_municipality_language(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.from_municipalities(
            Municipality.objects.filter(language__in=value)
        )

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.from_municipalities(Municipality.objects.filter(region=value))

    def filter_employment_area(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.from_municipalities(
            Municipality.objects.filter(employment_area=value)
        )

    def filter_similar(self, queryset, name, value):
        """Materials from municipalities like the person's own (ignored without one)."""
        if SIMILAR not in (value or []) or self.home_municipality is None:
            return queryset
        return queryset.like_municipality(self.home_municipality)

    def filter_words(self, queryset, name, value):
        return queryset.matching(value)

    def filter_reform(self, queryset, name, value):
        """A material about both reforms belongs under either one; choosing both reforms
        (or `both`, as old links say) is every material."""
        chosen = set(value)
        if Reform.BOTH in chosen or {Reform.KOTO24, Reform.TE24} <= chosen:
            return queryset
        return queryset.filter(reform__in=[*chosen, Reform.BOTH])

    def filter_themes(self, queryset, name, value):
        return queryset.with_themes(value) if value else queryset

    def filter_queryset(self, queryset, *, skip: str = ""):
        """All filters but `skip` (a facet counts without its own filter), then sort."""
        for name, value in self.form.cleaned_data.items():
            if name in self.filters and name != skip:
                queryset = self.filters[name].filter(queryset, value)
        if self.form.cleaned_data.get("sort") == "title":
            return queryset.by_title()
        return queryset.newest_first()

    @property
    def is_filtering(self) -> bool:
        return any(self._selected(name) for name in self.Meta.fields)

    def facets(self) -> list[Facet]:
        """The choices of each facet with counts: from the cache (`cached_facets`), else
        computed (`compute_facets`)."""
        return cached_facets(self)

    def compute_facets(self) -> list[Facet]:
        """The choices of each facet with counts, one aggregate query per facet and one
        for the names of the regions and employment areas."""
        self.form.is_valid()
        facets = [] if self.home_municipality is None else [self._similar_facet()]
        names = Municipality.objects.grouping_choices()
        return [
            *facets,
            self._choice_facet(
                "type", MaterialPage.MaterialType.choices, lambda qs: qs.type_counts()
            ),
            self._choice_facet("reform", REFORM_CHOICES, reform_counts),
            self._theme_facet(),
            self._choice_facet(
                "language", Language.choices, lambda qs: qs.language_counts()
            ),
            self._municipality_facet(),
            self._choice_facet(
                "size", SizeClass.choices, lambda qs: qs.size_class_counts()
            ),
            self._choice_facet(
                "municipality_language",
                Municipality.Language.choices,
                lambda qs: qs.municipality_language_counts(),
            ),
            self._value_facet("region", lambda qs: qs.region_counts(), names),
            self._value_facet(
                "employment_area", lambda qs: qs.employment_area_counts(), names
            ),
            self._year_facet(),
        ]

    def _without(self, name: str):
        return self.filter_queryset(self.queryset.all(), skip=name)

    def _selected(self, name: str) -> set[str]:
        return {value for value in self.data.getlist(name) if value}

    def _facet(self, name: str, options: list[FacetOption]) -> Facet:
        field = self.filters[name]
        return Facet(
            name=name,
            label=str(field.label),
            options=[o for o in options if o.count or o.is_selected],
            is_multiple=isinstance(
                field,
                django_filters.MultipleChoiceFilter
                | django_filters.ModelMultipleChoiceFilter,
            ),
        )

    def _choice_facet(self, name: str, choices, count) -> Facet:
        counts = count(self._without(name))
        selected = self._selected(name)
        return self._facet(
            name,
            [
                FacetOption(value, str(label), counts.get(value, 0), value in selected)
                for value, label in choices
            ],
        )

    def _value_facet(self, name: str, count, names) -> Facet:
        """A facet whose options are the values found (Finnish region names…), shown by
        their names in the active language (`grouping_choices()`) and in their order."""
        counts = count(self._without(name))
        selected = self._selected(name)
        for value in selected:
            counts.setdefault(value, 0)
        labels = dict(names[name])
        options = [
            FacetOption(value, labels.get(value, value), number, value in selected)
            for value, number in counts.items()
        ]
        return self._facet(name, sorted(options, key=lambda o: (o.label, o.value)))

    def _similar_facet(self) -> Facet:
        municipality = self.home_municipality
        count = self._without("similar").like_municipality(municipality).count()
        label = _("Same size class or region as %(municipality)s") % {
            "municipality": municipality.name
        }
        return self._facet(
            "similar",
            [
                FacetOption(
                    SIMILAR, str(label), count, SIMILAR in self._selected("similar")
                )
            ],
        )

    def _theme_facet(self) -> Facet:
        selected = self._selected("theme")
        return self._facet(
            "theme",
            [
                FacetOption(theme.slug, theme.name, theme.count, theme.slug in selected)
                for theme in self._without("theme").theme_counts()
            ],
        )

    def _municipality_facet(self) -> Facet:
        selected = self._selected("municipality")
        return self._facet(
            "municipality",
            [
                FacetOption(m.code, m.name, m.count, m.code in selected)
                for m in self._without("municipality").municipality_counts()
            ],
        )

    def _year_facet(self) -> Facet:
        counts = self._without("year").year_counts()
        selected = self._selected("year")
        return self._facet(
            "year",
            [
                FacetOption(str(year), str(year), count, str(year) in selected)
                for year, count in sorted(counts.items(), reverse=True)
            ],
        )


FACETS_TIMEOUT = 60 * 60


def facets_key(filterset: MaterialFilterSet) -> str | None:
    """Where the facets of a library request are cached: the materials counted (the SQL of
    the listing's queryset, so any change in what the library lists gives another key),
    the choices as sent, the person's home municipality (the "like mine" facet), the
    language of the labels, and the layout version, which every change to a page (a
    material published, edited, moved or unpublished, with its themes and municipalities),
    a theme, a municipality and every release bump. None when the queryset is empty by
    construction (nothing to count)."""
    try:
        listed = str(filterset.queryset.query)
    except EmptyResultSet:
        return None
    chosen = [(name, filterset.data.getlist(name)) for name in filterset.Meta.fields]
    municipality = filterset.home_municipality
    shown = digest(
        listed,
        chosen,
        municipality.pk if municipality is not None else None,
        translation.get_language(),
        layout_version(),
    )
    return f"materials:facets:{shown}"


def cached_facets(filterset: MaterialFilterSet) -> list[Facet]:
    """The library's facets, computed once for each combination of what they depend on
    (`facets_key`), so their cost does not grow with the number of materials on every
    request. Everyone with the same audience, choices and home municipality shares them;
    nothing in them is personal."""
    key = facets_key(filterset)
    facets = cache.get(key) if key is not None else None
    if facets is None:
        facets = filterset.compute_facets()
        if key is not None:
            cache.set(key, facets, timeout=FACETS_TIMEOUT)
    else:
        filterset.form.is_valid()  # as computing them does, for the template
    return facets


class ExpertFilterSet(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        field_name="themes",
        empty_label=_("All themes"),
    )

    class Meta:
        model = Expert
        fields = ["theme"]


class NewsFilterSet(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        field_name="news_type",
        choices=NewsPage.NewsType.choices,
        empty_label=_("All types"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        field_name="themes",
        empty_label=_("All themes"),
    )

    class Meta:
        model = NewsPage
        fields = ["type", "theme"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).newest_first()
