import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forums import access as forum_access
from network import personal_data

TITLE_MAX_LENGTH = 150
TOPICS_PER_PAGE = 25


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TopicQuerySet":
        """Hidden topics exist only for moderators; everyone else never sees them."""
        if forum_access.can_moderate(user):
            return self
        return self.filter(is_hidden=False)

    def shown(self) -> "TopicQuerySet":
        return self.filter(is_hidden=False)

    def in_list_order(self) -> "TopicQuerySet":
        """Pinned topics first, then the latest activity first."""
        return self.order_by("-is_pinned", "-last_post_at", "-pk")

    def with_read_state(
        self, user, *, all_read_at: datetime.datetime | None
    ) -> "TopicQuerySet":
        """Annotate `read_position` and `is_unread` for this user in the same query.

        A topic is unread when it has posts after the user's last read position, unless
        its latest activity is older than the user's "mark everything read".
        """
        from .reading import ReadState

        read_position = Subquery(
            ReadState.objects.filter(user=user, topic=OuterRef("pk")).values(
                "last_read_position"
            )[:1]
        )
        conditions = []
        if all_read_at is not None:
            conditions.append(When(last_post_at__lte=all_read_at, then=Value(False)))
        conditions += [
            When(read_position__isnull=True, then=Value(True)),
            When(read_position__lt=F("last_position"), then=Value(True)),
        ]
        return self.annotate(read_position=read_position).annotate(
            is_unread=Case(
                *conditions, default=Value(False), output_field=models.BooleanField()
            )
        )

    def for_list(self, user, *, all_read_at=None) -> "TopicQuerySet":
        """A category's topic list: authors and latest posts joined, unread state."""
        return (
            self.visible_to(user)
            .select_related("author", "last_post__author")
            .with_read_state(user, all_read_at=all_read_at)
            .in_list_order()
        )

    def matching(self, words: list[str]) -> "TopicQuerySet":
        """Topics whose title contains every word (case-insensitive), latest first."""
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word)
        return (
            self.filter(condition).select_related("category").order_by("-last_post_at")
        )


class Topic(models.Model):
    """A discussion in a category; its posts are numbered from 1 in order."""

    category = models.ForeignKey(
        "forums.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="topics",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
    )
    created_at = models.DateTimeField(_("created at"))
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        null=True,
        blank=True,
        help_text=_(
            "The language of the site it was opened on (of its title); empty for "
            "topics opened before the portal recorded it."
        ),
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    lock_reason = models.CharField(_("reason for locking"), max_length=500, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    last_position = models.PositiveIntegerField(
        _("number of the latest post"),
        default=0,
        help_text=_("Counts deleted and hidden posts too: positions never change."),
    )
    last_post = models.ForeignKey(
        "forums.Post",
        verbose_name=_("latest post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_post_at = models.DateTimeField(_("latest activity"), db_index=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("discussed page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The page this topic discusses (a good practice of the materials library)."
        ),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [
            models.Index(
                fields=["category", "is_hidden", "-is_pinned", "-last_post_at"],
                name="forums_topic_list_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["page"],
                condition=Q(page__isnull=False),
                name="forums_topic_one_per_page",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:topic", kwargs={"pk": self.pk})

    @property
    def author_name(self) -> str:
        return personal_data.display_name(self.author)

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)
