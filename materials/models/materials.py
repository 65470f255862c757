import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from materials.blocks import AttachmentStreamBlock
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

from .languages import Language

MATERIALS_PER_PAGE = 20
LATEST_MATERIALS = 4
#: Staff review materials this many days before their "valid until" date.
REVIEW_WINDOW_DAYS = 30


class IndexPageQuerySet(PageQuerySet):
    def first_live_in(self, locale) -> Page | None:
        """The live index page of a language (each language has at most one)."""
        return self.live().filter(locale=locale).order_by("path").first()


IndexPageManager = PageManager.from_queryset(IndexPageQuerySet)


class MaterialPageQuerySet(LanguageTreesQuerySetMixin, AudiencePageQuerySet):
    def for_listing(self) -> "MaterialPageQuerySet":
        """What a result card shows, fetched in a fixed number of queries."""
        return self.select_related("municipality", "expert", "locale").prefetch_related(
            "themes"
        )

    def newest_first(self) -> "MaterialPageQuerySet":
        return self.order_by("-published_on", "-pk")

    def by_title(self) -> "MaterialPageQuerySet":
        return self.order_by("title", "pk")

    def matching(self, query: str) -> "MaterialPageQuerySet":
        """Materials whose title, summary, body or attachments match the words.

        Full-text search (stemmed in each page's language, see portal.search_backend)
        or, for what is still being typed, a prefix match on titles and summaries;
        either one is enough.
        """
        query = query.strip()
        if not query:
            return self
        base = MaterialPage.objects.all()
        found = base.search(query, order_by_relevance=False).get_queryset()
        prefixed = base.autocomplete(query, order_by_relevance=False).get_queryset()
        return self.filter(
            Q(pk__in=found.values("pk")) | Q(pk__in=prefixed.values("pk"))
        )

    def with_themes(self, themes) -> "MaterialPageQuerySet":
        """Materials in any of the themes (no duplicates, unlike a plain join)."""
        links = MaterialPage.themes.through.objects.filter(theme__in=themes)
        return self.filter(pk__in=links.values("materialpage_id"))

    def good_practices(self) -> "MaterialPageQuerySet":
        """Good practices: shared by municipalities or published by the office."""
        return self.filter(material_type=MaterialPage.MaterialType.GOOD_PRACTICE)

    def excluding_good_practices(self) -> "MaterialPageQuerySet":
        return self.exclude(material_type=MaterialPage.MaterialType.GOOD_PRACTICE)

    def from_municipalities(self, municipalities) -> "MaterialPageQuerySet":
        """Materials from any of these municipalities: any municipality of a shared
        practice, or the municipality of another material."""
        links = _practice_municipality_links().filter(municipality__in=municipalities)
        return self.filter(
            Q(municipality__in=municipalities)
            | Q(pk__in=links.values("practicepage_id"))
        )

    def like_municipality(self, municipality) -> "MaterialPageQuerySet":
        """Materials from other municipalities in the same size class or region, and
        not from this one (its own practices are not "like" it, they are its own)."""
        from network.models import Municipality

        similar = Municipality.objects.similar_to(municipality)
        own = Municipality.objects.filter(pk=municipality.pk)
        return self.from_municipalities(similar).exclude(
            pk__in=self.from_municipalities(own).values("pk")
        )

    def outdated(self, today: datetime.date) -> "MaterialPageQuerySet":
        return self.filter(valid_until_on__lt=today)

    def needing_review(
        self, *, today: datetime.date, within_days: int = REVIEW_WINDOW_DAYS
    ) -> "MaterialPageQuerySet":
        """Expired materials and those that expire soon, the most urgent first."""
        deadline = today + datetime.timedelta(days=within_days)
        return (
            self.filter(valid_until_on__lte=deadline)
            .select_related("expert", "locale")
            .order_by("valid_until_on", "title", "pk")
        )

    def latest_for(
        self, user, *, locale, limit: int = LATEST_MATERIALS
    ) -> list["MaterialPage"]:
        """The newest live materials in a language that this user may see."""
        return list(
            self.live()
            .filter(locale=locale)
            .visible_to(user)
            .for_listing()
            .newest_first()[:limit]
        )

    # --- facet counts: one aggregate query each ------------------------------------

    def type_counts(self) -> dict[str, int]:
        return self._counts_by("material_type")

    def reform_counts(self) -> dict[str, int]:
        return self._counts_by("reform")

    def language_counts(self) -> dict[str, int]:
        return self._counts_by("language")

    def year_counts(self) -> dict[int, int]:
        rows = (
            self.order_by()
            .annotate(year=ExtractYear("published_on"))
            .values_list("year")
            .annotate(count=Count("pk"))
        )
        return dict(rows)

    def theme_counts(self):
        """Every theme, annotated with `count`: how many of these materials it has."""
        from portal.models import Theme

        return Theme.objects.annotate(
            count=Count(
                "material_pages", filter=Q(material_pages__in=self.values("pk"))
            )
        ).order_by("sort_order", "name_fi")

    def municipality_counts(self):
        """Municipalities that these materials come from, annotated with `count`."""
        from network.models import Municipality

        return (
            Municipality.objects.filter(material_pages__in=self.values("pk"))
            .annotate(count=Count("material_pages"))
            .order_by("name_fi")
        )

    def size_class_counts(self) -> dict[str, int]:
        from network.models import size_class_expression

        return self._municipality_fact_counts(size_class_expression)

    def municipality_language_counts(self) -> dict[str, int]:
        return self._municipality_fact_counts(_municipality_field("language"))

    def region_counts(self) -> dict[str, int]:
        return self._municipality_fact_counts(_municipality_field("region"))

    def employment_area_counts(self) -> dict[str, int]:
        return self._municipality_fact_counts(_municipality_field("employment_area"))

    def _municipality_fact_counts(self, fact) -> dict[str, int]:
        """How many of these materials come from a municipality with each value of a
        fact, in one query: a shared practice counts once for each value among its
        municipalities (the municipality it comes from is one of them), another
        material for its own municipality's value."""
        pages = self.order_by().values("pk")
        from_practices = (
            _practice_municipality_links()
            .filter(practicepage_id__in=pages)
            .annotate(value=fact(prefix="municipality__"))
            .values("value")
            .annotate(count=Count("practicepage_id", distinct=True))
            .order_by()
        )
        from_others = (
            MaterialPage.objects.filter(
                pk__in=pages, practicepage__isnull=True, municipality__isnull=False
            )
            .annotate(value=fact(prefix="municipality__"))
            .values("value")
            .annotate(count=Count("pk"))
            .order_by()
        )
        counts: dict[str, int] = {}
        for row in from_practices.union(from_others, all=True):
            counts[row["value"]] = counts.get(row["value"], 0) + row["count"]
        return counts

    def _counts_by(self, field: str) -> dict:
        rows = self.order_by().values_list(field).annotate(count=Count("pk"))
        return dict(rows)


