"""Questions sent before a Q&A hour: each event's settings for them, the questions with
the office's short answers, and the "me too" votes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventQuestionSettings(models.Model):
    """Whether an event takes questions in advance and who may send them; without a row
    a Q&A hour takes them from its registrants and other events take none."""

    event = models.OneToOneField(
        "events.EventPage",
        verbose_name=_("event"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="question_settings",
    )
    is_open = models.BooleanField(
        _("questions in advance"),
        default=True,
        help_text=_(
            "Registrants may send questions on the event page until it starts."
        ),
    )
    members_may_ask = models.BooleanField(
        _("members who have not registered may ask"),
        default=False,
        help_text=_("Verified network members may send questions without registering."),
    )
    answers_published_at = models.DateTimeField(
        _("answers published"),
        null=True,
        blank=True,
        help_text=_("Since then the answered questions are shown on the event page."),
    )
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("questions of an event")
        verbose_name_plural = _("questions of events")

    def __str__(self) -> str:
        return str(self.event)

    @classmethod
    def default_for(cls, event) -> "EventQuestionSettings":
        """The settings an event has before anyone changed them (not saved)."""
        return cls(event=event, is_open=event.event_type == event.EventType.QA_HOUR)

    @property
    def are_answers_published(self) -> bool:
        return self.answers_published_at is not None


class QuestionQuerySet(models.QuerySet):
    def visible(self) -> "QuestionQuerySet":
        """Questions shown to those who may ask: open and answered ones."""
        return self.filter(status__in=Question.VISIBLE_STATUSES)

    def published(self) -> "QuestionQuerySet":
        """Answered questions of events whose answers the office has published."""
        return self.filter(
            status=Question.Status.ANSWERED,
            event__question_settings__answers_published_at__isnull=False,
        )

    def by_asker(self, user) -> "QuestionQuerySet":
        return self.filter(asker=user) if user.is_authenticated else self.none()

    def with_vote_of(self, user) -> "QuestionQuerySet":
        """`has_voted`: whether `user` has said "me too" to the question."""
        votes = QuestionVote.objects.filter(question=models.OuterRef("pk"), user=user)
        return self.annotate(has_voted=models.Exists(votes))

    def with_votes(self) -> "QuestionQuerySet":
        """The asker and the number of votes, most votes first, then oldest."""
        return (
            self.select_related("asker")
            .annotate(vote_count=models.Count("votes"))
            .order_by("-vote_count", "created_at", "pk")
        )


class Question(models.Model):
    """A question a registrant (or a member) sends before the event, with the office's
    short answer once it has been answered at the event."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the event")
        ANSWERED = "answered", _("Answered")
        HIDDEN = "hidden", _("Hidden")
        MERGED = "merged", _("Merged into another question")

    VISIBLE_STATUSES = (Status.OPEN, Status.ANSWERED)

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="advance_questions",
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_questions",
    )
    body = models.TextField(_("question"), help_text=_("Markdown, as in the forum."))
    body_html = models.TextField(_("question as sanitized HTML"), editable=False)
    shows_name = models.BooleanField(
        _("show the asker's name"),
        default=False,
        help_text=_("The asker chose to be shown by name."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_questions",
    )
    answer = models.TextField(_("short answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    faq_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("FAQ page it was added to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question in advance")
        verbose_name_plural = _("questions in advance")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["event", "status"], name="asks_question_event_status")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="answered") | ~models.Q(answer=""),
                name="asks_answered_question_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_visible(self) -> bool:
        return self.status in self.VISIBLE_STATUSES

    @property
    def asker_name(self) -> str:
        """The name shown with the question: the asker's, if they chose so."""
        if not self.shows_name or self.asker is None:
            return ""
        return self.asker.get_full_name() or ""


class QuestionVote(models.Model):
    """One person's "me too" on a question."""

    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.CASCADE,
        related_name="event_question_votes",
    )
    created_at = models.DateTimeField(_("voted"), default=timezone.now)

    class Meta:
        verbose_name = _("“me too” vote")
        verbose_name_plural = _("“me too” votes")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "user"], name="asks_one_vote_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.user_id}"
