from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.models.localized import localized


class SurveySeries(index.Indexed, models.Model):
    """A pulse survey that repeats: each round is a survey page linked to the series."""

    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("A short stable name, e.g. pulse."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the series follows; shown to staff only."),
    )

    panels = [
        FieldPanel("name_fi"),
        FieldPanel("name_sv"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name_fi"),
        index.SearchField("name_sv"),
        index.AutocompleteField("name_fi"),
    ]

    class Meta:
        verbose_name = _("survey series")
        verbose_name_plural = _("survey series")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Swedish in Swedish, Finnish otherwise)."""
        return localized(self, "name")
