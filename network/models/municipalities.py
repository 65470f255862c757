import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from portal.cache import version
from portal.models.localized import localized, localized_field

DOMAIN_PATTERN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}")

#: The fields the coverage view and the directory group municipalities by.
GROUPING_FIELDS = ("region", "wellbeing_county", "employment_area")


class SizeClass(models.TextChoices):
    """Municipalities grouped by population, the lower limit in the class (see
    network/data/README.md, "Size classes")."""

    UNDER_5000 = "under-5000", _("Under 5,000 residents")
    FROM_5000 = "5000-9999", _("5,000–9,999 residents")
    FROM_10000 = "10000-19999", _("10,000–19,999 residents")
    FROM_20000 = "20000-49999", _("20,000–49,999 residents")
    FROM_50000 = "50000-99999", _("50,000–99,999 residents")
    FROM_100000 = "100000-", _("100,000 residents or more")


#: (lower limit, upper limit or None) of each size class, in population.
SIZE_CLASS_LIMITS: dict[str, tuple[int, int | None]] = {
    SizeClass.UNDER_5000: (0, 5_000),
    SizeClass.FROM_5000: (5_000, 10_000),
    SizeClass.FROM_10000: (10_000, 20_000),
    SizeClass.FROM_20000: (20_000, 50_000),
    SizeClass.FROM_50000: (50_000, 100_000),
    SizeClass.FROM_100000: (100_000, None),
}


def size_class_of(population: int) -> str:
    """The size class of a population."""
    for value, (lower, upper) in SIZE_CLASS_LIMITS.items():
        if population >= lower and (upper is None or population < upper):
            return value
    raise ValueError(population)


def size_class_condition(value: str, *, prefix: str = "") -> Q:
    """Rows whose `<prefix>population` is in the size class."""
    lower, upper = SIZE_CLASS_LIMITS[value]
    condition = Q(**{f"{prefix}population__gte": lower})
    if upper is not None:
        condition &= Q(**{f"{prefix}population__lt": upper})
    return condition


def size_class_expression(*, prefix: str = "") -> Case:
    """The size class of `<prefix>population` as an SQL expression, for grouping."""
    return Case(
        *(
            When(size_class_condition(value, prefix=prefix), then=Value(value))
            for value in SIZE_CLASS_LIMITS
        ),
        output_field=CharField(),
    )


def name_field() -> str:
    """The name field shown in the active language (Swedish names in Swedish)."""
    return localized_field(Municipality, "name")


class MunicipalityQuerySet(models.QuerySet):
    def ordered_by_name(self) -> "MunicipalityQuerySet":
        """Alphabetical in the active language (Swedish names in Swedish)."""
        return self.order_by(name_field(), "code")

    def grouping_choices(self) -> dict[str, list[tuple[str, str]]]:
        """For each grouping field (region…), (value, name in the active language) of its
        distinct values, by name, in one query. The value is the Finnish name, so a
        filter's address means the same in every language."""
        labels = {
            field: localized_field(Municipality, field) for field in GROUPING_FIELDS
        }
        columns = {*GROUPING_FIELDS, *labels.values()}
        rows = list(self.order_by().values(*columns).distinct())
        return {
            field: sorted(
                {(row[field], row[labels[field]] or row[field]) for row in rows},
                key=lambda choice: (choice[1], choice[0]),
            )
            for field in GROUPING_FIELDS
        }

    def in_size_classes(self, values) -> "MunicipalityQuerySet":
        """Municipalities in any of the size classes (unknown values match nothing)."""
        condition = Q(pk__in=[])
        for value in values:
            if value in SIZE_CLASS_LIMITS:
                condition |= size_class_condition(value)
        return self.filter(condition)

    def similar_to(self, municipality: "Municipality") -> "MunicipalityQuerySet":
        """The other municipalities in its size class or its region."""
        return self.filter(
            size_class_condition(municipality.size_class)
            | Q(region=municipality.region)
        ).exclude(pk=municipality.pk)

    def with_membership_counts(self) -> "MunicipalityQuerySet":
        """Annotate `verified_members` and `pending_requests` (active accounts only)."""
        from .membership import MemberProfile

        active = Q(profiles__user__is_active=True)
        return self.annotate(
            verified_members=Count(
                "profiles",
                filter=active & Q(profiles__status=MemberProfile.Status.VERIFIED),
            ),
            pending_requests=Count(
                "profiles",
                filter=active & Q(profiles__status=MemberProfile.Status.PENDING),
            ),
        )


