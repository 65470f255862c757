from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SurveyInvitationQuerySet(models.QuerySet):
    def failed(self) -> "SurveyInvitationQuerySet":
        """Invitations whose e-mail could not be delivered to the mail server."""
        from portal.models import OutgoingEmail

        return self.filter(outgoing_email__status=OutgoingEmail.Status.FAILED)

    def for_listing(self) -> "SurveyInvitationQuerySet":
        return self.select_related("municipality", "outgoing_email").order_by(
            "-sent_at", "-pk"
        )


class SurveyInvitation(models.Model):
    """An invitation or reminder e-mailed to a municipality's contact address, with a
    personal link tied to that municipality."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    survey = models.ForeignKey(
        "surveys.SurveyPage",
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.INVITATION
    )
    email = models.EmailField(_("sent to"))
    outgoing_email = models.ForeignKey(
        "portal.OutgoingEmail",
        verbose_name=_("e-mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    objects = SurveyInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["survey", "municipality"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email}"


class PreparerInvitation(models.Model):
    """A sign-up invitation e-mailed to a contact person of the preparer register."""

    email = models.EmailField(_("e-mail"), db_index=True)
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="preparer_invitations",
    )
    outgoing_email = models.ForeignKey(
        "portal.OutgoingEmail",
        verbose_name=_("e-mail message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("preparer invitation")
        verbose_name_plural = _("preparer invitations")
        ordering = ["-invited_at", "-pk"]

    def __str__(self) -> str:
        return self.email
