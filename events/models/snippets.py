from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.models.localized import localized


class EventSeries(index.Indexed, models.Model):
    """A recurring series of events, e.g. "TE24 tuumaustunnit"; events and feeds filter by it."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_(
            "Used in filter and calendar-feed addresses, e.g. te24-tuumaustunnit."
        ),
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences for the series' calendar feed."),
    )

    panels = [
        FieldPanel("name_fi"),
        FieldPanel("name_sv"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name_fi"),
        index.SearchField("name_sv"),
        index.AutocompleteField("name_fi"),
    ]

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Finnish."""
        return localized(self, "name")
