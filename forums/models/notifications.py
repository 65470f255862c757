from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> "SubscriptionQuerySet":
        return self.filter(is_active=True)

    def for_account(self, user) -> "SubscriptionQuerySet":
        """A person's active subscriptions with their topic or category, for My account."""
        return (
            self.active()
            .filter(user=user)
            .select_related("topic__category", "category")
            .order_by("category__sort_order", "-topic__last_post_at", "pk")
        )


class Subscription(models.Model):
    """Following a topic or a category. An inactive row remembers an unsubscription, so
    posting again does not subscribe the person back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
    )
    topic = models.ForeignKey(
        "forums.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    category = models.ForeignKey(
        "forums.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(topic__isnull=False, category__isnull=True)
                    | models.Q(topic__isnull=True, category__isnull=False)
                ),
                name="forums_subscription_topic_or_category",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=models.Q(topic__isnull=False),
                name="forums_subscription_once_per_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="forums_subscription_once_per_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.topic or self.category}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """The person's notifications about posts that can still be read."""
        return self.filter(
            recipient=user,
            post__is_deleted=False,
            post__is_hidden=False,
            post__topic__is_hidden=False,
        )

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def for_list(self) -> "NotificationQuerySet":
        return self.select_related("post__topic", "post__author").order_by(
            "-created_at", "-pk"
        )

    def pending_email(self, *, since) -> "NotificationQuerySet":
        """Not yet mailed, not yet seen in the site, created since e-mail was chosen."""
        return self.filter(
            emailed_at__isnull=True, read_at__isnull=True, created_at__gte=since
        )


class Notification(models.Model):
    """Something in the forum for one person: a mention, a reply, a post they follow."""

    class Kind(models.TextChoices):
        # In order of precedence: one notification per person and post, the first kind.
        MENTION = "mention", _("Mentioned you")
        REPLY = "reply", _("Replied to you")
        TOPIC_POST = "topic_post", _("New post in a topic you follow")
        CATEGORY_POST = "category_post", _("New post in a category you follow")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="forum_notifications",
    )
    post = models.ForeignKey(
        "forums.Post",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "post"], name="forums_notification_once_per_post"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "read_at"], name="forums_notification_unread_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.get_kind_display()} ({self.post})"


class ForumPreference(models.Model):
    """A person's forum settings: e-mail notifications (off until they choose) and the
    time of their last "mark everything read"."""

    class EmailFrequency(models.TextChoices):
        OFF = "off", _("No e-mail")
        BATCHED = "batched", _("Soon after, collected into one e-mail")
        DAILY = "daily", _("A daily digest")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_preference",
    )
    email_frequency = models.CharField(
        _("e-mail notifications"),
        max_length=16,
        choices=EmailFrequency.choices,
        default=EmailFrequency.OFF,
    )
    has_chosen_email = models.BooleanField(_("has chosen"), default=False)
    email_since = models.DateTimeField(
        _("e-mail chosen at"),
        null=True,
        blank=True,
        help_text=_("Notifications older than this are never e-mailed."),
    )
    last_digest_at = models.DateTimeField(_("last e-mail at"), null=True, blank=True)
    all_read_at = models.DateTimeField(
        _("everything marked read at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("forum preference")
        verbose_name_plural = _("forum preferences")
        indexes = [
            models.Index(fields=["email_frequency"], name="forums_pref_frequency_idx")
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def wants_email(self) -> bool:
        return self.email_frequency != self.EmailFrequency.OFF
