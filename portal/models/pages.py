import functools
import html

from django.core.cache import cache
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, When
from django.http import Http404
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from portal import pagecache
from portal.blocks import BodyStreamBlock
from portal.cache import layout_version, view_restrictions
from portal.home import home_sections
from portal.wagtail_shortcuts import remember_parent


def intro_field() -> models.TextField:
    """The optional lead paragraph that content and index pages show under their title."""
    return models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short lead paragraph shown under the title."),
    )


def translation_paths(index: Page) -> list[str]:
    """The tree paths of an index page and its translations (one query on a miss)."""
    key = f"portal:translation-paths:{layout_version()}:{index.translation_key}"
    paths = cache.get(key)
    if paths is None:
        paths = list(
            Page.objects.filter(translation_key=index.translation_key)
            .order_by("path")
            .values_list("path", flat=True)
        )
        cache.set(key, paths, timeout=60 * 60)
    return paths


class LanguageTreesQuerySetMixin:
    """Reads of pages listed in every language's tree (events, news): the pages below an
    index page or its translations, each page once for a reader's locale. Mixed into a
    page QuerySet of the model itself."""

    def below_translations_of(self, index: Page):
        """Pages whose parent is the index or one of its translations: a path prefix and
        a depth per translation, which the path's index serves (a computed parent path
        would read every page of the tree). The translations' paths are cached under the
        layout version, which every page save, move and deletion bumps."""
        condition = Q(pk__in=[])
        for path in translation_paths(index):
            condition |= Q(path__startswith=path, depth=len(path) // Page.steplen + 1)
        return self.filter(condition)

    def shown_in(self, locale):
        """The pages a reader in `locale` is shown (of a model with
        `is_limited_to_its_language`: news, materials): those in its tree, and the
        others' untranslated pages that their editors did not limit to their language,
        each once; with their locale, whose language the listings show."""
        return (
            self.filter(Q(locale=locale) | Q(is_limited_to_its_language=False))
            .one_per_translation(locale)
            .select_related("locale")
        )

    def one_per_translation(self, locale):
        """Each page once for a reader in `locale`: its live translation in that locale,
        else the first made of its live versions (the original); in the same query."""
        # Every column the subqueries read is the page table's (the translation's
        # locale, unique with its key, tells it from the page itself; its id comes from
        # its path): PostgreSQL then checks them on the rows that the selective filters
        # leave, an index lookup each, instead of reading every page row of the trees.
        own_id = (
            Page.objects.filter(path=OuterRef(OuterRef("path"))).order_by().values("pk")
        )
        others = (
            self.model.objects.live()
            .filter(translation_key=OuterRef("translation_key"))
            .exclude(locale=OuterRef("locale"))
        )
        return self.exclude(
            ~Q(locale=locale)
            & (
                Exists(others.filter(locale=locale))
                | Exists(others.filter(pk__lt=own_id))
            )
        )


class ShownInEveryTreePageMixin:
    """A page that the sites of other languages show themselves, untranslated, at its
    slug below their translation of its index, with their own interface (news items,
    materials, events). Its canonical address stays its own and
    `language_urls` tells the language switcher where the others show it."""

    #: Shown on every language's site (listings, search: `portal.search` reads this).
    is_listed_in_every_language = True
    #: ...and shown there at its slug below that site's index.
    is_shown_at_its_slug = True
    #: The translation of its index whose address shows it on another language's site,
    #: set by `SharedChildrenIndexMixin.route` or `EventIndexPage.route` (None on its
    #: own address).
    shown_under = None

    def url_on_site(self, index_url: str, request=None) -> str:
        """Its address on the site of the translation of its index at `index_url` (its
        own address when that is its own index, or without one)."""
        own_url = self.get_url(request) or ""
        if not index_url or own_url.startswith(index_url):
            return own_url
        return f"{index_url}{self.slug}/"

    def language_urls(self, request=None) -> dict[str, str]:
        """Its address on each language's site whose index is a translation of its own
        (one query): the page itself, with that site's interface. None when the editor
        limits it to its language."""
        if not self.is_listed_in_every_language:
            return {}
        parent_path = self.path[: -self.steplen]
        indexes = (
            Page.objects.filter(
                translation_key=Page.objects.filter(path=parent_path).values(
                    "translation_key"
                )[:1]
            )
            .live()
            .select_related("locale")
        )
        return {
            index.locale.language_code: self.url_on_site(
                index.get_url(request) or "", request
            )
            for index in indexes
        }


#: Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160


def shorten_description(text: str) -> str:
    """Plain text of at most DESCRIPTION_LENGTH characters, cut at a word with "…"."""
    text = " ".join(html.unescape(strip_tags(text or "")).split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–-") + "…"


@functools.cache
def no_view_restrictions():
    """The empty queryset of view restrictions, evaluated once per process: Wagtail's
    check iterates it on every page view, and an empty queryset not yet evaluated is
    compiled by the ORM each time (about 3 % of a registration POST's calls). Being a
    queryset, what Wagtail's actions and admin ask of it (`.exists()`, `.order_by()`)
    still works; those that chain it get a new, unevaluated one."""
    restrictions = PageViewRestriction.objects.none()
    len(restrictions)  # evaluated: iterating it and `.exists()` compile nothing
    return restrictions


class PortalPageMixin:
    """What every page model of the portal shares (first in its bases): its description
    for search engines, and two shortcuts.

    - `meta_description`: the editor's search description, else the first of the page's
      `description_fields` (the lead or summary) that has text; base.html falls back to
      the site's description (`SiteSettings`).

    - Wagtail looks for view restrictions on the page and its ancestors on every page
      view, with two queries. Here the page finds them in the cached table of every
      restriction (`portal.cache.view_restrictions`, read with the cached site); the check
      itself is Wagtail's, on every request, and a new restriction applies on the next
      request on every instance.
    - Wagtail's routing loads the specific fields of every page on the way to the one
      requested. A page the path only passes through is routed without its own fields
      (`specific_deferred`), unless its type has routes of its own
      (`RoutablePageMixin`), which serve the page itself.
    """

    #: The page's own text fields that can describe it, in order of preference.
    description_fields: tuple[str, ...] = ("intro", "summary", "description")
    #: Anonymous visitors get the page from the whole-page cache (`portal.pagecache`):
    #: set on types whose page is the same for every anonymous visitor.
    page_cache: bool = False

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.page_cache:
            pagecache.allow(response)
        return response

    @property
    def content_language(self) -> str:
        """The language its title and texts are written in: that of its tree. Documents
        placed on the page are taken to be in it too (`{% lang_attr %}` marks them where
        the page is shown on another language's site)."""
        return self.locale.language_code

    @property
    def meta_description(self) -> str:
        if self.search_description:
            return shorten_description(self.search_description)
        for name in self.description_fields:
            text = shorten_description(str(getattr(self, name, "") or ""))
            if text:
                return text
        return ""

    @property
    def localized_draft(self):
        """This page when its locale, already loaded, is the active language's: without
        the query for the active locale that Wagtail makes (routing asks this of the
        home page on every request)."""
        if self.locale.language_code == translation.get_language():
            return self
        return super().localized_draft

    def route(self, request, path_components):
        if not path_components and self.get_deferred_fields():
            # The cached home page of `portal.middleware` is served itself: all its fields.
            page = type(self).objects.select_related("locale").get(pk=self.pk)
            return page.route(request, path_components)
        return self._route_to_child(request, path_components)

    def get_view_restrictions(self):
        """Wagtail's restrictions on the page and its ancestors (on an alias: those of its
        source), found in the cached table of restrictions instead of with Wagtail's two
        queries; those that apply are loaded with one query, none when none apply."""
        ids = [
            pk for pk, path, _kind in view_restrictions() if self.path.startswith(path)
        ]
        if not ids:
            return no_view_restrictions()
        return PageViewRestriction.objects.filter(pk__in=ids)

    def _route_to_child(self, request, path_components):
        if len(path_components) < 2:
            return super().route(request, path_components)
        # Siblings' slugs are unique: no ORDER BY and LIMIT to compile (`first()`).
        children = self.get_children().filter(slug=path_components[0]).order_by()
        child = next(iter(children), None)
        if child is None:
            raise Http404
        remember_parent(child, self)
        passes_through = not issubclass(child.specific_class, RoutablePageMixin)
        child = child.specific_deferred if passes_through else child.specific
        return child.route(request, path_components[1:])


class HomePage(PortalPageMixin, Page):
    """Front page of a language tree: hero, editors' blocks and the latest items."""

    page_cache = True

    # The site's description (SiteSettings) describes the home page, unless an editor
    # wrote a search description for it.
    description_fields = ()

    hero_intro = models.TextField(
        _("hero text"),
        blank=True,
        help_text=_("One or two sentences under the main heading."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the hero text on wide screens; decorative."),
    )
    hero_link_page = models.ForeignKey(
        Page,
        verbose_name=_("hero link page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Page the hero button leads to."),
    )
    hero_link_text = models.CharField(
        _("hero link text"),
        max_length=80,
        blank=True,
        help_text=_("Text of the hero button."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("content"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link_page"),
                FieldPanel("hero_link_text"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(request=request, home=self)
        return context


class StandardPage(PortalPageMixin, Page):
    """An ordinary content page built from blocks."""

    page_cache = True

    intro = intro_field()
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("content"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class StatementPage(PortalPageMixin, Page):
    """A statutory statement: the privacy statement or the accessibility statement."""

    page_cache = True

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacy statement")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("Which statement this is; the footer links to it."),
    )
    reviewed_on = models.DateField(
        _("last reviewed"),
        help_text=_("When the statement was last checked to be accurate."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("content"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("reviewed_on")], heading=_("Statement")
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("statement page")
        verbose_name_plural = _("statement pages")


class SharedChildrenIndexMixin(PortalPageMixin):
    """An index page that also shows the pages below its translations at their slugs
    (`ShownInEveryTreePageMixin`), its own child first, then the oldest. Set
    `shared_child_model`; its QuerySet needs `below_translations_of`. A `PortalPageMixin`
    itself, so that it may come first in a page's bases."""

    shared_child_model: type[Page]

    def shared_child(self, slug: str):
        """The page shown at `<this index>/<slug>/`: its own child, else the oldest live
        page of that slug below a translation, not limited to its language and without a
        live translation in this index's language (one query)."""
        own_first = Case(When(path__startswith=self.path, then=0), default=1)
        return (
            self.shared_child_model.objects.below_translations_of(self)
            .filter(slug=slug)
            .filter(
                Q(path__startswith=self.path)
                | Q(live=True, is_limited_to_its_language=False)
            )
            .one_per_translation(self.locale_id)
            .order_by(own_first, "pk")
            .first()
        )

    def route(self, request, path_components):
        if path_components:
            child = self.shared_child(path_components[0])
            if child is not None:
                if not child.path.startswith(self.path):
                    child.shown_under = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