class Municipality(ClusterableModel):
    """A Finnish municipality with the public facts the network reports by."""

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish-speaking")
        BILINGUAL_FINNISH = "fi-sv", _("Bilingual, Finnish majority")
        BILINGUAL_SWEDISH = "sv-fi", _("Bilingual, Swedish majority")
        SWEDISH = "sv", _("Swedish-speaking")

    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        help_text=_("Statistics Finland's 3-digit code."),
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    language = models.CharField(
        _("language status"), max_length=8, choices=Language.choices
    )
    region = models.CharField(_("region"), max_length=100, db_index=True)
    wellbeing_county = models.CharField(
        _("wellbeing services county"), max_length=100, db_index=True
    )
    employment_area = models.CharField(
        _("employment area"), max_length=100, db_index=True
    )
    region_sv = models.CharField(_("region in Swedish"), max_length=100, blank=True)
    wellbeing_county_sv = models.CharField(
        _("wellbeing services county in Swedish"), max_length=100, blank=True
    )
    employment_area_sv = models.CharField(
        _("employment area in Swedish"), max_length=100, blank=True
    )
    population = models.PositiveIntegerField(
        _("population"), help_text=_("Population at the end of 2022.")
    )
    website_domain = models.CharField(
        _("website domain"), max_length=100, blank=True, help_text=_("E.g. hel.fi.")
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("The municipality's registry or contact address for invitations."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Swedish in Swedish, Finnish otherwise)."""
        return localized(self, "name")

    def grouping_name(self, field: str) -> str:
        """The name of its region, wellbeing services county or employment area
        (`GROUPING_FIELDS`) in the active language; Finnish where there is no other."""
        if field not in GROUPING_FIELDS:
            raise ValueError(field)
        return localized(self, field)

    @property
    def region_name(self) -> str:
        return self.grouping_name("region")

    @property
    def wellbeing_county_name(self) -> str:
        return self.grouping_name("wellbeing_county")

    @property
    def employment_area_name(self) -> str:
        return self.grouping_name("employment_area")

    @property
    def size_class(self) -> str:
        """The `SizeClass` value of its population."""
        return size_class_of(self.population)

    def get_size_class_display(self) -> str:
        return str(SizeClass(self.size_class).label)


NAMES_CACHE_KEY = "network:municipality-names:{version}:{language}"
NAMES_CACHE_TIMEOUT = 60 * 60


#: This process's copy of the names, per language: (key, names) of the last read.
_names_copies: dict[str, tuple[str, list[tuple[int, str, str]]]] = {}


def municipality_names() -> list[tuple[int, str, str]]:
    """(pk, code, name) of every municipality, by name in the active language.

    Forms list all 308 in a select; the list is cached per language under the
    "municipalities" version, which saving or deleting a municipality bumps
    (`PORTAL_CACHE_DEPENDENCIES`). Each process keeps its own copy of the last list it
    read, used while the version (read with the request's other versions, in one round
    trip) is the same: no read and unpickling of the 308 names per form. A version
    restarts at a random number when the cache loses it (`portal.cache.start_value`),
    so an old copy never becomes current again.
    """
    field = name_field()
    key = NAMES_CACHE_KEY.format(version=version("municipalities"), language=field)
    copy = _names_copies.get(field)
    if copy is not None and copy[0] == key:
        return copy[1]
    names = cache.get(key)
    if names is None:
        names = list(
            Municipality.objects.order_by(field, "code").values_list(
                "pk", "code", field
            )
        )
        cache.set(key, names, timeout=NAMES_CACHE_TIMEOUT)
    _names_copies[field] = (key, names)
    return names


class MunicipalityDomain(models.Model):
    """An e-mail domain whose verified addresses belong to the municipality's staff."""

    municipality = ParentalKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    domain = models.CharField(
        _("domain"),
        max_length=100,
        unique=True,
        help_text=_("E-mail domain without @, e.g. ouka.fi. Subdomains match too."),
    )

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = normalise_domain(self.domain)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Normalised before the uniqueness check, so "Hel.fi" clashes with "hel.fi".
        self.domain = normalise_domain(self.domain)
        if not DOMAIN_PATTERN.fullmatch(self.domain):
            raise ValidationError(
                {
                    "domain": _(
                        "Write a domain such as ouka.fi: letters, digits and "
                        "hyphens separated by dots, without @ or spaces."
                    )
                }
            )


def normalise_domain(domain: str) -> str:
    """Lower case, without surrounding spaces, a leading @ or a trailing dot."""
    return domain.strip().lower().lstrip("@").rstrip(".")
