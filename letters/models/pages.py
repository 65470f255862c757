"""The letter archive and the info-letter page: what the office writes, whom it goes
to, and where its sending stands."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from letters.blocks import LetterBodyBlock
from network.models import AudienceMixin, AudiencePageQuerySet
from network.models.municipalities import Municipality, SizeClass
from portal.models import PortalPageMixin, Reform, intro_field

from .lists import MailingList


class LetterIndexPage(PortalPageMixin, RoutablePageMixin, Page):
    """The archive: the web version of every sent letter, newest first, with a feed."""

    intro = intro_field()

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["letters.LetterPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("info-letter archive")
        verbose_name_plural = _("info-letter archives")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["letters"] = LetterPage.objects.archive(index=self, user=request.user)
        return context

    @path("")
    def archive(self, request):
        return self.render(request)

    @path("atom/")
    def atom_feed(self, request):
        from letters.feeds import LetterAtomFeed

        return LetterAtomFeed()(request, index=self)


class LetterPageQuerySet(AudiencePageQuerySet):
    def sent(self) -> "LetterPageQuerySet":
        return self.filter(sent_at__isnull=False)

    def archive(self, *, index: LetterIndexPage, user) -> "LetterPageQuerySet":
        """The sent, live letters below the archive that the user may read."""
        return (
            self.live()
            .child_of(index)
            .filter(sent_at__isnull=False)
            .visible_to(user)
            .select_related("mailing_list")
            .order_by("-sent_at", "-pk")
        )

    def due(self, now) -> "LetterPageQuerySet":
        """Scheduled letters whose time has come."""
        return self.filter(
            send_status=LetterPage.SendStatus.SCHEDULED, scheduled_at__lte=now
        )


class LetterPage(PortalPageMixin, AudienceMixin, Page):
    """One info letter: written in the admin, sent once to its list's subscribers (each
    in their language: this page or its translation), then kept in the archive. The
    audience decides who reads the web version; the narrowing fields whom it is sent to.
    The Finnish page holds the sending; translations give the other languages."""

    class SendStatus(models.TextChoices):
        DRAFT = "draft", _("Not sent")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")

    mailing_list = models.ForeignKey(
        MailingList,
        verbose_name=_("mailing list"),
        on_delete=models.PROTECT,
        related_name="letters",
        help_text=_("The letter goes to the subscribers of this list."),
    )
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_("The line mail programs show after the subject."),
    )
    body = StreamField(LetterBodyBlock(), verbose_name=_("body"))
    reform = models.CharField(
        _("reform"),
        max_length=16,
        choices=Reform.choices,
        default=Reform.BOTH,
        help_text=_("Which reform the letter is about."),
    )
    themes = ParentalManyToManyField(
        "portal.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="letters",
        help_text=_(
            "Subscribers who chose themes get the letter only if it has one of theirs."
        ),
    )
    only_language = models.CharField(
        _("only subscribers of a language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: every language."),
    )
    municipality_size_class = models.CharField(
        _("municipality size"),
        max_length=16,
        choices=SizeClass.choices,
        blank=True,
        help_text=_("Only subscribers from municipalities of this size."),
    )
    municipality_region = models.CharField(
        _("region"),
        max_length=100,
        blank=True,
        help_text=_(
            "Only subscribers from municipalities of this region (in Finnish)."
        ),
    )
    municipality_language = models.CharField(
        _("language of the municipality"),
        max_length=16,
        choices=Municipality.Language.choices,
        blank=True,
    )
    only_unregistered_municipalities = models.BooleanField(
        _("only municipalities without event registrations"),
        default=False,
        help_text=_(
            "Only subscribers from municipalities from which no one has registered for "
            "any event yet."
        ),
    )
    send_status = models.CharField(
        _("sending"),
        max_length=16,
        choices=SendStatus.choices,
        default=SendStatus.DRAFT,
        db_index=True,
    )
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    sending_started_at = models.DateTimeField(
        _("sending started at"), null=True, blank=True
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)

    objects = PageManager.from_queryset(LetterPageQuerySet)()

    content_panels = [
        FieldPanel("title", help_text=_("The subject of the mail.")),
        FieldPanel("preheader"),
        FieldPanel("body"),
    ]
    audience_panels = [
        FieldPanel("mailing_list"),
        FieldRowPanel([FieldPanel("reform"), FieldPanel("audience")]),
        FieldPanel("themes"),
        MultiFieldPanel(
            [
                FieldPanel("only_language"),
                FieldPanel("municipality_size_class"),
                FieldPanel("municipality_region"),
                FieldPanel("municipality_language"),
                FieldPanel("only_unregistered_municipalities"),
            ],
            heading=_("Narrow the recipients"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(audience_panels, heading=_("Recipients")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )
    search_fields = [*Page.search_fields, index.SearchField("preheader")]

    parent_page_types = ["letters.LetterIndexPage"]
    subpage_types: list[str] = []
    description_fields = ("preheader",)

    class Meta:
        verbose_name = _("info letter")
        verbose_name_plural = _("info letters")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(send_status="scheduled")
                | models.Q(scheduled_at__isnull=False),
                name="scheduled_letter_has_time",
            )
        ]

    @property
    def is_frozen(self) -> bool:
        """Once sending has begun the letter's content is no longer edited."""
        return self.send_status in (self.SendStatus.SENDING, self.SendStatus.SENT)

    def is_due(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.send_status == self.SendStatus.SCHEDULED
            and self.scheduled_at is not None
            and self.scheduled_at <= now
        )

    def serve(self, request, *args, **kwargs):
        """The web version exists once the letter is sent; before that only the admin's
        preview shows it."""
        if self.sent_at is None and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from letters.emails import web_context

        context = super().get_context(request, *args, **kwargs)
        context.update(web_context(self))
        return context
