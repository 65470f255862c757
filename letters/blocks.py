"""The blocks of an info letter: written content, and content pulled from the portal
(chosen events, materials and news; the upcoming events of the letter's audience, chosen
when the letter is sent). Each renders for the web (`letters/blocks/<name>.html`) and, in
`letters.emails`, for the mail."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import CallToActionBlock, ImageBlock


class ChosenEventsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    events = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="events.EventPage", label=_("Event")),
        label=_("Events"),
    )

    class Meta:
        icon = "date"
        template = "letters/blocks/events_block.html"
        label = _("Chosen events")


class UpcomingEventsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    count = blocks.IntegerBlock(
        label=_("How many events"), default=5, min_value=1, max_value=20
    )

    class Meta:
        icon = "time"
        template = "letters/blocks/events_block.html"
        label = _("Upcoming events for the letter's audience")
        help_text = _(
            "Filled in when the letter is sent: the next events of the letter's "
            "reform and themes that its readers may see."
        )


class ChosenPagesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)

    class Meta:
        template = "letters/blocks/pages_block.html"


class ChosenMaterialsBlock(ChosenPagesBlock):
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(
            page_type="materials.MaterialPage", label=_("Material")
        ),
        label=_("Materials"),
    )

    class Meta:
        icon = "doc-full"
        label = _("Chosen materials")


class ChosenNewsBlock(ChosenPagesBlock):
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="materials.NewsPage", label=_("News item")),
        label=_("News"),
    )

    class Meta:
        icon = "openquote"
        label = _("Chosen news")


class FaqEntriesBlock(blocks.StructBlock):
    """Questions and answers of one FAQ page's theme, in the letter's language where
    the FAQ page has a translation (Finnish otherwise)."""

    heading = blocks.CharBlock(label=_("Heading"), required=False)
    faq_page = blocks.PageChooserBlock(
        page_type="materials.FaqPage", label=_("FAQ page")
    )
    theme = SnippetChooserBlock(
        "portal.Theme",
        label=_("Theme"),
        help_text=_(
            "The questions of this theme's group on the FAQ page, in the page's order."
        ),
    )
    count = blocks.IntegerBlock(
        label=_("At most how many questions"), default=3, min_value=1, max_value=20
    )

    class Meta:
        icon = "help"
        template = "letters/blocks/faq_block.html"
        label = _("FAQ entries")


class LetterBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    events = ChosenEventsBlock()
    upcoming_events = UpcomingEventsBlock()
    materials = ChosenMaterialsBlock()
    news = ChosenNewsBlock()
    faq = FaqEntriesBlock()
