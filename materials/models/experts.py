from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from portal.models import PortalPageMixin, intro_field
from portal.models.localized import localized

from .languages import Language
from .materials import IndexPageManager


class ExpertQuerySet(models.QuerySet):
    def for_directory(self) -> "ExpertQuerySet":
        """Experts with what their cards show (photo, themes), in the editors' order."""
        return (
            self.select_related("photo")
            .prefetch_related("themes")
            .order_by("sort_order", "name")
        )


class Expert(index.Indexed, models.Model):
    """A person of the change-support office who answers for some topics."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("The end of the address of the expert's page."),
    )
    title_fi = models.CharField(_("title in Finnish"), max_length=160)
    title_sv = models.CharField(_("title in Swedish"), max_length=160)
    title_en = models.CharField(_("title in English"), max_length=160, blank=True)
    responsibilities_fi = models.TextField(
        _("areas of responsibility in Finnish"),
        blank=True,
        help_text=_("A sentence or a short list of what people can ask them about."),
    )
    responsibilities_sv = models.TextField(
        _("areas of responsibility in Swedish"), blank=True
    )
    responsibilities_en = models.TextField(
        _("areas of responsibility in English"), blank=True
    )
    themes = models.ManyToManyField(
        "portal.Theme",
        verbose_name=_("themes"),
        related_name="experts",
        blank=True,
        help_text=_("The directory can be filtered by these."),
    )
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("In international format.")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A portrait; shown without alternative text beside the name."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Languages the expert serves in."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Smaller numbers come first.")
    )

    objects = ExpertQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("title_fi"),
        index.SearchField("title_sv"),
        index.SearchField("responsibilities_fi"),
        index.SearchField("responsibilities_sv"),
    ]

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("materials:expert_detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        """The title in the active language, falling back to Finnish."""
        return localized(self, "title")

    @property
    def responsibilities(self) -> str:
        return localized(self, "responsibilities")

    @property
    def language_names(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels[code]) for code in self.languages if code in labels]


class ExpertIndexPage(PortalPageMixin, Page):
    """The expert directory: who answers for what, filterable by theme."""

    page_cache = True

    intro = intro_field()

    objects = IndexPageManager()

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("expert directory")
        verbose_name_plural = _("expert directories")

    def get_context(self, request, *args, **kwargs):
        from materials.filters import ExpertFilterSet

        context = super().get_context(request, *args, **kwargs)
        filterset = ExpertFilterSet(
            request.GET or None, queryset=Expert.objects.for_directory()
        )
        context["filterset"] = filterset
        context["experts"] = filterset.qs
        return context
