import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet):
    def sent_before(self, moment: datetime.datetime) -> "OutgoingEmailQuerySet":
        return self.filter(status=OutgoingEmail.Status.SENT, sent_at__lt=moment)

    def with_contents(self) -> "OutgoingEmailQuerySet":
        """Mails whose text, HTML or attachments have not been erased."""
        return self.filter(
            ~models.Q(body_text="")
            | ~models.Q(body_html="")
            | ~models.Q(attachments=[])
        )

    def due_for_retry(
        self, *, max_attempts: int, now: datetime.datetime
    ) -> "OutgoingEmailQuerySet":
        """Unsent mails with attempts left whose next attempt time has come, oldest first."""
        return (
            self.exclude(status=OutgoingEmail.Status.SENT)
            .filter(attempts__lt=max_attempts)
            .filter(
                models.Q(next_attempt_at__isnull=True)
                | models.Q(next_attempt_at__lte=now)
            )
            .order_by("created_at", "pk")
        )


class OutgoingEmail(models.Model):
    """One e-mail to one recipient, stored before sending so no failure loses it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    reply_to = models.EmailField(_("reply-to"), blank=True)
    headers = models.JSONField(
        _("extra headers"),
        default=dict,
        blank=True,
        help_text=_("E.g. Auto-Submitted and List-Unsubscribe."),
    )
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("List of {filename, content, mimetype}; content is text."),
    )
    kind = models.CharField(
        _("kind"), max_length=64, blank=True, help_text=_("What sent it, e.g. events.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        null=True,
        blank=True,
        help_text=_(
            "When the retry command may try again if the mail is still unsent."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    def may_attempt(self, *, now: datetime.datetime, max_attempts: int) -> bool:
        """Unsent, attempts left, and (if it failed before) its back-off time has passed."""
        if self.status == self.Status.SENT or self.attempts >= max_attempts:
            return False
        if self.status == self.Status.FAILED and self.next_attempt_at:
            return self.next_attempt_at <= now
        return True


class MailingListOptOut(models.Model):
    """An address that left a mailing list (e.g. survey invitations) with the link or the
    one-click unsubscribe of a mail; mail of that list is no longer sent to it."""

    email = models.EmailField(_("e-mail address"))
    mailing_list = models.CharField(_("mailing list"), max_length=64)
    created_at = models.DateTimeField(_("left at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailing list opt-out")
        verbose_name_plural = _("mailing list opt-outs")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "mailing_list"], name="unique_mailing_list_opt_out"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.mailing_list})"
