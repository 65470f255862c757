from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

REASON_MAX_LENGTH = 500


class ReportQuerySet(models.QuerySet):
    def open(self) -> "ReportQuerySet":
        return self.filter(status=Report.Status.OPEN)

    def with_details(self) -> "ReportQuerySet":
        """What the moderators' queue shows of each report: the post and the people."""
        return self.select_related(
            "post__topic__category", "post__author", "reporter", "resolved_by"
        )


class Report(models.Model):
    """A member's report of a post to the moderators, with the reason and the outcome."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Post hidden")
        DISMISSED = "dismissed", _("Dismissed")

    post = models.ForeignKey(
        "forums.Post",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_reports",
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH)
    created_at = models.DateTimeField(_("reported at"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolution_note = models.TextField(
        _("moderator's note"), max_length=REASON_MAX_LENGTH, blank=True
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(status="open"),
                name="forums_report_one_open_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post}: {self.reason[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
