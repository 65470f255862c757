"""Requests from municipalities to the change-support office: one row per request, its
visible thread of messages, the office's internal notes and the log of every change."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import Lower, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Reform


class RequestQuerySet(models.QuerySet):
    def open(self) -> "RequestQuerySet":
        """Requests the office still works on (new, assigned or waiting)."""
        return self.filter(state__in=Request.OPEN_STATES)

    def by_requester(self, user) -> "RequestQuerySet":
        return self.filter(requester=user) if user.is_authenticated else self.none()

    def own_or_assigned_to_expert(
        self, user, *, addresses, limit: int
    ) -> "RequestQuerySet":
        """In one query, the user's own requests and the open requests assigned to an
        expert whose address (in lower case) is in `addresses` (a subquery), at most
        `limit` of each, newest first; each row is annotated `is_own` and `is_assigned`
        (a request can be both)."""
        own = models.Q(requester=user)
        assigned = models.Q(state__in=Request.OPEN_STATES) & models.Q(
            expert_address__in=addresses
        )
        newest = [models.F("created_at").desc(), models.F("pk").desc()]
        return (
            self.alias(expert_address=Lower("assigned_expert__email"))
            .filter(own | assigned)
            .annotate(
                is_own=models.ExpressionWrapper(
                    own, output_field=models.BooleanField()
                ),
                is_assigned=models.ExpressionWrapper(
                    assigned, output_field=models.BooleanField()
                ),
                own_rank=Window(
                    RowNumber(), partition_by=[F("is_own")], order_by=newest
                ),
                assigned_rank=Window(
                    RowNumber(), partition_by=[F("is_assigned")], order_by=newest
                ),
            )
            .filter(
                models.Q(is_own=True, own_rank__lte=limit)
                | models.Q(is_assigned=True, assigned_rank__lte=limit)
            )
        )

    def for_listing(self) -> "RequestQuerySet":
        """What the inbox and My account show of each request, without more queries."""
        return self.select_related(
            "municipality", "theme", "assigned_user", "assigned_expert", "requester"
        )

    def counts_by_state(self) -> dict[str, int]:
        """{state: number of requests} in one query."""
        rows = self.order_by().values("state").annotate(n=models.Count("pk"))
        return {row["state"]: row["n"] for row in rows}


class Request(models.Model):
    """Something a municipality asks of the office, tracked from arrival to answer."""

    class Kind(models.TextChoices):
        SPEAKER = "speaker", _("Speaker or expert for an event")
        CONSULTATION = "consultation", _("Expert consultation")
        LEGAL = "legal", _("Legal question")
        GENERAL = "general", _("General question")

    class State(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        WAITING = "waiting", _("Waiting for the requester")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Closed")

    class EventFormat(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("On site and online")

    OPEN_STATES = (State.NEW, State.ASSIGNED, State.WAITING)
    DECIDED_STATES = (State.ANSWERED, State.ACCEPTED, State.DECLINED)
    #: The kinds whose form people may send without an account, where the office allows.
    GUEST_KINDS = (Kind.GENERAL, Kind.LEGAL)
    #: The kinds the office accepts or declines (the others it answers).
    BOOKING_KINDS = (Kind.SPEAKER, Kind.CONSULTATION)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.NEW
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("description"), help_text=_("The question or what the requester needs.")
    )
    reform = models.CharField(
        _("reform"), max_length=10, choices=Reform.choices, blank=True
    )
    theme = models.ForeignKey(
        "portal.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("What the form of this kind asks besides the description."),
    )
    wished_expert = models.ForeignKey(
        "materials.Expert",
        verbose_name=_("expert wished for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    may_publish = models.BooleanField(
        _("may be published anonymously"),
        default=False,
        help_text=_(
            "The requester allows the question and its answer to be published "
            "without their name or municipality."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The requester's language: every mail about the request uses it."),
    )
    # Who asks: an account's profile at the time, or what a guest typed.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="office_requests",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="office_requests",
    )
    question_submission = models.OneToOneField(
        "materials.QuestionSubmission",
        verbose_name=_("sent through the question form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="office_request",
    )
    # The office's handling.
    assigned_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_office_requests",
    )
    assigned_expert = models.ForeignKey(
        "materials.Expert",
        verbose_name=_("assigned expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    faq_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("FAQ page it was added to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("event page made of it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forum_topic = models.ForeignKey(
        "forums.Topic",
        verbose_name=_("forum topic made of it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    first_answered_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="asks_state_created"),
            models.Index(fields=["kind", "state"], name="asks_kind_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="declined") | ~models.Q(decline_reason=""),
                name="asks_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("asks:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_booking(self) -> bool:
        return self.kind in self.BOOKING_KINDS

    def detail_rows(self) -> list[tuple[str, str]]:
        """The kind's own answers as (label, text) pairs, choices by their names."""
        labels = {
            "event_date": _("Date of the event"),
            "starts_at": _("Starts at"),
            "ends_at": _("Ends at"),
            "event_format": _("On site or online"),
            "place": _("Place"),
            "audience": _("Audience"),
            "audience_size": _("Size of the audience"),
            "event_language": _("Language of the event"),
            "in_calendar": _("May be listed in the portal's calendar"),
            "suitable_times": _("A few times that suit you"),
            "question_municipality": _("Municipality the question concerns"),
        }
        choices = {
            "event_format": dict(self.EventFormat.choices),
            "event_language": dict(settings.LANGUAGES),
        }
        rows = []
        for key, label in labels.items():
            value = self.details.get(key)
            if value in (None, ""):
                continue
            if key == "event_date":
                value = datetime.date.fromisoformat(value).strftime("%-d.%-m.%Y")
            elif key == "question_municipality":
                from network.models import Municipality

                found = Municipality.objects.filter(code=value).first()
                value = found.name if found else value
            if isinstance(value, bool):
                value = _("Yes") if value else _("No")
            value = choices.get(key, {}).get(value, value)
            rows.append((str(label), str(value)))
        return rows

    def waiting_since(self) -> datetime.datetime:
        """When the office's wait began: the last change while new, assigned or
        waiting (the arrival for a new request)."""
        return self.created_at if self.state == self.State.NEW else self.updated_at


