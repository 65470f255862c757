from django import forms
from django.core.paginator import Paginator
from django.db import models
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
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from network.models import AudienceMixin, AudiencePageManager, AudiencePageQuerySet
from portal.blocks import BodyStreamBlock
from portal.models import (
    LanguageTreesQuerySetMixin,
    PortalPageMixin,
    Reform,
    SharedChildrenIndexMixin,
    ShownInEveryTreePageMixin,
    intro_field,
)

from .materials import IndexPageManager

NEWS_PER_PAGE = 12
LATEST_NEWS = 3
FEED_ITEMS = 20


class NewsPageQuerySet(LanguageTreesQuerySetMixin, AudiencePageQuerySet):
    def for_listing(self) -> "NewsPageQuerySet":
        return self.select_related("author_expert").prefetch_related("themes")

    def newest_first(self) -> "NewsPageQuerySet":
        return self.order_by("-published_on", "-first_published_at", "-pk")

    def latest_for(self, user, *, locale, limit: int = LATEST_NEWS) -> list["NewsPage"]:
        """The newest live news items shown in a language that this user may see."""
        return list(
            self.live()
            .shown_in(locale)
            .visible_to(user)
            .for_listing()
            .newest_first()[:limit]
        )

    def for_feed(self, *, locale, limit: int = FEED_ITEMS) -> list["NewsPage"]:
        """Public news for RSS and Atom readers, who are never signed in: only those in
        the feed's language, which the channel declares for all its items."""
        return list(
            self.live()
            .filter(locale=locale)
            .visible_to(None)
            .for_listing()
            .newest_first()[:limit]
        )


NewsPageManager = AudiencePageManager.from_queryset(NewsPageQuerySet)


class NewsIndexPage(SharedChildrenIndexMixin, PortalPageMixin, Page):
    """Current affairs and blog posts of the office, newest first, with feeds."""

    page_cache = True

    intro = intro_field()

    objects = IndexPageManager()

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["materials.NewsPage"]
    max_count_per_parent = 1

    @property
    def shared_child_model(self):
        return NewsPage

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_context(self, request, *args, **kwargs):
        from materials.filters import NewsFilterSet

        context = super().get_context(request, *args, **kwargs)
        news = (
            NewsPage.objects.below_translations_of(self)
            .live()
            .shown_in(self.locale_id)
            .visible_to(request.user)
        )
        filterset = NewsFilterSet(request.GET, queryset=news)
        paginator = Paginator(filterset.qs.for_listing(), NEWS_PER_PAGE)
        context["filterset"] = filterset
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsPage(PortalPageMixin, ShownInEveryTreePageMixin, AudienceMixin, Page):
    """A news item, blog post or info letter."""

    page_cache = True

    class NewsType(models.TextChoices):
        NEWS = "news", _("News")
        BLOG = "blog", _("Blog post")
        INFO_LETTER = "info_letter", _("Info letter")

    news_type = models.CharField(
        _("type"),
        max_length=16,
        choices=NewsType.choices,
        default=NewsType.NEWS,
        db_index=True,
        help_text=_("Blog posts are personal views; news and info letters are not."),
    )
    published_on = models.DateField(
        _("date"),
        default=timezone.localdate,
        db_index=True,
        help_text=_("The date shown with the item; the newest come first."),
    )
    author_expert = models.ForeignKey(
        "materials.Expert",
        verbose_name=_("author from the office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_pages",
        help_text=_("Choose an expert, or write the author's name below."),
    )
    author_name = models.CharField(
        _("author's name"),
        max_length=120,
        blank=True,
        help_text=_("For guest writers; leave empty when an expert is chosen."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences for listings, the home page and feeds."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("content"))
    themes = ParentalManyToManyField(
        "portal.Theme",
        verbose_name=_("themes"),
        related_name="news_pages",
        blank=True,
        help_text=_("Topics from the shared vocabulary."),
    )
    reform = models.CharField(
        _("reform"),
        max_length=16,
        choices=Reform.choices,
        default=Reform.BOTH,
        db_index=True,
        help_text=_("Which reform the item is about."),
    )

    is_limited_to_its_language = models.BooleanField(
        _("only on this language's site"),
        default=False,
        help_text=_(
            "Untranslated items are listed on every language's site, marked with their "
            "language. Tick to list this one only here (e.g. news only for "
            "Swedish-speaking municipalities)."
        ),
    )

    objects = NewsPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    details_panels = [
        FieldRowPanel([FieldPanel("news_type"), FieldPanel("published_on")]),
        MultiFieldPanel(
            [FieldPanel("author_expert"), FieldPanel("author_name")],
            heading=_("Author"),
        ),
        FieldPanel("reform"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("audience"),
        FieldPanel("is_limited_to_its_language"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(details_panels, heading=_("Details")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["materials.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    @property
    def is_listed_in_every_language(self) -> bool:
        """Site search shows it on other languages' sites too (`portal.search`)."""
        return not self.is_limited_to_its_language

    @property
    def author(self) -> str:
        """The expert's name, else the written name (may be empty)."""
        return self.author_expert.name if self.author_expert else self.author_name
