import datetime
import secrets

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_manage_key() -> str:
    """A fresh secret for a guest's private link (unguessable, URL-safe)."""
    return secrets.token_urlsafe(24)


#: The waitlist's order, oldest first: `promote_from_waitlist` promotes in it and every
#: waitlist position shown to registrants and staff counts in it.
WAITLIST_ORDER = ("created_at", "pk")


def waitlist_key(registration) -> tuple:
    """A registration's place in `WAITLIST_ORDER`, for sorting rows already read."""
    return (registration.created_at, registration.pk)


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        """Registrations that still count: pending, confirmed or on the waitlist."""
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def confirmed(self) -> "RegistrationQuerySet":
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self) -> "RegistrationQuerySet":
        return self.filter(status=Registration.Status.WAITLISTED)

    def pending(self) -> "RegistrationQuerySet":
        return self.filter(status=Registration.Status.PENDING)

    def holding_seats(self) -> "RegistrationQuerySet":
        """Confirmed and pending registrations: a pending one keeps its seat until decided."""
        return self.filter(status__in=Registration.SEAT_STATUSES)

    def registered(self) -> "RegistrationQuerySet":
        """Registrations that reached a seat or the waitlist (not rejected or only pending)."""
        return self.filter(
            status__in=[
                Registration.Status.CONFIRMED,
                Registration.Status.WAITLISTED,
            ]
        )

    def attended(self) -> "RegistrationQuerySet":
        return self.filter(has_attended=True)

    def breakdown(self, *fields: str) -> list[tuple]:
        """(value of each of `fields`…, number of registrations) rows, in one query;
        e.g. `breakdown("municipality__wellbeing_county")`. `merge_breakdowns` sums and
        orders them."""
        return list(
            self.order_by()
            .values(*fields)
            .annotate(total=Count("pk"))
            .values_list(*fields, "total")
        )

    def count_by_municipality(self) -> dict[int, int]:
        """{municipality id: number of registrations}, in one query."""
        rows = (
            self.filter(municipality__isnull=False)
            .order_by()
            .values("municipality")
            .annotate(total=Count("pk"))
            .values_list("municipality", "total")
        )
        return dict(rows)

    def in_waitlist_order(self) -> "RegistrationQuerySet":
        """Oldest first: the order in which the waitlist is promoted."""
        return self.order_by(*WAITLIST_ORDER)

    def search(self, text: str) -> "RegistrationQuerySet":
        """Registrations whose name or e-mail address contains `text` (any case)."""
        return self.filter(Q(name__icontains=text) | Q(email__icontains=text))

    def for_user(self, user) -> "RegistrationQuerySet":
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(user=user)

    def of_person(self, user, *, addresses: set[str]) -> "RegistrationQuerySet":
        """The user's registrations and the guest registrations made with one of the
        given addresses (the person's confirmed ones), for their own-data export and
        erasure."""
        guest = Q(user__isnull=True)
        by_address = Q(pk__in=[])
        for address in addresses:
            by_address |= Q(email__iexact=address)
        return self.filter(Q(user=user) | (guest & by_address))

    def for_account(self) -> "RegistrationQuerySet":
        """With the event, its series and locale (the language its title is marked in)."""
        return self.select_related("event", "event__series", "event__locale").order_by(
            "event__starts_at", "pk"
        )

    @staticmethod
    def _translation_in(language: str):
        """The live translation of the registration's event in `language` (a subquery)."""
        from .pages import EventPage

        return EventPage.objects.live().filter(
            registration_owner=OuterRef("event"), locale__language_code=language
        )

    def with_title_in(self, language: str) -> "RegistrationQuerySet":
        """Annotate `title_in_language`: the title of the event's live translation in
        `language` (empty without one), in the same query."""
        translated = self._translation_in(language).values("title")[:1]
        return self.annotate(
            title_in_language=Coalesce(Subquery(translated), Value(""))
        )

    def with_translation_in(self, language: str) -> "RegistrationQuerySet":
        """Annotate `translation_in_language`: the pk of the event's live translation in
        `language` (None without one), in the same query."""
        translated = self._translation_in(language).values("pk")[:1]
        return self.annotate(translation_in_language=Subquery(translated))

    def upcoming(self, now: datetime.datetime) -> "RegistrationQuerySet":
        return self.filter(event__ends_at__gt=now)

    def past(self, now: datetime.datetime) -> "RegistrationQuerySet":
        return self.filter(event__ends_at__lte=now)

    def upcoming_or_latest_past(
        self, now: datetime.datetime, *, past: int
    ) -> "RegistrationQuerySet":
        """The upcoming ones and the `past` latest past ones (the latest events first
        among those), in one query: each row is annotated `is_past`, and the past ones
        are numbered from the latest (`latest_past_rank`, 1-based)."""
        ended = Q(event__ends_at__lte=now)
        return self.annotate(
            is_past=models.ExpressionWrapper(ended, output_field=models.BooleanField()),
            latest_past_rank=Window(
                RowNumber(),
                partition_by=[F("is_past")],
                order_by=[F("event__starts_at").desc(), F("pk").desc()],
            ),
        ).filter(Q(is_past=False) | Q(latest_past_rank__lte=past))

    def with_waitlist_position(self) -> "RegistrationQuerySet":
        """Annotate `waitlist_position` (1-based, in `WAITLIST_ORDER`) on waitlisted
        registrations. One subquery per row: for one person's registrations; a list of
        many uses `waitlist_positions`."""
        earlier = (
            Registration.objects.filter(
                event=OuterRef("event"), status=Registration.Status.WAITLISTED
            )
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
            )
            .order_by()
            .values("event")
            .annotate(position=Count("pk"))
            .values("position")
        )
        return self.annotate(waitlist_position=Coalesce(Subquery(earlier), 0))

    def waitlist_positions(self, registrations) -> dict[int, int]:
        """{pk: 1-based position} of the waitlisted among `registrations` (rows of one
        event as read, e.g. a page of a list), numbered in `WAITLIST_ORDER` within the
        event's whole waitlist, in one query whatever their statuses: it numbers only
        the waitlist between the first and the last of them and adds the number of those
        waitlisted before the first (counted on the `event, status, created_at` index),
        so it costs what the page costs, not what the waitlist does."""
        if not registrations:
            return {}
        (event_id,) = {registration.event_id for registration in registrations}
        first, last = (
            min(registrations, key=waitlist_key),
            max(registrations, key=waitlist_key),
        )
        queue = self.waitlisted().filter(event_id=event_id)
        before = (
            queue.filter(created_at__lte=first.created_at)
            .exclude(created_at=first.created_at, pk__gte=first.pk)
            .order_by()
            .values("event")
            .annotate(total=Count("pk"))
            .values("total")
        )
        numbered = (
            queue.filter(
                created_at__gte=first.created_at, created_at__lte=last.created_at
            )
            .exclude(created_at=first.created_at, pk__lt=first.pk)
            .exclude(created_at=last.created_at, pk__gt=last.pk)
            .annotate(
                numbered_position=Window(
                    RowNumber(), order_by=[F(field).asc() for field in WAITLIST_ORDER]
                )
                + Coalesce(Subquery(before), 0)
            )
        )
        # Django applies a condition on a window after the numbering (its QUALIFY
        # emulation), and a disjunction with one as a whole: so `pk__in` picks the rows
        # after the range is numbered. The second branch never holds.
        pks = [r.pk for r in registrations if r.is_waitlisted]
        rows = numbered.filter(Q(pk__in=pks) | Q(numbered_position__lt=1)).values_list(
            "pk", "numbered_position"
        )
        return dict(rows)

    def due_for_reminder(
        self, *, now: datetime.datetime, lead: datetime.timedelta
    ) -> "RegistrationQuerySet":
        """Confirmed, not yet reminded, and the live, not cancelled event starts within `lead`."""
        return self.confirmed().filter(
            reminder_sent_at__isnull=True,
            event__live=True,
            event__is_cancelled=False,
            event__starts_at__gt=now,
            event__starts_at__lte=now + lead,
        )

    def due_for_followup(
        self, *, now: datetime.datetime, window: datetime.timedelta
    ) -> "RegistrationQuerySet":
        """Confirmed or waitlisted registrations of events that ended within `window`,
        not yet sent the after-event mail."""
        return self.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
            followup_sent_at__isnull=True,
            event__live=True,
            event__is_cancelled=False,
            event__ends_at__lte=now,
            event__ends_at__gt=now - window,
        )


