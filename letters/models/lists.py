"""Mailing lists and the people on them: a subscriber (one per address, with the private
link) and their subscription to each list, with the record of consent."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from portal.models import Reform
from portal.models.localized import localized


def new_token() -> str:
    return secrets.token_urlsafe(32)


class MailingListQuerySet(models.QuerySet):
    def offered_to(self, user) -> "MailingListQuerySet":
        """The open lists and those the user's subscriber has a subscription to (in any
        state), each annotated `subscription_status` (None without one): My account's
        choices and ticks in one query."""
        status = Subscription.objects.filter(
            subscriber__user=user, mailing_list=models.OuterRef("pk")
        ).values("status")[:1]
        return self.annotate(subscription_status=models.Subquery(status)).filter(
            models.Q(is_public=True) | models.Q(subscription_status__isnull=False)
        )


class MailingList(models.Model):
    """A list people subscribe to, e.g. "KOTO24 info letter" (a snippet)."""

    slug = models.SlugField(
        _("slug"),
        max_length=64,
        unique=True,
        help_text=_("Part of the List-Id header of its mails; never change it."),
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    reform = models.CharField(
        _("reform"),
        max_length=16,
        choices=Reform.choices,
        default=Reform.BOTH,
        help_text=_("Which reform the list's letters are about."),
    )
    is_public = models.BooleanField(
        _("open for subscription"),
        default=True,
        help_text=_("Shown on the subscription forms. A closed list keeps its people."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Smaller numbers come first in lists.")
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name_fi"), FieldPanel("name_sv"), FieldPanel("name_en")],
            heading=_("Name"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("description_fi"),
                FieldPanel("description_sv"),
                FieldPanel("description_en"),
            ],
            heading=_("Description"),
        ),
        FieldPanel("slug"),
        FieldPanel("reform"),
        FieldPanel("is_public"),
        FieldPanel("sort_order"),
    ]

    objects = MailingListQuerySet.as_manager()

    class Meta:
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")
        ordering = ["sort_order", "name_fi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def list_id(self) -> str:
        """The List-Id header's value (RFC 2919)."""
        domain = settings.PORTAL_CALENDAR_UID_DOMAIN
        return f"{self.name_fi} <{self.slug}.letters.{domain}>"


class SubscriberQuerySet(models.QuerySet):
    def for_address(self, email: str) -> "SubscriberQuerySet":
        return self.filter(email=email.strip().lower())


class Subscriber(models.Model):
    """One address that receives letters, with or without an account; its token is the
    private link to change or end the subscriptions without signing in."""

    email = models.EmailField(_("e-mail address"), unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letter_subscriber",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letter_subscribers",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fi",
        help_text=_("The language of the letters."),
    )
    themes = models.ManyToManyField(
        "portal.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="letter_subscribers",
        help_text=_("Only letters about these themes; none: every letter of the list."),
    )
    token = models.CharField(
        _("private link key"), max_length=64, unique=True, default=new_token
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    suppression_lifted_at = models.DateTimeField(
        _("suppression lifted at"),
        null=True,
        blank=True,
        help_text=_(
            "Staff lifted the suppression of the address: mails that failed before "
            "this no longer count."
        ),
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        # One subscriber per address, however it was typed.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def subscription_summary(self) -> str:
        """ "List: state" of each subscription, e.g. for the staff's listing and export."""
        return "; ".join(
            f"{item.mailing_list.name}: {item.get_status_display()}"
            for item in self.subscriptions.all()
        )

    def get_manage_path(self) -> str:
        from django.urls import reverse

        return reverse("letters:manage", kwargs={"token": self.token})


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriptionQuerySet":
        return self.filter(status=Subscription.Status.CONFIRMED)


class Subscription(models.Model):
    """A subscriber on one list, and when and how they consented."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        FORM = "form", _("Public form, confirmed by e-mail")
        ACCOUNT = "account", _("My account")
        SIGNUP = "signup", _("Signing up for the network")
        IMPORT = "import", _("Imported by staff, confirmed by e-mail")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    mailing_list = models.ForeignKey(
        MailingList,
        verbose_name=_("mailing list"),
        on_delete=models.PROTECT,
        related_name="subscriptions",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    source = models.CharField(_("how consent was given"), max_length=16, choices=Source)
    consent_text = models.TextField(
        _("consent as shown"), blank=True, help_text=_("What the person agreed to.")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["mailing_list", "subscriber"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "mailing_list"], name="unique_subscription"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed")
                | models.Q(confirmed_at__isnull=False),
                name="confirmed_subscription_has_consent_time",
            ),
        ]
        indexes = [models.Index(fields=["mailing_list", "status"])]

    def __str__(self) -> str:
        return f"{self.subscriber} – {self.mailing_list}"
