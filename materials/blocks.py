"""StreamField blocks of materials (attachments) and the FAQ (themed question groups)."""

from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import RICH_TEXT_FEATURES


class AttachmentDocumentBlock(blocks.StructBlock):
    """A file from the document library; its title is searchable with the page."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Defaults to the document title."),
    )
    description = blocks.CharBlock(
        label=_("Description"),
        required=False,
        max_length=300,
        help_text=_("E.g. the version or what the file contains."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "materials/blocks/attachment_document_block.html"

    def get_searchable_content(self, value):
        document = value.get("document")
        return [
            text
            for text in (
                document.title if document else "",
                value.get("title"),
                value.get("description"),
            )
            if text
        ]


class AttachmentLinkBlock(blocks.StructBlock):
    """A link to material published elsewhere (a recording, a ministry page…)."""

    url = blocks.URLBlock(label=_("Address"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200)
    description = blocks.CharBlock(
        label=_("Description"),
        required=False,
        max_length=300,
        help_text=_("E.g. the length of a recording or the publisher."),
    )

    class Meta:
        icon = "link-external"
        label = _("External link")
        template = "materials/blocks/attachment_link_block.html"


class AttachmentStreamBlock(blocks.StreamBlock):
    document = AttachmentDocumentBlock()
    link = AttachmentLinkBlock()


class FaqQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    anchor = blocks.CharBlock(
        label=_("Anchor"),
        required=False,
        max_length=80,
        validators=[validate_slug],
        help_text=_(
            "The end of the link to this question (letters, numbers, hyphens); "
            "made from the question when empty. Changing it breaks old links."
        ),
    )
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)
    reviewed_on = blocks.DateBlock(
        label=_("Last reviewed"),
        help_text=_("When an expert last checked that the answer is correct."),
    )
    related_materials = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="materials.MaterialPage"),
        label=_("Related materials"),
        required=False,
        default=[],
    )

    class Meta:
        icon = "help"
        label = _("Question")


class FaqSectionBlock(blocks.StructBlock):
    """The questions of one theme, with the expert who answers for it."""

    theme = SnippetChooserBlock(
        "portal.Theme",
        label=_("Theme"),
        required=False,
        help_text=_("Groups the questions; readers can filter by it."),
    )
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=200,
        help_text=_("Defaults to the theme's name."),
    )
    expert = SnippetChooserBlock(
        "materials.Expert",
        label=_("Responsible expert"),
        required=False,
        help_text=_("Shown with the group; the expert's page lists this theme."),
    )
    questions = blocks.ListBlock(FaqQuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "list-ul"
        label = _("Theme group")


class FaqStreamBlock(blocks.StreamBlock):
    section = FaqSectionBlock()