class RequestMessage(models.Model):
    """One message of the thread the requester sees: theirs or the office's."""

    request = models.ForeignKey(
        Request,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_from_office = models.BooleanField(_("from the office"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.body[:40]}"


class RequestNote(models.Model):
    """The office's internal note on a request; never shown to the requester."""

    request = models.ForeignKey(
        Request,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.body[:40]}"


class RequestEvent(models.Model):
    """One change of a request: who did what, when, and from which state to which."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Sent")
        ASSIGNED = "assigned", _("Assigned")
        ASKED = "asked", _("Asked the requester for more information")
        INFORMATION_ADDED = "information_added", _("The requester added information")
        REPLIED = "replied", _("The office replied")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by the requester")
        CLOSED = "closed", _("Closed")
        NOTE_ADDED = "note_added", _("Internal note added")
        FAQ_DRAFTED = "faq_drafted", _("Added to the FAQ as a draft")
        EVENT_DRAFTED = "event_drafted", _("Made into a draft event page")
        FORUM_POSTED = "forum_posted", _("Posted in the forum")

    #: Changes the requester is told of (and sees in their history).
    VISIBLE_ACTIONS = (
        Action.SUBMITTED,
        Action.ASSIGNED,
        Action.ASKED,
        Action.INFORMATION_ADDED,
        Action.REPLIED,
        Action.ANSWERED,
        Action.ACCEPTED,
        Action.DECLINED,
        Action.WITHDRAWN,
        Action.CLOSED,
    )

    request = models.ForeignKey(
        Request,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_state = models.CharField(
        _("from state"), max_length=20, choices=Request.State.choices, blank=True
    )
    to_state = models.CharField(
        _("to state"), max_length=20, choices=Request.State.choices
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.action}"

    @property
    def is_visible_to_requester(self) -> bool:
        return self.action in self.VISIBLE_ACTIONS
