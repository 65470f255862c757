"""What remains of registrations after they are deleted (retention, account deletion):
anonymous counts per event, municipality, status and attendance, which the staff report,
the event's breakdown and the coverage view add to the registrations still stored."""

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .registrations import Registration


class ArchivedRegistrationCountQuerySet(models.QuerySet):
    def registered(self) -> "ArchivedRegistrationCountQuerySet":
        """The counts `RegistrationQuerySet.registered()` would have counted."""
        return self.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        )

    def attended(self) -> "ArchivedRegistrationCountQuerySet":
        return self.filter(has_attended=True)

    def breakdown(self, field: str) -> list[tuple[str, int]]:
        """(value of `field`, registrations) pairs, as `RegistrationQuerySet.breakdown`."""
        rows = (
            self.order_by()
            .values(field)
            .annotate(total=Sum("count"))
            .values_list(field, "total")
        )
        return [(value or "", total) for value, total in rows]

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