def _practice_municipality_links():
    """The rows that link shared practices to their municipalities."""
    from .practices import PracticePage

    return PracticePage.municipalities.through.objects.all()


def _municipality_field(name: str):
    """A fact read straight from a municipality field, as `size_class_expression` reads
    the size class: both take the prefix of the path to the municipality."""

    def expression(*, prefix: str = ""):
        return F(f"{prefix}{name}")

    return expression


MaterialPageManager = AudiencePageManager.from_queryset(MaterialPageQuerySet)


def choice_label(choices: type[models.TextChoices], value) -> str:
    """The label of `value` among `choices` (the value itself when it is not one, as
    Django's `get_FOO_display` does)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


class MaterialIndexPage(SharedChildrenIndexMixin, PortalPageMixin, Page):
    """The materials library: filters, free-text search, facet counts, pages of results."""

    page_cache = True

    intro = intro_field()

    objects = IndexPageManager()

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["materials.MaterialPage", "materials.PracticePage"]
    max_count_per_parent = 1

    @property
    def shared_child_model(self):
        return MaterialPage

    def shared_child(self, slug: str):
        """A shared good practice is served as itself (one query more for one)."""
        child = super().shared_child(slug)
        if child is not None and child.specific_class is not MaterialPage:
            child = child.specific
        return child

    class Meta:
        verbose_name = _("materials library")
        verbose_name_plural = _("materials libraries")

    def get_context(self, request, *args, **kwargs):
        from materials import access as practice_access
        from materials import services
        from materials.filters import MaterialFilterSet

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        materials = (
            MaterialPage.objects.below_translations_of(self)
            .live()
            .shown_in(self.locale_id)
            .visible_to(user)
        )
        municipality = services.home_municipality(user)
        filterset = MaterialFilterSet(
            request.GET,
            queryset=materials,
            request=request,
            home_municipality=municipality,
        )
        paginator = Paginator(filterset.qs.for_listing(), MATERIALS_PER_PAGE)
        context["filterset"] = filterset
        # The cards' addresses start from it (`url_on_site`): asked once, not per card.
        context["index_url"] = self.get_url(request) or ""
        context["facets"] = filterset.facets()
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        context["can_share_practice"] = practice_access.can_share_practice(user)
        context["home_municipality"] = municipality
        context["like_mine"] = (
            services.practices_like(
                municipality=municipality, user=user, pages=materials, limit=3
            )
            if municipality is not None
            and not filterset.is_filtering
            and context["page_obj"].number == 1
            else []
        )
        return context


class MaterialPage(PortalPageMixin, ShownInEveryTreePageMixin, AudienceMixin, Page):
    """One published material: a guide, a contract template, slides, a good practice…"""

    page_cache = True

    class MaterialType(models.TextChoices):
        INFO_LETTER = "info_letter", _("Info letter")
        GUIDE = "guide", _("Guide")
        CONTRACT_TEMPLATE = "contract_template", _("Contract template")
        INFORMATION_PACKAGE = "information_package", _("Information package")
        PRESENTATION = "presentation", _("Presentation")
        RECORDING = "recording", _("Recording")
        REPORT = "report", pgettext_lazy("material type", "Report")
        GOOD_PRACTICE = "good_practice", _("Good practice from a municipality")

    material_type = models.CharField(
        _("type"),
        max_length=32,
        choices=MaterialType.choices,
        db_index=True,
        help_text=_("What kind of material this is; the library filters by it."),
    )
    reform = models.CharField(
        _("reform"),
        max_length=16,
        choices=Reform.choices,
        default=Reform.BOTH,
        db_index=True,
        help_text=_("Which reform the material helps to prepare."),
    )
    themes = ParentalManyToManyField(
        "portal.Theme",
        verbose_name=_("themes"),
        related_name="material_pages",
        blank=True,
        help_text=_("Topics from the shared vocabulary; readers filter by them."),
    )
    language = models.CharField(
        _("language of the material"),
        max_length=8,
        choices=Language.choices,
        default=Language.FINNISH,
        db_index=True,
        help_text=_("The language the files and links are in."),
    )
    is_limited_to_its_language = models.BooleanField(
        _("only on this language's site"),
        default=False,
        help_text=_(
            "Untranslated materials are listed in every language's library, marked "
            "with their language. Tick to list this one only here (e.g. a material "
            "only for Swedish-speaking municipalities)."
        ),
    )
    published_on = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        db_index=True,
        help_text=_("When the office published the material; the newest come first."),
    )
    valid_until_on = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "After this date the material is marked as outdated. Leave empty if it "
            "does not expire."
        ),
    )
    updated_on = models.DateField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_("When the content was last revised, if after publication."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences shown in the library and in search."),
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        verbose_name=_("content"),
        help_text=_("Optional longer description shown on the material's page."),
    )
    attachments = StreamField(
        AttachmentStreamBlock(),
        blank=True,
        verbose_name=_("files and links"),
        help_text=_(
            "Documents from the library and external links. Files follow the "
            "page's audience: members-only files cannot be downloaded by others."
        ),
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="material_pages",
        help_text=_("For good practices: the municipality the practice comes from."),
    )
    expert = models.ForeignKey(
        "materials.Expert",
        verbose_name=_("responsible expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="material_pages",
        help_text=_("Who to ask about this material."),
    )

    objects = MaterialPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("attachments"),
        FieldPanel("body"),
    ]
    classification_panels = [
        FieldRowPanel([FieldPanel("material_type"), FieldPanel("reform")]),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("language"), FieldPanel("municipality")]),
        FieldPanel("audience"),
        FieldPanel("is_limited_to_its_language"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("published_on"),
                        FieldPanel("updated_on"),
                        FieldPanel("valid_until_on"),
                    ]
                )
            ],
            heading=_("Dates"),
        ),
    ]
    related_panels = [
        FieldPanel("expert"),
        InlinePanel(
            "related_event_links",
            label=_("Related events"),
            help_text=_("Events where this material was presented or discussed."),
        ),
        InlinePanel("related_material_links", label=_("Related materials")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(classification_panels, heading=_("Classification")),
            ObjectList(related_panels, heading=_("Related")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
        index.SearchField("body"),
        index.SearchField("attachments"),
    ]

    parent_page_types = ["materials.MaterialIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until_on__isnull=True)
                | Q(valid_until_on__gte=models.F("published_on")),
                name="material_valid_after_publication",
            ),
            models.CheckConstraint(
                condition=Q(updated_on__isnull=True)
                | Q(updated_on__gte=models.F("published_on")),
                name="material_updated_after_publication",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        published = self.published_on
        if published and self.valid_until_on and self.valid_until_on < published:
            errors["valid_until_on"] = _(
                "A material cannot expire before it is published."
            )
        if published and self.updated_on and self.updated_on < published:
            errors["updated_on"] = _(
                "The update date cannot be before the publication date."
            )
        if (
            self.material_type == self.MaterialType.GOOD_PRACTICE
            and self.municipality_id is None
        ):
            errors["municipality"] = _(
                "A good practice names the municipality it comes from."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_listed_in_every_language(self) -> bool:
        """Other languages' libraries and site search list it too (`portal.search`)."""
        return not self.is_limited_to_its_language

    @cached_property
    def attachment_language(self) -> str:
        """The language of its files and links (their titles take it, `{% lang_attr %}`):
        the material's language; for "several languages", that of the version first
        written (a translation copies the original's files and their titles), one query."""
        if self.language and self.language != Language.SEVERAL:
            return self.language
        original = (
            Locale.objects.filter(
                pk__in=MaterialPage.objects.filter(translation_key=self.translation_key)
                .order_by("pk")
                .values("locale")[:1]
            )
            .values_list("language_code", flat=True)
            .first()
        )
        return original or self.content_language

    @property
    def material_type_label(self) -> str:
        """`get_material_type_display()` without Django rebuilding every choice's label
        per call (a card in a listing shows it)."""
        return choice_label(self.MaterialType, self.material_type)

    @property
    def language_label(self) -> str:
        """`get_language_display()`, as `material_type_label`."""
        return choice_label(Language, self.language)

    def is_outdated_on(self, day: datetime.date) -> bool:
        """Outdated once its "valid until" date has passed."""
        return self.valid_until_on is not None and self.valid_until_on < day

    @property
    def is_outdated(self) -> bool:
        return self.is_outdated_on(timezone.localdate())

    def get_context(self, request, *args, **kwargs):
        from materials import services

        context = super().get_context(request, *args, **kwargs)
        context["related_events"] = services.related_events(
            material=self, user=request.user
        )
        context["related_materials"] = services.related_materials(
            material=self, user=request.user
        )
        return context


class MaterialPageRelatedEvent(Orderable):
    """An event page linked from a material (chosen by type name: no import of events)."""

    page = ParentalKey(
        MaterialPage, on_delete=models.CASCADE, related_name="related_event_links"
    )
    event = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("event", page_type="events.EventPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related event")
        verbose_name_plural = _("related events")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "event"], name="material_related_event_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} → {self.event}"


class MaterialPageRelatedMaterial(Orderable):
    page = ParentalKey(
        MaterialPage, on_delete=models.CASCADE, related_name="related_material_links"
    )
    material = models.ForeignKey(
        MaterialPage,
        verbose_name=_("material"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("material", page_type="materials.MaterialPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related material")
        verbose_name_plural = _("related materials")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "material"], name="material_related_material_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} → {self.material}"
