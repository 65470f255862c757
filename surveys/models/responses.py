import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SurveyResponseQuerySet(models.QuerySet):
    def submitted(self) -> "SurveyResponseQuerySet":
        return self.filter(status=SurveyResponse.Status.SUBMITTED)

    def drafts(self) -> "SurveyResponseQuerySet":
        return self.filter(status=SurveyResponse.Status.DRAFT)

    def of_survey(self, survey) -> "SurveyResponseQuerySet":
        return self.filter(survey=survey)

    def in_municipalities(self, municipalities) -> "SurveyResponseQuerySet":
        """Answers from the given municipalities (a queryset of them)."""
        return self.filter(municipality__in=municipalities)

    def for_results(self) -> "SurveyResponseQuerySet":
        """Only what aggregation reads: answers and the municipality."""
        return self.submitted().only("pk", "answers", "municipality_id", "survey_id")

    def for_export(self) -> "SurveyResponseQuerySet":
        return (
            self.submitted()
            .select_related("municipality", "user", "last_edited_by")
            .order_by("submitted_at", "pk")
        )

    def counts_by_municipality(self) -> dict[int, int]:
        """{municipality_id: number of answers} in one query."""
        return dict(
            self.exclude(municipality=None)
            .values_list("municipality")
            .annotate(count=Count("pk"))
            .order_by()
            .values_list("municipality", "count")
        )

    def of_user(self, user) -> "SurveyResponseQuerySet":
        """The answers the user started or last changed (identified surveys only)."""
        return self.filter(Q(user=user) | Q(last_edited_by=user))

    def with_survey_translation_in(self, language: str) -> "SurveyResponseQuerySet":
        """Annotate `survey_translation_in_language`: the pk of the survey's live page in
        `language` (the survey itself when it is in that language; None without one), in
        the same query."""
        from .pages import SurveyPage

        translated = (
            SurveyPage.objects.live()
            .filter(
                translation_key=OuterRef("survey__translation_key"),
                locale__language_code=language,
            )
            .values("pk")[:1]
        )
        return self.annotate(survey_translation_in_language=Subquery(translated))


class SurveyResponse(models.Model):
    """One answer to a survey: a draft or a sent answer, with the answers by question
    identifier. Anonymous surveys store no user and only the date of each time."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Sent")

    survey = models.ForeignKey(
        "surveys.SurveyPage",
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    respondent_key = models.CharField(
        _("respondent key"),
        max_length=40,
        blank=True,
        help_text=_(
            "municipality:<id> or user:<id> where only one answer is allowed; empty "
            "where answers are not limited (anonymous visitors)."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["survey", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"],
                condition=~Q(respondent_key=""),
                name="surveys_one_answer_per_respondent",
            )
        ]
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self) -> str:
        return f"{self.survey_id} #{self.pk} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class SurveyParticipation(models.Model):
    """That a signed-in person has answered an anonymous survey, to keep them to one
    answer. Nothing links it to the answer: no foreign key, no time, a random id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        "surveys.SurveyPage",
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="survey_participations",
    )

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], name="surveys_one_participation_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.user_id}"