def count_registrations(statuses, **conditions) -> Coalesce:
    """A subquery counting an event's registrations in some statuses (0 when none)."""
    counted = (
        Registration.objects.filter(
            event=OuterRef("pk"), status__in=statuses, **conditions
        )
        .order_by()
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted), 0)


def active_duplicate_pk(
    event_pk: int, *, email: str = "", user_pk: int | None = None
) -> int | None:
    """The first active registration of the event with the address `email` (any case) or
    of the user `user_pk`, or None.

    One statement written in SQL: it runs under the event's lock on every registration, and
    compiling the same lookup with the ORM cost several times the query itself. Names come
    from the model; values are parameters.
    """
    quote = connection.ops.quote_name
    pk, status, email_, user, event = (
        quote(Registration._meta.get_field(name).column)
        for name in ("id", "status", "email", "user", "event")
    )
    active = Registration.ACTIVE_STATUSES
    # Table and column names from the model; every value is a parameter.
    sql = (
        f"SELECT MIN({pk}) FROM {quote(Registration._meta.db_table)}"  # noqa: S608
        f" WHERE {event} = %s AND {status} IN ({', '.join(['%s'] * len(active))})"
        f" AND (UPPER({email_}) = UPPER(%s) OR {user} = %s)"
    )
    params = [
        event_pk,
        *active,
        email or None,  # no address matches no one (not registrations without one)
        user_pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (duplicate_pk,) = cursor.fetchone()
    return duplicate_pk


def counted_statuses(event_ids=None) -> dict[int, dict[str, int]]:
    """{event id: {status: number of registrations}} of the counted statuses (pending,
    confirmed, waitlisted), counted afresh in one query; all events, or those in
    `event_ids`. What the seat counters on the event rows must say."""
    registrations = Registration.objects.active()
    if event_ids is not None:
        registrations = registrations.filter(event_id__in=event_ids)
    counts: dict[int, dict[str, int]] = {}
    rows = (
        registrations.order_by()
        .values("event", "status")
        .annotate(total=Count("pk"))
        .values_list("event", "status", "total")
    )
    for event_id, status, total in rows:
        counts.setdefault(event_id, {})[status] = total
    return counts


class Registration(models.Model):
    """One person's registration to one event: a user's, or a guest's without an account."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        REJECTED = "rejected", _("Not approved")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)
    SEAT_STATUSES = (Status.PENDING, Status.CONFIRMED)

    # The registrations belong to the event: deleting the page deletes them (editors
    # cancel events instead of deleting them, which keeps the records).
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    # Deleting an account (GDPR erasure) deletes the person's registrations too.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        help_text=_("Empty for guests who registered without an account."),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    language = models.CharField(
        _("language of e-mails"), max_length=8, blank=True, default="fi"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, db_index=True
    )
    answers = models.JSONField(
        _("answers"),
        default=dict,
        blank=True,
        help_text=_("Answers to the event's questions, keyed by question id."),
    )
    decision_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why staff did not approve, if they say.")
    )
    has_attended = models.BooleanField(_("attended"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member who added this registration by hand."),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    status_changed_at = models.DateTimeField(
        _("status changed at"), default=timezone.now
    )
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True
    )
    followup_sent_at = models.DateTimeField(
        _("after-event e-mail sent at"), null=True, blank=True
    )
    manage_link_sent_at = models.DateTimeField(
        _("manage link last sent at"), null=True, blank=True
    )
    manage_key = models.CharField(
        _("private link key"),
        max_length=64,
        default=new_manage_key,
        editable=False,
        help_text=_(
            "The secret part of a guest's private link; a new key ends the old link."
        ),
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="events_one_active_registration_per_user",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="events_one_active_registration_per_email",
            ),
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "created_at"],
                name="events_reg_event_status_idx",
            ),
            # The staff list of an event's registrations, oldest first (the model's
            # ordering): one page read from the index instead of sorting every row.
            models.Index(
                fields=["event", "created_at", "id"],
                name="events_reg_event_created_idx",
            ),
            models.Index(
                fields=["status", "reminder_sent_at"], name="events_reg_reminder_idx"
            ),
            # The attended count of the events report and the event's registrations
            # (`with_registration_counts`): the few attended rows, not all the event's.
            models.Index(
                fields=["event"],
                condition=Q(has_attended=True),
                name="events_reg_attended_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def can_be_cancelled(self) -> bool:
        """The registrant may cancel until the event starts (`cancel_registration`)."""
        return self.is_active and not self.event.has_started(timezone.now())

    @property
    def manage_token(self) -> str:
        """The guest's private link: the row and its random key, which a new link
        replaces (`events.services.renew_manage_link`)."""
        return f"{self.pk}-{self.manage_key}"

    @staticmethod
    def parse_manage_token(token: str) -> tuple[int, str] | None:
        """(pk, key) of a private link, or None when it cannot be one."""
        pk, _dash, key = token.partition("-")
        if not pk.isdigit() or not key:
            return None
        return int(pk), key

    def has_manage_key(self, key: str) -> bool:
        return bool(self.manage_key) and secrets.compare_digest(
            self.manage_key.encode(), key.encode()
        )

    @property
    def manage_link_expires_at(self) -> datetime.datetime:
        """A guest's private link works until this long after the event has ended."""
        return self.event.ends_at + datetime.timedelta(
            days=settings.PORTAL_EVENT_MANAGE_LINK_DAYS
        )

    def is_manage_link_expired(self, now: datetime.datetime) -> bool:
        return now >= self.manage_link_expires_at

    def has_calendar_entry(self) -> bool:
        """Whether the last calendar message mailed to the registrant put the event into
        their calendar (REQUEST), rather than took it out (CANCEL) or none was mailed."""
        last = (
            self.notices.exclude(calendar_method="")
            .order_by("-created_at", "-pk")
            .values_list("calendar_method", flat=True)
            .first()
        )
        return last == "REQUEST"

    def get_manage_url(self) -> str:
        """Where the registrant sees and cancels this registration."""
        if self.is_guest:
            return reverse("events:registration_manage", args=[self.manage_token])
        return reverse("network:account") + "#registrations"

    def answer_items(self) -> list[tuple[str, object]]:
        """(question, answer) pairs in the order of the event's current questions."""
        return [
            (child.value["label"], self.answers.get(child.id))
            for child in self.event.registration_questions
            if child.id in self.answers
        ]


class RegistrationNotice(models.Model):
    """One message a registrant was sent (or is being sent); makes sending idempotent.

    A task that runs twice finds its notice and sends nothing the second time.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITLISTED = "waitlisted", _("Placed on the waitlist")
        PROMOTED = "promoted", _("Promoted from the waitlist")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        CANCELLED = "cancelled", _("Cancellation confirmed")
        EVENT_CHANGED = "event_changed", _("Event changed")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        REMINDER = "reminder", _("Reminder")
        FOLLOWUP = "followup", _("After-event materials")
        MANAGE_LINK = "manage_link", _("Manage link sent again")
        MESSAGE = "message", _("Message from the office")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    key = models.CharField(
        _("key"),
        max_length=64,
        blank=True,
        help_text=_(
            "Tells repeated notices of one kind apart, e.g. the event's sequence."
        ),
    )
    outgoing_email = models.ForeignKey(
        "portal.OutgoingEmail",
        verbose_name=_("e-mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    calendar_method = models.CharField(
        _("calendar message"),
        max_length=16,
        blank=True,
        help_text=_(
            "REQUEST (the mail put the event into the calendar), CANCEL (took it out) "
            "or empty (no calendar part)."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration notice")
        verbose_name_plural = _("registration notices")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind", "key"],
                name="events_one_notice_per_kind_and_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.registration}"


class EventMessage(models.Model):
    """A message staff wrote to an event's registrants; each recipient gets their own mail."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    statuses = models.JSONField(
        _("sent to"), default=list, help_text=_("Registration statuses written to.")
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class PersonalCalendarTokenQuerySet(models.QuerySet):
    def active(self) -> "PersonalCalendarTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class PersonalCalendarToken(models.Model):
    """The secret in a user's personal calendar-feed address; revoking it kills the address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    key = models.CharField(_("key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = PersonalCalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal calendar token")
        verbose_name_plural = _("personal calendar tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="events_one_active_calendar_token_per_user",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("events:personal_feed", args=[self.key])
