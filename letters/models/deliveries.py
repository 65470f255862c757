"""What was sent: a letter's frozen rendering per language, and one delivery per
recipient, which links the queued mail and makes sending idempotent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import OutgoingEmail

from .lists import Subscription
from .pages import LetterPage


class LetterRendering(models.Model):
    """The letter in one language as it was sent: subject, the text and the inlined HTML
    part (with a placeholder for each recipient's unsubscribe link), and the events the
    "upcoming events" blocks showed."""

    letter = models.ForeignKey(
        LetterPage,
        verbose_name=_("letter"),
        on_delete=models.CASCADE,
        related_name="renderings",
    )
    language = models.CharField(_("language"), max_length=8)
    page = models.ForeignKey(
        LetterPage,
        verbose_name=_("page of the language"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"))
    upcoming_event_ids = models.JSONField(
        _("upcoming events"),
        default=dict,
        blank=True,
        help_text=_("The events of each upcoming-events block, by block id."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent letter in one language")
        verbose_name_plural = _("sent letters in one language")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "language"], name="unique_letter_rendering"
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter} ({self.language})"


class DeliveryQuerySet(models.QuerySet):
    def failed(self) -> "DeliveryQuerySet":
        return self.filter(outgoing_email__status=OutgoingEmail.Status.FAILED)


class Delivery(models.Model):
    """One letter to one subscription: written once (the unique constraint), so that a
    retry of the sending never queues a second copy."""

    letter = models.ForeignKey(
        LetterPage,
        verbose_name=_("letter"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        help_text=_("Empty once the subscriber's data was erased."),
    )
    language = models.CharField(_("language"), max_length=8)
    outgoing_email = models.OneToOneField(
        OutgoingEmail,
        verbose_name=_("mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letter_delivery",
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "subscription"], name="unique_letter_delivery"
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} → {self.subscription_id}"
