import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from network import personal_data

BODY_MAX_LENGTH = 20_000
POSTS_PER_PAGE = 20


class PostQuerySet(models.QuerySet):
    def visible(self) -> "PostQuerySet":
        """Posts whose text everyone may read: not deleted, not hidden, topic shown."""
        return self.filter(is_deleted=False, is_hidden=False, topic__is_hidden=False)

    def for_topic_page(self) -> "PostQuerySet":
        """Posts with what the topic page shows of each: author, place, attachments."""
        return (
            self.select_related("author__profile__municipality", "edited_by")
            .prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
            )
            .order_by("position")
        )

    def with_reactions_of(self, user) -> "PostQuerySet":
        """Annotate `reacted_thanks` and `reacted_useful`: the user's own reactions."""

        return self.annotate(
            **{
                f"reacted_{kind}": Exists(
                    Reaction.objects.filter(post=OuterRef("pk"), user=user, kind=kind)
                )
                for kind in Reaction.Kind.values
            }
        )

    def in_positions(self, first: int, last: int) -> "PostQuerySet":
        """Posts numbered first…last (inclusive); positions never change, so a page of a
        topic is a range, not an OFFSET."""
        return self.filter(position__gte=first, position__lte=last)

    def matching(self, words: list[str]) -> "PostQuerySet":
        """Posts whose text contains every word (case-insensitive), newest first."""
        condition = Q()
        for word in words:
            condition &= Q(body__icontains=word)
        return (
            self.visible()
            .filter(condition)
            .select_related("topic__category", "author")
            .order_by("-created_at", "-pk")
        )


class TopicPosts:
    """A topic's posts as a sequence for Django's Paginator: its length is the topic's
    last position (no COUNT) and a page is a range of positions (no OFFSET)."""

    def __init__(self, topic, queryset: PostQuerySet):
        self.topic = topic
        self.queryset = queryset

    def count(self) -> int:
        return self.topic.last_position

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list["Post"]:
        posts = list(
            self.queryset.filter(topic=self.topic)
            .for_topic_page()
            .in_positions(item.start + 1, item.stop)
        )
        for post in posts:
            post.topic = self.topic
        return posts


class Post(models.Model):
    """One message in a topic, written in Markdown; the sanitized HTML is cached."""

    topic = models.ForeignKey(
        "forums.Topic",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    position = models.PositiveIntegerField(
        _("number in the topic"), help_text=_("1 for the opening post.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
    )
    body = models.TextField(_("text (Markdown)"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(_("text as sanitized HTML"), editable=False)
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("quotes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_deleted = models.BooleanField(_("deleted by the author"), default=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        null=True,
        blank=True,
        help_text=_(
            "The language of the site it was written on; empty for posts written "
            "before the portal recorded it."
        ),
    )
    thanks_count = models.PositiveIntegerField(_("thanks"), default=0)
    useful_count = models.PositiveIntegerField(_("useful"), default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["topic", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "position"], name="forums_post_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.position}"

    def get_absolute_url(self) -> str:
        """The permanent link: it redirects to the right page of the topic."""
        return reverse("forums:post", kwargs={"pk": self.pk})

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"

    @property
    def page_number(self) -> int:
        return (self.position - 1) // POSTS_PER_PAGE + 1

    @property
    def is_visible(self) -> bool:
        return not (self.is_deleted or self.is_hidden)

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None

    @property
    def author_name(self) -> str:
        return personal_data.display_name(self.author)

    @property
    def author_organisation(self) -> str:
        """The author's municipality or organisation, shown beside the name."""
        profile = getattr(self.author, "profile", None) if self.author else None
        if profile is None:
            return ""
        if profile.municipality is not None:
            return profile.municipality.name
        return profile.organisation_name

    def reaction_count(self, kind: str) -> int:
        return getattr(self, f"{kind}_count")


class Reaction(models.Model):
    """A member's "thanks" or "useful" on a post; one of each kind per person."""

    class Kind(models.TextChoices):
        THANKS = "thanks", _("Thanks")
        USEFUL = "useful", _("Useful")

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_reactions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="forums_reaction_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.post}"


@deconstructible(path="forums.models.posts.PrivateAttachmentStorage")
class PrivateAttachmentStorage(FileSystemStorage):
    """Files kept outside MEDIA_ROOT and without a URL, so that no web server or media
    route can serve them: only the forum's permission-checked view reads them."""

    @property
    def base_location(self) -> str:
        return os.path.join(settings.PORTAL_PRIVATE_MEDIA_ROOT, "forums")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None


class Attachment(models.Model):
    """A document or image attached to a post, served only to those who may read it."""

    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), storage=PrivateAttachmentStorage(), upload_to="%Y/%m/"
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    is_image = models.BooleanField(_("image"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "forums:attachment", kwargs={"pk": self.pk, "filename": self.original_name}
        )
