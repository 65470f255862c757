from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .localized import localized


class Reform(models.TextChoices):
    """The reforms the network prepares; content belongs to one or both."""

    KOTO24 = "koto24", _("KOTO24 – integration-law reform")
    TE24 = "te24", _("TE24 – employment-services reform")
    BOTH = "both", _("Both reforms")


class Theme(index.Indexed, models.Model):
    """A topic from the office's managed vocabulary, shared by events, materials and FAQs."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Smaller numbers come first in lists.")
    )

    panels = [
        FieldPanel("name_fi"),
        FieldPanel("name_sv"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name_fi"),
        index.SearchField("name_sv"),
        index.AutocompleteField("name_fi"),
    ]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name_fi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Finnish."""
        return localized(self, "name")
