from django.db import models
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
    """The organisation's contact details and footer links, editable per site."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        default="Muutostuen verkosto",
        help_text=_("Shown in the footer and in e-mails."),
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
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("site settings")
