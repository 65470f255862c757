"""What remains of registrations after they are deleted (retention, account deletion):
anonymous counts per event, municipality, status and attendance, which the staff report,
the event's breakdown and the coverage view add to the registrations still stored."""

from django.core.cache import cache
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from network.models import Municipality
from portal import pagecache
from portal.cache import version
from portal.models.localized import localized_field

from .registrations import Registration


class ArchivedRegistrationCountQuerySet(models.QuerySet):
    def registered(self) -> "ArchivedRegistrationCountQuerySet":
        """The counts `RegistrationQuerySet.registered()` would have counted."""
        return self.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        )

    def attended(self) -> "ArchivedRegistrationCountQuerySet":
        return self.filter(has_attended=True)

    def breakdown(self, *fields: str) -> list[tuple]:
        """(value of each of `fields`…, registrations) rows, as
        `RegistrationQuerySet.breakdown`."""
        return list(
            self.order_by()
            .values(*fields)
            .annotate(total=Sum("count"))
            .values_list(*fields, "total")
        )

    def count_by_municipality(self) -> dict[int, int]:
        rows = (
            self.filter(municipality__isnull=False)
            .order_by()
            .values("municipality")
            .annotate(total=Sum("count"))
            .values_list("municipality", "total")
        )
        return dict(rows)


class ArchivedRegistrationCount(models.Model):
    """How many registrations of one event, municipality, status and attendance were
    deleted; no person can be told from it."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="archived_registration_counts",
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Registration.Status.choices
    )
    has_attended = models.BooleanField(_("attended"), default=False)
    count = models.PositiveIntegerField(_("registrations"), default=0)

    objects = ArchivedRegistrationCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("archived registration count")
        verbose_name_plural = _("archived registration counts")
        ordering = ["event", "municipality", "status", "has_attended"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "municipality", "status", "has_attended"],
                condition=Q(municipality__isnull=False),
                name="events_one_archived_count_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["event", "status", "has_attended"],
                condition=Q(municipality__isnull=True),
                name="events_one_archived_count_without_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.count} × {self.status}"


def count_archived(statuses, **conditions) -> Coalesce:
    """A subquery summing an event's archived counts in some statuses (0 when none)."""
    counted = (
        ArchivedRegistrationCount.objects.filter(
            event=OuterRef("pk"), status__in=statuses, **conditions
        )
        .order_by()
        .values("event")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(counted), 0)


def archive_counts(registrations) -> int:
    """Add the registrations of one event to its archived counts (the caller deletes
    them, in the same transaction, with the event locked). Returns how many."""
    groups = (
        registrations.order_by()
        .values("event", "municipality", "status", "has_attended")
        .annotate(total=Count("pk"))
    )
    archived = 0
    for group in groups:
        counted, _created = ArchivedRegistrationCount.objects.get_or_create(
            event_id=group["event"],
            municipality_id=group["municipality"],
            status=group["status"],
            has_attended=group["has_attended"],
        )
        ArchivedRegistrationCount.objects.filter(pk=counted.pk).update(
            count=models.F("count") + group["total"]
        )
        archived += group["total"]
    return archived


def merge_breakdowns(*breakdowns: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Sum (value, count) lists by value, largest first, as `breakdown` orders them."""
    totals: dict[str, int] = {}
    for breakdown in breakdowns:
        for value, count in breakdown:
            totals[value] = totals.get(value, 0) + count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def merge_counts(*counts: dict[int, int]) -> dict[int, int]:
    totals: dict[int, int] = {}
    for mapping in counts:
        for key, count in mapping.items():
            totals[key] = totals.get(key, 0) + count
    return totals


BREAKDOWNS_KEY = "events:breakdowns:{event}:{municipalities}:{name}:{county}"
BREAKDOWNS_TIMEOUT = 60 * 60


def registration_breakdowns(event) -> dict[str, list[tuple[str, int]]]:
    """The event's registrations that reached a seat or the waitlist, with its archived
    counts of them, by municipality and by wellbeing services county (names in the
    active language, Finnish where the register has no other), largest first:
    {"municipality": [(name, count)…], "county": [(name, count)…]}.

    Kept in the cache under the event's seat version (`portal.pagecache.seats_changed`):
    what it counts changes only with the seat counters (a registration made, its status
    changed, registrations archived, all through `events.services.count_status_changes`;
    a registration's municipality is set when it is made), and the names under the
    municipalities version. A miss counts in two queries, the registrations' and the
    archived counts', each grouped by both names.
    """
    owner_pk = event.registration_owner_pk
    name = localized_field(Municipality, "name")
    county = localized_field(Municipality, "wellbeing_county")
    key = BREAKDOWNS_KEY.format(
        event=owner_pk,
        municipalities=version("municipalities"),
        name=name,
        county=county,
    )
    seats, entry = pagecache.read_with_seat_version(owner_pk, key)
    if entry is not None and entry[0] == seats:
        return entry[1]
    fields = (f"municipality__{name}", f"municipality__{county}")
    rows = [
        *Registration.objects.filter(event_id=owner_pk).registered().breakdown(*fields),
        *ArchivedRegistrationCount.objects.filter(event_id=owner_pk)
        .registered()
        .breakdown(*fields),
    ]
    breakdowns = {
        "municipality": merge_breakdowns(
            [(municipality or "", total) for municipality, _county, total in rows]
        ),
        "county": merge_breakdowns(
            [(county_name or "", total) for _name, county_name, total in rows]
        ),
    }
    cache.set(key, (seats, breakdowns), timeout=BREAKDOWNS_TIMEOUT)
    return breakdowns
