from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class FooterLinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        label=_("Link text"),
        max_length=80,
        required=False,
        help_text=_(
            "Leave empty on a page link to show the page's title in the visitor's "
            "language."
        ),
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    class Meta:
        icon = "link"
        label = _("Footer link")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """The organisation's contact details, description and footer links, per site."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        default="Muutostuen verkosto",
        help_text=_(
            "The site's name in the header, the page titles, the footer and e-mails."
        ),
    )
    organisation_name_sv = models.CharField(
        _("organisation name in Swedish"),
        max_length=200,
        blank=True,
        default="Förändringsstödets nätverk",
        help_text=_("Shown on Swedish pages; empty: the Finnish name."),
    )
    organisation_name_en = models.CharField(
        _("organisation name in English"),
        max_length=200,
        blank=True,
        default="Change support network",
        help_text=_("Shown on English pages; empty: the Finnish name."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("The office's public e-mail address."),
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=40,
        blank=True,
        help_text=_("In international format."),
    )
    description_fi = models.TextField(
        _("description in Finnish"),
        max_length=300,
        blank=True,
        help_text=_(
            "One or two sentences on what the site offers, for search engines: the "
            "description of the home page and of pages without their own."
        ),
    )
    description_sv = models.TextField(
        _("description in Swedish"), max_length=300, blank=True
    )
    description_en = models.TextField(
        _("description in English"), max_length=300, blank=True
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())],
        blank=True,
        verbose_name=_("footer links"),
        help_text=_("E.g. the privacy and accessibility statements."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_name_sv"),
                FieldPanel("organisation_name_en"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("description_fi"),
                FieldPanel("description_sv"),
                FieldPanel("description_en"),
            ],
            heading=_("Description for search engines"),
        ),
        FieldPanel("footer_links"),
    ]

    @property
    def name(self) -> str:
        """The organisation's name in the active language, else the Finnish one."""
        language = (translation.get_language() or "fi")[:2]
        return (
            getattr(self, f"organisation_name_{language}", "") or self.organisation_name
        )

    class Meta:
        verbose_name = _("site settings")
